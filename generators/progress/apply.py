"""`luoshi import-progress`: read a progress report, match its rows, write progress.csv.

Validation runs on a copy of the package holding the new progress.csv; the package is
written only when that copy is valid, so a failed import changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.importer.read import ReadError
from luoshi.progress import status as vocab
from luoshi.progress.match import Candidate, Match, Matcher
from luoshi.progress.read import Document, read_document
from luoshi.vocab import LEADING_ROLES, OWN_ROLES

Row = dict[str, str]


class ProgressImportError(ValueError):
    """The import cannot go on: a named reason (no as-of date, unknown report, …)."""


@dataclass
class Outcome:
    written: list[Row] = field(default_factory=list)
    unmatched: list[Match] = field(default_factory=list)
    unrated: list[Match] = field(default_factory=list)  # matched, but no status printed
    repeated: list[Match] = field(default_factory=list)  # a second row for one task
    changed: bool = False


def read_csv(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def candidates(datasets: Path, report_id: str, list_id: str | None = None) -> list[Candidate]:
    """The tasks and indicators of one report (or of one of its lists), with the names
    of their lead units."""
    lists = {r["id"] for r in read_csv(datasets / "lists.csv") if r["report_id"] == report_id}
    if not lists:
        raise ProgressImportError(f"unknown-report: no list of report {report_id!r} in {datasets}")
    if list_id:
        if list_id not in lists:
            raise ProgressImportError(f"unknown-list: {list_id!r} is not a list of {report_id!r}")
        lists = {list_id}
    units = {r["id"]: r["name"] for r in read_csv(datasets / "units.csv")}
    spellings: dict[str, list[str]] = {}
    for alias in read_csv(datasets / "unit_aliases.csv"):
        spellings.setdefault(alias["unit_id"], []).append(alias["alias"])
    # the lead where the document names one, else every responsible unit
    leads: dict[str, dict[bool, list[str]]] = {}
    for a in read_csv(datasets / "assignments.csv"):
        if a["role"] in OWN_ROLES:
            names = [a["name_as_published"], units.get(a["unit_id"], "")]
            names += spellings.get(a["unit_id"], [])
            owner = leads.setdefault(a["task_id"] or a["indicator_id"], {True: [], False: []})
            owner[a["role"] in LEADING_ROLES].extend(n for n in names if n)
    found = [
        Candidate(t["id"], "task", t["list_id"], t["number"], t["text"] or t["title"])
        for t in read_csv(datasets / "tasks.csv")
        if t["list_id"] in lists
    ]
    found += [
        Candidate(i["id"], "indicator", i["list_id"], i["number"], i["base_name"] or i["name"])
        for i in read_csv(datasets / "indicators.csv")
        if i["list_id"] in lists
    ]
    for candidate in found:
        named = leads.get(candidate.id, {True: [], False: []})
        candidate.units = named[True] or named[False]
    return found


def report_year(datasets: Path, report_id: str) -> int:
    for report in read_csv(datasets / "reports.csv"):
        if report["id"] == report_id:
            return int(report["year"])
    raise ProgressImportError(f"unknown-report: report {report_id!r} is not in reports.csv")


def as_of_date(document: Document, option: dt.date | None, year: int) -> dt.date:
    if option:
        return option
    if document.as_of:
        return document.as_of.date(year)
    raise ProgressImportError(
        "no-as-of-date: the document prints no reporting date or period "
        "(截至…月…日, 1-8月份, 上半年); give one with --as-of YYYY-MM-DD"
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else repr(value)


def _note(match: Match, default_status: str | None) -> str:
    item = match.item
    printed = f"原文序号{item.no}," if item.no else ""
    how = {
        "number": f"{printed}按序号匹配,文字相符(相似度{match.score:.2f})",
        "text": f"{printed}按文字匹配(相似度{match.score:.2f})",
        "unit": f"{printed}按文字匹配(相似度{match.score:.2f}),以牵头单位“{item.unit}”区分",
    }[match.how]
    if not item.status and default_status:
        how += f";原文未印状态用语,导入时指定为“{vocab.label(default_status)}”"
    return f"{how};原文条目:{item.name}"


def one_line(text: str) -> str:
    """One record a line in the CSV: any line break of a flattened cell becomes a space."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def progress_row(match: Match, when: dt.date, source: str, default_status: str | None) -> Row:
    item, target = match.item, match.candidate
    assert target is not None
    return {
        "id": f"{target.id}-p{when:%Y%m%d}",
        "task_id": target.id if target.kind == "task" else "",
        "indicator_id": target.id if target.kind == "indicator" else "",
        "as_of": when.isoformat(),
        "status": item.status or default_status or "",
        "status_text": item.status_text or "",
        "value": item.value or "",
        "rate": _number(item.rate),
        "text": one_line(item.progress),
        "note": one_line(_note(match, default_status)),
        "source": source,
    }


