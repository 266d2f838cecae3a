"""`luoshi add PATH --jurisdiction ID --year YYYY`: a new notice into the data package.

Copies the source into `datasets/sources/`, writes its catalog entry and runs the one
pipeline (`extract.py`) in a scratch copy of `datasets/`; only when the result is valid
are the source, the catalog and the CSVs replaced. Re-adding the same file (same
jurisdiction, year and file name) updates that report only and keeps its id.
"""

from __future__ import annotations

import csv
import difflib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.importer import ImportFailed, import_path
from luoshi.pipeline import catalog as catalogs
from luoshi.pipeline import extract
from luoshi.pipeline.jurisdictions import JurisdictionError, new_jurisdiction
from luoshi.pipeline.notice import read_metadata
from luoshi.seeds.assemble import read_merges
from luoshi.seeds.ir import ReportDraft
from luoshi.vocab import LEAD, LEAD_OR_COLLECT

META_OPTIONS = ("title", "kind", "issuer", "doc_number", "dated", "published", "source_url")


class AddFailed(Exception):
    """The document cannot be added; nothing was written."""


@dataclass
class Added:
    report_id: str
    new_spellings: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, closest)
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # files written

    def lines(self) -> list[str]:
        out = [f"report {self.report_id}"]
        for name, closest in self.new_spellings:
            hint = f"; closest {'、'.join(closest)}" if closest else "; no close unit"
            out.append(f"{name}: new{hint}")
        out += [f"warning: {w}" for w in self.warnings]
        out.append("changed: " + (", ".join(self.changed) if self.changed else "nothing"))
        return out


def report_entry(catalog: dict, jurisdiction: str, year: int, name: str) -> dict | None:
    """The catalog entry this file was added as before, if any."""
    for report in catalog["reports"]:
        same_place = (report["jurisdiction_id"], int(report["year"])) == (jurisdiction, year)
        if same_place and report.get("added_from") == name:
            return report
    return None


def free_id(catalog: dict, jurisdiction: str, year: int) -> str:
    taken = {report["id"] for report in catalog["reports"]}
    base = f"{jurisdiction}-{year}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def make_entry(catalog: dict, path: Path, jurisdiction: str, year: int, options: dict) -> dict:
    """The report's catalog entry: earlier values, then what the notice prints, then options."""
    entry = report_entry(catalog, jurisdiction, year, path.name)
    if entry is None:
        report_id = free_id(catalog, jurisdiction, year)
        entry = {"id": report_id, "jurisdiction_id": jurisdiction, "year": year,
                 "kind": "government-work-report"}  # fmt: skip
        catalog["reports"].append(entry)
    entry["source_file"] = f"{entry['id']}{path.suffix.lower()}"
    entry["added_from"] = path.name
    entry.setdefault("corrections", f"{entry['id']}.csv")
    printed = read_metadata(path)
    for key in ("title", "issuer", "doc_number", "dated", "published", "source_url"):
        entry[key] = printed.get(key, "")
    entry.setdefault("note", "")
    for key in META_OPTIONS:
        if options.get(key):
            entry[key] = options[key]
    return entry


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def known_spellings(datasets: Path, jurisdiction: str, report_id: str) -> dict[str, str]:
    """Spelling -> canonical name, for every spelling the jurisdiction's other reports use
    (from the extracted CSVs) and every merge recorded for it."""
    merges, _ = read_merges(datasets / "sources" / "unit_merges.csv")
    known = {pub: canon for (jur, pub), canon in merges.items() if jur == jurisdiction}
    known.update({canon: canon for (jur, _), canon in merges.items() if jur == jurisdiction})
    reports = {r["id"]: r["report_id"] for r in read_rows(datasets / "lists.csv")}
    owners = {}
    for table in ("tasks", "indicators"):
        owners.update(
            {r["id"]: reports[r["list_id"]] for r in read_rows(datasets / f"{table}.csv")}
        )
    names = {u["id"]: u["name"] for u in read_rows(datasets / "units.csv")
             if u["jurisdiction_id"] == jurisdiction}  # fmt: skip
    for row in read_rows(datasets / "assignments.csv"):
        owner = owners[row["task_id"] or row["indicator_id"]]
        if row["unit_id"] in names and owner != report_id:
            known.setdefault(row["name_as_published"], names[row["unit_id"]])
    return known


