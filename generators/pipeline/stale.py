"""Corrections that the importer has outgrown: `luoshi corrections [--prune]`.

For every catalogued report, each correction is checked against the importer's
draft as it reads the source today: still needed, now produced by the importer by
itself (prunable), or stale (the importer gives neither value: a maintainer must
review it). Corrections apply in row order, so each is checked on the draft with the
earlier corrections applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from luoshi.pipeline import catalog as catalogs
from luoshi.pipeline.corrections import (
    Correction,
    StaleCorrection,
    apply_one,
    is_needed,
    read_corrections,
    task_index,
    write_corrections,
)
from luoshi.pipeline.extract import imported_draft


@dataclass
class Review:
    file: Path
    needed: list[Correction]
    outgrown: list[Correction]
    stale: list[Correction]


def review(sources: Path, meta: dict) -> Review:
    path = catalogs.corrections_file(sources, meta)
    draft = imported_draft(sources, meta)
    found = Review(path, [], [], [])
    for correction in read_corrections(path):
        state = is_needed(draft, correction)
        if state is None:
            found.stale.append(correction)
            continue
        (found.needed if state else found.outgrown).append(correction)
        if state:
            try:
                apply_one(task_index(draft)[(correction.list_no, correction.no)], correction)
            except StaleCorrection:
                found.needed.pop()
                found.stale.append(correction)
    return found


def review_all(sources: Path) -> list[Review]:
    catalog = catalogs.load(sources)
    return [review(sources, meta) for meta in catalog["reports"] if not meta.get("extractor")]


def prune(found: Review) -> None:
    """Drop the corrections the importer now gets right; stale ones stay for review."""
    kept = [c for c in read_corrections(found.file) if c not in found.outgrown]
    write_corrections(found.file, kept)
