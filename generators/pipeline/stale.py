"""Corrections that the importer has outgrown: `luoshi corrections [--prune]`.

For every catalogued report, each correction is checked against the importer's
draft as it reads the source today: still needed, outgrown (leaving it out gives the
same corrected draft: the importer now does it by itself; prunable), or stale (its
`importer` value no longer matches: a maintainer must review it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from luoshi.pipeline import catalog as catalogs
from luoshi.pipeline.corrections import (
    TASK_FIELDS,
    Correction,
    Owner,
    StaleCorrection,
    apply_one,
    find_mention,
    parse_mention,
    read_corrections,
    rows_within,
    same_mention,
    task_index,
    write_corrections,
)
from luoshi.pipeline.extract import imported_draft
from luoshi.seeds.ir import ReportDraft


@dataclass
class Review:
    file: Path
    needed: list[Correction]
    outgrown: list[Correction]
    stale: list[Correction]


def satisfied(task: Owner, c: Correction) -> bool:
    """The draft already holds what a correction that does not fit would have made."""
    if c.field in TASK_FIELDS:
        return getattr(task, c.field, None) == c.corrected
    if c.field == "unit":
        if c.corrected:
            wanted = parse_mention(c.corrected)
            return any(same_mention(m, wanted) for m in task.mentions)
        return find_mention(task, c.importer) is None
    if c.field == "unit-note":
        found = find_mention(task, c.importer, with_group=True)
        return found is not None and found.note == c.corrected
    return False


def applied(draft: ReportDraft, corrections: list[Correction]) -> tuple[ReportDraft, list, list]:
    """A copy of `draft` with `corrections` applied in order; the ones that do not fit
    because the importer now gives the corrected value, and the stale ones."""
    result = copy.deepcopy(draft)
    done, stale = _apply(task_index(result), corrections)
    return result, done, stale


def _apply(tasks: dict[tuple[int, str], Owner], corrections: list[Correction]) -> tuple[list, list]:
    done: list[Correction] = []
    stale: list[Correction] = []
    for correction in corrections:
        task = tasks.get((correction.list_no, correction.no))
        try:
            if task is None:
                raise StaleCorrection(correction.where())
            apply_one(task, correction)
        except StaleCorrection:
            fits = task is not None and satisfied(task, correction)
            (done if fits else stale).append(correction)
    return done, stale


def review(sources: Path, meta: dict) -> Review:
    """A correction is outgrown when leaving it out gives the same corrected draft.

    A correction changes only its own row, so leaving one out is tried on a copy of the
    row's top-level task (or list indicator) with that task's other corrections, not
    on the whole draft: linear in the corrections (copying the draft once per
    correction took 23 s for 207 of them)."""
    path = catalogs.corrections_file(sources, meta)
    draft = imported_draft(sources, meta)
    corrections = read_corrections(path)
    target, outgrown, stale = applied(draft, corrections)
    kept = [c for c in corrections if c not in stale and c not in outgrown]
    imported, wanted = task_index(draft), task_index(target)
    for correction in list(kept):
        top = _top(correction)
        trial = [c for c in kept if c is not correction and _top(c) == top]
        row = copy.deepcopy(imported[top])
        done, failed = _apply({top: row} | rows_within(top[0], row), trial)
        if not done and not failed and row == wanted[top] and _addressed(imported, top):
            kept = [c for c in kept if c is not correction]
            outgrown = [*outgrown, correction]
    return Review(path, kept, outgrown, stale)


def _top(correction: Correction) -> tuple[int, str]:
    return correction.list_no, correction.no.split("/")[0]


def _addressed(index: dict[tuple[int, str], Owner], top: tuple[int, str]) -> bool:
    """Whether the draft's index reaches the rows within `top` through it alone (a
    task number printed twice in one list lends its rows' keys to the last task)."""
    return all(index.get(key) is row for key, row in rows_within(top[0], index[top]).items())


def review_all(sources: Path) -> list[Review]:
    catalog = catalogs.load(sources)
    return [review(sources, meta) for meta in catalog["reports"]]


def prune(found: Review) -> None:
    """Drop the corrections the importer now gets right; stale ones stay for review."""
    kept = [c for c in read_corrections(found.file) if c not in found.outgrown]
    write_corrections(found.file, kept)
