"""`luoshi extract`: every document in the catalog through the importer, its reviewed
corrections and the one assembler, into the data package's CSVs.

The pipeline never writes `progress.csv`: progress is reported later by the
governments and imported on its own (`luoshi import-progress`), so re-extraction
keeps it. Everything is validated in a scratch copy before any file is replaced.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from luoshi.importer import import_path
from luoshi.pipeline import catalog as catalogs
from luoshi.pipeline.convert import to_draft
from luoshi.pipeline.corrections import apply_corrections, read_corrections
from luoshi.seeds.assemble import Assembler, Row, Tables, Units, read_merges, write_tables
from luoshi.seeds.ir import Deadline, ReportDraft

KEPT = ("progress",)  # resources the pipeline never writes


def imported_draft(sources: Path, meta: dict) -> ReportDraft:
    """The importer's reading of the report's source, as a draft, before corrections."""
    return to_draft(import_path(sources / meta["source_file"]), meta)


def report_draft(sources: Path, meta: dict) -> ReportDraft:
    """The report as published: the importer's draft with its corrections applied."""
    draft = imported_draft(sources, meta)
    apply_corrections(draft, read_corrections(catalogs.corrections_file(sources, meta)))
    draft.deadlines = [Deadline(**d) for d in meta.get("deadlines", [])]
    return draft


def assemble(sources: Path, catalog: dict | None = None) -> dict[str, list[Row]]:
    catalog = catalog or catalogs.load(sources)
    merges, kinds = read_merges(sources / "unit_merges.csv")
    assembler = Assembler(Tables(), Units(merges, kinds))
    for row in catalog["jurisdictions"]:
        assembler.tables.add("jurisdictions", {k: str(v) for k, v in row.items()})
    for meta in catalog["reports"]:
        assembler.report(report_draft(sources, meta), meta)
    assembler.units.tables(assembler.tables)
    return assembler.tables.rows


def write_package(rows: dict[str, list[Row]], datasets: Path) -> list:
    """Validate the new tables in a scratch copy of `datasets`; replace the CSVs only if
    they are valid. Returns the validation errors (nothing is written when there are any)."""
    from luoshi.validate import validate_package

    with tempfile.TemporaryDirectory(prefix="luoshi-extract-") as scratch:
        work = Path(scratch)
        shutil.copy(datasets / "datapackage.json", work)
        for name in KEPT:
            if (datasets / f"{name}.csv").exists():
                shutil.copy(datasets / f"{name}.csv", work)
        write_tables({k: v for k, v in rows.items() if k not in KEPT}, work, skip=KEPT)
        errors = validate_package(work / "datapackage.json", with_frictionless=False)
        if errors:
            return errors
        for path in sorted(work.glob("*.csv")):
            if path.stem not in KEPT:
                shutil.copy(path, datasets / path.name)
    return []


def extract(datasets: Path) -> list:
    """Re-extract every document of `datasets/sources/` into `datasets/`."""
    return write_package(assemble(datasets / "sources"), datasets)


def draft_of(source: Path) -> ReportDraft:
    """The corrected draft of the catalogued report whose source file is `source`."""
    sources = source.parent
    meta = next(r for r in catalogs.load(sources)["reports"] if r["source_file"] == source.name)
    return report_draft(sources, meta)
