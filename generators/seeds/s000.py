"""Seed 000: 丽水市莲都区 2023年莲都区政府工作报告重点工作责任分解 (第一季度进展情况).

Layout: a web page whose table was flattened to one cell a line. Columns are
分类 / 序号 / 事项 / 责任单位 / 牵头单位. A category cell is printed before the
first item of its category and printed again at page breaks (a repeat, not a new
section). Each item is its number line, its text line, then the unit cells:
normally one (责任单位, 牵头单位) pair, several pairs where parts of the task
have their own units, and in a few items a cell sequence whose columns the
flattening lost (merged cells). Item 83 has neither text nor cells.
"""

from __future__ import annotations

import re

from luoshi.importer.units import split_outside
from luoshi.seeds.ir import LEAD, RESPONSIBLE, ListDraft, Mention, ReportDraft, TaskDraft

SOURCE_FILE = "000_39c49c8ad27c7f18.txt"
HEADER = ("分类", "序号", "事项", "责任单位", "牵头单位")
LABELS = {RESPONSIBLE: "责任单位", LEAD: "牵头单位"}

OPEN = "(（〔"
CLOSE = ")）〕"
UNIT_SEPARATORS = "、,，;；"

META_RE = re.compile(r"来源:\s*(?P<issuer>\S+)\s+发布时间:\s*(?P<date>\S+)\s+(?P<time>\S+)")

# Remarks on published oddities, kept as printed.
TASK_NOTES = {
    "27": "任务文字开头多出一个前引号“(照录原文)",
    "77": "任务文字末尾无“。”(照录原文)",
    "83": "原表格中序号83既无任务文字,也无单位单元格:83的下一行即为第84项;未作任何补充",
}
NAME_NOTES = {
    "区民政局。": "原文单元格以“。”结尾,保留在名称中",
    "区财政": "照录原文(疑为区财政局)",
}


def split_units(cell: str) -> list[str]:
    """Split a unit cell at separators outside brackets: 各乡镇(街道) stays one unit.
    Empty pieces stay: this document's layout checks count them."""
    return split_outside(cell, UNIT_SEPARATORS, OPEN, CLOSE)


def parse_metadata(lines: list[str]) -> dict[str, str]:
    """Page title, issuer, publication time and table title from the page head."""
    index = next(i for i, line in enumerate(lines) if META_RE.search(line))
    match = META_RE.search(lines[index])
    assert match is not None
    header_at = table_start(lines) - len(HEADER)
    return {
        "page_title": lines[index - 1],
        "issuer": match["issuer"],
        "published": f"{match['date']}T{match['time']}",
        "title": lines[header_at - 1],
    }


def table_start(lines: list[str]) -> int:
    """Index of the first line after the header row."""
    for i in range(len(lines) - len(HEADER) + 1):
        if tuple(lines[i : i + len(HEADER)]) == HEADER:
            return i + len(HEADER)
    raise ValueError("table header 分类/序号/事项/责任单位/牵头单位 not found")


