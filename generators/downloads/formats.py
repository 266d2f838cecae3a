"""The CSV, JSON and Parquet downloads of a resource."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from luoshi.downloads.safety import _MAYBE_FORMULA, _TYPED, neutralise

BOM = "\ufeff"
# A JSON string literal with non-ASCII text kept as is (what json.dumps does, in C).
_json_string = json.encoder.encode_basestring


def _csv_download(source: bytes, fields: list[dict]) -> bytes:
    """The source CSV with a BOM and LF record endings, formulas neutralised.

    A source already written with LF endings (as the package's own tools write it) is
    copied byte for byte, so every value is exactly as published. Any "\\r" means CRLF
    endings or a carriage return inside a value, and a text cell a spreadsheet would
    read as a formula gets a leading "'" (see neutralise): such a file is parsed and
    re-written, other values unchanged, records ending in LF.
    """
    text = source.decode("utf-8-sig")  # drops a BOM the source may have
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
