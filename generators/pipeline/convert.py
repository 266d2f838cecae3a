"""The importer's result as a report draft (luoshi.seeds.ir), ready for the assembler.

Lists come from the importer's list ordinals; the catalog entry may name each one
(`lists`: code, title, kind, item_kind). Nothing is guessed here: every value is
what the importer read, and corrections (data) change it afterwards.
"""

from __future__ import annotations

from luoshi.importer.indicators import IndicatorRow, IndicatorTable, Item
from luoshi.importer.model import Result, Task
from luoshi.importer.units import LABEL_LINE, LABELS
from luoshi.seeds.ir import IndicatorDraft, ListDraft, Mention, Official, ReportDraft, TaskDraft

REPORT_FIELDS = ("title", "page_title", "issuer", "doc_number", "dated", "published",
                 "source_url", "note")  # fmt: skip


def list_meta(meta: dict, position: int, count: int, result: Result, source: object) -> dict:
    """Code, title, kind and item kind of the document's `position`-th list (1-based)."""
    given = meta.get("lists", [])
    entry = dict(given[position - 1]) if position <= len(given) else {}
    entry.setdefault("code", "main" if count == 1 else f"list{position}")
    if isinstance(source, IndicatorTable):
        entry.setdefault("title", source.title)
        entry.setdefault("kind", "key-results" if source.items else "indicators")
        entry.setdefault("item_kind", "key-result")
    else:
        entry.setdefault("title", result.list_titles.get(source, "") or meta.get("title", ""))
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


def indicator_draft(row: IndicatorRow) -> IndicatorDraft:
    return IndicatorDraft(
        name=row.name, target=row.target, baseline=row.baseline, number=row.number,
        sub_number=row.sub_number, shared_name=row.shared_name, attribute=row.attribute,
        section=row.section, units_text=row.units_text, note=row.note,
        mentions=[Mention(m.name, m.role, m.label, m.group, note=m.note) for m in row.mentions],
    )  # fmt: skip


def item_draft(item: Item, kind: str) -> TaskDraft:
    """An item of an item table: its name as title, key tasks as children, indicator rows."""
    return TaskDraft(
        number=item.number, text="", kind=kind, title=item.title, section=item.section,
        mentions=[Mention(m.name, m.role, m.label, m.group, note=m.note) for m in item.mentions],
        units_text=item.units_text, note=item.note,
        children=[TaskDraft(number=t.number, text=t.text, kind="key-task", note=t.note)
                  for t in item.tasks],
        indicators=[indicator_draft(row) for row in item.indicators],
    )  # fmt: skip


def table_list(table: IndicatorTable, entry: dict) -> ListDraft:
    draft = ListDraft(code=entry["code"], title=entry["title"], kind=entry["kind"])
    draft.indicators = [indicator_draft(row) for row in table.indicators]
    draft.tasks = [item_draft(item, entry["item_kind"]) for item in table.items]
    return draft


def sources_in_order(result: Result) -> list[tuple[int, object]]:
    """(first line, list ordinal or indicator table) of every list, in document order."""
    firsts: dict[int, int] = {}
    for task in result.tasks:
        firsts.setdefault(task.list_no, task.line)
    found: list[tuple[int, object]] = [(line, no) for no, line in firsts.items()]
    found += [(table.line, table) for table in result.indicator_tables]
    return sorted(found, key=lambda pair: pair[0])


def to_draft(result: Result, meta: dict) -> ReportDraft:
    """One ListDraft per list of the document, in order; report fields from the catalog."""
    lists = []
    ordered = sources_in_order(result)
    for position, (_, source) in enumerate(ordered, 1):
        entry = list_meta(meta, position, len(ordered), result, source)
        if isinstance(source, IndicatorTable):
            lists.append(table_list(source, entry))
            continue
        tasks = [task_draft(t, entry["item_kind"]) for t in result.tasks if t.list_no == source]
        lists.append(ListDraft(code=entry["code"], title=entry["title"], kind=entry["kind"],
                               tasks=tasks))  # fmt: skip
    draft = ReportDraft(source_file=meta["source_file"], title=meta.get("title", ""), lists=lists)
    for name in REPORT_FIELDS[1:]:
        setattr(draft, name, str(meta.get(name, "")))
    return draft
