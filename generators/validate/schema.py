"""The Table Schema checks of one table (types, constraints, primary key) and its foreign
keys, vectorised with pandas."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from luoshi.package import BOOLEANS, isin
from luoshi.validate.errors import MAX_PER_CHECK, Table, ValidationError, _report

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


def check_fields(table: Table) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for field in table.fields:
        constraints = field.get("constraints", {})
        kind = field.get("type", "string")
        if kind == "string" and not constraints:
            continue  # every text is a valid string, and nothing more is asked of it
        column = table.frame[field["name"]]
        empty = np.asarray(column.array == "", dtype=bool)
        if constraints.get("required"):
            errors += _report(table, field, empty, "constraint-error", "a value is required")
        filled = column[~empty] if empty.any() else column
        if kind != "string":  # every text is a valid string
            typed = np.asarray(_type_ok(filled, kind), dtype=bool)
            errors += _type_errors(table, field, kind, filled, typed)
            filled = filled if typed.all() else filled[typed]
            errors += _range_errors(table, field, kind, filled)
        errors += check_constraints(table, field, filled, constraints)
    return errors


def _type_errors(
    table: Table, field: dict, kind: str, filled: pd.Series, typed: np.ndarray
) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if not typed.all():
        wide = np.asarray(filled.str.contains(_WIDE_DIGIT), dtype=bool)
        message = f"not a valid {kind}: write the digits half-width (0-9), not full-width"
        errors += _report(table, field, ~typed & wide, "type-error", message, filled)
        message = f"not a valid {kind}"
        errors += _report(table, field, ~typed & ~wide, "type-error", message, filled)
    return errors


def _range_errors(table: Table, field: dict, kind: str, typed: pd.Series) -> list[ValidationError]:
    """Integers and numbers (the `typed` texts, valid as such) too large to stay exact."""
    if kind not in ("integer", "number"):
        return []
    small = np.abs(as_numbers(typed).to_numpy()) < MAX_MAGNITUDE
    message = f"out of range: a {kind} here must be finite and under {MAX_MAGNITUDE:.0e}"
    return _report(table, field, ~small, "range-error", message, typed)


def as_numbers(values: pd.Series) -> pd.Series:
    """Text as floats, NaN where it is not a number. Arrow's cast does it at C speed
    (pandas' to_numeric walks the strings in Python); where a text is not a number,
    the cast refuses the whole column and to_numeric marks the ones that are not."""
    try:
        array = pc.cast(pa.array(values.array, type=pa.string()), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pd.to_numeric(values, errors="coerce").astype(float)
    return pd.Series(array.to_numpy(zero_copy_only=False), index=values.index, dtype=float)


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
        bad = ~isin(values, [str(v) for v in constraints["enum"]]).to_numpy(dtype=bool)
        errors += _report(
            table, field, bad, "constraint-error", f"must be one of: {allowed}", values
        )
    if "pattern" in constraints:
        bad = ~np.asarray(values.str.fullmatch(constraints["pattern"]), dtype=bool)
        message = f"does not match the pattern {constraints['pattern']}"
        errors += _report(table, field, bad, "constraint-error", message, values)
    for bound, compare in (("minimum", "lt"), ("maximum", "gt")):
        if bound in constraints:
            numbers = as_numbers(values)
            bad = getattr(numbers, compare)(constraints[bound]).fillna(False).to_numpy(dtype=bool)
            message = f"{bound} is {constraints[bound]}"
            errors += _report(table, field, bad, "constraint-error", message, values)
    if constraints.get("unique"):
        bad = values.duplicated(keep="first").to_numpy(dtype=bool)
        errors += _report(table, field, bad, "unique-error", "the value is not unique", values)
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
