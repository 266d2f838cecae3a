"""Tables printed one row a line with `|` between cells.

Merged cells are left out of the rows they span, always on the left: a row with fewer
cells than the header fills its last columns. A row without a task text continues the
task above it (its units are added there); a row without a number belongs to the
number above it. A row with more cells than the header is reported, not guessed.
"""

from __future__ import annotations

import re

from luoshi.importer.columns import COLUMNS, canonical
from luoshi.importer.model import Result, Task
from luoshi.importer.paragraphs import END_MARKERS, numbered
from luoshi.importer.units import labelled, official_names

Line = tuple[int, str]
Row = tuple[int, list[str]]
_NUMBERED = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]{1,3})[.．、]\s*(.+)$")
_PART = re.compile(r"^第[一二三四五六七八九十]{1,3}[部分章篇]")
TEXT_KINDS = ("text", "project")


def is_heading(cells: list[str]) -> bool:
    """A row of one cell that heads the rows below it: numbered as the paragraph reader
    numbers a heading (一、…, (一)…; luoshi.importer.paragraphs.STYLES), or 第一部分…."""
    if not cells or any(cells[1:]):
        return False
    found = numbered(cells[0])
    return (found is not None and found[0] <= 1) or bool(_PART.match(cells[0]))


def is_row(text: str) -> bool:
    return "|" in text or text.count("\t") >= 2


def pipe_cells(text: str) -> list[str]:
    """Cells of a row, without the empty cells of a trailing `|` or `||` (or tabs). A row
    written between pipes (`|a|b||d|`, as luoshi.importer.grid writes a table) keeps
    its empty cells: only its closing pipe ends it."""
    cells = [cell.strip() for cell in text.split("|" if "|" in text else "\t")]
    if cells and not cells[0] and text.lstrip().startswith("|"):
        closed = text.rstrip().endswith("|")
        return cells[1:-1] if closed else cells[1:]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def header_of(cells: list[str]) -> list[str] | None:
    names = [canonical(cell) for cell in cells]
    if len(cells) < 3 or None in names or len(set(names)) < len(names):
        return None
    kinds = {COLUMNS[name] for name in names if name}
    has_text = "text" in kinds or "project" in kinds
    return [n for n in names if n] if has_text and kinds & {"no", "project"} else None


def find_pipe_header(lines: list[Line]) -> tuple[int, list[str]] | None:
    for index, (_, text) in enumerate(lines):
        if is_row(text) and (header := header_of(pipe_cells(text))):
            return index, header
    return None


def data_rows(lines: list[Line], start: int) -> list[Row]:
    """Rows after the header, up to the first line that is not a row."""
    rows = []
    for number, text in lines[start:]:
        if not is_row(text) or text.startswith(END_MARKERS):
            break
        cells = pipe_cells(text)
        if not all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):  # Markdown rule row
            rows.append((number, cells))
    return rows


def row_number(header: list[str], values: dict[str, str]) -> tuple[str, str] | None:
    """(number, project name) the row prints, if it prints one."""
    if values.get("序号"):
        return values["序号"].rstrip(".．、"), ""
    project = next((values[n] for n in header if COLUMNS[n] == "project" and n in values), "")
    match = _NUMBERED.match(project)
    return (match[1], match[2].strip()) if match else None


def fill_row(task: Task, header: list[str], values: dict[str, str], deadline: bool) -> None:
    for name, value in values.items():
        kind = COLUMNS[name]
        if kind == "units":
            task.mentions += labelled(name, value, None)
        elif kind == "official":
            task.officials += [(n, name) for n in official_names(value)]
        elif kind == "deadline" and deadline:
            task.deadline = value or None
    units = [values[n] for n in header if COLUMNS[n] not in TEXT_KINDS and n in values]
    task.units_text = "\n".join(filter(None, [task.units_text, " | ".join(units)]))


def too_wide(line: int, cells: list[str], header: list[str], result: Result) -> Task:
    """A row with more cells than columns: its text is kept, its units are not guessed."""
    result.warnings.append(
        f"line {line}: item {cells[0]}: {len(cells)} cells for the "
        f"{len(header)} columns {'/'.join(header)}; units not placed"
    )
    task = Task(no=cells[0], text=cells[1] if len(cells) > 1 else "", line=line)
    task.units_text = " | ".join(cells[2:])
    result.tasks.append(task)
    return task


def parse_pipes(lines: list[Line], result: Result, list_no: int) -> tuple[int, int] | None:
    """Parse the first pipe table with a header; return the input lines it used."""
    found = find_pipe_header(lines)
    if found is None:
        return None
    at, header = found
    rows = data_rows(lines, at + 1)
    texts = [n for n in header if COLUMNS[n] in TEXT_KINDS]
    if "序号" in header or len(texts) == 1:
        text_column, detail = texts[0], texts[1:]  # the project is the task
    else:
        text_column, detail = texts[1], texts[2:]  # the numbered project groups tasks
    number, section, task, heading = "", "", None, ""
    before, last = len(result.tasks), {}
    for line, cells in rows:
        if is_heading(cells):
            heading = cells[0]
            continue
        if len(cells) > len(header):
            task = too_wide(line, cells, header, result)
            task.list_no = list_no
            continue
        values = dict(zip(header[len(header) - len(cells) :], cells, strict=True))
        if any(value for name, value in values.items() if COLUMNS[name] in TEXT_KINDS):
            # A text of its own: a sub-row; the merged text cells on its left still apply.
            merged = {n: v for n, v in last.items() if COLUMNS[n] in TEXT_KINDS}
            values = last = {**merged, **values}
        printed = row_number(header, values)
        if printed:
            number, section = printed
        if values.get(text_column) and number:
            text = section if COLUMNS[text_column] == "project" and section else values[text_column]
            task = Task(no=number, text=text, line=line, list_no=list_no)
            own = section if section and text != section else ""
            task.section = tuple(filter(None, (heading, own)))
            task.detail = "\n".join(values.get(name, "") for name in detail).strip()
            fill_row(task, header, values, deadline=True)
            result.tasks.append(task)
        elif task is not None and cells:
            fill_row(task, header, values, deadline=False)
            result.warnings.append(
                f"line {line}: a row without task text ({' | '.join(cells)}): its units are "
                f"added to item {task.no} above it (a merged cell); its other cells are not kept"
            )
    if len(result.tasks) == before:
        return None
    result.list_titles[list_no] = lines[at - 1][1] if at else ""
    return lines[at][0], rows[-1][0] if rows else lines[at][0]
