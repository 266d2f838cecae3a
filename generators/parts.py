"""Split the site into parts that build independently: one per group of jurisdictions,
plus the global part (home, listings, indicators, downloads, hand-written pages).

A jurisdiction part is rendered from a sub-package that holds only its
jurisdictions' rows (`subset`), so what it reads is exactly what its key hashes:
a part whose rows, code and engine are unchanged is reused, byte for byte.
Membership is a stable hash of the jurisdiction id, so adding a jurisdiction
never moves another one to a different part; the part count is a build setting
(`--parts`), the same on every machine of a CI matrix.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from luoshi.package import Package, isin

GLOBAL = "global"
JURISDICTIONS_PER_PART = 6  # the default part count aims at about this many per part
MAX_DEFAULT_PARTS = 16
_SPEC = re.compile(r"^(\d+)/(\d+)$")
_ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "properdocs",
    "pagefind",
    "pagefind-bin",
    "jinja2",
    "pandas",
)


@dataclass(frozen=True)
class Part:
    """`index` of `count` (1-based) for a jurisdiction part; the global part is (0, 0)."""

    index: int
    count: int

    @property
    def name(self) -> str:
        return GLOBAL if self.index == 0 else f"part-{self.index:02d}-of-{self.count:02d}"

    @property
    def spec(self) -> str:
        return GLOBAL if self.index == 0 else f"{self.index}/{self.count}"


def parse_spec(spec: str) -> Part:
    """'global' or 'K/N' (1 ≤ K ≤ N), as given to `luoshi build-part --part`."""
    if spec == GLOBAL:
        return Part(0, 0)
    match = _SPEC.match(spec.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"a part is 'global' or K/N with 1 ≤ K ≤ N, not {spec!r}")
    return Part(int(match[1]), int(match[2]))


def default_count(jurisdictions: int) -> int:
    return max(1, min(MAX_DEFAULT_PARTS, math.ceil(jurisdictions / JURISDICTIONS_PER_PART)))


def all_parts(count: int) -> list[Part]:
    return [Part(0, 0)] + [Part(index, count) for index in range(1, count + 1)]


def part_index(jurisdiction_id: str, count: int) -> int:
    """1..count, from the id alone (sha256, so the same on every machine and Python)."""
    digest = hashlib.sha256(jurisdiction_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def members(jurisdiction_ids: Iterable[str], part: Part) -> list[str]:
    """The jurisdictions a jurisdiction part renders, sorted; none for the global part."""
    if part.index == 0:
        return []
    return sorted(j for j in jurisdiction_ids if part_index(j, part.count) == part.index)


def subset(package: Package, jurisdiction_ids: Iterable[str]) -> Package:
    """The rows that the pages of `jurisdiction_ids` are made from.

    Every jurisdiction row stays (pages name their parent and children); all
    other tables keep the rows of these jurisdictions' reports and units. The
    validator guarantees an assignment's unit belongs to its report's
    jurisdiction, so the sub-package is closed under its foreign keys.
    """
    wanted = set(jurisdiction_ids)
    t = package.tables

    def keep(name: str, column: str, values: Iterable[str]) -> pd.DataFrame:
        frame = t[name]
        return frame[isin(frame[column], values)].reset_index(drop=True)

    tables = {"jurisdictions": t["jurisdictions"]}
    tables["reports"] = keep("reports", "jurisdiction_id", wanted)
    tables["lists"] = keep("lists", "report_id", tables["reports"]["id"])
    lists = tables["lists"]["id"]
    for name in ("sections", "tasks", "indicators"):
        tables[name] = keep(name, "list_id", lists)
    tables["deadlines"] = keep("deadlines", "report_id", tables["reports"]["id"])
    tables["units"] = keep("units", "jurisdiction_id", wanted)
    tables["unit_aliases"] = keep("unit_aliases", "jurisdiction_id", wanted)
    tables["officials"] = keep("officials", "jurisdiction_id", wanted)
    tables["task_officials"] = keep("task_officials", "task_id", tables["tasks"]["id"])
    for name in ("assignments", "progress"):
        frame = t[name]
        owned = isin(frame["task_id"], tables["tasks"]["id"]) | isin(
            frame["indicator_id"], tables["indicators"]["id"]
        )
        tables[name] = frame[owned].reset_index(drop=True)
    return Package(package.root, package.descriptor, {name: tables[name] for name in t})


def package_digest(package: Package) -> str:
    """A hash of every table's columns, types and values (not of the file bytes)."""
    digest = hashlib.sha256()
    for name in sorted(package.tables):
        digest.update(name.encode() + b"\0" + table_digest(package.tables[name]).encode())
    return digest.hexdigest()


def inputs_digest(package: Package, whole: bool) -> str:
    """Rows, descriptor and source files: a part reads the package's descriptor, and
    copies its reports' source documents (the global part zips all of them)."""
    digest = hashlib.sha256(package_digest(package).encode())
    digest.update(json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False).encode())
    sources = package.root / "sources"
    if whole:
        files = sorted(p for p in sources.rglob("*") if p.is_file()) if sources.is_dir() else []
    else:
        names = sorted({name for name in package["reports"]["source_file"].tolist() if name})
        files = [sources / name for name in names if (sources / name).is_file()]
    for path in files:
        digest.update(path.relative_to(package.root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def table_digest(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    digest.update("\0".join(f"{c}:{t}" for c, t in frame.dtypes.items()).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def code_digest(project: Path) -> str:
    """The code and configuration every page depends on, and the engines' versions."""
    digest = hashlib.sha256(sys.version.encode())
    package_dir = Path(__file__).resolve().parent
    files = [
        (f"luoshi/{p.relative_to(package_dir)}", p)
        for p in package_dir.rglob("*")
        if p.suffix in (".py", ".html") and "__pycache__" not in p.parts
    ]
    files += [(str(p.relative_to(project)), p) for p in (project / "site_src").rglob("*")]
    files.append(("mkdocs.yml", project / "mkdocs.yml"))
    for name, path in sorted(files):
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for name in _ENGINE_PACKAGES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}: absent".encode())
    return digest.hexdigest()
