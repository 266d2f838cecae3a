"""Find the indicator tables of a notice (see indicators.py) and read their records."""

from __future__ import annotations

from luoshi.importer.indicators import (
    _END,
    _VALUE,
    IndicatorTable,
    Line,
    Reader,
    column_kind,
    is_header_cell,
    joined,
    merge_continuations,
    read_header,
)
from luoshi.importer.paragraphs import END_MARKERS
from luoshi.importer.tables import to_cells


def table_title(cells: list[Line], at: int) -> tuple[str, int]:
    """The cell just before the header (and before a category header cell)."""
    index = at - 1
    while index >= 0 and is_header_cell(cells[index][1]):
        index -= 1
    return (cells[index][1], index) if index >= 0 else ("", at)


def is_record_start(cells: list[Line], index: int, expected: int) -> bool:
    """The expected number, followed by a name rather than a value."""
    if cells[index][1] != str(expected):
        return False
    following = cells[index + 1][1] if index + 1 < len(cells) else ""
    return bool(following) and not _VALUE.match(following)


def split_records(
    reader: Reader, cells: list[Line], start: int, header: list[str]
) -> tuple[list[Line], list[tuple[Line, list[Line]]], int]:
    """Cells before record 1, (number cell, cells) per record, and the index after the table.
    A repeated header (a page break) is skipped; a number starts a record only where the
    record before it is complete."""
    lead: list[Line] = []
    found: list[tuple[Line, list[Line]]] = []
    index = start
    while index < len(cells):
        text = cells[index][1]
        if [t for _, t in cells[index : index + len(header)]] == header:
            index += len(header)
            continue
        if _END.match(text) or text.startswith(END_MARKERS):
            break
        if is_record_start(cells, index, len(found) + 1) and (
            not found or reader.fits(merge_continuations(joined(found[-1][1]), {}))
        ):
            found.append((cells[index], []))
        elif found:
            found[-1][1].append(cells[index])
        else:
            lead.append(cells[index])
        index += 1
    return lead, found, index


def read_table(cells: list[Line], at: int) -> tuple[IndicatorTable, int] | None:
    """The table whose 序号 header cell is at `at`, and the index after it."""
    header = read_header(cells, at)
    if header is None:
        return None
    names, start = header
    title, title_at = table_title(cells, at)
    raw = [t for _, t in cells[title_at + 1 : start]]
    columns = [(column_kind(n), n) for n in names]
    table = IndicatorTable(title=title, line=cells[at][0], columns=columns)
    reader = Reader(table)
    lead, found, end = split_records(reader, cells, start, raw)
    section: tuple[str, ...] = (lead[-1][1],) if lead else ()
    for head, record in found:
        record = merge_continuations(joined(record), reader.broken)
        category = reader.record(head, record, section)
        if category is None:
            table.warnings.append(f"line {head[0]}: item {head[1]}: cells fit no reading")
        elif category:
            section = (category,)
    last = found[-1][1][-1][0] if found and found[-1][1] else cells[start - 1][0]
    table.span = (cells[title_at][0] if title_at < at else cells[at][0], last)
    return table, end


def find_tables(lines: list[Line]) -> list[IndicatorTable]:
    """Every indicator table in the notice, in order."""
    cells = to_cells(lines)
    tables, index = [], 0
    while index < len(cells):
        found = read_table(cells, index) if cells[index][1] == "序号" else None
        if found is None or not (found[0].indicators or found[0].items):
            index += 1
            continue
        tables.append(found[0])
        index = max(found[1], index + 1)
    return tables
