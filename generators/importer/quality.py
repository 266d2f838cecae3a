"""Task-level precision and recall of the importer against hand-checked notices.

A folder holds NAME.<ext> (the notice) and NAME.expected.json: {"tasks": [{"no",
"text_starts" (or "text"), "lead", "units", "officials", "deadline"}, ...]}. A produced
task is right when its number, text (starting with `text_starts`, or equal to `text`),
lead set and unit set all equal one expected task's; each expected task is matched at
most once, in document order. Officials, deadline and section are scored apart
("details").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from luoshi.importer import ImportFailed, import_path


@dataclass
class Score:
    name: str
    right: int = 0
    produced: int = 0
    expected: int = 0
    details: int = 0  # right tasks whose officials, deadline and section are right too
    failure: str = ""

    @property
    def precision(self) -> float:
        return self.right / self.produced if self.produced else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            "all",
            self.right + other.right,
            self.produced + other.produced,
            self.expected + other.expected,
            self.details + other.details,
        )

    def line(self) -> str:
        failed = f"  ({self.failure})" if self.failure else ""
        return (
            f"{self.name}: {self.right} right of {self.produced} produced, {self.expected} "
            f"expected; P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}; "
            f"officials+deadline+section right in {self.details}{failed}"
        )


def notices(folder: Path) -> list[tuple[Path, Path]]:
    """(notice, expected) pairs of a folder."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        found = [p for p in sorted(folder.glob(f"{name}.*")) if p != expected]
        found = [p for p in found if not p.name.endswith((".source.txt", ".json"))]
        pairs += [(found[0], expected)] if found else []
    return pairs


def text_right(got: str, want: dict) -> bool:
    if "text" in want:
        return got == want["text"]
    return "".join(got.split()).startswith("".join(want["text_starts"].split()))


def task_right(got: dict, want: dict) -> bool:
    return (
        got["no"] == want["no"]
        and text_right(got["text"], want)
        and set(got["lead"]) == set(want["lead"])
        and set(got["units"]) == set(want["units"])
    )


def details_right(got: dict, want: dict) -> bool:
    """Officials, deadline and (where expected) the innermost section."""
    section = got["section"][-1] if got["section"] else None
    return (
        set(got["officials"]) == set(want.get("officials") or [])
        and got["deadline"] == want.get("deadline")
        and ("section" not in want or section == want["section"])
    )


def score(notice: Path, expected: Path) -> Score:
    want = json.loads(expected.read_text(encoding="utf-8"))["tasks"]
    result = Score(notice.name, expected=len(want))
    try:
        got = [task.as_json() for task in import_path(notice).tasks]
    except ImportFailed as failure:
        result.failure = str(failure)
        return result
    result.produced = len(got)
    free = list(want)
    for task in got:
        match = next((w for w in free if task_right(task, w)), None)
        if match is not None:
            free.remove(match)
            result.right += 1
            result.details += details_right(task, match)
    return result


def score_folder(folder: Path) -> list[Score]:
    return [score(notice, expected) for notice, expected in notices(folder)]
