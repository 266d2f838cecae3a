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

from luoshi.downloads.archive import CSV_ENCODING, ZIP_NAME, ZIP_ROOT, download_descriptor
from luoshi.downloads.files import DownloadFile, write_downloads
from luoshi.downloads.formats import BOM
from luoshi.downloads.safety import FORMULA_NOTE, FORMULA_START, neutralise, neutralise_array
from luoshi.downloads.slices import (
    SLICE_COLUMNS,
    SLICE_FORMATS,
    report_stamps,
    slice_table,
    write_report_slices,
)

__all__ = [
    "BOM",
    "CSV_ENCODING",
    "FORMULA_NOTE",
    "FORMULA_START",
    "SLICE_COLUMNS",
    "SLICE_FORMATS",
    "ZIP_NAME",
    "ZIP_ROOT",
    "DownloadFile",
    "download_descriptor",
    "neutralise",
    "neutralise_array",
    "report_stamps",
    "slice_table",
    "write_downloads",
    "write_report_slices",
]
