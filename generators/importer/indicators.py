"""Indicator tables, flattened one cell a line: lists of indicators and item tables.

A table starts at a header holding 序号, an indicator column (指标 / 指标名称) and a
target column (目标 / 2023年目标值 …); header cells broken over lines ("2023年" /
"目标值") are joined. Columns are known by their words: 类别 (category, merged over
its block), 指标 (indicator name), 实际值 / 基期值 (baseline), 目标 (target), 单位 /
计量单位 (measurement unit), 责任单位 / 牵头单位 (units), 属性 (attribute), 重点任务
(key tasks); any other column after 序号 names the item (标志性成果, 重点工作 …).

- An indicator list (no item column): each number is followed by one cell per column;
  a number followed by one extra cell and several groups of cells is a merged name cell
  shared by sub-indicators (`shared_name`).
- An item table: number, item name, its first indicator row, its key tasks, its unit
  cell(s), then further indicator rows (the item's other cells span them).
A cell left over after a record is the next record's category. Nothing is guessed: a
record whose cells fit no reading is reported and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.importer.model import Mention
from luoshi.importer.units import split_top
from luoshi.vocab import RESPONSIBLE

Line = tuple[int, str]
_HEADER_WORDS = re.compile(
    r"指标|目标|单位|属性|任务|实际|基期|基数|成果|工作|改革|名称|类别|分类|领域"
)
_YEAR = re.compile(r"^\d{4}年(度)?$")
_END = re.compile(r"^([一二三四五六七八九十]+、|附表\s*\d|附件|表\s*\d+[:：])")
_CONTINUATION = ("以上", "以下", "左右", "以内")
_ORG_END = re.compile(
    r"(局|办|部|委|中心|院|会|社|校|公司|集团|政府|街道|乡镇|大队|支队|所|站|处|室|团|馆|厅|区)"
    r"(\([^()]*\))?等?$"
)
_TASK_NO = re.compile(r"^(\d+)([.．、]?)(.+)$")
_SEPS = "、,，;；"


@dataclass
class IndicatorRow:
    name: str
    target: str = ""
    baseline: str = ""
    measure: str = ""
    attribute: str = ""
    number: str = ""
    sub_number: str = ""
    shared_name: str = ""
    section: tuple[str, ...] = ()
    units_text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    note: str = ""


@dataclass
class KeyTask:
    number: str
    text: str
    note: str = ""


@dataclass
class Item:
    number: str
    title: str
    line: int
    section: tuple[str, ...] = ()
    indicators: list[IndicatorRow] = field(default_factory=list)
    tasks: list[KeyTask] = field(default_factory=list)
    units_text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    note: str = ""


@dataclass
class IndicatorTable:
    title: str
    line: int  # first line of the header
    columns: list[tuple[str, str]]  # (kind, header as printed) after 序号
    indicators: list[IndicatorRow] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)  # first and last input line used
    warnings: list[str] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.columns]


def column_kind(name: str) -> str:
    if "属性" in name:
        return "attribute"
    if re.search(r"(责任|牵头|配合|协办)(单位|部门)", name):
        return "units"
    if name in ("单位", "计量单位"):
        return "measure"
    if "任务" in name and "指标" not in name:
        return "tasks"
    if "目标" in name:
        return "target"
    if re.search(r"实际|基期|基数|现状", name):
        return "baseline"
    if "指标" in name:
        return "name"
    if re.search(r"类别|分类|领域", name):
        return "category"
    return "title"


def add_note(owner: IndicatorRow | Item | KeyTask, note: str) -> None:
    owner.note = ";".join(filter(None, [owner.note, note]))


def is_header_cell(text: str) -> bool:
    if text.endswith(("清单", "表")):
        return False  # a table's title, not a column
    return len(text) <= 10 and bool(_HEADER_WORDS.search(text) or _YEAR.match(text))


def read_header(cells: list[Line], at: int) -> tuple[list[str], int] | None:
    """Header names after the 序号 cell at `at` (year fragments joined), and the index after."""
    names, index = [], at + 1
    while index < len(cells) and is_header_cell(cells[index][1]):
        text = cells[index][1]
        if names and _YEAR.match(names[-1]) and not _YEAR.match(text):
            names[-1] += text
        else:
            names.append(text)
        index += 1
    kinds = [column_kind(n) for n in names]
    if "name" in kinds and "target" in kinds:
        return names, index
    return None


def is_unit_cell(text: str) -> bool:
    if not text or "。" in text or text[0].isdigit():
        return False
    parts = split_top(text.rstrip("、"), _SEPS)
    return bool(parts) and all(len(p) <= 24 and _ORG_END.search(p) for p in parts)


def unit_mentions(cell: str, label: str) -> list[Mention]:
    """One mention per unit in the cell, as printed; "/" names none; a trailing 等 is kept
    and noted (the cell does not say who the others are)."""
    if cell.strip() in ("/", "／", "-", "—", "无"):
        return []
    mentions = []
    for name in split_top(cell, _SEPS):
        note = "名称末尾的“等”予以保留:实际单位多于所列" if name.endswith("等") else ""
        mentions.append(Mention(name=name, role=RESPONSIBLE, label=label, note=note))
    return mentions


def joined(cells: list[Line]) -> list[Line]:
    """A unit cell wrapped after its separator ("区文广旅体局、" / "区卫健局") is one cell."""
    out: list[Line] = []
    for number, text in cells:
        if out and out[-1][1].endswith("、"):
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
    return out


_VALUE = re.compile(r"^[<>≥≤＜＞=]?[\d.,]+%?$|^[/／-]$")
ROW_KINDS = ("name", "baseline", "target", "measure", "attribute")


@dataclass
class Reader:
    """Reads the records of one table; `broken` holds cells printed over two lines."""

    table: IndicatorTable
    broken: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> parts
    last_values: set[str] = field(default_factory=set)  # last-column values seen

    @property
    def row_kinds(self) -> list[str]:
        return [k for k in self.table.kinds() if k in ROW_KINDS]

    def header_of(self, kind: str) -> str:
        return next((name for k, name in self.table.columns if k == kind), kind)

    def row(self, cells: list[Line], kinds: list[str], section: tuple[str, ...]) -> IndicatorRow:
        values = dict(zip(kinds, [t for _, t in cells], strict=True))
        row = IndicatorRow(name=values["name"], section=section)
        row.target, row.baseline = values.get("target", ""), values.get("baseline", "")
        row.measure, row.attribute = values.get("measure", ""), values.get("attribute", "")
        for (line, _), kind in zip(cells, kinds, strict=True):
            if line in self.broken and kind in ROW_KINDS and kind != "name":
                first, second = self.broken[line]
                add_note(row, f"{self.header_of(kind)}单元格分两行印出:“{first}” / “{second}”")
        return row

    def list_groups(self, cells: list[Line]) -> tuple[str, list[list[Line]], str] | None:
        """(shared name, cell groups, next category) of an indicator-list record."""
        k, n = len(self.table.kinds()), len(cells)
        if n == k:
            return "", [cells], ""
        if n == k + 1 and cells[-1][1] not in self.last_values:
            return "", [cells[:-1]], cells[-1][1]
        body, category = (cells, "") if (n - 1) % k == 0 else (cells[:-1], cells[-1][1])
        if n <= k or (len(body) - 1) % k:
            return None
        groups = [body[i : i + k] for i in range(1, len(body), k)]
        return body[0][1], groups, category

    def list_record(self, head: Line, cells: list[Line], section: tuple[str, ...]) -> str | None:
        found = self.list_groups(cells)
        if found is None:
            return None
        shared, groups, category = found
        subs = "、".join(str(i) for i in range(1, len(groups) + 1))
        for sub, group in enumerate(groups, 1):
            row = self.row(group, self.table.kinds(), section)
            row.number = head[1]
            values = dict(zip(self.table.kinds(), [t for _, t in group], strict=True))
            row.units_text = values.get("units", "")
            row.mentions = unit_mentions(row.units_text, self.header_of("units"))
            if shared:
                row.sub_number, row.shared_name = str(sub), shared
                merged = f"序号单元格和指标单元格“{shared}”为合并单元格,由子指标{subs}共用"
                add_note(row, f"第{head[1]}项子指标{sub}:{merged};指标名称取自本子指标自己的单元格")
            self.table.indicators.append(row)
        if not shared and len(groups) == 1:
            self.last_values.add(groups[0][-1][1])
        return category

    def item_parts(self, cells: list[Line]) -> tuple[dict, str] | None:
        """The cells of an item record by column, and the next category."""
        k, rest = len(self.row_kinds), cells[1:]
        parts: dict = {"title": cells[0][1], "first": [], "tasks": [], "units": []}
        pos = 0
        for kind in self.table.kinds()[1:]:
            if kind in ROW_KINDS:
                if pos >= len(rest):
                    return None
                parts["first"].append(rest[pos])
                pos += 1
            elif kind == "tasks":
                while pos < len(rest) and not is_unit_cell(rest[pos][1]):
                    parts["tasks"].append(rest[pos])
                    pos += 1
            elif kind == "units":
                count = 0
                while pos + count < len(rest) and is_unit_cell(rest[pos + count][1]):
                    count += 1
                while count and (len(rest) - pos - count) % k > 1:
                    count -= 1
                if not count:
                    return None
                parts["units"], pos = rest[pos : pos + count], pos + count
        tail = rest[pos:]
        if len(parts["first"]) != k or len(tail) % k > 1:
            return None
        category = tail[-1][1] if len(tail) % k else ""
        parts["more"] = [tail[i : i + k] for i in range(0, len(tail) - len(tail) % k, k)]
        return parts, category

    def item_record(self, head: Line, cells: list[Line], section: tuple[str, ...]) -> str | None:
        found = self.item_parts(cells) if cells else None
        if found is None:
            return None
        parts, category = found
        item = Item(number=head[1], title=parts["title"], line=head[0], section=section)
        for group in [parts["first"], *parts["more"]]:
            item.indicators.append(self.row(group, self.row_kinds, section))
        item.tasks = key_tasks([t for _, t in parts["tasks"]])
        lines = [t for _, t in parts["units"]]
        item.units_text = "\n".join(lines)
        for line in lines:
            item.mentions += unit_mentions(line, self.header_of("units"))
        if len(lines) > 1:
            add_note(item, f"{self.header_of('units')}单元格分多行印出:" + " / ".join(lines))
        self.table.items.append(item)
        return category

    def record(self, head: Line, cells: list[Line], section: tuple[str, ...]) -> str | None:
        if "title" in self.table.kinds():
            return self.item_record(head, cells, section)
        return self.list_record(head, cells, section)

    def fits(self, cells: list[Line]) -> bool:
        if "title" in self.table.kinds():
            return bool(cells) and self.item_parts(cells) is not None
        return self.list_groups(cells) is not None


def key_tasks(cells: list[str]) -> list[KeyTask]:
    """Numbered key tasks ("1.…", "4借助…"), split where one line holds several."""
    tasks: list[KeyTask] = []
    for cell in cells:
        match = _TASK_NO.match(cell)
        if not match or match[1] != str(len(tasks) + 1):
            if tasks:
                tasks[-1].text += cell
            else:
                tasks.append(KeyTask("", cell, "重点任务印成一个无序号的段落"))
            continue
        number, dot, body = match.groups()
        note = "" if dot == "." else f"序号{number}后未印“.”"
        tasks.append(KeyTask(number, body, note))
        split_run_on(tasks)
    return tasks


def split_run_on(tasks: list[KeyTask]) -> None:
    """Only a next number right after a 。 starts a task, so "2.0版" stays."""
    while True:
        last = tasks[-1]
        following = str(int(last.number) + 1)
        match = re.search(rf"(?<=。){following}\.(?!\d)", last.text)
        if not match:
            return
        last.text, tail = last.text[: match.start()], last.text[match.end() :]
        run_on = f"与任务{last.number}印在同一行"
        add_note(last, f"任务{following}{run_on}")
        tasks.append(KeyTask(following, tail, run_on))


def merge_continuations(cells: list[Line], broken: dict[int, tuple[str, str]]) -> list[Line]:
    """A value printed over two lines ("7300" / "以上") is one cell."""
    out: list[Line] = []
    for line, text in cells:
        if out and text in _CONTINUATION:
            broken[out[-1][0]] = (out[-1][1], text)
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((line, text))
    return out
