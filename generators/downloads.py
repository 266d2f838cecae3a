"""The site's downloads: every resource as CSV, XLSX, Parquet and JSON, the whole
package as a zip, and each report's tasks as a readable CSV/XLSX slice.

Every file is byte-deterministic for a given package and `epoch` (the caller's
SOURCE_DATE_EPOCH): zip entries carry the epoch as their time and fixed
permissions, XLSX document properties are set from it (a report's slice from
the report's own date), and nothing else in any file depends on the clock, the
host or dict/set iteration order.

Formats, and the choices behind them:

- CSV: UTF-8 with a BOM (so Excel and WPS open Chinese text correctly on a
  double-click) and LF record endings, like the source CSVs: a source written
  with LF is copied byte for byte after the BOM, so columns, order and values
  are exactly the source's. (Excel, WPS, LibreOffice, pandas and R all read LF.)
- XLSX: one sheet named after the resource, a bold frozen header row, typed
  cells for integer/number/boolean fields and text cells for everything else
  (so IDs like "001" stay text, and text starting with "=" is never a formula).
  openpyxl builds the workbook around the header row (styles, sheet view,
  properties), but the data rows are serialised here: openpyxl's per-cell objects
  took 16.6 s for 300,000 assignment rows alone, the hand-written rows take a
  small fraction of that.
- Parquet: column types from the schema (integer → int64, number → float64,
  boolean → bool, date → date32, datetime → timestamp[ms], else string); empty
  cells are null; field titles and descriptions travel as field metadata.
- JSON: an array of records, one record per line, typed values, null for
  missing, UTF-8 without escaping Chinese.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from luoshi import status_table, urls
from luoshi.package import Package, source_files
from luoshi.trees import replace_with_link
from luoshi.vocab import LEADING_ROLES, TASK_KINDS
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

ZIP_NAME = "luoshi-data.zip"
SLICE_FORMATS = ("csv", "xlsx")  # the files of each report's slice
ZIP_ROOT = "luoshi-data"  # the zip unpacks into one folder, not loose files
CSV_ENCODING = "utf-8-sig"  # in datapackage.json: the BOM is part of the file
BOM = "\ufeff"
_ZIP_LEVEL = 6
_XLSX_ZIP_LEVEL = 3  # an XLSX sheet is large XML: level 6 took 3.6x as long for 10% less
_ZIP_MIN_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format cannot store earlier times
_XLSX_CELL_LIMIT = 32767  # Excel refuses a workbook with a longer text cell
_SHEET = "xl/worksheets/sheet1.xml"
# Characters XML 1.0 cannot carry, for Python's re and for Arrow's RE2 (which spells
# code points \x{...} and has no \u).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ILLEGAL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"
# A JSON string literal with non-ASCII text kept as is (what json.dumps does, in C).
_json_string = json.encoder.encode_basestring

# The columns of a report's slice (reports/<report_id>/tasks.csv|xlsx), one row per
# task of the report, in published order (list position, then task position, each
# key task right after its parent). Header, width in the XLSX, and meaning:
SLICE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("任务标识", 30, "tasks.id: the task's stable identifier (its page on the site)."),
    ("清单", 30, "Title of the list the task belongs to (lists.title)."),
    ("章节", 30, "Section titles from the top level down to the task's section, joined by ' > '."),
    ("上级任务", 20, "For a key task: the title (or number) of the task it belongs to."),
    ("编号", 6, "The number printed in the document (tasks.number)."),
    ("类型", 10, "Task kind in Chinese (任务, 预期目标, 标志性成果, …)."),
    ("标题", 24, "tasks.title as published."),
    ("内容", 60, "tasks.text as published."),
    ("牵头单位", 24, "Units named as lead (牵头/主办, or 牵头或汇总), in published order."),
    (
        "其他责任单位",
        36,
        "Units named in any other role (责任单位, 协办单位) and not already a lead.",
    ),
    ("牵头领导", 16, "Officials named as leading the task, in published order."),
    ("责任单位原文", 24, "tasks.units_text: the responsible-units cell as published."),
    ("备注", 24, "tasks.note: the editors' note."),
)
_UNIT_SEPARATOR = "、"
_SECTION_SEPARATOR = " > "


@dataclass(frozen=True)
class DownloadFile:
    path: str  # relative to dest, posix
    resource: str  # resource name, "" for package-level files
    format: str  # "csv" | "xlsx" | "parquet" | "json" | "zip"
    size: int  # bytes
    sha256: str  # hex
    report_id: str = ""  # set for a report's slice

    @property
    def url(self) -> str:
        """The file's address on the site, relative to the root."""
        return urls.download(self.path)