def csv_bytes(rows: list[Row], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["id"]))
    return out.getvalue().encode("utf-8")


def progress_columns(datapackage: Path) -> tuple[str, list[str]]:
    descriptor = json.loads(datapackage.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "progress")
    return resource["path"], [f["name"] for f in resource["schema"]["fields"]]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def validated_write(datapackage: Path, path: str, data: bytes) -> None:
    """Validate the package with `data` as its progress file, then write it in place."""
    from luoshi.validate import format_errors, validate_package

    root = datapackage.parent
    with tempfile.TemporaryDirectory(prefix="luoshi-progress-") as work:
        # Hard links where the file system allows (not symlinks: the package is a closed
        # world and the validator refuses a symlink leaving it), copies elsewhere.
        copy = Path(work) / "package"
        shutil.copytree(
            root,
            copy,
            copy_function=_link_or_copy,
            ignore=lambda folder, names: {path} if Path(folder) == root else set(),
        )
        (copy / path).write_bytes(data)
        errors = validate_package(copy / datapackage.name)
    if errors:
        raise ProgressImportError("invalid: nothing written\n" + format_errors(errors))
    target = root / path
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def import_progress(
    path: Path,
    report_id: str,
    datapackage: Path,
    *,
    as_of: dt.date | None = None,
    source: str | None = None,
    default_status: str | None = None,
    list_id: str | None = None,
) -> Outcome:
    datasets = datapackage.parent
    try:
        document = read_document(path)
    except ReadError as error:
        raise ProgressImportError(f"unreadable: {error}") from error
    if not document.items:
        raise ProgressImportError(f"no-rows: found no progress rows in {path}")
    when = as_of_date(document, as_of, report_year(datasets, report_id))
    matcher = Matcher(candidates(datasets, report_id, list_id))
    outcome = Outcome()
    new: dict[str, Row] = {}
    for item in document.items:
        match = matcher.match(item)
        if match.candidate is None:
            outcome.unmatched.append(match)
        elif not item.status and not default_status:
            outcome.unrated.append(match)
        else:
            row = progress_row(match, when, source or path.name, default_status)
            if row["id"] in new:
                outcome.repeated.append(match)
            else:
                new[row["id"]] = row
    file, columns = progress_columns(datapackage)
    existing = {r["id"]: r for r in read_csv(datasets / file)} if (datasets / file).exists() else {}
    merged = existing | new
    data = csv_bytes(list(merged.values()), columns)
    outcome.written = sorted(new.values(), key=lambda r: r["id"])
    current = (datasets / file).read_bytes() if (datasets / file).exists() else b""
    if data != current:
        validated_write(datapackage, file, data)
        outcome.changed = True
    return outcome


def _candidates_text(match: Match) -> str:
    return "; ".join(f"{c.id} ({s:.2f}) {c.text[:30]}" for s, c in match.ranked) or "none"


def print_outcome(outcome: Outcome, echo: Callable[[str], None] = print) -> None:
    """What was written and, for the maintainer, every row that was not, with why."""
    for row in outcome.written:
        target = row["task_id"] or row["indicator_id"]
        echo(f"matched  {target}  {row['status']} {row['status_text']} {row['value']}".rstrip())
    for match in outcome.unmatched:
        item = match.item
        number = f"[{item.no}] " if item.no else ""
        echo(f"NOT WRITTEN (no confident match) line {item.line}: {number}{item.name}")
        echo(f"    best candidates: {_candidates_text(match)}")
    for match in outcome.unrated:
        item, target = match.item, match.candidate
        echo(
            f"NOT WRITTEN (no status words printed; see --default-status) line {item.line}: "
            f"{item.name} -> {target.id if target else ''} {item.value or ''}".rstrip()
        )
    for match in outcome.repeated:
        target = match.candidate.id if match.candidate else ""
        echo(
            f"NOT WRITTEN (a second row for {target}; the first is kept) line "
            f"{match.item.line}: {match.item.name}"
        )
    skipped = len(outcome.unmatched) + len(outcome.unrated) + len(outcome.repeated)
    state = "progress.csv updated" if outcome.changed else "progress.csv unchanged"
    echo(f"{len(outcome.written)} row(s) matched, {skipped} not written; {state}")
