"""Progress tables: one cell per line (HTML, DOCX and copied pages) or pipe tables."""

from __future__ import annotations

import itertools
import re

from luoshi.importer.read import Line
from luoshi.progress import status as vocab
from luoshi.progress.figures import table_figure
from luoshi.progress.model import Item, fold

# Header words of each column, as progress tables print them.
COLUMNS = {
    "no": ("序号", "编号", "项次"),
    "name": (
        "项目内容",
        "项目名称",
        "任务内容",
        "工作任务",
        "重点工作",
        "目标任务",
        "任务",
        "项目",
        "内容",
        "指标",
        "指标名称",
        "主要任务",
        "工作内容",
        "建设内容",
        "实事项目",
    ),
    "progress": (
        "当前进度",
        "完成情况",
        "进展情况",
        "进度情况",
        "推进情况",
        "工作进展",
        "完成进度",
        "进展",
        "进度",
        "完成值",
        "进展成效",
        "工作进度",
        "完成数",
        "实际完成",
    ),
    "rate": ("完成率", "完成比例", "完成率(%)", "完成进度(%)", "进度(%)"),
    "status": ("状态", "进度状态", "完成状态", "是否完成", "评价"),
    "unit": ("牵头单位", "责任单位", "牵头部门", "责任部门", "主办单位", "牵头领导单位"),
    "note": ("备注", "说明"),
}
_NUMBER = re.compile(r"^\(?(\d{1,3})[.、．)]?$")
# A period before a column word (1-9月完成情况, 2023年目标, 截至9月底进度).
_PERIOD = re.compile(
    r"^(?:\d{4}年度?|\d{1,2}(?:-|—|~|至)\d{1,2}月份?|截至[^\s]*?(?:日|底|末)|上半年|全年)+"
)


def column_of(cell: str) -> str | None:
    """The column a header cell names: its words, after any period printed before them;
    else the progress or unit column a longer header ends with (累计完成情况)."""
    folded = fold(cell).strip("*:")
    for text in (folded, _PERIOD.sub("", folded)):
        for column, words in COLUMNS.items():
            if text in words:
                return column
    if len(folded) <= 10:
        for column in ("progress", "unit"):
            if any(folded.endswith(word) for word in COLUMNS[column] if len(word) >= 4):
                return column
    return None


def pipe_cells(text: str) -> list[str] | None:
    if text.count("|") < 2:
        return None
    return [c.strip() for c in text.strip().strip("|").split("|")]


def read_tables(lines: list[Line]) -> list[Item]:
    """Rows of every progress table in the document (pipe tables and one-cell-per-line)."""
    return _pipe_rows(lines) or _cell_rows(lines)


def _pipe_rows(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    header: list[str | None] | None = None
    for number, text in lines:
        cells = pipe_cells(text)
        if cells is None:
            header = None
            continue
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
            continue
        columns = [column_of(c) for c in cells]
        if "name" in columns and sum(c is not None for c in columns) >= 2:
            header = [c if c not in columns[:i] else None for i, c in enumerate(columns)]
        elif header:
            row = dict(zip(header, cells, strict=False))
            item = _row_item(number, row)
            if item:
                items.append(item)
    return items


def _header_at(lines: list[Line], start: int) -> list[str | None]:
    """The header cells that begin at `start`, one a line: known column words, and short
    cells of other columns (年度目标) between them, up to the first row number."""
    columns: list[str | None] = []
    for _, text in lines[start : start + 12]:
        column = column_of(text)
        if column is None and (len(fold(text)) > 8 or re.search(r"\d", text)):
            break
        columns.append(None if column in columns else column)
    while columns and columns[-1] is None:
        columns.pop()
    return columns


def _cell_rows(lines: list[Line]) -> list[Item]:
    """A table flattened one cell a line: a header of known column words, then rows
    that each start with the next number in order."""
    for start in range(len(lines)):
        columns = _header_at(lines, start)
        if len(columns) >= 3 and "name" in columns and columns[0] == "no":
            return _numbered_cells(lines[start + len(columns) :], columns)
    return []


def _numbered_cells(lines: list[Line], columns: list[str | None]) -> list[Item]:
    """Rows start at the next number in order (or at 1 again after a full row: rows
    numbered afresh under each category) when an item's words follow it; a figure
    cell that happens to equal the next number is followed by another figure."""
    rows: list[tuple[int, list[str]]] = []
    expected = 1
    for index, (line, text) in enumerate(lines):
        match = _NUMBER.match(fold(text))
        printed = int(match.group(1)) if match else None
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        starts = printed is not None and _fit("name", following) > 0
        if starts and printed == 1 and rows and len(rows[-1][1]) >= len(columns):
            expected = 1
        if starts and printed == expected:
            rows.append((line, [str(printed)]))
            expected += 1
        elif rows:
            rows[-1][1].append(text)
    items = []
    for number, cells in rows:
        item = _row_item(number, _assign(cells, columns))
        if item:
            items.append(item)
    return items


def _assign(cells: list[str], columns: list[str | None]) -> dict[str | None, str]:
    """Cells to columns. Flattening drops empty cells, so a row may have fewer cells
    than the header: the columns left empty are the ones whose absence lets every
    cell sit in a column it fits (a percentage under 完成率, a unit under 牵头单位)."""
    if len(cells) >= len(columns):
        return dict(zip(columns, cells, strict=False))
    best: tuple[int, tuple[int, ...]] | None = None
    for kept in itertools.combinations(range(len(columns)), len(cells)):
        fit = sum(_fit(columns[c], cell) for c, cell in zip(kept, cells, strict=True))
        if best is None or fit > best[0]:
            best = (fit, kept)
    assert best is not None
    return {columns[c]: cell for c, cell in zip(best[1], cells, strict=True)}


_UNIT_NAME = re.compile("(局|委|办|院|中心|公司|政府|街道|镇|乡|部|会|社|队)$")


def _fit(column: str | None, cell: str) -> int:
    """How well a cell fits a column: positive where its content is that column's kind."""
    figure = re.fullmatch(r"\d+(?:\.\d+)?%?", fold(cell))
    checks = {
        "no": bool(_NUMBER.match(fold(cell))),
        "rate": bool(figure),
        "status": vocab.find_status(cell) is not None,
        "unit": bool(_UNIT_NAME.search(cell)) and len(cell) <= 20,
        "progress": bool(table_figure(cell) or vocab.find_status(cell)) and not figure,
        "name": len(cell) >= 4 and not figure,
    }
    if column in checks:
        return 2 if checks[column] else -2
    return 0


def _row_item(line: int, row: dict[str | None, str]) -> Item | None:
    name = row.get("name", "").strip()
    if not name:
        return None
    progress = row.get("progress", "").strip()
    status_cell = row.get("status", "").strip()
    item = Item(line=line, name=name, span=name, progress=progress)
    no = fold(row.get("no", "")).strip(".、")
    item.no = no or None
    item.unit = row.get("unit", "").strip() or None
    item.set_status(vocab.find_status(status_cell) or vocab.find_status(progress))
    rate_cell = row.get("rate", "").strip()
    item.set_figure(table_figure(rate_cell) or table_figure(progress))
    return item
