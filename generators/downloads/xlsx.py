"""The XLSX downloads. openpyxl writes a workbook holding the header row; the data rows
are built column by column with Arrow string kernels, so no Python code runs per cell,
and spliced in. Missing values get no <c> element at all."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from luoshi.downloads.archive import _zip_bytes
from luoshi.downloads.formats import _arrow_column
from luoshi.downloads.safety import _s, neutralise_array
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

_XLSX_ZIP_LEVEL = 3  # an XLSX sheet is large XML: level 6 took 3.6x as long for 10% less
_XLSX_CELL_LIMIT = 32767  # Excel refuses a workbook with a longer text cell
_SHEET = "xl/worksheets/sheet1.xml"
# Characters XML 1.0 cannot carry, for Python's re and for Arrow's RE2 (which spells
# code points \x{...} and has no \u).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ILLEGAL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"


def _join(*parts: pa.Array | pa.Scalar) -> pa.Array:
    """Concatenate element-wise; null wherever a part is null."""
    return pc.binary_join_element_wise(*parts, _s(""))


def _xml_escape(text: pa.Array) -> pa.Array:
    text = pc.utf8_slice_codeunits(text, 0, _XLSX_CELL_LIMIT)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        # "\r" as a reference: a parser would fold a literal "\r\n" into "\n".
        text = pc.replace_substring(text, char, entity)
    # Excel reads "_x0041_" as an escaped "A", so such text gets its underscore
    # escaped; characters XML 1.0 cannot carry are written in that same escape.
    text = pc.replace_substring_regex(text, r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1")
    if not pc.any(pc.match_substring_regex(text, _XML_ILLEGAL_RE2)).as_py():
        return text
    values = [None if v is None else _XML_ILLEGAL.sub(_excel_escape, v) for v in text.to_pylist()]
    return pa.array(values, type=pa.large_string())  # rare: only when such a character occurs


def _excel_escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _text_cells(ref: pa.Array, text: pa.Array) -> pa.Array:
    padded = pc.not_equal(pc.utf8_trim_whitespace(text), text)
    opening = pc.if_else(padded, _s('<t xml:space="preserve">'), _s("<t>"))
    return _join(ref, _s('" t="inlineStr"><is>'), opening, _xml_escape(text), _s("</t></is></c>"))


def _value_cells(ref: pa.Array, values: pa.Array, kind: str) -> pa.Array:
    if kind == "boolean":
        return _join(
            ref, _s('" t="b"><v>'), values.cast(pa.int8()).cast(pa.large_string()), _s("</v></c>")
        )
    text = values.cast(pa.large_string())
    cells = _join(ref, _s('"><v>'), text, _s("</v></c>"))
    if kind == "number":  # Excel has no NaN or infinity: such a value is written as text
        cells = pc.if_else(pc.is_finite(values), cells, _text_cells(ref, text))
    return cells


def _column_cells(letter: str, rows: pa.Array, values: pa.Array, kind: str) -> pa.Array:
    ref = _join(_s(f'<c r="{letter}'), rows)
    if kind in ("integer", "number", "boolean"):
        cells = _value_cells(ref, values, kind)
    else:
        cells = _text_cells(ref, values.cast(pa.large_string()))
    return pc.fill_null(cells, _s(""))


def _rows_xml(columns: Sequence[tuple[pa.Array, str]], count: int) -> bytes:
    """The <row> elements of the data rows (row 1 is openpyxl's header row)."""
    if count == 0:
        return b""
    rows = pa.array(range(2, count + 2), type=pa.int64()).cast(pa.large_string())
    cells = [
        _column_cells(get_column_letter(index), rows, values, kind)
        for index, (values, kind) in enumerate(columns, start=1)
    ]
    joined = _join(_s('<row r="'), rows, _s('">'), *cells, _s("</row>"))
    return _concat(joined)


def _concat(strings: pa.Array) -> bytes:
    """All strings of a null-free large_string array, back to back, as UTF-8 bytes."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)
    start, end = offsets[strings.offset], offsets[strings.offset + len(strings)]
    return bytes(memoryview(strings.buffers()[2])[start:end])


def _display_width(values: Iterable[Any]) -> int:
    """Column width in Excel character units: CJK characters count double."""
    widest = 0
    for value in values:
        text = "" if value is None else str(value)
        widest = max(widest, sum(2 if ord(char) > 0x2E80 else 1 for char in text))
    return max(8, min(60, widest + 2))


def _resource_xlsx(name: str, table: pd.DataFrame, fields: list[dict], stamp: dt.datetime) -> bytes:
    headers = [field["name"] for field in fields]
    sample = table.head(200)
    widths = [
        _display_width([header, *sample[header].astype(object).tolist()]) for header in headers
    ]
    columns = []
    for field in fields:
        kind = field.get("type", "string")
        if kind not in ("integer", "number", "boolean"):
            kind = "string"  # dates stay the text they were published as
        values = _arrow_column(table[field["name"]], kind)
        if kind == "string":
            values = neutralise_array(values.cast(pa.large_string()))
        columns.append((values, kind))
    shell = _xlsx_shell(name[:31], tuple(headers), tuple(widths), stamp)
    return _xlsx_bytes(shell, _rows_xml(columns, len(table)), stamp)


@cache
def _xlsx_shell(
    title: str, headers: tuple[str, ...], widths: tuple[int, ...], stamp: dt.datetime
) -> tuple[tuple[str, bytes], ...]:
    """The entries of a one-sheet workbook holding only the header row.

    Cached: every report slice shares one shell, so 500 slices build it once.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.data_type, cell.font = "s", bold  # a header is text, never a formula
        header_cells.append(cell)
    sheet.append(header_cells)
    workbook.properties.creator = "luoshi"
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter directly, not Workbook.save: save() overwrites `modified` with now.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as archive:
        return tuple((info.filename, archive.read(info)) for info in archive.infolist())


def _xlsx_bytes(shell: tuple[tuple[str, bytes], ...], rows: bytes, stamp: dt.datetime) -> bytes:
    """Re-pack the shell with fixed entry times, the data rows spliced after the header."""
    members = []
    for name, data in shell:
        if name == _SHEET:
            if data.count(b"</sheetData>") != 1:
                raise RuntimeError("unexpected worksheet layout from openpyxl")
            data = data.replace(b"</sheetData>", rows + b"</sheetData>")
        members.append((name, data))
    return _zip_bytes(members, stamp, keep_order=True, level=_XLSX_ZIP_LEVEL)
