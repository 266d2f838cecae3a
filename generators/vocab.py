"""The data package's vocabulary: every enumerated key, its Chinese label, its order.

One module for the importer, the pages, the downloads, validation and the tests, so a
role or a status means the same everywhere and every count agrees. The enums of
datasets/datapackage.json are checked against `ENUMS` by tests/test_vocab.py.

Nothing here imports the rest of luoshi: every module may import it.
"""

from __future__ import annotations

# -- Unit roles (assignments.role) ----------------------------------------------

LEAD = "lead"  # 牵头单位 / 主办单位 / 分别牵头 / the lead column
LEAD_OR_COLLECT = "lead-or-collect"  # 002: 列第一位为牵头或汇总单位
CO_ORGANISER = "co-organiser"  # 协办单位
RESPONSIBLE = "responsible"  # 责任单位 (the document names no lead)

# In the order the data dictionary lists them.
ROLE_LABELS: dict[str, str] = {
    LEAD: "牵头",
    LEAD_OR_COLLECT: "牵头或汇总",
    CO_ORGANISER: "协办",
    RESPONSIBLE: "责任",
}
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)

# What a reader means by 牵头: the unit the document puts in charge of a task. A
# document that lists "the first unit leads or collects" (牵头或汇总) names that unit as
# the lead in its own words, so it counts as leading wherever 牵头 is counted or shown:
# the jurisdiction page's 牵头 column, the downloads' 牵头单位 columns, the importer's
# "task has a lead" checks.
LEADING_ROLES: tuple[str, ...] = (LEAD, LEAD_OR_COLLECT)

# Roles that make a task the unit's own to carry out: the lead, or where the document
# names no lead, every responsible unit (a co-organiser only helps).
OWN_ROLES: tuple[str, ...] = (*LEADING_ROLES, RESPONSIBLE)


def leads(role: str) -> bool:
    """Whether a unit named in `role` leads the task (counts as 牵头)."""
    return role in LEADING_ROLES


def role_label(role: str) -> str:
    return ROLE_LABELS[role]


# -- Progress statuses (progress.status) ------------------------------------------

# In the order a roll-up lists them.
STATUS_LABELS: dict[str, str] = {
    "completed": "已完成",
    "ahead": "超序时进度",
    "on-schedule": "序时推进",
    "behind": "滞后",
    "not-started": "未启动",
    "adjusted": "调整",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
NO_STATUS_LABEL = "无进展数据"  # a task or indicator without any progress row

# -- Kinds -----------------------------------------------------------------------

LEVELS = {"province": "省", "city": "地级市", "district": "市辖区", "county": "县(市)"}
REPORT_KINDS = {"government-work-report": "政府工作报告责任分解", "work-plan": "专项工作要点"}
LIST_KINDS = {
    "tasks": "任务",
    "indicators": "指标",
    "key-results": "标志性成果",
    "key-works": "重点工作",
    "reforms": "重大改革",
    "livelihood": "民生实事",
}
TASK_KINDS = {
    "task": "任务",
    "target": "预期目标",
    "key-result": "标志性成果",
    "key-work": "重点工作",
    "reform": "重大改革",
    "livelihood": "民生实事",
    "key-task": "重点任务",
}
UNIT_KINDS = {
    "department": "部门",
    "government": "政府",
    "collective": "集合性称谓",
    "enterprise": "企业",
    "other": "其他",
}
PERIODS = {"half-year": "半年进展", "full-year": "全年完成情况"}
COMPARATORS = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不高于",
    "<": "低于",
    "=": "等于",
    "growth": "增长",
    "decline": "下降",
    "range": "区间",
    "qualitative": "定性",
}
# indicators.attribute is published Chinese text, kept as printed: no labels.
INDICATOR_ATTRIBUTES: tuple[str, ...] = ("评价指标", "特色指标", "观察指标")

# Every enumerated field of the package: (resource, field) → its keys. (Baselines
# use COMPARATORS too, but their schema leaves the field open.)
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("jurisdictions", "level"): tuple(LEVELS),
    ("reports", "kind"): tuple(REPORT_KINDS),
    ("lists", "kind"): tuple(LIST_KINDS),
    ("tasks", "kind"): tuple(TASK_KINDS),
    ("units", "kind"): tuple(UNIT_KINDS),
    ("assignments", "role"): ROLES,
    ("indicators", "attribute"): INDICATOR_ATTRIBUTES,
    ("indicators", "target_comparator"): tuple(COMPARATORS),
    ("deadlines", "period"): tuple(PERIODS),
    ("progress", "status"): STATUSES,
}