@dataclass(frozen=True)
class _Job:
    path: str
    resource: str
    format: str
    make: Callable[[], bytes]
    report_id: str = ""
    key: str = ""  # a hash of everything the bytes depend on ("" : never cached)


def write_downloads(
    package: Package,
    dest: Path,
    epoch: int,
    *,
    workers: int = 2,
    cache: Path | None = None,
    salt: str = "",
) -> list[DownloadFile]:
    """Write the package-level downloads into `dest`; one DownloadFile per file, in a
    stable order: per resource its CSV, XLSX, Parquet and JSON; datapackage.json; the zip.

    With `cache`, a file whose inputs (its resource's CSV, the epoch and `salt`, the
    caller's code version) were seen before is linked from there, not made again.
    Files are made on `workers` threads. Arrow, zlib, hashing and file writes release
    the GIL, the rest does not: at 107,000 tasks and 308,000 assignments a second
    thread took the whole run from about 14.7 s to 12.6-13.9 s on two cores.
    """
    stamp = _stamp(epoch)
    csv_bytes = {
        res["name"]: _csv_download(package.root / res["path"], res["schema"]["fields"])
        for res in package.descriptor["resources"]
    }
    descriptor = _json_text(download_descriptor(package.descriptor)).encode("utf-8")
    jobs = [
        job
        for res in package.descriptor["resources"]
        for job in _resource_jobs(package, res, csv_bytes, stamp)
    ]
    jobs += _status_jobs(package, stamp)
    jobs.append(_Job("datapackage.json", "", "json", lambda: descriptor))
    members = _zip_members(package.root, descriptor, csv_bytes)
    jobs.append(_Job(ZIP_NAME, "", "zip", lambda: _zip_bytes(members, stamp)))
    inputs = {name: hashlib.sha256(data).hexdigest() for name, data in csv_bytes.items()}
    inputs["datapackage.json"] = hashlib.sha256(descriptor).hexdigest()
    inputs[status_table.NAME] = status_table.inputs_digest(inputs)
    zip_inputs = hashlib.sha256()
    for name, data in members:  # hashed member by member: no second copy of every CSV
        zip_inputs.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    inputs[ZIP_NAME] = zip_inputs.hexdigest()
    keyed = [_keyed(job, inputs[job.resource or job.path], epoch, salt) for job in jobs]
    return _run_all(dest, keyed, workers, cache)


def _status_jobs(package: Package, stamp: dt.datetime) -> list[_Job]:
    """The latest status per task (luoshi.status_table), as CSV and XLSX."""
    frame = cache(lambda: status_table.table(package))
    name = status_table.NAME
    return [
        _Job(f"{name}.csv", name, "csv", lambda: status_table.csv_bytes(frame())),
        _Job(f"{name}.xlsx", name, "xlsx", lambda: status_table.xlsx_bytes(frame(), stamp)),
    ]


def write_report_slices(package: Package, dest: Path, *, workers: int = 2) -> list[DownloadFile]:
    """Each report's tasks as CSV and XLSX, in the order of reports.csv.

    A slice depends only on its report's rows: its XLSX is stamped with the
    report's own date, not the build's, so a slice keeps its bytes until its
    report's data changes.
    """
    return _run_all(dest, _slice_jobs(package), workers, None)


def _keyed(job: _Job, inputs: str, epoch: int, salt: str) -> _Job:
    key = hashlib.sha256(f"{job.path}|{inputs}|{epoch}|{salt}".encode()).hexdigest()
    return dataclasses.replace(job, key=key)


def _run_all(dest: Path, jobs: list[_Job], workers: int, cache: Path | None) -> list[DownloadFile]:
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda job: _run(Path(dest), job, cache), jobs))


