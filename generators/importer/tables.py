"""Tables flattened one cell a line (000), or one row a line with `|` between cells.

Columns come from the header row. A record starts at the cell holding the next
expected number. After the number come the task text and the unit columns; a
record with whole multiples of the unit columns has several sub-rows (groups);
a category column before 序号 shows up as one extra trailing cell when the next
record starts a new category. Anything else is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.importer.columns import COLUMNS, canonical, looks_like_deadline, looks_like_units
from luoshi.importer.model import Mention, Result, Task
from luoshi.importer.paragraphs import END_MARKERS
from luoshi.importer.units import LABELS, UNIT_SEPS, labelled, official_names, split_top
from luoshi.vocab import LEAD, RESPONSIBLE

Line = tuple[int, str]
TEXT_KINDS = ("text", "project")
TABLE_TITLE = re.compile(r"(表|清单|分解|方案|目录)$|^附\s*[件表]")


@dataclass
class Table:
    header: list[str]
    start: int  # index of the first cell after the header
    category: str = ""
    end: int = 0  # index after the last cell consumed
    unit_names: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)

    @property
    def before(self) -> list[str]:
        return self.header[: self.header.index("序号" if "序号" in self.header else "编号")]

    @property
    def after(self) -> list[str]:
        return self.header[len(self.before) + 1 :]


def to_cells(lines: list[Line]) -> list[Line]:
    """One cell per entry: a line with `|` separators is a whole row."""
    cells: list[Line] = []
    for number, text in lines:
        if "|" in text:
            cells += [(number, cell.strip()) for cell in text.strip("|").split("|")]
        else:
            cells.append((number, text))
    return cells


def header_at(cells: list[Line], index: int) -> list[str] | None:
    """Canonical names of the header starting at this cell: 序号 and a task column."""
    run: list[str] = []
    while index + len(run) < len(cells):
        name = canonical(cells[index + len(run)][1])
        if name is None or name in run:  # a repeated column is a data cell
            break
        run.append(name)
    kinds = [COLUMNS[name] for name in run]
    return run if "no" in kinds and set(kinds) & set(TEXT_KINDS) and len(run) >= 3 else None


def find_header(cells: list[Line], start: int = 0) -> tuple[int, list[str]] | None:
    """Index and names of the first run of column names holding 序号 and a task column."""
    for index in range(start, len(cells)):
        if canonical(cells[index][1]) and (run := header_at(cells, index)):
            return index, run
    return None


def as_number(cell: str) -> int | None:
    """ "1", "01", "1.", "(1)", "１" -> 1; None for any other cell."""
    match = re.fullmatch(r"[(（]?(\d{1,3})[)）.．、]?", cell)
    return int(match[1]) if match else None


def records(
    cells: list[Line], start: int, header: list[str]
) -> tuple[list[tuple[int, list[Line]]], list[Line]]:
    """(index, cells) per record found at the expected next numbers; cells before record 1.

    The header printed again (a page break) is skipped; another header ends the table,
    and the title printed above it is not a cell of the last record.
    """
    found: list[tuple[int, list[Line]]] = []
    lead: list[Line] = []
    skip = 0
    for index in range(start, len(cells)):
        number, text = cells[index]
        if skip:
            skip -= 1
            continue
        if found and text.startswith(END_MARKERS):
            break
        again = header_at(cells, index) if found and canonical(text) == "序号" else None
        if again == header:
            skip = len(header) - 1
            continue
        if again:
            while found[-1][1] and TABLE_TITLE.search(found[-1][1][-1][1]):
                found[-1][1].pop()
            break
        if as_number(text) == len(found) + 1:
            found.append((index, []))
        elif found:
            found[-1][1].append((number, text))
        else:
            lead.append((number, text))
    return found, lead


def unit_columns(table: Table) -> list[str]:
    return [name for name in table.after if COLUMNS[name] not in TEXT_KINDS]


def text_columns(table: Table) -> list[str]:
    return [name for name in table.after if COLUMNS[name] in TEXT_KINDS]


def shape(table: Table, cells: list[Line]) -> tuple[int, bool] | None:
    """(number of sub-rows, ends with the next category) for a record's cells after the text."""
    width = len(unit_columns(table))
    count = len(cells)
    if width == 0:
        return (1, count == 1) if count <= len(table.before) else None
    if count % width == 0 and (count == width or plausible(table, cells)):
        return count // width, False
    ends_with_category = table.before and is_category(table, cells[-1][1], cells)
    fits = (count - 1) % width == 0 and (count - 1 == width or plausible(table, cells[:-1]))
    return ((count - 1) // width, True) if ends_with_category and fits else None


def plausible(table: Table, cells: list[Line]) -> bool:
    """Several sub-rows are believed only when each looks like its columns.

    Flattening drops merged cells, so a count that happens to fit can still be
    misaligned: a lead cell must name one unit or repeat units of the 责任单位
    cell of its sub-row, and no cell may be a category printed elsewhere.
    """
    columns = unit_columns(table)
    names = [split_top(value, UNIT_SEPS) for _, value in cells]
    if any(value in table.categories for _, value in cells):
        return False
    if not all(fits_column(columns[i % len(columns)], v) for i, (_, v) in enumerate(cells)):
        return False
    lead_at = [i for i, c in enumerate(columns) if COLUMNS[c] == "units" and LABELS[c] == LEAD]
    resp_at = [i for i, c in enumerate(columns) if LABELS.get(c) == RESPONSIBLE]
    if not lead_at or not resp_at:
        return True
    for start in range(0, len(cells), len(columns)):
        lead, resp = names[start + lead_at[0]], names[start + resp_at[0]]
        if len(lead) > 1 and not set(lead) <= set(resp):
            return False
    return True


def fits_column(column: str, value: str) -> bool:
    """A sentence is never a unit or a deadline cell."""
    if COLUMNS[column] == "deadline":
        short = len(value) <= 12 and not looks_like_units(value)
        return not value or looks_like_deadline(value) or short
    return "。" not in value and len(value) <= 80


def is_category(table: Table, cell: str, cells: list[Line]) -> bool:
    """A one-name cell never printed in a unit position."""
    return len(split_top(cell, UNIT_SEPS)) == 1 and cell not in table.unit_names


def cell_mentions(label: str, value: str, group: int) -> list[Mention]:
    mentions = labelled(label, value, None)
    for mention in mentions:
        mention.group = group
    return mentions


def fill(task: Task, table: Table, cells: list[Line], groups: int) -> None:
    columns = unit_columns(table)
    for group in range(groups):
        row = cells[group * len(columns) : (group + 1) * len(columns)]
        for name, (_, value) in zip(columns, row, strict=True):
            kind = COLUMNS[name]
            if kind == "official":
                task.officials += [(n, name) for n in official_names(value)]
            elif kind == "deadline":
                task.deadline = value or None
            else:
                task.mentions += cell_mentions(name, value, group + 1)
    task.units_text = "\n".join(value for _, value in cells)


def record_tasks(table: Table, head: Line, cells: list[Line], result: Result) -> list[Task]:
    """The task(s) of one record: sub-rows of one number with their own text are tasks."""
    line, printed = head
    number = printed.strip("()（）.．、")
    text_cells = cells[: len(text_columns(table))]
    text = text_cells[0][1] if text_cells else ""
    section = (table.category,) if table.category else ()
    task = Task(no=number, text=text, line=line, section=section)
    task.detail = "\n".join(value for _, value in text_cells[1:])
    rest = cells[len(text_cells) :]
    found = shape(table, rest)
    placed = place_by_content(table, task, rest) if found is None else None
    if placed:
        result.warnings.append(
            f"line {line}: item {number}: cells placed by what they hold (a cell on several "
            f"lines or a merged cell): {len(placed)} task(s); check against the published table"
        )
        return placed
    if found is None:
        where = ", ".join(str(n) for n, _ in rest)
        result.warnings.append(
            f"line {line}: item {task.no}: {len(rest)} cell(s) after the text (lines {where}) "
            f"do not fit the columns {'/'.join(unit_columns(table))}; units not placed"
        )
        task.units_text = "\n".join(value for _, value in rest)
        return [task]
    groups, category = found
    fill(task, table, rest[: len(rest) - category], groups)
    if category:
        table.category = rest[-1][1]
    return [task]


def place_by_content(table: Table, first: Task, cells: list[Line]) -> list[Task] | None:
    """Cells of a record that do not fit the columns, placed by their shape.

    Only where that is unambiguous: one unit column (so a unit cell cannot be in the
    wrong one), no official or category column. A unit cell printed over several lines
    gives several unit cells; a sentence starts a sub-item of the same number; a sub-item
    without unit cells shares those above it (a merged cell).
    """
    columns = unit_columns(table)
    units = [c for c in columns if COLUMNS[c] == "units"]
    if len(units) != 1 or set(columns) - {units[0]} - {
        c for c in columns if COLUMNS[c] == "deadline"
    }:
        return None
    tasks, names = [first], [[]]
    for line, value in cells:
        if looks_like_units(value):
            names[-1].append(value)
        elif looks_like_deadline(value) and tasks[-1].deadline is None:
            tasks[-1].deadline = value
        elif "。" in value or len(value) > 12:
            tasks.append(Task(no=first.no, text=value, line=line, section=first.section))
            names.append([])
        else:
            return None
    for index, task in enumerate(tasks):
        own = names[index] or (names[index - 1] if index else [])
        names[index] = own
        for value in own:
            task.mentions += cell_mentions(units[0], value, 1)
        task.units_text = "\n".join(own)
    return tasks


def learn_units(table: Table, found: list[tuple[int, list[Line]]]) -> None:
    """Names printed in records with exactly one cell per column: never a category."""
    width = len(unit_columns(table))
    for _, cells in found:
        rest = cells[1:]
        if width and len(rest) == width:
            for _, value in rest:
                table.unit_names.update(split_top(value, UNIT_SEPS))
    for _, cells in found:
        last = cells[-1][1] if len(cells) > 1 else ""
        if table.before and width and len(cells) % width == 0 and last not in table.unit_names:
            table.categories.add(last)  # text + odd cell count: the last is the next category


def parse_table(lines: list[Line], result: Result, list_no: int) -> tuple[int, int] | None:
    """Parse the first task table; return the (first, last) input line numbers it used."""
    cells = to_cells(lines)
    header = find_header(cells)
    if header is None:
        return None
    at, names = header
    table = Table(header=names, start=at + len(names))
    found, lead = records(cells, table.start, names)
    if not found:
        return None
    if table.before and lead:
        table.category = lead[-1][1]
        table.categories.add(table.category)
    learn_units(table, found)
    for index, record in found:
        for task in record_tasks(table, cells[index], record, result):
            task.list_no = list_no
            result.tasks.append(task)
    title = cells[at - 1][1] if at > 0 else ""
    result.list_titles[list_no] = title if not re.fullmatch(r"\d*", title) else ""
    last_line = found[-1][1][-1][0] if found[-1][1] else cells[found[-1][0]][0]
    return cells[at][0], last_line
