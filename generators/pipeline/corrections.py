"""Reviewed corrections applied to a report draft: data, never code.

One CSV per report (`datasets/sources/corrections/<source number>.csv`), columns
`list` (the list's ordinal in the document), `no` (which row: the printed task number
"12"; "12/3" the 3rd key task of item 12; "12/i2" its 2nd indicator row; "i5" the
list's 5th indicator row), `field`,
`importer` (what the importer produced), `corrected` (what the document means),
`reason` (why). Fields:

- `text`, `title`, `kind`, `note`, `units_text` (tasks), `name`, `target`, `baseline`,
  `attribute`, `shared_name`, `note`, `units_text` (indicator rows): the row's field;
  `importer` must equal the current value.
- `unit`: one mention written `name|role[|label|group|ambiguous]`; an empty `importer`
  adds the mention (at the end, in row order), an empty `corrected` removes it.
- `unit-note`: `importer` names a mention `name|role|group` (`|2` for the second one so
  named), `corrected` is its note.

A correction whose `importer` value no longer matches fails loudly (StaleCorrection),
so corrections cannot drift silently when the importer improves: `luoshi corrections`
lists them and prunes those the importer now gets right by itself.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from luoshi.seeds.ir import IndicatorDraft, Mention, ReportDraft, TaskDraft

COLUMNS = ["list", "no", "field", "importer", "corrected", "reason"]
TASK_FIELDS = ("text", "title", "kind", "note", "units_text", "name", "target", "baseline",
               "attribute", "shared_name")  # fmt: skip
Owner = TaskDraft | IndicatorDraft


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

    def where(self) -> str:
        return f"list {self.list_no} item {self.no} {self.field}"


def read_corrections(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            Correction(int(r["list"]), r["no"], r["field"], r["importer"], r["corrected"],
                       r["reason"])
            for r in csv.DictReader(handle)
        ]  # fmt: skip


def write_corrections(path: Path, corrections: list[Correction]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in corrections:
            writer.writerow([c.list_no, c.no, c.field, c.importer, c.corrected, c.reason])


def mention_key(mention: Mention) -> str:
    return f"{mention.name}|{mention.role}"


def parse_mention(value: str) -> Mention:
    name, role, label, group, flag = (value.split("|") + ["", "", "", ""])[:5]
    return Mention(name=name, role=role, label=label, group=int(group or 1),
                   ambiguous=flag == "ambiguous")  # fmt: skip


def find_mention(task: Owner, value: str, with_group: bool = False) -> Mention | None:
    """The mention `name|role` (with_group: `name|role|group[|n]`, the n-th such mention)."""
    parts = value.split("|")
    wanted = int(parts[3]) if with_group and len(parts) > 3 else 1
    for mention in task.mentions:
        if [mention.name, mention.role] == parts[:2] and (
            not with_group or len(parts) < 3 or str(mention.group) == parts[2]
        ):
            wanted -= 1
            if wanted == 0:
                return mention
    return None


def apply_unit(task: Owner, c: Correction) -> None:
    if c.importer:
        found = find_mention(task, c.importer)
        if found is None:
            raise StaleCorrection(f"{c.where()}: the importer no longer produces {c.importer!r}")
        task.mentions.remove(found)
    if c.corrected:
        mention = parse_mention(c.corrected)
        if not c.importer and any(same_mention(m, mention) for m in task.mentions):
            raise StaleCorrection(f"{c.where()}: the importer now produces {c.corrected!r}")
        task.mentions.append(mention)


def same_mention(a: Mention, b: Mention) -> bool:
    return (a.name, a.role, a.label, a.group) == (b.name, b.role, b.label, b.group)


def apply_one(task: Owner, c: Correction) -> None:
    if c.field in TASK_FIELDS and hasattr(task, c.field):
        current = getattr(task, c.field)
        if current != c.importer:
            raise StaleCorrection(f"{c.where()}: importer value is now {current!r}")
        setattr(task, c.field, c.corrected)
    elif c.field == "unit":
        apply_unit(task, c)
    elif c.field == "unit-note":
        found = find_mention(task, c.importer, with_group=True)
        if found is None:
            raise StaleCorrection(f"{c.where()}: no mention {c.importer!r}")
        found.note = c.corrected
    else:
        raise StaleCorrection(f"{c.where()}: unknown field {c.field!r}")


def task_index(draft: ReportDraft) -> dict[tuple[int, str], Owner]:
    """Every addressable row: (list ordinal, `no` as in the corrections file)."""
    index: dict[tuple[int, str], Owner] = {}
    for ordinal, draft_list in enumerate(draft.lists, 1):
        for n, indicator in enumerate(draft_list.indicators, 1):
            index[(ordinal, f"i{n}")] = indicator
        for task in draft_list.tasks:
            index.setdefault((ordinal, task.number), task)
            index.update(rows_within(ordinal, task))
    return index


def rows_within(ordinal: int, task: Owner) -> dict[tuple[int, str], Owner]:
    """The addressable rows inside a task: its key tasks and its indicators."""
    index: dict[tuple[int, str], Owner] = {}
    for n, child in enumerate(getattr(task, "children", []), 1):
        index[(ordinal, f"{task.number}/{n}")] = child
    for n, indicator in enumerate(getattr(task, "indicators", []), 1):
        index[(ordinal, f"{task.number}/i{n}")] = indicator
    return index


def apply_corrections(draft: ReportDraft, corrections: list[Correction]) -> None:
    """Apply every correction in place; raise StaleCorrection where one does not fit."""
    tasks = task_index(draft)
    for c in corrections:
        task = tasks.get((c.list_no, c.no))
        if task is None:
            raise StaleCorrection(f"{c.where()}: no such task in the importer's output")
        apply_one(task, c)