def _resource_jobs(
    package: Package, resource: dict, csv_bytes: dict[str, bytes], stamp: dt.datetime
) -> list[_Job]:
    name, fields = resource["name"], resource["schema"]["fields"]
    table = package[name]
    makers: dict[str, Callable[[], bytes]] = {
        "csv": lambda: csv_bytes[name],
        "xlsx": lambda: _resource_xlsx(name, table, fields, stamp),
        "parquet": lambda: _parquet_bytes(table, fields),
        "json": lambda: _json_bytes(table, fields),
    }
    return [_Job(f"{name}.{fmt}", name, fmt, make) for fmt, make in makers.items()]


def _stamp(epoch: int) -> dt.datetime:
    """The epoch as a naive UTC datetime (XLSX properties and zip times are UTC here)."""
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)


def _run(dest: Path, job: _Job, cache: Path | None) -> DownloadFile:
    target = dest / job.path
    target.parent.mkdir(parents=True, exist_ok=True)
    cached = cache / job.key[:2] / job.key if cache is not None and job.key else None
    whole = _cached_bytes(cached)
    if whole is not None:
        data, digest = whole
        replace_with_link(cached, target)  # type: ignore[arg-type]
    else:
        data = job.make()
        digest = hashlib.sha256(data).hexdigest()
        target.write_bytes(data)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            replace_with_link(target, cached)
            _write_atomic(cached.with_name(cached.name + ".sha256"), digest.encode())
    return DownloadFile(job.path, job.resource, job.format, len(data), digest, job.report_id)


def _cached_bytes(cached: Path | None) -> tuple[bytes, str] | None:
    """A cached file's bytes and digest, if they are whole: their digest matches the one
    recorded beside them (a build killed while writing, or a damaged cache, is rebuilt)."""
    if cached is None:
        return None
    try:
        data = cached.read_bytes()
        recorded = cached.with_name(cached.name + ".sha256").read_text(encoding="ascii")
    except (OSError, ValueError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    return (data, digest) if digest == recorded.strip() else None


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


# -- spreadsheet safety --------------------------------------------------------

# A text cell that Excel, WPS or LibreOffice would read as a formula begins with one
# of these (OWASP, "CSV Injection"). Such a cell is written with a leading "'" in the
# CSV and XLSX downloads: spreadsheets show it as text, and the value is the cell
# without its first character. A plain number ("-3.5", "+20%") is no formula and is
# left as it is, and so is a lone sign ("=" is a comparator in indicators.csv); typed
# columns (integer, number, boolean) never change.
FORMULA_START = "=+-@\t\r"
FORMULA_NOTE = (
    "CSV 与 XLSX 文件中,以 = + - @ 或制表符、回车开头的文本单元格(数字除外)前加了一个英文单引号 ',"
    "以免电子表格软件把它当作公式执行;去掉开头的这个单引号即为原值。JSON 与 Parquet 文件保持原值。"
)
_TYPED = ("integer", "number", "boolean")
_PLAIN_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?%?"
_MAYBE_FORMULA = re.compile(r'(?:^|[,\n])"?[=+\-@\t\r]', re.M)
_FORMULA_RE2 = "^[=+\\-@\\t\\r][\\s\\S]"


def neutralise(value: str) -> str:
    """`value` as a spreadsheet must show it: "'" before a formula-like text."""
    if len(value) > 1 and value[0] in FORMULA_START and not re.fullmatch(_PLAIN_NUMBER, value):
        return "'" + value
    return value


def neutralise_array(text: pa.Array) -> pa.Array:
    """neutralise() over an Arrow string array (nulls stay null)."""
    risky = pc.and_(
        pc.match_substring_regex(text, _FORMULA_RE2),
        pc.invert(pc.match_substring_regex(text, f"^{_PLAIN_NUMBER}$")),
    )
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise(_s("'"), text, _s("")), text)


# -- CSV ----------------------------------------------------------------------


