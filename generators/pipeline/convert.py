"""The importer's result as a report draft (luoshi.seeds.ir), ready for the assembler.

Lists come from the importer's list ordinals; the catalog entry may name each one
(`lists`: code, title, kind, item_kind). Nothing is guessed here: every value is
what the importer read, and corrections (data) change it afterwards.
"""

from __future__ import annotations

from luoshi.importer.model import Result, Task
from luoshi.importer.units import LABEL_LINE, LABELS
from luoshi.seeds.ir import ListDraft, Mention, Official, ReportDraft, TaskDraft

REPORT_FIELDS = ("title", "page_title", "issuer", "doc_number", "dated", "published",
                 "source_url", "note")  # fmt: skip


def list_meta(meta: dict, ordinal: int, count: int, result: Result) -> dict:
    """Code, title, kind and item kind of the importer's list `ordinal` (1-based)."""
    given = meta.get("lists", [])
    entry = dict(given[ordinal - 1]) if ordinal <= len(given) else {}
    entry.setdefault("code", "main" if count == 1 else f"list{ordinal}")
    entry.setdefault("title", result.list_titles.get(ordinal, "") or meta.get("title", ""))
    entry.setdefault("kind", "tasks")
    entry.setdefault("item_kind", "task")
    return entry


def unit_lines(units_text: str) -> str:
    """The unit annotation without the lines naming officials (people are not units)."""
    kept = []
    for line in units_text.splitlines():
        label = LABEL_LINE.match(line)
        if not label or LABELS[label[1]] != "official":
            kept.append(line)
    return "\n".join(kept)


def task_draft(task: Task, kind: str) -> TaskDraft:
    return TaskDraft(
        number=task.no,
        text=task.text,
        kind=kind,
        section=task.section,
        mentions=[Mention(m.name, m.role, m.label, m.group) for m in task.mentions],
        officials=[Official(name, label) for name, label in task.officials],
        units_text=unit_lines(task.units_text),
    )


def to_draft(result: Result, meta: dict) -> ReportDraft:
    """One ListDraft per importer list, in order; report fields from the catalog entry."""
    ordinals = sorted({task.list_no for task in result.tasks})
    lists = []
    for ordinal in ordinals:
        entry = list_meta(meta, ordinal, len(ordinals), result)
        tasks = [task_draft(t, entry["item_kind"]) for t in result.tasks if t.list_no == ordinal]
        lists.append(ListDraft(code=entry["code"], title=entry["title"], kind=entry["kind"],
                               tasks=tasks))  # fmt: skip
    draft = ReportDraft(source_file=meta["source_file"], title=meta.get("title", ""), lists=lists)
    for name in REPORT_FIELDS[1:]:
        setattr(draft, name, str(meta.get(name, "")))
    return draft
