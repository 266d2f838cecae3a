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

from pathlib import Path

from luoshi.validate.cross import check_cross_table
from luoshi.validate.errors import MAX_PER_CHECK, Table, ValidationError, format_errors
from luoshi.validate.read import read_descriptor, read_resource
from luoshi.validate.schema import check_fields, check_foreign_keys, check_primary_key

__all__ = [
    "MAX_PER_CHECK",
    "Table",
    "ValidationError",
    "format_errors",
    "read_descriptor",
    "run_frictionless",
    "validate_package",
]


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
