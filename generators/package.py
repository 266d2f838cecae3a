"""Read a data package (datapackage.json + CSVs) into typed pandas tables.

Reading does not validate: `luoshi.validate` does that first, so by the time a
page is rendered every value is known to match its schema. Empty cells stay
empty strings in string columns and become missing (<NA>) in typed columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

RESOURCES = (
    "jurisdictions",
    "reports",
    "lists",
    "sections",
    "tasks",
    "units",
    "unit_aliases",
    "assignments",
    "officials",
    "task_officials",
    "indicators",
    "deadlines",
    "progress",
)

_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass
class Package:
    root: Path  # the folder holding datapackage.json
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def fields(self, name: str) -> list[dict]:
        return self.resource(name)["schema"]["fields"]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def isin(column: pd.Series, values: Iterable[object]) -> pd.Series:
    """`column.isin(values)`, hashed by Arrow (pandas' own isin is a Python loop on
    Arrow-backed strings: 3.4 s of a 12 s province validation)."""
    listed = values if isinstance(values, pd.Series | pd.Index) else list(values)
    try:
        found = pc.is_in(_arrow(column), value_set=_arrow(listed))
        return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index, dtype=bool)
    except (pa.ArrowException, TypeError, ValueError):  # mixed types: hash on objects
        known = pd.Index(pd.unique(pd.Series(listed, dtype=object).to_numpy()))
        return pd.Series(known.get_indexer(column.to_numpy(dtype=object)) >= 0, index=column.index)


def lookup(column: pd.Series, keys: pd.Series, values: pd.Series) -> pd.Series:
    """`column` mapped through keys → values (None where a key is unknown; the last of
    repeated keys wins, as in a dict), hashed by Arrow like `isin`."""
    if not keys.is_unique:  # only in a package that fails validation
        last = ~keys.duplicated(keep="last").to_numpy()
        keys, values = keys[last], values[last]
    try:
        positions = pc.index_in(_arrow(column), value_set=_arrow(keys))
        found = pc.take(_arrow(values), positions).to_numpy(zero_copy_only=False)
    except (pa.ArrowException, TypeError, ValueError):  # mixed types: hash on objects
        positions = pd.Index(keys.to_numpy(dtype=object)).get_indexer(column.to_numpy(dtype=object))
        found = values.to_numpy(dtype=object)[positions]
        found[positions < 0] = None
    return pd.Series(found, index=column.index, dtype=object)


def _arrow(values: pd.Series | pd.Index | list) -> pa.Array:
    """One Arrow array (no copy for Arrow-backed strings)."""
    array = pa.array(values, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def read_descriptor(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_table(path: Path, fields: list[dict]) -> pd.DataFrame:
    """Read one CSV as strings, then give typed columns their pandas type."""
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
    )
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        if name not in frame.columns or kind not in _PANDAS_TYPES:
            continue
        column = frame[name].replace("", None)
        if kind == "boolean":
            column = column.map({"true": True, "false": False, None: None})
        elif kind == "integer":
            column = pd.to_numeric(column).astype("Int64")
        else:
            column = pd.to_numeric(column)
        frame[name] = column.astype(_PANDAS_TYPES[kind])
    return frame


def load(datapackage: Path | str) -> Package:
    """Load every resource of the package at `datapackage` (a datapackage.json path)."""
    datapackage = Path(datapackage)
    descriptor = read_descriptor(datapackage)
    root = datapackage.parent
    tables = {
        res["name"]: read_table(root / res["path"], res["schema"]["fields"])
        for res in descriptor["resources"]
    }
    return Package(root=root, descriptor=descriptor, tables=tables)


def latest_report_date(package: Package) -> str:
    """The latest date or publication time of any report (ISO date), "" if none."""
    reports = package["reports"]
    dates = [str(v)[:10] for c in ("published", "dated") for v in reports[c].tolist() if v]
    return max(dates, default="")
