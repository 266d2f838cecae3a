"""`luoshi import --out DIR`: draft CSVs in the data package's schema.

Ids use the placeholder report `REPORT` in jurisdiction `JURISDICTION`; the
folder's README says to replace them before merging into datasets/.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from luoshi.importer.model import Result, Task

REPORT = "draft-report"
JURISDICTION = "draft-jurisdiction"
FIELDS = {
    "lists": ["id", "report_id", "code", "title", "kind", "position"],
    "sections": ["id", "list_id", "parent_id", "level", "number", "title", "position"],
    "tasks": ["id", "list_id", "section_id", "parent_id", "position", "number", "kind", "title",
              "text", "units_text", "note"],
    "units": ["id", "jurisdiction_id", "name", "kind", "note"],
    "unit_aliases": ["jurisdiction_id", "alias", "unit_id"],
    "assignments": ["id", "task_id", "indicator_id", "unit_id", "name_as_published", "role",
                    "label", "group", "position", "ambiguous", "note"],
    "officials": ["id", "jurisdiction_id", "name"],
    "task_officials": ["id", "task_id", "official_id", "label", "position"],
}  # fmt: skip
README = (
    "Draft tables written by `luoshi import`. Replace the placeholder ids "
    f"'{REPORT}' (report) and '{JURISDICTION}' (jurisdiction) everywhere before merging "
    "into datasets/; unit ids are placeholders too (merge spellings via unit_merges.csv). "
    "warnings.txt lists what the importer could not place, with line numbers.\n"
)


def short_id(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8]


class Draft:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str]]] = {name: [] for name in FIELDS}
        self.sections: dict[tuple[str, tuple[str, ...]], str] = {}
        self.units: dict[str, str] = {}
        self.officials: dict[str, str] = {}

    def section(self, list_id: str, path: tuple[str, ...]) -> str:
        parent = ""
        for depth in range(1, len(path) + 1):
            key = (list_id, path[:depth])
            if key not in self.sections:
                self.sections[key] = f"{list_id}-s{len(self.sections) + 1:03d}"
                self.rows["sections"].append({
                    "id": self.sections[key], "list_id": list_id, "parent_id": parent,
                    "level": str(depth), "number": "", "title": path[depth - 1],
                    "position": str(len(self.sections)),
                })  # fmt: skip
            parent = self.sections[key]
        return parent

    def unit(self, name: str) -> str:
        if name not in self.units:
            self.units[name] = f"{JURISDICTION}-u{short_id(name)}"
            self.rows["units"].append({"id": self.units[name], "jurisdiction_id": JURISDICTION,
                                       "name": name, "kind": "", "note": ""})  # fmt: skip
            self.rows["unit_aliases"].append(
                {"jurisdiction_id": JURISDICTION, "alias": name, "unit_id": self.units[name]}
            )
        return self.units[name]

    def official(self, name: str) -> str:
        if name not in self.officials:
            self.officials[name] = f"{JURISDICTION}-p{short_id(name)}"
            self.rows["officials"].append(
                {"id": self.officials[name], "jurisdiction_id": JURISDICTION, "name": name}
            )
        return self.officials[name]

    def task(self, task: Task, list_id: str, position: int) -> None:
        task_id = f"{list_id}-{position:03d}"
        self.rows["tasks"].append({
            "id": task_id, "list_id": list_id, "section_id": self.section(list_id, task.section),
            "parent_id": "", "position": str(position), "number": task.no, "kind": "task",
            "title": "", "text": task.text, "units_text": " | ".join(task.units_text.split("\n")),
            "note": f"deadline: {task.deadline}" if task.deadline else "",
        })  # fmt: skip
        for n, m in enumerate(task.mentions, 1):
            self.rows["assignments"].append({
                "id": f"{task_id}-u{n:03d}", "task_id": task_id, "indicator_id": "",
                "unit_id": self.unit(m.name), "name_as_published": m.name, "role": m.role,
                "label": m.label, "group": str(m.group), "position": str(n),
                "ambiguous": "false", "note": m.note,
            })  # fmt: skip
        for n, (name, label) in enumerate(task.officials, 1):
            self.rows["task_officials"].append({
                "id": f"{task_id}-o{n:02d}", "task_id": task_id,
                "official_id": self.official(name), "label": label, "position": str(n),
            })  # fmt: skip


def write_draft(result: Result, out: Path) -> None:
    draft = Draft()
    positions: dict[int, int] = {}
    for list_no in sorted({task.list_no for task in result.tasks}):
        draft.rows["lists"].append({
            "id": f"{REPORT}-l{list_no}", "report_id": REPORT, "code": f"l{list_no}",
            "title": result.list_titles.get(list_no, ""), "kind": "tasks",
            "position": str(list_no),
        })  # fmt: skip
    for task in result.tasks:
        positions[task.list_no] = positions.get(task.list_no, 0) + 1
        draft.task(task, f"{REPORT}-l{task.list_no}", positions[task.list_no])
    out.mkdir(parents=True, exist_ok=True)
    for name, columns in FIELDS.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(draft.rows[name])
    (out / "README.md").write_text(README, encoding="utf-8")
    (out / "warnings.txt").write_text("".join(f"{w}\n" for w in result.warnings), "utf-8")
