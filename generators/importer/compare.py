"""Compare the importer's (corrected) output with the data package, task by task."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from luoshi.importer.model import Result

# What is compared per task: its text and its set of (name as published, role).
Key = tuple[str, str]  # (list id, number)
Value = tuple[str, frozenset[tuple[str, str]]]


def package_tasks(datasets: Path, list_ids: list[str]) -> dict[Key, Value]:
    """Top-level tasks of the given lists, with their unit mentions."""
    mentions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with (datasets / "assignments.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["task_id"]:
                mentions[row["task_id"]].add((row["name_as_published"], row["role"]))
    out: dict[Key, Value] = {}
    with (datasets / "tasks.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["list_id"] in list_ids and not row["parent_id"]:
                value = (row["text"], frozenset(mentions[row["id"]]))
                out[(row["list_id"], row["number"])] = value
    return out


def imported_tasks(result: Result, list_ids: list[str]) -> dict[Key, Value]:
    """The importer's tasks keyed like the package: list ordinal n is list_ids[n - 1]."""
    out: dict[Key, Value] = {}
    for task in result.tasks:
        if task.list_no <= len(list_ids):
            pairs = frozenset((m.name, m.role) for m in task.mentions)
            out[(list_ids[task.list_no - 1], task.no)] = (task.text, pairs)
    return out


def differences(got: dict[Key, Value], want: dict[Key, Value]) -> list[str]:
    """Readable differences, one per task and aspect."""
    lines = []
    for key in sorted(set(got) | set(want)):
        if key not in got or key not in want:
            lines.append(f"{key}: {'missing' if key not in got else 'extra'}")
            continue
        (got_text, got_units), (want_text, want_units) = got[key], want[key]
        if got_text != want_text:
            lines.append(f"{key}: text {got_text!r} != {want_text!r}")
        if got_units != want_units:
            lines.append(
                f"{key}: units extra {sorted(got_units - want_units)} "
                f"missing {sorted(want_units - got_units)}"
            )
    return lines
