"""Errors as data (a type, a file, a row, a field, a message), the table they are found
in, and how a check's bad rows become errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


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


MAX_PER_CHECK = 50  # one broken column should not bury every other finding


@dataclass
class Table:
    name: str
    file: str
    fields: list[dict]
    frame: pd.DataFrame  # every cell a string; index = line number in the file


def _report(
    table: Table,
    field: dict,
    bad: pd.Series | np.ndarray,
    kind: str,
    message: str,
    values: pd.Series | None = None,
) -> list[ValidationError]:
    """The errors of the rows `bad` marks: a boolean Series, or a boolean array over the
    rows of `values` (of the table without them). An array costs no pandas operation
    where no row is bad, which on a small table was most of what the checks took."""
    if isinstance(bad, pd.Series):
        lines = bad.index[bad.to_numpy(dtype=bool)]
    elif not bad.any():
        return []
    else:
        lines = (table.frame.index if values is None else values.index)[bad]
    errors = []
    for line in lines[:MAX_PER_CHECK]:
        shown = f"{values[line]!r}: " if values is not None else ""
        errors.append(ValidationError(kind, table.file, int(line), field["name"], shown + message))
    return errors
