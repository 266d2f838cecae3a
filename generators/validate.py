"""Validate a data package: its Table Schemas, keys, and the cross-table rules.

Errors are data (a type, a file, a row, a field, a message), collected in one
pass and printed once by the caller. Row numbers are line numbers in the CSV
file (the header is line 1), which is what frictionless-py reports too; the
error types reuse frictionless' names where the check is the same one, so a
finding here can be compared with `frictionless validate` on the same file.

Schema checks are vectorised with pandas rather than delegated to
frictionless-py, because frictionless checks row by row in Python and a
province-sized package (hundreds of thousands of rows) must validate in
seconds. `with_frictionless=True` additionally runs frictionless itself.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from luoshi.package import BOOLEANS, isin, lookup
from luoshi.values import parse_value, split_measure_unit


@dataclass(frozen=True)
class ValidationError:
    type: str  # frictionless names (type-error, foreign-key, …) or a luoshi rule name
    file: str  # the CSV (or descriptor) path as given
    row: int | None  # line number in the file; None for file-level errors
    field: str | None  # column name; None for row- or file-level errors
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row else "")
        column = f" [{self.field}]" if self.field else ""
        return f"{where}{column} {self.type}: {self.message}"


def format_errors(errors: list[ValidationError]) -> str:
    return "\n".join(str(error) for error in errors)


# ASCII digits only: full-width digits (１２) are rejected with a named error rather
# than read differently by the validator and the loader.
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_WIDE_DIGIT = re.compile(r"[０-９]")
MAX_MAGNITUDE = 1e15  # integers and numbers stay exact in a float64 and in Excel
_DATE = "%Y-%m-%d"
_DATETIME = "%Y-%m-%dT%H:%M:%S"
_DATE_SHAPE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATETIME_SHAPE = _DATE_SHAPE + r"T[0-9]{2}:[0-9]{2}:[0-9]{2}"
MAX_PER_CHECK = 50  # one broken column should not bury every other finding


@dataclass
class Table:
    name: str
    file: str
    fields: list[dict]
    frame: pd.DataFrame  # every cell a string; index = line number in the file


def validate_package(
    datapackage: Path | str, *, with_frictionless: bool = False
) -> list[ValidationError]:
    """Every finding in the package at `datapackage`, in a stable order."""
    from luoshi.structure import check_descriptor

    datapackage = Path(datapackage)
    descriptor, errors = read_descriptor(datapackage)
    if errors:
        return errors
    errors, resources = check_descriptor(descriptor, datapackage)
    tables: dict[str, Table] = {}
    for resource in resources:
        table, read_errors = read_resource(datapackage.parent, resource)
        errors += read_errors
        if table is not None:
            errors += check_fields(table)
            errors += check_primary_key(table, resource["schema"].get("primaryKey", []))
            tables[table.name] = table
    for resource in resources:
        if resource["name"] in tables:
            errors += check_foreign_keys(tables, resource)
    errors += check_cross_table(tables)
    if with_frictionless and not errors:  # never on a package whose paths are unsafe
        errors += run_frictionless(datapackage)
    return errors


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
    frame = _read_fast(raw, header)
    if frame is None:  # a row of the wrong length or a blank line: read carefully
        frame, errors = _read_carefully(file, text, header)
    frame.index = record_lines(text, len(frame))
    blank = frame.eq("").all(axis=1) if len(header) else pd.Series(dtype=bool)
    for line in frame.index[blank][:MAX_PER_CHECK]:
        errors.append(ValidationError("blank-row", file, int(line), None, "the row is empty"))
    return Table(name, file, fields, frame[~blank]), errors


def _read_fast(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """Every cell as a string, by Arrow's CSV reader (many times faster than the csv
    module); None if any row does not have exactly one cell per column."""
    import pyarrow as pa
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
    return table.to_pandas()


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


def check_fields(table: Table) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for field in table.fields:
        column = table.frame[field["name"]]
        filled = column[column != ""]
        constraints = field.get("constraints", {})
        if constraints.get("required"):
            errors += _report(table, field, column == "", "constraint-error", "a value is required")
        kind = field.get("type", "string")
        bad_type = ~_type_ok(filled, kind)
        wide = bad_type & filled.str.contains(_WIDE_DIGIT)
        message = f"not a valid {kind}: write the digits half-width (0-9), not full-width"
        errors += _report(table, field, wide, "type-error", message, filled)
        message = f"not a valid {kind}"
        errors += _report(table, field, bad_type & ~wide, "type-error", message, filled)
        if kind in ("integer", "number"):
            numbers = pd.to_numeric(filled[~bad_type], errors="coerce").astype(float)
            huge = ~(numbers.abs() < MAX_MAGNITUDE)
            message = f"out of range: a {kind} here must be finite and under {MAX_MAGNITUDE:.0e}"
            errors += _report(table, field, huge, "range-error", message, filled)
        errors += check_constraints(table, field, filled[~bad_type], constraints)
    return errors


def _type_ok(values: pd.Series, kind: str) -> pd.Series:
    if kind == "integer":
        return values.str.match(_INTEGER)
    if kind == "number":
        return values.str.match(_NUMBER)
    if kind == "boolean":
        return isin(values, BOOLEANS)
    if kind in ("date", "datetime"):
        fmt = _DATE if kind == "date" else _DATETIME
        shape = _DATE_SHAPE if kind == "date" else _DATETIME_SHAPE
        parsed = pd.to_datetime(values, format=fmt, errors="coerce").notna()
        return parsed & values.str.fullmatch(shape).fillna(False).astype(bool)
    return pd.Series(True, index=values.index)


def check_constraints(
    table: Table, field: dict, values: pd.Series, constraints: dict
) -> list[ValidationError]:
    errors = []
    if "enum" in constraints:
        allowed = ", ".join(map(str, constraints["enum"]))
        bad = ~isin(values, [str(v) for v in constraints["enum"]])
        errors += _report(
            table, field, bad, "constraint-error", f"must be one of: {allowed}", values
        )
    if "pattern" in constraints:
        bad = ~values.str.fullmatch(constraints["pattern"])
        message = f"does not match the pattern {constraints['pattern']}"
        errors += _report(table, field, bad, "constraint-error", message, values)
    for bound, compare in (("minimum", "lt"), ("maximum", "gt")):
        if bound in constraints:
            numbers = pd.to_numeric(values, errors="coerce")
            bad = getattr(numbers, compare)(constraints[bound]).fillna(False)
            message = f"{bound} is {constraints[bound]}"
            errors += _report(table, field, bad, "constraint-error", message, values)
    if constraints.get("unique"):
        bad = values.duplicated(keep="first")
        errors += _report(table, field, bad, "unique-error", "the value is not unique", values)
    return errors


def _report(
    table: Table,
    field: dict,
    bad: pd.Series,
    kind: str,
    message: str,
    values: pd.Series | None = None,
) -> list[ValidationError]:
    lines = bad.index[bad.to_numpy(dtype=bool)][:MAX_PER_CHECK]
    errors = []
    for line in lines:
        shown = f"{values[line]!r}: " if values is not None else ""
        errors.append(ValidationError(kind, table.file, int(line), field["name"], shown + message))
    return errors


def check_primary_key(table: Table, key: list[str] | str) -> list[ValidationError]:
    key = [key] if isinstance(key, str) else list(key)
    if not key:
        return []
    duplicated = table.frame.duplicated(subset=key, keep="first")
    errors = []
    for line in table.frame.index[duplicated][:MAX_PER_CHECK]:
        values = ", ".join(table.frame.loc[line, key])
        message = f"({values}) appears more than once; ({', '.join(key)}) must be unique"
        errors.append(ValidationError("primary-key", table.file, int(line), None, message))
    return errors


def check_foreign_keys(tables: dict[str, Table], resource: dict) -> list[ValidationError]:
    table = tables[resource["name"]]
    errors = []
    for foreign in resource["schema"].get("foreignKeys", []):
        source = _one(foreign["fields"])
        target_name = foreign["reference"]["resource"] or resource["name"]
        target = tables.get(target_name)
        if target is None:
            continue  # the referenced file has its own error already
        values = table.frame[source]
        bad = (values != "") & ~isin(values, target.frame[_one(foreign["reference"]["fields"])])
        message = f"not found in {Path(target.file).name} ({_one(foreign['reference']['fields'])})"
        errors += _report(table, {"name": source}, bad, "foreign-key", message, values)
    return errors


def _one(fields: list[str] | str) -> str:
    return fields if isinstance(fields, str) else fields[0]


# --- cross-table rules -----------------------------------------------------------------


def check_cross_table(tables: dict[str, Table]) -> list[ValidationError]:
    from luoshi.structure import check_ids, check_source_names, check_trees

    errors: list[ValidationError] = []
    for check in (
        check_ids,
        check_source_names,
        check_trees,
        check_owners,
        check_numbering,
        check_aliases,
        check_unit_jurisdictions,
        check_parsed_values,
        check_same_list,
        check_slugs,
    ):
        errors += check(tables)
    return errors


def _frames(tables: dict[str, Table], *names: str) -> Iterator[Table] | None:
    if all(name in tables for name in names):
        return iter(tables[name] for name in names)
    return None


def check_owners(tables: dict[str, Table]) -> list[ValidationError]:
    """An assignment or progress row belongs to exactly one task or one indicator."""
    errors = []
    for name in ("assignments", "progress"):
        if name not in tables:
            continue
        table = tables[name]
        frame = table.frame
        bad = (frame["task_id"] == "") == (frame["indicator_id"] == "")
        message = "give exactly one of task_id and indicator_id"
        errors += _report(table, {"name": "task_id"}, bad, "owner-error", message)
    return errors


def check_numbering(tables: dict[str, Table]) -> list[ValidationError]:
    """Positions run 1..N without gaps or repeats inside each list (and each parent)."""
    scopes = {
        "lists": ["report_id"],
        "sections": ["list_id"],
        "tasks": ["list_id", "parent_id"],
        "indicators": ["list_id", "task_id"],
    }
    errors = []
    for name, scope in scopes.items():
        if name not in tables:
            continue
        table = tables[name]
        frame = table.frame[table.frame["position"].str.fullmatch(r"[0-9]{1,15}").fillna(False)]
        positions = frame["position"].astype(int)
        expected = frame.assign(_p=positions).groupby(scope)["_p"].rank(method="first")
        bad = positions != expected
        message = "position breaks the 1..N numbering of its list (gap or repeat)"
        errors += _report(table, {"name": "position"}, bad, "numbering-error", message, positions)
    return errors


def check_aliases(tables: dict[str, Table]) -> list[ValidationError]:
    """Each published spelling resolves, within its jurisdiction, to the unit it names."""
    found = _frames(tables, "assignments", "units", "unit_aliases")
    if found is None:
        return []
    assignments, units, aliases = found
    spellings = dict(  # (jurisdiction, spelling) → unit; the last row wins, as in a dict
        zip(
            aliases.frame["jurisdiction_id"] + "\x1f" + aliases.frame["alias"],
            aliases.frame["unit_id"],
            strict=True,
        )
    )
    frame = assignments.frame
    jurisdiction = _lookup(frame["unit_id"], units.frame, "jurisdiction_id")
    # \x1f (unit separator) joins the two: no id or spelling contains it
    spelled = jurisdiction.fillna("") + "\x1f" + frame["name_as_published"].astype(object)
    resolved = lookup(spelled, pd.Series(list(spellings)), pd.Series(list(spellings.values())))
    bad = jurisdiction.notna() & (resolved.fillna("") != frame["unit_id"].astype(object))
    errors = []
    for line in frame.index[bad.to_numpy(dtype=bool)][: MAX_PER_CHECK * 2]:
        name, unit_id = frame.at[line, "name_as_published"], frame.at[line, "unit_id"]
        message = f"{name!r} is not listed in unit_aliases.csv as a spelling of {unit_id}"
        errors.append(
            ValidationError(
                "alias-error", assignments.file, int(line), "name_as_published", message
            )
        )
    wrong = _lookup(aliases.frame["unit_id"], units.frame, "jurisdiction_id")
    bad = wrong.notna() & (wrong != aliases.frame["jurisdiction_id"])
    message = "the unit belongs to another jurisdiction"
    errors += _report(aliases, {"name": "unit_id"}, bad, "alias-error", message)
    return errors[: MAX_PER_CHECK * 2]


def check_unit_jurisdictions(tables: dict[str, Table]) -> list[ValidationError]:
    """A unit is assigned only in its own jurisdiction's documents.

    Spellings resolve to units within the document's jurisdiction, so this holds
    for every imported row; the site relies on it, since each part of the build
    is made from one group of jurisdictions' rows alone (luoshi.parts.subset).
    """
    frames = _frames(tables, "assignments", "tasks", "indicators", "lists", "reports", "units")
    if frames is None:
        return []
    assignments, tasks, indicators, lists, reports, units = (t.frame for t in frames)
    owner = assignments["task_id"].where(assignments["task_id"] != "", assignments["indicator_id"])
    list_id = _lookup(owner, tasks, "list_id").fillna(_lookup(owner, indicators, "list_id"))
    report = _lookup(list_id, lists, "report_id")
    expected = _lookup(report, reports, "jurisdiction_id")
    actual = _lookup(assignments["unit_id"], units, "jurisdiction_id")
    bad = expected.notna() & actual.notna() & (expected != actual)
    message = "the unit belongs to another jurisdiction than the document naming it"
    table = tables["assignments"]
    return _report(
        table, {"name": "unit_id"}, bad, "unit-jurisdiction", message, table.frame["unit_id"]
    )


def _lookup(ids: pd.Series, frame: pd.DataFrame, column: str) -> pd.Series:
    """`column` of the rows of `frame` whose id is each of `ids` (None if none is)."""
    return lookup(ids, frame["id"], frame[column])


def check_parsed_values(tables: dict[str, Table]) -> list[ValidationError]:
    """Parsed comparators and numbers agree with the published text they come from."""
    if "indicators" not in tables:
        return []
    table = tables["indicators"]
    frame = table.frame
    found: list[tuple[int, int, ValidationError]] = []  # (line, check) keeps row order
    for order, side in enumerate(("baseline", "target")):
        fields = ["comparator", "value", "value_max"] + (["value_unit"] if side == "target" else [])
        stored_columns = [
            f"{side}_{f}" if f != "value_unit" else "target_value_unit" for f in fields
        ]
        parsed = frame[f"{side}_text"].map(_parse)  # each distinct text parsed once
        bad = pd.Series(False, index=frame.index)
        for field, column in zip(fields, stored_columns, strict=True):
            expected = parsed.map(lambda value, field=field: getattr(value, field))
            bad |= ~_same_values(frame[column], expected)
        for line in frame.index[bad.to_numpy(dtype=bool)][:MAX_PER_CHECK]:
            text = frame.at[line, f"{side}_text"]
            stored = tuple(frame.at[line, column] for column in stored_columns)
            expected = tuple(getattr(parsed[line], field) for field in fields)
            message = f"{text!r} reads as {expected}, the row says {stored}"
            error = ValidationError(
                "parsed-value-error", table.file, int(line), f"{side}_comparator", message
            )
            found.append((int(line), order, error))
    split = frame["name"].map(_split)
    bad = (frame["base_name"] != split.str[0]) | (frame["measure_unit"] != split.str[1])
    for line in frame.index[bad.to_numpy(dtype=bool)][:MAX_PER_CHECK]:
        message = f"base_name/measure_unit do not split the name {frame.at[line, 'name']!r}"
        error = ValidationError("parsed-value-error", table.file, int(line), "name", message)
        found.append((int(line), 2, error))
    return [error for _, _, error in sorted(found, key=lambda item: item[:2])][:MAX_PER_CHECK]


# Published values repeat (增长6%, 100%): each distinct text is parsed once.
_parse = functools.cache(parse_value)
_split = functools.cache(split_measure_unit)


def _same_values(stored: pd.Series, expected: pd.Series) -> pd.Series:
    """Equal as text, or as numbers (a stored 6.0 matches a parsed 6)."""
    stored, expected = stored.astype(object), expected.astype(object)
    numbers = pd.to_numeric(stored, errors="coerce") == pd.to_numeric(expected, errors="coerce")
    return (stored == expected) | numbers.fillna(False).astype(bool)


def check_same_list(tables: dict[str, Table]) -> list[ValidationError]:
    """A task's, section's or indicator's section, parent or task belongs to its own
    list (a page shows each list's rows under that list alone)."""
    found = _frames(tables, "tasks", "sections", "indicators")
    if found is None:
        return []
    tasks, sections, indicators = found
    errors = []
    for table, column, owners in (
        (tasks, "section_id", sections),
        (tasks, "parent_id", tasks),
        (sections, "parent_id", sections),
        (indicators, "task_id", tasks),
        (indicators, "section_id", sections),
    ):
        other = _lookup(table.frame[column], owners.frame, "list_id")
        bad = other.notna() & (other != table.frame["list_id"])
        message = f"the {column} belongs to another list"
        errors += _report(table, {"name": column}, bad, "list-error", message)
    return errors


def check_slugs(tables: dict[str, Table]) -> list[ValidationError]:
    """Each indicator name gets its own page: no two names share a URL slug."""
    from luoshi.pages.model import indicator_slug

    if "indicators" not in tables:
        return []
    table = tables["indicators"]
    first = table.frame.drop_duplicates("name")
    seen: dict[str, str] = {}
    errors = []
    for line, name, base in zip(first.index, first["name"], first["base_name"], strict=True):
        slug = indicator_slug(name, base)
        if slug in seen and seen[slug] != name:
            message = f"{name!r} and {seen[slug]!r} would share the page indicators/{slug}/"
            errors.append(ValidationError("slug-error", table.file, int(line), "name", message))
        seen.setdefault(slug, name)
    return errors[:MAX_PER_CHECK]


def run_frictionless(datapackage: Path) -> list[ValidationError]:
    """frictionless-py's own report, as the same error objects (slow on large packages)."""
    from frictionless import Package

    try:
        report = Package(str(datapackage)).validate()
    except Exception as problem:  # frictionless' own failure is one finding, named
        message = f"frictionless could not check the package: {type(problem).__name__}"
        return [ValidationError("frictionless/error", str(datapackage), None, None, message)]
    errors = []
    for task in report.tasks:
        for error in task.errors:
            errors.append(
                ValidationError(
                    f"frictionless/{error.type}",
                    str(datapackage.parent / task.place) if task.place else str(datapackage),
                    getattr(error, "row_number", None),
                    getattr(error, "field_name", None),
                    error.message,
                )
            )
    for error in report.errors:
        errors.append(
            ValidationError(
                f"frictionless/{error.type}", str(datapackage), None, None, error.message
            )
        )
    return errors