def _csv_download(path: Path, fields: list[dict]) -> bytes:
    """The source CSV with a BOM and LF record endings, formulas neutralised.

    A source already written with LF endings (as the package's own tools write it) is
    copied byte for byte, so every value is exactly as published. Any "\\r" means CRLF
    endings or a carriage return inside a value, and a text cell a spreadsheet would
    read as a formula gets a leading "'" (see neutralise): such a file is parsed and
    re-written, other values unchanged, records ending in LF.
    """
    text = path.read_bytes().decode("utf-8-sig")  # drops a BOM the source may have
    if "\r" in text or _MAYBE_FORMULA.search(text):
        rows = list(csv.reader(io.StringIO(text, newline="")))
        text_columns = [i for i, f in enumerate(fields) if f.get("type", "string") not in _TYPED]
        body = [
            [neutralise(c) if i in text_columns else c for i, c in enumerate(row)]
            for row in rows[1:]
        ]
        return _csv_bytes(rows[0] if rows else [], body)
    if text and not text.endswith("\n"):
        text += "\n"
    return (BOM + text).encode("utf-8")


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


# -- JSON ---------------------------------------------------------------------


def _python_column(column: pd.Series, kind: str) -> list[Any]:
    """A column as Python values: ints, floats, bools, strings, None for missing."""
    if kind in ("integer", "number", "boolean"):
        values = column.to_numpy(dtype=object, na_value=None).tolist()
        if kind == "number":
            return [None if v is None else float(v) for v in values]
        return values
    return [value or None for value in column.astype(object).tolist()]


def _json_values(column: pd.Series, kind: str) -> list[str]:
    """Each value of a column as JSON text ("null" for missing)."""
    values = _python_column(column, kind)
    if kind in ("integer", "number"):
        if kind == "number" and not all(v is None or math.isfinite(v) for v in values):
            raise ValueError("NaN or infinity cannot be written as JSON")
        return ["null" if v is None else repr(v) for v in values]
    if kind == "boolean":
        return ["null" if v is None else ("true" if v else "false") for v in values]
    return ["null" if v is None else _json_string(v) for v in values]


def _json_bytes(table: pd.DataFrame, fields: list[dict]) -> bytes:
    """One record a line; each record is filled into a template rather than passed
    through json.dumps, which was the slowest step at 300,000 rows."""
    keys = [_json_string(field["name"]).replace("%", "%%") for field in fields]
    template = "{" + ", ".join(f"{key}: %s" for key in keys) + "}"
    columns = [_json_values(table[f["name"]], f.get("type", "string")) for f in fields]
    body = ",\n".join(template % values for values in zip(*columns, strict=True))
    return (f"[\n{body}\n]\n" if body else "[]\n").encode("utf-8")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- Parquet ------------------------------------------------------------------

_ARROW_TYPES = {
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("ms"),  # Parquet has no seconds unit; it would store ms anyway
}


def _arrow_text(values: pd.Series | Sequence[str]) -> pa.Array:
    """Text cells as an Arrow string array, empty cells (missing values) as null."""
    if isinstance(values, pd.Series):
        values = values.astype(object).tolist()
    text = pa.array(values, type=pa.large_string())
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)


def _arrow_column(column: pd.Series, kind: str) -> pa.Array:
    """A column typed as its schema field says (date and datetime parsed from ISO text)."""
    if kind in ("integer", "number", "boolean"):
        return pa.array(column, type=_ARROW_TYPES[kind])
    text = _arrow_text(column)
    if kind in ("date", "datetime"):
        return text.cast(_ARROW_TYPES[kind])
    return text.cast(pa.string())


def _parquet_bytes(table: pd.DataFrame, fields: list[dict]) -> bytes:
    arrays, schema = [], []
    for field in fields:
        array = _arrow_column(table[field["name"]], field.get("type", "string"))
        metadata = {key: str(field[key]) for key in ("title", "description") if field.get(key)}
        schema.append(pa.field(field["name"], array.type, metadata=metadata or None))
        arrays.append(array)
    buffer = io.BytesIO()
    table = pa.Table.from_arrays(arrays, schema=pa.schema(schema))
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


# -- XLSX ---------------------------------------------------------------------
#
# The data rows are built column by column with Arrow string kernels, so no
# Python code runs per cell. Missing values get no <c> element at all.