def split_items(body: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Lines before item 1, and (number, lines) per item.

    An item starts only at the next expected number, so a digit-only line inside
    a cell could never start an item out of sequence.
    """
    lead: list[str] = []
    items: list[tuple[str, list[str]]] = []
    for line in body:
        if line == str(len(items) + 1):
            items.append((line, []))
        elif items:
            items[-1][1].append(line)
        else:
            lead.append(line)
    return lead, items


def unit_names(items: list[tuple[str, list[str]]]) -> set[str]:
    """Unit names printed in cell positions no category can take.

    A category is only ever printed directly before an item number, so any
    cell that is neither an item's text line nor its last line is a unit cell.
    """
    names: set[str] = set()
    for _, lines in items:
        for cell in lines[1:-1]:
            names.update(part.strip() for part in split_units(cell))
    return names


def is_category(line: str, units: set[str]) -> bool:
    """A line printed before an item number is a category unless it reads as units."""
    return len(split_units(line)) == 1 and line not in units


def read_cells(cells: list[str]) -> list[tuple[str, int]]:
    """(role, group) per unit cell.

    In this table a 牵头单位 cell is one unit or repeats its 责任单位 cell, so a
    cell of that shape right after a 责任单位 cell is read as its lead; any
    other cell is a 责任单位 cell opening the next part of the task.
    """
    reading: list[tuple[str, int]] = []
    group = 0
    for i, cell in enumerate(cells):
        after_responsible = i > 0 and reading[-1][0] == RESPONSIBLE
        if after_responsible and (len(split_units(cell)) == 1 or cell == cells[i - 1]):
            reading.append((LEAD, group))
        else:
            group += 1
            reading.append((RESPONSIBLE, group))
    return reading


def is_paired(reading: list[tuple[str, int]]) -> bool:
    """True where the cells form clean (责任单位, 牵头单位) pairs."""
    roles = [role for role, _ in reading]
    return len(roles) % 2 == 0 and roles == [RESPONSIBLE, LEAD] * (len(roles) // 2)


def name_note(raw: str, name: str) -> str:
    notes = []
    if raw != name:
        stripped = sorted({f"U+{ord(c):04X}" for c in raw.replace(name, "", 1)})
        notes.append(f"已去除单元格中名称旁的空白字符{'、'.join(stripped)}")
    if name.endswith("等"):
        notes.append("名称末尾的“等”是原文的一部分")
    if name in NAME_NOTES:
        notes.append(NAME_NOTES[name])
    return ";".join(notes)


def make_mentions(cells: list[str], reading: list[tuple[str, int]], clear: bool) -> list[Mention]:
    mentions: list[Mention] = []
    for index, (cell, (role, group)) in enumerate(zip(cells, reading, strict=True), start=1):
        where = (
            f"任务文字后第{index}个单元格(共{len(cells)}个);"
            f"原表格拉平后无法确定其所属栏目,按{LABELS[role]}读取"
        )
        for raw in split_units(cell):
            name = raw.strip()
            notes = [n for n in (name_note(raw, name), "" if clear else where) if n]
            mentions.append(
                Mention(
                    name=name,
                    role=role,
                    label=LABELS[role],
                    group=group,
                    ambiguous=not clear,
                    note=";".join(notes),
                )
            )
    return mentions


def ambiguity_note(cells: list[str]) -> str:
    return (
        f"原表格拉平后,任务文字后有{len(cells)}个单位单元格,无法组成(责任单位,牵头单位)对"
        "(合并单元格在拉平时丢失);单元格按原文顺序保留;角色和分组只能大致推断"
        "(紧跟在责任单位单元格之后、只含一个单位或与前一单元格相同的单元格读作牵头单位,"
        "其余单元格读作下一部分任务的责任单位),所有单位均标为存疑"
    )


def make_task(number: str, lines: list[str], section: tuple[str, ...]) -> TaskDraft:
    text, cells = (lines[0], lines[1:]) if lines else ("", [])
    reading = read_cells(cells)
    clear = is_paired(reading)
    notes = [TASK_NOTES.get(number, "")]
    if not clear and cells:
        notes.append(ambiguity_note(cells))
    if any(re.fullmatch(r"\d+", cell) for cell in cells):
        notes.append("有单元格只含数字(照录原文)")
    return TaskDraft(
        number=number,
        text=text,
        kind="task",
        section=section,
        mentions=make_mentions(cells, reading, clear),
        units_text="\n".join(cells),
        note=";".join(n for n in notes if n),
    )


def extract(text: str) -> ReportDraft:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    meta = parse_metadata(lines)
    before_first, items = split_items(lines[table_start(lines) :])
    units = unit_names(items)
    # Lines before item 1 can only be the first category cell.
    category = before_first[-1]
    tasks: list[TaskDraft] = []
    for number, item_lines in items:
        own = item_lines
        trailing = item_lines[-1] if len(item_lines) > 1 else ""
        next_category = category
        if trailing and is_category(trailing, units):
            own = item_lines[:-1]
            next_category = trailing
        tasks.append(make_task(number, own, (category,)))
        category = next_category
    listing = ListDraft(code="main", title=meta["title"], kind="tasks", tasks=tasks)
    return ReportDraft(
        source_file=SOURCE_FILE,
        title=meta["title"],
        lists=[listing],
        page_title=meta["page_title"],
        issuer=meta["issuer"],
        published=meta["published"],
        note=(
            "第一季度进展情况页面;只刊出责任分解表(无进展情况文字);"
            "分页处重复印出的分类单元格不是新的分类"
        ),
    )
