"""Task-level precision and recall of `luoshi import` on hand-checked fixture notices.

Usage: .venv/bin/python scripts/importer_quality.py [tests/fixtures/notices]

A fixture is NAME.<ext> (the notice) + NAME.expected.json (hand-checked tasks)
+ NAME.source.txt (where it comes from). A task counts as right when its number,
text, lead set and unit set all equal the expected task's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from luoshi.importer import ImportFailed, import_path

Key = tuple[str, str, frozenset[str], frozenset[str]]


def task_key(task: dict) -> Key:
    return (task["no"], task["text"], frozenset(task["lead"]), frozenset(task["units"]))


def notices(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        found = [p for p in folder.glob(f"{name}.*") if p.suffix not in (".json",)]
        found = [p for p in found if not p.name.endswith(".source.txt")]
        pairs += [(found[0], expected)] if found else []
    return pairs


def score(notice: Path, expected: Path) -> tuple[int, int, int]:
    """(right, produced, expected) task counts for one notice."""
    want = [task_key(t) for t in json.loads(expected.read_text(encoding="utf-8"))["tasks"]]
    try:
        got = [task_key(t.as_json()) for t in import_path(notice).tasks]
    except ImportFailed:
        got = []
    right = len(set(got) & set(want))
    return right, len(got), len(want)


def main(folder: Path) -> None:
    totals = [0, 0, 0]
    for notice, expected in notices(folder):
        right, produced, wanted = score(notice, expected)
        print(f"{notice.name}: {right} right of {produced} produced, {wanted} expected")
        totals = [a + b for a, b in zip(totals, (right, produced, wanted), strict=True)]
    right, produced, wanted = totals
    precision = right / produced if produced else 0.0
    recall = right / wanted if wanted else 0.0
    print(f"precision {precision:.3f} ({right}/{produced}), recall {recall:.3f} ({right}/{wanted})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/notices"))
