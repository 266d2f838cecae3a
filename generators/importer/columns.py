"""Table columns: published header names to what they hold; what a cell looks like.

Headers vary ("2022年预期目标", "民生实事", "计划完成时间", "牵头责任单位"); each is
mapped to a canonical name whose kind the table readers know. Cell shapes (a unit
name, a deadline) are used only to check or place cells a flattened table misaligned.
"""

from __future__ import annotations

import re

from luoshi.importer.units import LABELS, looks_like_units
from luoshi.vocab import CO_ORGANISER, LEAD, RESPONSIBLE

UNIT_KINDS = (LEAD, RESPONSIBLE, CO_ORGANISER)
COLUMNS = {
    "序号": "no",
    "编号": "no",
    "分类": "category",
    "类别": "category",
    "领域": "category",
    "项目名称": "project",
    "事项": "text",
    "任务": "text",
    "工作任务": "text",
    "重点工作": "text",
    "重点任务": "text",
    "工作内容": "text",
    "主要任务": "text",
    "具体任务": "text",
    "目标任务": "text",
    "任务内容": "text",
    "工作事项": "text",
    "主要内容": "text",
    **{label: "units" for label, kind in LABELS.items() if kind in UNIT_KINDS},
    **{label: "official" for label, kind in LABELS.items() if kind == "official"},
    **{label: "deadline" for label, kind in LABELS.items() if kind == "deadline"},
}
# Published header -> canonical name, tried in order on headers not in COLUMNS.
_PATTERNS = [
    ("序号", r"^(序|序号|编号|序列号)$"),
    ("项目名称", r"^(项目|(民生)?实事项目|项目名称)$"),
    ("牵头单位", r"(牵头|主办|主责)(责任)?(单位|部门)"),
    ("配合单位", r"(配合|协办|协同|参与)(责任)?(单位|部门)"),
    ("责任单位", r"(责任|承办|实施)(单位|部门)"),
    ("责任领导", r"领导$"),
    ("完成时限", r"(时限|时间|时序|节点|进度安排)$"),
    ("事项", r"(任务|事项|目标|实事|内容|措施|举措|工作)$"),  # 指标: an indicator table
]
_DEADLINE = re.compile(
    r"\d{1,2}月|\d{4}[.年]|年底|年内|季度|全年|长期|持续|常态|月底|底前|\d{1,2}日前"
)


def canonical(header: str) -> str | None:
    """The canonical column name of a published header, or None if it is no column."""
    name = "".join(header.split())
    if name in COLUMNS:
        return name
    if not name or len(name) > 12 or re.search(r"[。;；,，:：、]", name):
        return None
    return next((canon for canon, pattern in _PATTERNS if re.search(pattern, name)), None)


def kind(header: str) -> str:
    return COLUMNS[header]


def looks_like_deadline(cell: str) -> bool:
    return len(cell) <= 60 and bool(_DEADLINE.search(cell)) and not looks_like_units(cell)
