"""How many top-level tasks of each seed the importer gets right, before corrections.

Usage: .venv/bin/python scripts/importer_seeds.py [-v]

A task is right when its number, text and set of (unit name as published, role)
equal the committed data package's (datasets/tasks.csv + assignments.csv), as in
luoshi.importer.compare. Corrections (datasets/sources/corrections) are not applied:
this measures the importer alone, so a change to it can be judged per seed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from luoshi.importer import ImportFailed, import_path
from luoshi.importer.compare import differences, imported_tasks, package_tasks

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {
    "000": ["liandu-2023-main"],
    "001": ["guangfeng-2021-main"],
    "002": ["lishui-2023-main"],
    "003": ["liandu-2023-gongfu-key-results"],
    "004": ["quzhou-2021-fyp14", "quzhou-2021-y2021", "quzhou-2021-livelihood"],
}


def seed_figures(seed: str, list_ids: list[str]) -> tuple[int, int, int, list[str]]:
    """(right, produced, expected, differences) for one seed."""
    (source,) = (ROOT / "datasets" / "sources").glob(f"{seed}_*.txt")
    want = package_tasks(ROOT / "datasets", list_ids)
    try:
        got = imported_tasks(import_path(source), list_ids)
    except ImportFailed:
        got = {}
    right = sum(1 for key, value in got.items() if want.get(key) == value)
    return right, len(got), len(want), differences(got, want)


def main(verbose: bool) -> None:
    for seed, list_ids in SEEDS.items():
        right, produced, wanted, diffs = seed_figures(seed, list_ids)
        print(f"{seed}: {right} right of {produced} produced, {wanted} in the package")
        for line in diffs if verbose else []:
            print(f"  {line}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
