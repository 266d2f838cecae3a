"""`luoshi corrections --rebase`: rewrite the corrections so the pipeline reproduces the
committed CSVs again after the importer changed.

The committed CSVs are the reviewed truth. For each report, the corrections that still
apply are kept as they are (with their reasons); stale ones and those the importer has
outgrown are dropped; then the corrected draft is compared row by row with the report
as the CSVs hold it, and one correction is added per remaining difference (a stale
correction's reason is kept where the new one corrects to the same value). The result
is checked: applying the corrections must give the committed report.
Where the importer now reads a different structure (other items, other key tasks or
indicator rows, sections or officials), no correction can say so: the report is listed
and its corrections are left as they were.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from luoshi.pipeline import catalog as catalogs
from luoshi.pipeline.corrections import (
    Correction,
    Owner,
    apply_corrections,
    read_corrections,
    write_corrections,
)
from luoshi.pipeline.extract import imported_draft
from luoshi.pipeline.stale import applied
from luoshi.seeds.assemble import one_line
from luoshi.seeds.ir import IndicatorDraft, ListDraft, Mention, ReportDraft, TaskDraft

Rows = dict[str, list[dict[str, str]]]
TASK = ("text", "title", "kind", "note", "units_text")
INDICATOR = ("name", "target", "baseline", "attribute", "shared_name", "note", "units_text")
NEW_REASON = "rebased on the committed data after an importer change: review this reason"


def read_tables(datasets: Path) -> Rows:
    tables = {}
    for name in ("lists", "sections", "tasks", "indicators", "assignments"):
        with (datasets / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
    return tables


def mentions_by_owner(rows: Rows) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    for row in sorted(rows["assignments"], key=lambda r: int(r["position"])):
        mention = Mention(row["name_as_published"], row["role"], row["label"],
                          int(row["group"]), row["ambiguous"] == "true", row["note"])  # fmt: skip
        out[row["task_id"] or row["indicator_id"]].append(mention)
    return out


def committed(rows: Rows, report_id: str) -> ReportDraft:
    """The report as the committed CSVs hold it (the fields corrections can change)."""
    mentions = mentions_by_owner(rows)
    ordered = sorted(rows["tasks"], key=lambda r: int(r["position"]))
    indicators = sorted(rows["indicators"], key=lambda r: int(r["position"]))
    draft = ReportDraft(source_file="", title="")
    lists = [r for r in rows["lists"] if r["report_id"] == report_id]
    for row in sorted(lists, key=lambda r: int(r["position"])):
        target = ListDraft(code=row["code"], title=row["title"], kind=row["kind"])
        target.indicators = [indicator(r, mentions) for r in indicators
                             if r["list_id"] == row["id"] and not r["task_id"]]  # fmt: skip
        tasks = [r for r in ordered if r["list_id"] == row["id"]]
        target.tasks = [task(r, tasks, indicators, mentions) for r in tasks if not r["parent_id"]]
        draft.lists.append(target)
    return draft


def task(row: dict, tasks: list[dict], indicators: list[dict], mentions: dict) -> TaskDraft:
    draft = TaskDraft(number=row["number"], **{f: row[f] for f in TASK})
    draft.mentions = mentions.get(row["id"], [])
    draft.children = [task(r, tasks, indicators, mentions) for r in tasks
                      if r["parent_id"] == row["id"]]  # fmt: skip
    draft.indicators = [indicator(r, mentions) for r in indicators if r["task_id"] == row["id"]]
    return draft


def indicator(row: dict, mentions: dict) -> IndicatorDraft:
    columns = {"target": "target_text", "baseline": "baseline_text"}
    draft = IndicatorDraft(number=row["number"], sub_number=row["sub_number"],
                           **{f: row[columns.get(f, f)] for f in INDICATOR})  # fmt: skip
    draft.mentions = mentions.get(row["id"], [])
    return draft


def rows_of(draft: ReportDraft) -> list[tuple[int, str, Owner]]:
    """(list ordinal, address, row) in document order, as corrections address them."""
    out: list[tuple[int, str, Owner]] = []
    for ordinal, draft_list in enumerate(draft.lists, 1):
        out += [(ordinal, f"i{n}", r) for n, r in enumerate(draft_list.indicators, 1)]
        for item in draft_list.tasks:
            out.append((ordinal, item.number, item))
            out += [(ordinal, f"{item.number}/{n}", c) for n, c in enumerate(item.children, 1)]
            out += [(ordinal, f"{item.number}/i{n}", r) for n, r in enumerate(item.indicators, 1)]
    return out


def value(owner: Owner, name: str) -> str:
    text = getattr(owner, name)
    return one_line(text) if name == "units_text" else text


def mention_key(m: Mention) -> tuple:
    return (m.name.removesuffix("。"), m.role, m.label, m.group, m.ambiguous)


def serial(m: Mention) -> str:
    text = f"{m.name.removesuffix('。')}|{m.role}|{m.label}|{m.group}"
    return text + ("|ambiguous" if m.ambiguous else "")


def same(a: ReportDraft, b: ReportDraft) -> bool:
    """Equal in everything corrections can change, as the assembler writes it."""
    left, right = rows_of(a), rows_of(b)
    if [(o, n) for o, n, _ in left] != [(o, n) for o, n, _ in right]:
        return False
    for (_, _, x), (_, _, y) in zip(left, right, strict=True):
        fields = TASK if isinstance(x, TaskDraft) else INDICATOR
        if any(value(x, f) != value(y, f) for f in fields):
            return False
        keys = [(mention_key(m), m.note) for m in x.mentions]
        if keys != [(mention_key(m), m.note) for m in y.mentions]:
            return False
    return True


def differences(draft: ReportDraft, target: ReportDraft) -> list[Correction]:
    rows = []
    for (ordinal, no, got), (_, _, want) in zip(rows_of(draft), rows_of(target), strict=True):
        fields = TASK if isinstance(got, TaskDraft) else INDICATOR
        for name in fields:
            if value(got, name) != value(want, name):
                rows.append(
                    Correction(ordinal, no, name, getattr(got, name), value(want, name), "")
                )
        rows += mention_rows(ordinal, no, got.mentions, want.mentions)
    return rows


def mention_rows(ordinal: int, no: str, got: list[Mention], want: list[Mention]) -> list:
    rows = []
    a, b = [mention_key(m) for m in got], [mention_key(m) for m in want]
    keep = 0
    while keep < min(len(a), len(b)) and a[keep] == b[keep]:
        keep += 1
    if a != b:
        rows += [Correction(ordinal, no, "unit", f"{m.name}|{m.role}", "", "") for m in got[keep:]]
        rows += [Correction(ordinal, no, "unit", "", serial(m), "") for m in want[keep:]]
    seen: dict[str, int] = defaultdict(int)
    for index, m in enumerate(want):
        key = f"{m.name.removesuffix('。')}|{m.role}|{m.group}"
        seen[key] += 1
        had = got[index].note if index < keep else ""
        if m.note != had:
            address = key + (f"|{seen[key]}" if seen[key] > 1 else "")
            rows.append(Correction(ordinal, no, "unit-note", address, m.note, ""))
    return rows


def rebase_report(sources: Path, tables: Rows, meta: dict) -> str:
    """Keep the corrections that still apply; add one per remaining difference."""
    path = catalogs.corrections_file(sources, meta)
    old = read_corrections(path)
    target = committed(tables, meta["id"])
    partial, outgrown, stale = applied(imported_draft(sources, meta), old)
    if [(o, n) for o, n, _ in rows_of(partial)] != [(o, n) for o, n, _ in rows_of(target)]:
        return f"{meta['id']}: the importer now reads other items than the data holds"
    reasons = {(c.list_no, c.no, c.field, c.corrected): c.reason for c in stale}
    extra = differences(partial, target)
    for row in extra:
        row.reason = reasons.get((row.list_no, row.no, row.field, row.corrected), NEW_REASON)
    rows = [c for c in old if c not in stale and c not in outgrown] + extra
    check = imported_draft(sources, meta)
    apply_corrections(check, rows)
    if not same(check, target):
        return f"{meta['id']}: the corrections cannot express the difference"
    if rows != old:
        write_corrections(path, rows)
    return ""


def rebase(datasets: Path) -> list[str]:
    """Rebase every report's corrections; return the reports that could not be rebased."""
    sources, tables = datasets / "sources", read_tables(datasets)
    failures = [rebase_report(sources, tables, meta) for meta in catalogs.load(sources)["reports"]]
    return [failure for failure in failures if failure]
