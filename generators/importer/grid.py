"""An HTML or Word table as rows of cells, with merged cells resolved.

Flattened one cell a line, a table loses its empty cells and the cells a merged
(rowspan) cell covers, and the reader must then place what is left by its shape. The
page's own markup says where every cell stands: a simple table is written as rows
`|a|b||d|`, an empty cell kept, a cell merged over several rows given to each of them
(but a number, which names the first row only), a row of one cell across the table
(a heading) as `|一、…|`, a header of two rows as its second. A table with a cell
across some columns below its header is not simple: it is flattened as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from luoshi.importer.paragraphs import CN_DIGITS
from luoshi.importer.tables import as_number

Row = tuple[str | None, list[str], bool]  # (a one-cell row's text, a row's texts, spans columns)

# The most columns a cell may span, as HTML caps colspan (a page's colspan="100000000"
# is no reason to write a hundred million cells); rows it may span, as HTML caps rowspan.
_MAX_SPAN = {"colspan": 1000, "rowspan": 65534}


def _cell_text(text: str) -> str:
    """A cell's text on one line; a `|` in it would end the cell."""
    return " ".join(text.split()).replace("|", "｜")


def _merged(text: str) -> str:
    """What a cell merged over several rows gives the rows below its first: its text,
    but nothing where it only numbers its row (1, (1), 一): it numbers the first."""
    numeral = 0 < len(text) <= 3 and all(c in CN_DIGITS or c == "十" for c in text)
    return "" if numeral or as_number(text) is not None else text


def _span(cell, name: str) -> int:  # noqa: ANN001 - a bs4 Tag
    try:
        return min(max(1, int(str(cell.get(name, 1)).strip() or 1)), _MAX_SPAN[name])
    except ValueError:
        return 1


def table_rows(table) -> list[str] | None:  # noqa: ANN001 - a bs4 Tag
    """The table as `|…|` lines, or None where it is not simple (or holds a table).

    A header of two rows (责任单位 over 牵头单位 and 配合单位) is the second row, which
    the first row's cells merged down to it complete."""
    if table.find("table"):
        return None
    pending: dict[int, tuple[int, str]] = {}  # column: (rows it still covers, its text)

    def rows() -> Iterator[Row]:
        for tr in table.find_all("tr"):
            cells = [
                (_cell_text(cell.get_text(" ")), _span(cell, "colspan"), _span(cell, "rowspan"))
                for cell in tr.find_all(["td", "th"], recursive=False)
            ]
            if len(cells) == 1 and cells[0][1] > 1 and not pending:
                yield cells[0][0], [], False
            else:
                yield None, _row(cells, pending), any(columns > 1 for _, columns, _ in cells)

    return _assemble(rows())


def _row(cells: list[tuple[str, int, int]], pending: dict[int, tuple[int, str]]) -> list[str]:
    """One row's texts: its cells (text, columns and rows spanned; one text per column),
    and those merged into it from above."""
    row: list[str] = []
    for cell in [*cells, None]:
        while len(row) in pending:  # cells merged from a row above
            left, text = pending.pop(len(row))
            if left > 1:
                pending[len(row)] = (left - 1, text)
            row.append(text)
        if cell is None:
            break
        text, columns, rows = cell
        for _ in range(columns):
            if rows > 1:
                pending[len(row)] = (rows - 1, _merged(text))
            row.append(text)
    return row


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_cell(cell) -> tuple[str, int, str | None]:  # noqa: ANN001 - an lxml element
    """(text, columns the cell spans, its vertical merge: None, "restart" or "continue")."""
    paragraphs = ("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in cell.iter(f"{_W}p"))
    props = cell.find(f"{_W}tcPr")
    span = props.find(f"{_W}gridSpan") if props is not None else None
    merge = props.find(f"{_W}vMerge") if props is not None else None
    try:
        columns = max(1, int(span.get(f"{_W}val"))) if span is not None else 1
    except (TypeError, ValueError):
        columns = 1
    vertical = None if merge is None else (merge.get(f"{_W}val") or "continue")
    return _cell_text(" ".join(paragraphs)), min(columns, _MAX_SPAN["colspan"]), vertical


def docx_rows(table) -> list[str] | None:  # noqa: ANN001 - an lxml element (w:tbl)
    """A Word table as `|…|` lines, as table_rows writes an HTML one; None where it is
    not simple (a cell across some columns below the header, a table in a cell)."""
    if table.find(f".//{_W}tc//{_W}tbl") is not None:
        return None
    merged: dict[int, str] = {}  # column: the text of the cell merged down from it

    def rows() -> Iterator[Row]:
        for tr in table.iter(f"{_W}tr"):
            cells = [_docx_cell(cell) for cell in tr if cell.tag == f"{_W}tc"]
            if len(cells) == 1 and cells[0][1] > 1:
                yield cells[0][0], [], False
            else:
                yield None, _docx_row(cells, merged), any(columns > 1 for _, columns, _ in cells)

    return _assemble(rows())


def _docx_row(cells: list[tuple[str, int, str | None]], merged: dict[int, str]) -> list[str]:
    row: list[str] = []
    for text, columns, merge in cells:
        for _ in range(columns):
            if merge == "restart":
                merged[len(row)] = _merged(text)
            row.append(merged.get(len(row), "") if merge == "continue" else text)
    return row


def _assemble(rows: Iterable[Row]) -> list[str] | None:
    """The lines of a table's rows: a row of one cell above the header is a title line, below
    it a heading `|…|`; a header of two rows is its second; a cell across some columns
    below the header makes the table not simple (None)."""
    out: list[list[str]] = []
    titles: list[str] = []
    headings: set[int] = set()
    over: int | None = None  # the first header row, whose cells span columns
    for single, row, spanning in rows:
        if single is not None:
            if out:
                headings.add(len(out))
                out.append([single])
            else:
                titles.append(single)
            continue
        if spanning and (out or over is not None):
            return None
        if spanning:
            over = len(out)
        out.append(row)
    if over is not None:
        del out[over]  # the second header row holds what the first says
        headings = {index - 1 for index in headings}
    lines = _lines(out, headings)
    return None if lines is None else titles + lines


def _lines(rows: list[list[str]], headings: set[int]) -> list[str] | None:
    width = max((len(r) for i, r in enumerate(rows) if i not in headings), default=0)
    if width < 2:
        return None
    padded = [r if i in headings else r + [""] * (width - len(r)) for i, r in enumerate(rows)]
    return ["|" + "|".join(row) + "|" for row in padded]
