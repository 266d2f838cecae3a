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
# Table Schema's default spellings of a boolean (trueValues/falseValues): the
# validator accepts exactly these and loading reads exactly these.
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
BOOLEANS = {value: True for value in TRUE_VALUES} | {value: False for value in FALSE_VALUES}
# Published documents are kept with the package; a copy on the site keeps its name
# only where the type cannot run in a browser. Anything else (HTML, SVG, XML,
# Markdown, scripts…) is published as plain text with ".txt" added to its name.
INERT_SOURCE_SUFFIXES = frozenset(
    (".txt", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ofd", ".csv")
    + (".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".rar", ".7z")
)


class OutsidePackage(ValueError):
    """A path of the package leads outside its folder (absolute, "..", a URL or a
    symlink); the message names the path as written, never what it points at."""


def inside(root: Path, relative: str) -> Path:
    """`root / relative`, checked to stay in the package: a relative POSIX path, no
    URL, no "..", and no symlink on the way that leaves `root`."""
    text = str(relative)
    if not text or "://" in text or text.startswith(("/", "\\")) or "\\" in text:
        raise OutsidePackage(f"{text!r} is not a relative path inside the package")
    parts = text.split("/")
    if ".." in parts or ":" in parts[0]:
        raise OutsidePackage(f"{text!r} is not a relative path inside the package")
    base = Path(root).resolve()
    path = base / text
    resolved = path.resolve()
    if resolved != base and base not in resolved.parents:
        raise OutsidePackage(f"{text!r} leads outside the package (a symlink)")
    return path


def source_files(root: Path) -> list[Path]:
    """The regular files below `root`/sources that stay inside the package, sorted;
    a symlink leading out of it is skipped (the validator names it)."""
    folder = Path(root) / "sources"
    try:
        inside(root, "sources")
    except OutsidePackage:
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        try:
            inside(root, path.relative_to(root).as_posix())
        except OutsidePackage:
            continue
        if path.is_file():
            found.append(path)
    return found


def source_path(root: Path, name: str) -> Path | None:
    """The source document `name` (reports.source_file) if it is a file inside the
    package's sources/ folder, else None."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        return None
    try:
        path = inside(root, f"sources/{name}")
    except OutsidePackage:
        return None
    return path if path.is_file() else None


def published_source_name(name: str) -> str:
    """The file name a source document is published under on the site."""
    suffix = Path(name).suffix.lower()
    return name if suffix in INERT_SOURCE_SUFFIXES else f"{name}.txt"


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
            column = column.map(BOOLEANS)
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
        res["name"]: read_table(inside(root, res["path"]), res["schema"]["fields"])
        for res in descriptor["resources"]
    }
    return Package(root=root, descriptor=descriptor, tables=tables)


def latest_report_date(package: Package) -> str:
    """The latest date or publication time of any report (ISO date), "" if none."""
    reports = package["reports"]
    dates = [str(v)[:10] for c in ("published", "dated") for v in reports[c].tolist() if v]
    return max(dates, default="")