def mention_names(draft: ReportDraft) -> list[str]:
    names: list[str] = []
    for draft_list in draft.lists:
        for task in draft_list.tasks:
            for item in [task, *task.children]:
                names += [m.name.removesuffix("。") for m in item.mentions]
            for indicator in task.indicators:
                names += [m.name.removesuffix("。") for m in indicator.mentions]
        for indicator in draft_list.indicators:
            names += [m.name.removesuffix("。") for m in indicator.mentions]
    return list(dict.fromkeys(names))


def new_spellings(names: list[str], known: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Spellings no other document of the jurisdiction uses and no merge resolves."""
    candidates = sorted(set(known.values()) | set(known))
    out = []
    for name in names:
        if name not in known:
            closest = difflib.get_close_matches(name, candidates, n=3, cutoff=0.4)
            out.append((name, list(dict.fromkeys(known.get(c, c) for c in closest))))
    return out


def lead_warnings(draft: ReportDraft) -> list[str]:
    """Lead rules apply only where stated; say so where several units have none."""
    tasks = [t for lst in draft.lists for t in lst.tasks]
    several = [t for t in tasks if len({m.name for m in t.mentions}) > 1]
    leads = [t for t in several if any(m.role in (LEAD, LEAD_OR_COLLECT) for m in t.mentions)]
    if several and not leads:
        return [
            f"{len(several)} task(s) list several units and the document states no lead rule "
            "and no 牵头单位 label: no unit is marked as lead (nothing guessed)"
        ]
    return []


def stage(datasets: Path, work: Path) -> None:
    """A scratch copy of the package to run the pipeline in."""
    shutil.copytree(datasets, work, ignore=shutil.ignore_patterns(".*"))


def changed_files(old: Path, new: Path, names: list[str]) -> list[str]:
    out = []
    for name in names:
        before, after = old / name, new / name
        if not before.exists() or before.read_bytes() != after.read_bytes():
            out.append(name)
    return out


def add(datasets: Path, path: Path, jurisdiction: str, year: int, options: dict) -> Added:
    """Add (or update) the report read from `path`; raise AddFailed with nothing written."""
    try:
        read = import_path(path)
    except ImportFailed as error:
        raise AddFailed(str(error)) from error
    with tempfile.TemporaryDirectory(prefix="luoshi-add-") as scratch:
        work = Path(scratch) / "datasets"
        stage(datasets, work)
        catalog = catalogs.load(work / "sources")
        try:
            new_jurisdiction(catalog, jurisdiction, options)
        except JurisdictionError as error:
            raise AddFailed(str(error)) from error
        entry = make_entry(catalog, path, jurisdiction, year, options)
        shutil.copyfile(path, work / "sources" / entry["source_file"])
        catalogs.save(work / "sources", catalog)
        try:
            draft = extract.report_draft(work / "sources", entry)
            errors = extract.extract(work)
        except (ImportFailed, ValueError) as error:
            raise AddFailed(str(error)) from error
        if errors:
            from luoshi.validate import format_errors

            raise AddFailed("the package would not be valid:\n" + format_errors(errors))
        known = known_spellings(work, jurisdiction, entry["id"])
        warnings = [f"importer: {w}" for w in read.warnings] + lead_warnings(draft)
        added = Added(entry["id"], new_spellings(mention_names(draft), known), warnings)
        names = [f"sources/{entry['source_file']}", "sources/catalog.json"]
        names += sorted(p.name for p in work.glob("*.csv"))
        added.changed = changed_files(datasets, work, names)
        for name in added.changed:
            shutil.copyfile(work / name, datasets / name)
    return added
