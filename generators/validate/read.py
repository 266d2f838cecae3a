"""Reading the descriptor and each CSV strictly: UTF-8, header matching the schema, one
cell per field, every record's line number as in the file."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
from luoshi.validate.errors import MAX_PER_CHECK, Table, ValidationError


def read_descriptor(datapackage: Path) -> tuple[dict, list[ValidationError]]:
    """The descriptor, or the error that it cannot be read (the message says why,
    never what the file holds)."""
    file = str(datapackage)
    try:
        raw = datapackage.read_bytes()
    except OSError as problem:
        message = f"cannot read the descriptor: {problem.strerror or type(problem).__name__}"
        return {}, [ValidationError("package-error", file, None, None, message)]
    try:
        return json.loads(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as problem:
        message = f"not UTF-8 (byte {problem.start}); save the file as UTF-8"
        return {}, [ValidationError("encoding-error", file, None, None, message)]
    except ValueError as problem:  # the JSON error names a line and column only
        line = getattr(problem, "lineno", None)
        message = f"not valid JSON: {getattr(problem, 'msg', 'unreadable')}"
        return {}, [ValidationError("package-error", file, line, None, message)]
    except RecursionError:
        return {}, [ValidationError("package-error", file, None, None, "nested too deeply")]


def read_resource(root: Path, resource: dict) -> tuple[Table | None, list[ValidationError]]:
    """Read a CSV strictly: UTF-8, header matching the schema, one cell per field."""
    path = root / resource["path"]  # checked to stay inside the package (structure.py)
    file = str(path)
    fields = resource["schema"]["fields"]
    try:
        if not path.is_file():
            raise FileNotFoundError(2, "no such file")
        raw = path.read_bytes()
    except OSError as problem:
        message = f"cannot read the file: {problem.strerror or type(problem).__name__}"
        return None, [ValidationError("source-error", file, None, None, message)]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        message = "a NUL byte: the file is binary or damaged"
        return None, [ValidationError("nul-byte", file, line, None, message)]
    try:
        return _parse_csv(resource["name"], file, raw, fields)
    except csv.Error as problem:  # e.g. a cell larger than the csv module's limit
        message = f"the CSV cannot be read: {problem}"
        return None, [ValidationError("format-error", file, None, None, message)]


def _parse_csv(
    name: str, file: str, raw: bytes, fields: list[dict]
) -> tuple[Table | None, list[ValidationError]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        message = f"not UTF-8 (byte {problem.start}); save the file as UTF-8"
        return None, [ValidationError("encoding-error", file, line, None, message)]
    if not text.strip():
        message = "the file is empty: it needs at least the header row"
        return None, [ValidationError("empty-file", file, None, None, message)]
    header = next(csv.reader(io.StringIO(text, newline="")))
    errors = check_header(file, header, [f["name"] for f in fields])
    if errors:
        return None, errors
    read = _read_fast(raw, header)
    if read is None:  # a row of the wrong length or a blank line: read carefully
        frame, errors = _read_carefully(file, text, header)
        blank = frame.eq("").all(axis=1).to_numpy(dtype=bool)
    else:
        frame, blank = read
    frame.index = record_lines(text, len(frame))
    for line in frame.index[blank][:MAX_PER_CHECK]:
        errors.append(ValidationError("blank-row", file, int(line), None, "the row is empty"))
    return Table(name, file, fields, frame[~blank] if blank.any() else frame), errors


def _read_fast(raw: bytes, header: list[str]) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Every cell as a string, by Arrow's CSV reader (many times faster than the csv
    module), and which rows are blank (every cell empty; found by Arrow too, before
    pandas, where it cost a millisecond a table); None if any row does not have
    exactly one cell per column."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as arrow_csv

    if len(set(header)) != len(header):
        return None
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(raw.removeprefix(b"\xef\xbb\xbf")),
            read_options=arrow_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    empty = [pc.equal(column, "") for column in table.columns]
    blank = functools.reduce(pc.and_, empty) if empty else pa.array([], pa.bool_())
    return table.to_pandas(), np.asarray(blank, dtype=bool)


def _read_carefully(
    file: str, text: str, header: list[str]
) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Row by row with the csv module, naming each row whose length is wrong."""
    body = list(csv.reader(io.StringIO(text, newline="")))[1:]
    errors = check_row_lengths(file, body, record_lines(text, len(body)), len(header))
    width = len(header)
    cells = [(row + [""] * width)[:width] for row in body]
    return pd.DataFrame(cells, columns=header, dtype=str), errors


def check_header(file: str, header: list[str], expected: list[str]) -> list[ValidationError]:
    """Compare labels by position, as frictionless does: a column is found by its place."""
    errors = []
    for position, name in enumerate(expected):
        if position >= len(header):
            message = f"column {name!r} is missing (expected at position {position + 1})"
            errors.append(ValidationError("missing-label", file, 1, name, message))
        elif header[position] != name:
            message = f"column {position + 1} is {header[position]!r}, the schema expects {name!r}"
            errors.append(ValidationError("incorrect-label", file, 1, name, message))
    for name in header[len(expected) :]:
        message = f"column {name!r} is not in the schema"
        errors.append(ValidationError("extra-label", file, 1, name or None, message))
    return errors


def record_lines(text: str, count: int) -> pd.Index:
    """The line of the file each of the `count` records after the header starts on:
    its physical line, also after a cell that spans lines."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines += 0 if text.endswith(("\n", "\r")) else 1
    if lines == count + 1:  # one record a line
        return pd.RangeIndex(2, 2 + count)
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, previous = [], 0
    for _ in reader:
        starts.append(previous + 1)
        previous = reader.line_num
    if len(starts) != count + 1:
        return pd.RangeIndex(2, 2 + count)
    return pd.Index(starts[1:])


def check_row_lengths(
    file: str, body: list[list[str]], lines: pd.Index, width: int
) -> list[ValidationError]:
    errors = []
    for line, row in zip(lines, body, strict=True):
        if len(row) > width and any(row[width:]):
            message = f"{len(row)} cells, the header has {width}"
            errors.append(ValidationError("extra-cell", file, line, None, message))
        elif 0 < len(row) < width:
            message = f"{len(row)} cells, the header has {width}"
            errors.append(ValidationError("missing-cell", file, line, None, message))
        if len(errors) >= MAX_PER_CHECK:
            break
    return errors
