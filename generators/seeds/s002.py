"""Seed 002: 丽水市 市政府工作报告重点工作责任分解(2023年), published 2023-07-11.

Layout: a breadcrumb, the title, a "时间:… 信息来源: 丽水市政府" line, then
numbered paragraphs "N.text" (numbering runs 1-203 across all sections), each
followed by one "责任单位:…" line. Items under "一、全市经济社会发展主要预期目标"
are targets, the rest are tasks under "二、…" / "(一)…" headings.

Roles, as the document states in item 4 ("除标注“分别牵头”外,列第一位为牵头或汇总单位,
下同"): in the run before the first "," the first unit leads or collects, the
others are responsible; a run ending in "分别牵头" makes every unit in it a lead;
everything after the first "," (county governments, member units) is responsible.
"""

from __future__ import annotations

import re

from .ir import LEAD, LEAD_OR_COLLECT, RESPONSIBLE, ListDraft, Mention, ReportDraft, TaskDraft

SOURCE_FILE = "002_2120501bf3ccd1ba.txt"
ISSUER = "丽水市人民政府"
UNITS_LABEL = "责任单位"
EACH_LEADS = "分别牵头"
# Item 4's unit line carries the document's role rule; it is not a unit.
RULE_STATEMENT = "(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)"
TARGETS_HEADING = "一、全市经济社会发展主要预期目标"

_OPEN = "(（〔"
_CLOSE = ")）〕"
_UNIT_SEPS = "、,，;；"
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_SUB = re.compile(r"^\([一二三四五六七八九十]+\)")
# Items 41 and 104-203 put a no-break space after "N."; \s swallows it.
_ITEM = re.compile(r"^(\d+)\.\s*(\S.*)$")
_UNITS = re.compile(r"^责任单位:(.+)$")
_TIME = re.compile(r"^时间:(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")
_BARE_COUNTY = re.compile(r"^[^市].{0,3}[县区市]$")

# Observations a reviewer needs that the layout itself cannot show.
ITEM_NOTES = {
    "40": "“各县(市、区)政府”用“、”列在第一串单位中(前面没有“,”),照录原文",
    "50": "县级政府列在首位,市级部门列在“,”之后,照录原文",
    "129": "“各县(市、区)政府”用“、”列在第一串单位中(前面没有“,”),照录原文",
    "144": "市人力社保局(首次出现时写作“市人力社保局(市超市办)”)和市工商联既列在“分别牵头”的"
    "单位中,又列在“,”之后,照录原文",
    "152": "重复第151项的最后一句(争创红绿融合发展国家文物保护利用示范区)并单独成项,照录原文",
}


def split_top(text: str, seps: str) -> list[str]:
    """Split at any of `seps` outside brackets, so 各县(市、区)政府 stays whole."""
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append("".join(buf).strip())
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf).strip())
    if any(not p for p in parts):
        raise ValueError(f"empty unit in {text!r}")
    return parts


def _add_note(old: str, new: str) -> str:
    if not new:
        return old
    return f"{old};{new}" if old else new


def _annotate(mentions: list[Mention]) -> None:
    """Flag repeated names, shared suffixes and 等 so reviewers see them."""
    names = [m.name for m in mentions]
    for i, m in enumerate(mentions):
        if names.count(m.name) > 1:
            m.note = _add_note(m.note, "本项中重复列出,照录原文")
        later = names[i + 1 :]
        # "龙泉市、青田县、缙云县政府": the next name is another bare county or ends the run.
        next_is_county = bool(later) and (
            later[0].endswith("政府") or bool(_BARE_COUNTY.match(later[0]))
        )
        if _BARE_COUNTY.match(m.name) and next_is_county:
            m.note = _add_note(m.note, "连列的几个县(市、区)只在最后一个之后印一次“政府”")
        if m.name.endswith("领导小组") and any(n.endswith("领导小组其他成员单位") for n in later):
            m.note = _add_note(m.note, "连列的几个领导小组只在最后一个之后印一次“其他成员单位”")
        if "等" in m.name:
            m.note = _add_note(m.note, "含“等”字:按一个统称单位记录,照录原文")


def parse_units(body: str) -> list[Mention]:
    """Turn the text after "责任单位:" into mentions with the document's roles."""
    body = body.replace(RULE_STATEMENT, "")
    first, *rest = split_top(body, ",")
    mentions: list[Mention] = []
    if first.endswith(EACH_LEADS):
        for name in split_top(first[: -len(EACH_LEADS)], _UNIT_SEPS):
            mentions.append(Mention(name, LEAD, UNITS_LABEL, note=EACH_LEADS))
    else:
        head, *others = split_top(first, _UNIT_SEPS)
        mentions.append(Mention(head, LEAD_OR_COLLECT, UNITS_LABEL))
        mentions += [Mention(n, RESPONSIBLE, UNITS_LABEL) for n in others]
    for part in rest:
        mentions += [Mention(n, RESPONSIBLE, UNITS_LABEL) for n in split_top(part, _UNIT_SEPS)]
    if any(EACH_LEADS in m.name for m in mentions):
        # 分别牵头 anywhere but at the end of the first run has no rule here.
        raise ValueError(f"unexpected {EACH_LEADS} in {body!r}")
    _annotate(mentions)
    return mentions


def _task_note(number: str, text: str, units_body: str) -> str:
    note = ""
    if RULE_STATEMENT in units_body:
        note = _add_note(
            note,
            "责任单位行末尾是文件对单位角色的说明,保留在责任单位原文中,不作为单位",
        )
    if not text.endswith("。"):
        note = _add_note(note, "末尾无“。”,照录原文")
    return _add_note(note, ITEM_NOTES.get(number, ""))


def _parse_tasks(lines: list[str]) -> list[TaskDraft]:
    tasks: list[TaskDraft] = []
    top = sub = ""
    pending: TaskDraft | None = None
    for line in lines:
        if item := _ITEM.match(line):
            if pending is not None:
                raise ValueError(f"item {pending.number} has no 责任单位 line")
            section = (top, sub) if sub else (top,)
            kind = "target" if top == TARGETS_HEADING else "task"
            pending = TaskDraft(item[1], item[2].strip(), kind=kind, section=section)
        elif units := _UNITS.match(line):
            if pending is None:
                raise ValueError(f"责任单位 line without an item: {line!r}")
            pending.units_text = line
            pending.mentions = parse_units(units[1])
            pending.note = _task_note(pending.number, pending.text, units[1])
            tasks.append(pending)
            pending = None
        elif _TOP.match(line):
            top, sub = line, ""
        elif _SUB.match(line):
            sub = line
        else:
            # Nothing else is expected: fail loudly rather than drop text.
            raise ValueError(f"unexpected line: {line!r}")
    if pending is not None:
        raise ValueError(f"item {pending.number} has no 责任单位 line")
    return tasks


def extract(text: str) -> ReportDraft:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    time_at = next(i for i, ln in enumerate(lines) if _TIME.match(ln))
    when = _TIME.match(lines[time_at])
    assert when is not None
    title = lines[time_at - 1]
    breadcrumb = " ".join(lines[: time_at - 1])
    tasks = _parse_tasks(lines[time_at + 1 :])
    return ReportDraft(
        source_file=SOURCE_FILE,
        title=title,
        lists=[ListDraft(code="main", title=title, kind="tasks", tasks=tasks)],
        issuer=ISSUER,
        published=f"{when[1]}T{when[2]}:00",
        note=(
            f"来源行原文:“{lines[time_at]}”;页面导航:“{breadcrumb}”。未刊出成文日期、文号和网址。"
        ),
    )
