"""Split the site into parts that build independently: one per group of jurisdictions,
the global part (home, listings, indicators, hand-written pages) and the downloads
part (the package in every format, and the downloads page, which is not searched:
so the search index need not wait for it).

A jurisdiction part is rendered from a sub-package that holds only its
jurisdictions' rows (`subset`), so what it reads is exactly what its key hashes:
a part whose rows, code and engine are unchanged is reused, byte for byte.
Membership is a stable hash of the jurisdiction id, so adding a jurisdiction
never moves another one to a different part; the part count is a build setting
(`--parts`), the same on every machine of a CI matrix.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from luoshi.codekey import code_digest as code_digest  # the build imports it from here
from luoshi.package import Package, isin, lookup, source_files, source_path

GLOBAL = "global"
DOWNLOADS = "downloads"
JURISDICTIONS_PER_PART = 6  # the default part count aims at about this many per part
MAX_DEFAULT_PARTS = 16
_SPEC = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Part:
    """`index` of `count` (1-based) for a jurisdiction part; the global part is (0, 0),
    the downloads part (-1, 0)."""

    index: int
    count: int

    @property
    def name(self) -> str:
        if self.index <= 0:
            return GLOBAL if self.index == 0 else DOWNLOADS
        return f"part-{self.index:02d}-of-{self.count:02d}"

    @property
    def spec(self) -> str:
        return self.name if self.index <= 0 else f"{self.index}/{self.count}"

    @property
    def searched(self) -> bool:
        """Whether the part has pages in the search index (all but the downloads part)."""
        return self.index >= 0


def parse_spec(spec: str) -> Part:
    """'global', 'downloads' or 'K/N' (1 ≤ K ≤ N), as given to `luoshi build-part --part`."""
    if spec == GLOBAL:
        return Part(0, 0)
    if spec == DOWNLOADS:
        return Part(-1, 0)
    match = _SPEC.match(spec.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"a part is 'global', 'downloads' or K/N with 1 ≤ K ≤ N, not {spec!r}")
    return Part(int(match[1]), int(match[2]))


def default_count(jurisdictions: int) -> int:
    return max(1, min(MAX_DEFAULT_PARTS, math.ceil(jurisdictions / JURISDICTIONS_PER_PART)))


def all_parts(count: int) -> list[Part]:
    return [Part(0, 0), Part(-1, 0)] + [Part(index, count) for index in range(1, count + 1)]


def part_index(jurisdiction_id: str, count: int) -> int:
    """1..count, from the id alone (sha256, so the same on every machine and Python)."""
    digest = hashlib.sha256(jurisdiction_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def members(jurisdiction_ids: Iterable[str], part: Part) -> list[str]:
    """The jurisdictions a jurisdiction part renders, sorted; none for the other parts."""
    if part.index <= 0:
        return []
    return sorted(j for j in jurisdiction_ids if part_index(j, part.count) == part.index)


def owners(package: Package) -> dict[str, pd.Series]:
    """The jurisdiction each row of each table belongs to (not for `jurisdictions`,
    whose every row goes to every part): a report's, its lists' and their rows', a
    unit's; an assignment or progress row belongs to its task's or indicator's."""
    t = package.tables

    def via(name: str, column: str, owner: pd.Series) -> pd.Series:
        return lookup(t[name][column], t[owner.name]["id"], owner)

    reports = t["reports"]["jurisdiction_id"].rename("reports")
    lists = via("lists", "report_id", reports).rename("lists")
    found = {
        "reports": reports,
        "lists": lists,
        "deadlines": via("deadlines", "report_id", reports),
    }
    for name in ("sections", "tasks", "indicators"):
        found[name] = via(name, "list_id", lists).rename(name)
    for name in ("units", "unit_aliases", "officials"):
        found[name] = t[name]["jurisdiction_id"]
    found["task_officials"] = via("task_officials", "task_id", found["tasks"])
    for name in ("assignments", "progress"):
        of_task = via(name, "task_id", found["tasks"])
        found[name] = of_task.where(
            t[name]["task_id"] != "", via(name, "indicator_id", found["indicators"])
        )
    return found


def subset(package: Package, jurisdiction_ids: Iterable[str]) -> Package:
    """The rows that the pages of `jurisdiction_ids` are made from.

    Every jurisdiction row stays (pages name their parent and children); all
    other tables keep the rows these jurisdictions own (`owners`). The validator
    guarantees an assignment's unit belongs to its report's jurisdiction, so the
    sub-package is closed under its foreign keys.
    """
    wanted = set(jurisdiction_ids)
    tables = {"jurisdictions": package.tables["jurisdictions"]}
    for name, owner in owners(package).items():
        frame = package.tables[name]
        tables[name] = frame[isin(owner, wanted).to_numpy()].reset_index(drop=True)
    return Package(
        package.root, package.descriptor, {name: tables[name] for name in package.tables}
    )


def part_digests(package: Package, count: int) -> dict[int, str]:
    """`inputs_digest` of every jurisdiction part's sub-package, 1..count, in one pass:
    each row is hashed once and goes to its owner's part."""
    t = package.tables
    ids = t["jurisdictions"]["id"].tolist()
    part_of = {j: part_index(j, count) for j in ids}
    row_parts = {
        name: owner.map(part_of).fillna(0).to_numpy(dtype=int)
        for name, owner in owners(package).items()
    }
    hashes = {name: _row_hashes(frame) for name, frame in t.items()}
    descriptor = json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False).encode()
    digests = {}
    for index in range(1, count + 1):
        whole = hashlib.sha256()
        for name in sorted(t):
            rows = (
                hashes[name] if name == "jurisdictions" else hashes[name][row_parts[name] == index]
            )
            whole.update(name.encode() + b"\0" + _digest(t[name], rows).encode())
        digest = hashlib.sha256(whole.hexdigest().encode())
        digest.update(descriptor)
        reports = t["reports"][row_parts["reports"] == index]
        _add_sources(digest, package.root, _source_files(package.root, reports))
        digests[index] = digest.hexdigest()
    return digests


def package_digest(package: Package) -> str:
    """A hash of every table's columns, types and values (not of the file bytes)."""
    digest = hashlib.sha256()
    for name in sorted(package.tables):
        digest.update(name.encode() + b"\0" + table_digest(package.tables[name]).encode())
    return digest.hexdigest()


def inputs_digest(package: Package, whole: bool) -> str:
    """Rows, descriptor and source files: a part reads the package's descriptor, and
    copies its reports' source documents (the downloads part zips all of them)."""
    digest = hashlib.sha256(package_digest(package).encode())
    digest.update(json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False).encode())
    root = package.root
    files = source_files(root) if whole else _source_files(root, package["reports"])
    _add_sources(digest, package.root, files)
    return digest.hexdigest()


def _source_files(root: Path, reports: pd.DataFrame) -> list[Path]:
    names = sorted({name for name in reports["source_file"].tolist() if name})
    return [path for name in names if (path := source_path(root, name)) is not None]


def _add_sources(digest: hashlib._Hash, root: Path, files: list[Path]) -> None:
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def _digest(frame: pd.DataFrame, rows: np.ndarray) -> str:
    digest = hashlib.sha256()
    digest.update("\0".join(f"{c}:{t}" for c, t in frame.dtypes.items()).encode())
    digest.update(rows.tobytes())
    return digest.hexdigest()


def table_digest(frame: pd.DataFrame) -> str:
    return _digest(frame, _row_hashes(frame))
