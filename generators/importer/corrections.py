"""Reviewed corrections: what the importer produced, what the document means, and why.

One CSV per report (datasets/sources/corrections/NNN.csv), columns:
`list` (the importer's list ordinal), `no` (printed task number), `field`, `importer`
(the value the importer produces), `corrected` (what the document means), `reason`.

Fields: `text` (the task text); `unit` (one mention written "name|role": an empty
`importer` adds the mention, an empty `corrected` removes it, both set replace it).
A correction whose `importer` value no longer matches the importer's output fails
loudly, so corrections cannot silently drift when the importer improves.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from luoshi.importer.model import Mention, Result, Task

COLUMNS = ["list", "no", "field", "importer", "corrected", "reason"]


class StaleCorrection(ValueError):
    """A correction does not match what the importer produced."""


@dataclass
class Correction:
    list_no: int
    no: str
    field: str
    importer: str
    corrected: str
    reason: str


def read_corrections(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Correction(int(r["list"]), r["no"], r["field"], r["importer"], r["corrected"],
                       r["reason"])
            for r in csv.DictReader(handle)
        ]  # fmt: skip


def write_corrections(path: Path, corrections: list[Correction]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in corrections:
            writer.writerow([c.list_no, c.no, c.field, c.importer, c.corrected, c.reason])


def find_mention(task: Task, value: str) -> Mention | None:
    name, _, role = value.partition("|")
    return next((m for m in task.mentions if (m.name, m.role) == (name, role)), None)


def apply_one(task: Task, correction: Correction) -> None:
    if correction.field == "text":
        if task.text != correction.importer:
            raise StaleCorrection(f"{correction}: importer text is now {task.text!r}")
        task.text = correction.corrected
        return
    if correction.field != "unit":
        raise StaleCorrection(f"{correction}: unknown field")
    if correction.importer:
        found = find_mention(task, correction.importer)
        if found is None:
            raise StaleCorrection(f"{correction}: the importer no longer produces this mention")
        task.mentions.remove(found)
    if correction.corrected:
        name, _, role = correction.corrected.partition("|")
        task.mentions.append(Mention(name=name, role=role, label="", note=correction.reason))


def apply_corrections(result: Result, corrections: list[Correction]) -> None:
    """Apply every correction in place; raise StaleCorrection where one does not fit."""
    tasks = {(task.list_no, task.no): task for task in result.tasks}
    for correction in corrections:
        task = tasks.get((correction.list_no, correction.no))
        if task is None:
            raise StaleCorrection(f"{correction}: no such task in the importer's output")
        apply_one(task, correction)