def _s(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


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


# -- Zip ----------------------------------------------------------------------


def _zip_bytes(
    members: Iterable[tuple[str, bytes]],
    stamp: dt.datetime,
    keep_order: bool = False,
    level: int = _ZIP_LEVEL,
) -> bytes:
    """A byte-deterministic zip: fixed times, permissions and compression."""
    date_time = max(stamp.timetuple()[:6], _ZIP_MIN_TIME)
    ordered = list(members) if keep_order else sorted(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are read as such
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def download_descriptor(descriptor: dict) -> dict:
    """The package descriptor for the download folder: each resource is its BOM'd CSV."""
    copy = json.loads(json.dumps(descriptor))
    for resource in copy["resources"]:
        resource["path"] = f"{resource['name']}.csv"
        resource["encoding"] = CSV_ENCODING
    copy["luoshi:spreadsheet-safety"] = FORMULA_NOTE
    return copy


def _zip_members(
    root: Path, descriptor: bytes, csv_bytes: dict[str, bytes]
) -> list[tuple[str, bytes]]:
    members = [(f"{ZIP_ROOT}/datapackage.json", descriptor)]
    members += [(f"{ZIP_ROOT}/{name}.csv", data) for name, data in csv_bytes.items()]
    for path in source_files(root):  # never a file a symlink leads to outside the package
        relative = path.relative_to(root).as_posix()
        members.append((f"{ZIP_ROOT}/{relative}", path.read_bytes()))
    return members


# -- Report slices ------------------------------------------------------------


def _slice_jobs(package: Package) -> list[_Job]:
    """Two files per report (also for a report without tasks, so links never break)."""
    frame = slice_table(package)
    headers = [column[0] for column in SLICE_COLUMNS]
    arrays = [neutralise_array(_arrow_text(frame[header])) for header in headers]
    rows = [list(row) for row in zip(*(array.to_pylist() for array in arrays), strict=True)]
    widths = tuple(column[1] for column in SLICE_COLUMNS)
    shells = {}
    spans = {
        report: (int(index[0]), len(index))
        for report, index in frame.groupby("report_id", sort=False).indices.items()
    }
    jobs = []
    reports = package["reports"]
    for report_id, stamp in zip(reports["id"].tolist(), report_stamps(reports), strict=True):
        start, count = spans.get(report_id, (0, 0))
        if stamp not in shells:
            shells[stamp] = _xlsx_shell("任务", tuple(headers), widths, stamp)

        def make_csv(start: int = start, count: int = count) -> bytes:
            return _csv_bytes(headers, rows[start : start + count])

        def make_xlsx(start: int = start, count: int = count, stamp: dt.datetime = stamp) -> bytes:
            columns = [(array.slice(start, count), "string") for array in arrays]
            return _xlsx_bytes(shells[stamp], _rows_xml(columns, count), stamp)

        csv_path, xlsx_path = (urls.report_slice(report_id, fmt) for fmt in SLICE_FORMATS)
        jobs.append(_Job(csv_path, "tasks", "csv", make_csv, report_id))
        jobs.append(_Job(xlsx_path, "tasks", "xlsx", make_xlsx, report_id))
    return jobs


def report_stamps(reports: pd.DataFrame) -> list[dt.datetime]:
    """Each report's own time: its publication time, else its date, else the zip epoch."""
    pairs = zip(reports["published"].tolist(), reports["dated"].tolist(), strict=True)
    return [
        dt.datetime.fromisoformat(text[:19]) if text else _stamp(0)
        for text in (published or dated for published, dated in pairs)
    ]


def slice_table(package: Package) -> pd.DataFrame:
    """Every report's task rows: a `report_id` column and the SLICE_COLUMNS, sorted by
    report, then in published order, so each report's rows are one contiguous run.

    Built with whole-column joins, never a filter per report: linear in the tables.
    """
    tasks, lists = package["tasks"], package["lists"].set_index("id")
    labels = tasks["title"].where(tasks["title"] != "", tasks["number"])
    parent_label = tasks["parent_id"].map(_mapping(tasks["id"], labels))
    lead_units, other_units = _task_units(package)
    values = {
        "report_id": tasks["list_id"].map(lists["report_id"]),
        "_list_position": tasks["list_id"].map(lists["position"]),
        "_list_id": tasks["list_id"],
        "_order": tasks["id"].map(_task_order(tasks)),
        "任务标识": tasks["id"],
        "清单": tasks["list_id"].map(lists["title"]),
        "章节": tasks["section_id"].map(_section_paths(package["sections"])),
        "上级任务": parent_label,
        "编号": tasks["number"],
        "类型": tasks["kind"].map(lambda kind: TASK_KINDS.get(kind, kind)),
        "标题": tasks["title"],
        "内容": tasks["text"],
        "牵头单位": tasks["id"].map(lead_units),
        "其他责任单位": tasks["id"].map(other_units),
        "牵头领导": tasks["id"].map(_task_officials(package)),
        "责任单位原文": tasks["units_text"],
        "备注": tasks["note"],
    }
    frame = pd.DataFrame({key: column.to_numpy(dtype=object) for key, column in values.items()})
    text = [column[0] for column in SLICE_COLUMNS]
    frame[text] = frame[text].fillna("")
    frame = frame.sort_values(["report_id", "_list_position", "_list_id", "_order"], kind="stable")
    return frame.drop(columns=["_list_position", "_list_id", "_order"]).reset_index(drop=True)


def _mapping(keys: pd.Series, values: pd.Series) -> dict[Any, Any]:
    """{key: value} over two columns (via lists: iterating Arrow-backed columns is slow)."""
    return dict(zip(keys.tolist(), values.tolist(), strict=True))


def _ancestor_paths(
    parents: dict[str, str], label: Callable[[str], str], sep: str
) -> dict[str, str]:
    """For each row, the labels of its ancestors and itself from the top down, joined by `sep`.
    Each chain is walked once: a row whose parent already has a path reuses it."""
    paths: dict[str, str] = {}
    for row_id in parents:
        chain, current = [], row_id
        while current and current not in paths and len(chain) <= len(parents):
            chain.append(current)
            current = parents.get(current, "")
        prefix = paths.get(current, "")
        for member in reversed(chain):
            prefix = f"{prefix}{sep}{label(member)}" if prefix else label(member)
            paths[member] = prefix
    return paths


def _task_order(tasks: pd.DataFrame) -> dict[str, str]:
    """A sort key per task: its positions from the top-level ancestor down, zero-padded,
    so a key task sorts right after its parent and before the parent's next sibling."""
    positions = _mapping(tasks["id"], tasks["position"])
    parents = _mapping(tasks["id"], tasks["parent_id"])
    return _ancestor_paths(parents, lambda task: f"{positions.get(task, 0):09d}", ".")


def _section_paths(sections: pd.DataFrame) -> dict[str, str]:
    """Each section's titles from the top level down, joined."""
    titles = _mapping(sections["id"], sections["title"])
    parents = _mapping(sections["id"], sections["parent_id"])
    return _ancestor_paths(parents, lambda section: titles.get(section, ""), _SECTION_SEPARATOR)


def _task_units(package: Package) -> tuple[dict[str, str], dict[str, str]]:
    """Per task: the lead unit names and the other unit names, joined, in published
    order (group, then position), each name once; a lead is not repeated as other."""
    assignments = package["assignments"]
    named = assignments.loc[
        assignments["task_id"] != "", ["task_id", "unit_id", "role", "group", "position"]
    ]
    names = named["unit_id"].map(_mapping(package["units"]["id"], package["units"]["name"]))
    named = named.assign(
        name=names.fillna(named["unit_id"]), lead=named["role"].isin(LEADING_ROLES)
    )
    named = named.sort_values(["task_id", "group", "position"], kind="stable")
    named = named.drop_duplicates(["task_id", "name", "lead"])
    key = named["task_id"] + "\x00" + named["name"]
    leads = named[named["lead"]]
    others = named[~named["lead"] & ~key.isin(set(key[named["lead"]]))]
    return _joined(leads, "name"), _joined(others, "name")


def _task_officials(package: Package) -> dict[str, str]:
    links = package["task_officials"].sort_values(["task_id", "position"], kind="stable")
    officials = package["officials"]
    names = links["official_id"].map(_mapping(officials["id"], officials["name"]))
    links = links.assign(name=names.fillna(links["official_id"]))
    return _joined(links.drop_duplicates(["task_id", "name"]), "name")


def _joined(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """`column` joined per task_id, rows in frame order (a plain loop: pandas'
    groupby-agg with a Python join took seconds for 100,000 tasks)."""
    groups: dict[str, list[str]] = {}
    for task_id, value in zip(frame["task_id"].tolist(), frame[column].tolist(), strict=True):
        groups.setdefault(task_id, []).append(value)
    return {task_id: _UNIT_SEPARATOR.join(values) for task_id, values in groups.items()}
