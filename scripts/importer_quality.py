"""Task-level precision, recall and F1 of `luoshi import` on hand-checked notices.

Usage: .venv/bin/python scripts/importer_quality.py [FOLDER] [-v]

FOLDER defaults to ../shared/notices (15 real notices; see its README). -v prints the
differences of every task not right. Scoring: luoshi.importer.quality.
"""

from __future__ import annotations

import json
import sys
from functools import reduce
from pathlib import Path

from luoshi.importer import ImportFailed, import_path
from luoshi.importer.quality import Score, notices, score, task_right

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "notices"


def show_misses(notice: Path, expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))["tasks"]
    try:
        got = [task.as_json() for task in import_path(notice).tasks]
    except ImportFailed:
        got = []
    for task in want:
        if not any(task_right(g, task) for g in got):
            print(f"  want {task['no']} {task['text_starts']} {units(task)}")
    for task in got:
        if not any(task_right(task, w) for w in want):
            print(f"  got  {task['no']} {task['text'][:15]} {units(task)}")


def units(task: dict) -> str:
    return f"lead={task['lead']} units={task['units']}"


def main(folder: Path, verbose: bool) -> None:
    scores = []
    for notice, expected in notices(folder):
        scores.append(score(notice, expected))
        print(scores[-1].line())
        if verbose:
            show_misses(notice, expected)
    print(reduce(Score.__add__, scores, Score("all")).line())


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(Path(args[0]) if args else DEFAULT, "-v" in sys.argv[1:])
