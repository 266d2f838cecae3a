"""Progress as page data: a task's latest status and history, roll-ups per report, a
unit's scorecard, indicator targets against actuals. Templates only lay these out
(templates/_progress.html); every figure is computed here.

Each function walks only the rows of what it shows (a report's tasks, a unit's
assignments), so the pages stay linear in the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from luoshi import urls
from luoshi.pages import views
from luoshi.pages.model import Row, Site
from luoshi.progress import pace as progress
from luoshi.render import number, safe_url
from luoshi.vocab import OWN_ROLES, STATUS_LABELS


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, progress.NONE_LABEL)


@dataclass(frozen=True)
class ProgressRow:
    """One progress row as printed; `parts` are the phrases shown after the status."""

    parts: tuple[str, ...]
    id: str
    as_of: str
    status: str  # the status key (luoshi.vocab.STATUS_LABELS), for the colour class
    label: str  # the status in words
    status_text: str  # the status as published
    value: str  # as printed: 完成率42%, 15个, 增长0.8%
    rate: str
    text: str
    note: str
    source: str
    source_url: str  # the source where it is a safe link, else ""


def row_view(row: Row) -> ProgressRow:
    label = status_label(row["status"])
    parts = [f"原文“{row['status_text']}”" if row["status_text"] not in ("", None, label) else ""]
    parts.append(row["value"] or "")
    if not row["value"] and row["rate"] is not None:
        parts.append(f"完成率 {number(row['rate'])}%")
    return ProgressRow(
        parts=tuple(p for p in parts if p),
        id=row["id"],
        as_of=str(row["as_of"]),
        status=row["status"],
        label=label,
        status_text=row["status_text"] or "",
        value=row["value"] or "",
        rate=number(row["rate"]),
        text=row["text"] or "",
        note=row["note"] or "",
        source=row["source"] or "",
        source_url=safe_url(row["source"]),
    )


def task_status(site: Site, task: Row) -> str:
    found = progress.latest(site.progress_by_task.get(task["id"], []))
    return found["status"] if found else progress.NONE


@dataclass(frozen=True)
class TaskProgress:
    """A task's latest progress row, its 序时 pace, and the earlier rows."""

    latest: ProgressRow
    pace: str  # "" where no rate is published
    pace_behind: bool
    history: tuple[ProgressRow, ...]  # every row, oldest first; () when there is one


def task_progress(site: Site, task: Row, year: int) -> TaskProgress | None:
    """The latest status, its 序时 pace where a rate is published, and the history."""
    rows = site.progress_by_task.get(task["id"], [])
    found = progress.latest(rows)
    if found is None:
        return None
    text = " ".join(filter(None, (task["title"], task["text"])))
    pace = progress.pace(found["rate"], found["as_of"], year, text)
    return TaskProgress(
        latest=row_view(found),
        pace=pace.text if pace else "",
        pace_behind=bool(pace and pace.behind),
        history=tuple(row_view(r) for r in progress.history(rows)) if len(rows) > 1 else (),
    )


def filter_value(site: Site, task: Row, children: Iterable[str] = ()) -> str:
    """The statuses of a task and (from its key tasks' own values) of its key tasks, for
    the status filter: a parent stays shown when one of its key tasks matches."""
    found = {task_status(site, task)}
    for value in children:
        found.update(value.split())
    return " ".join(sorted(found, key=_rank))


def report_tasks(site: Site, report_id: str) -> Iterator[Row]:
    """Every task row of a report (key tasks included), in published order."""
    for lst in site.lists_by_report.get(report_id, []):
        stack = list(reversed(site.tasks_by_list.get(lst["id"], [])))
        while stack:
            task = stack.pop()
            yield task
            stack.extend(reversed(site.task_children.get(task["id"], [])))


@dataclass(frozen=True)
class RollupItem:
    """One status of a roll-up: its count and its share of the bar."""

    status: str
    label: str
    count: int
    share: float  # percent, one decimal (0 when there is nothing to count)


@dataclass(frozen=True)
class Rollup:
    """Counts per status, in vocabulary order, with the total and how many reported."""

    items: tuple[RollupItem, ...]
    counts: tuple[int, ...]  # the items' counts, for the table's cells
    total: int
    reported: int  # the total less the tasks without progress


def rollup_view(statuses: Iterable[str], counts: dict[str, int] | None = None) -> Rollup:
    """Counts per status with labels and shares (for the bar), and the total."""
    counts = counts or progress.rollup(statuses)
    total = sum(counts.values())
    items = tuple(
        RollupItem(
            status=status,
            label=status_label(status),
            count=count,
            share=round(100 * count / total, 1) if total else 0,
        )
        for status, count in counts.items()
    )
    reported = total - counts[progress.NONE]
    return Rollup(items=items, counts=tuple(counts.values()), total=total, reported=reported)


def report_rollup(site: Site, report_id: str) -> Rollup:
    return rollup_view(task_status(site, t) for t in report_tasks(site, report_id))


def report_filter(rollup: Rollup) -> list[RollupItem]:
    """The options of the status filter: statuses that occur, in vocabulary order."""
    return [item for item in rollup.items if item.count]


@dataclass(frozen=True)
class ReportRollup:
    """One row of a roll-up table: a report, its jurisdiction and its roll-up."""

    report: Row
    url: str  # the report's page
    jurisdiction: Row
    jurisdiction_url: str
    rollup: Rollup


def report_rollup_row(site: Site, report: Row, rollup: Rollup) -> ReportRollup:
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    return ReportRollup(
        report=report,
        url=urls.report(report["id"]),
        jurisdiction=jurisdiction,
        jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
        rollup=rollup,
    )


def report_rollups(site: Site, reports: Iterable[Row]) -> list[ReportRollup]:
    """One roll-up per report (jurisdiction page, home page)."""
    return [report_rollup_row(site, r, report_rollup(site, r["id"])) for r in reports]


@dataclass(frozen=True)
class HomeProgress:
    """The home page's progress: the site's total and the newest year's reports."""

    total: Rollup
    year: int  # the newest year with progress, 0 when none has any
    reports: list[ReportRollup]  # that year's reports with progress
    others: int  # reports not listed


def home_rollups(site: Site) -> HomeProgress:
    """The site's total over every report, and a row per report of the newest year
    with progress (a row for each of a province's 500 reports would dwarf the page;
    the jurisdiction pages list all of theirs)."""
    reports = sorted(
        site.reports.values(),
        key=lambda r: (-r["year"], site.jurisdictions[r["jurisdiction_id"]]["code"], r["id"]),
    )
    rows = report_rollups(site, reports)
    totals = progress.rollup([])
    for row in rows:
        for item in row.rollup.items:
            totals[item.status] += item.count
    with_progress = [row for row in rows if row.rollup.reported]
    year = max((row.report["year"] for row in with_progress), default=0)
    return HomeProgress(
        total=rollup_view([], totals),
        year=year,
        reports=[row for row in with_progress if row.report["year"] == year],
        others=len(rows) - sum(row.report["year"] == year for row in with_progress),
    )


def reported(rows: list[ReportRollup]) -> int:
    """Tasks with any progress across roll-up rows (report_rollups, unit_scorecard)."""
    return sum(row.rollup.reported for row in rows)


def unit_scorecard(site: Site, unit_id: str) -> list[ReportRollup]:
    """Per report (newest first): the statuses of the tasks the unit leads or is
    responsible for."""
    own: dict[str, dict[str, str]] = {}
    for assignment in site.assignments_by_unit.get(unit_id, []):
        if assignment["task_id"] and assignment["role"] in OWN_ROLES:
            task = site.tasks[assignment["task_id"]]
            report = site.report_of_list(task["list_id"])
            own.setdefault(report["id"], {})[task["id"]] = task_status(site, task)
    reports = sorted(own, key=lambda r: (-site.reports[r]["year"], r))
    return [report_rollup_row(site, site.reports[r], rollup_view(own[r].values())) for r in reports]


@dataclass(frozen=True)
class Badge:
    """A unit page's cell for one task: the latest status in words, its date and value
    ("" for both where the task has no progress)."""

    status: str
    label: str
    as_of: str
    value: str


def task_badge(site: Site, task: Row) -> Badge:
    found = progress.latest(site.progress_by_task.get(task["id"], []))
    if found is None:
        return Badge(status=progress.NONE, label=progress.NONE_LABEL, as_of="", value="")
    view = row_view(found)
    return Badge(status=view.status, label=view.label, as_of=view.as_of, value=view.value)


@dataclass(frozen=True)
class Actual:
    """One published actual of an indicator against its target, with the verdict."""

    id: str  # the progress row's
    year: int
    jurisdiction: str  # its short name
    jurisdiction_url: str
    report_url: str  # the indicator's row on its report page
    target_text: str  # as published
    value: str  # as published
    as_of: str
    source: str
    source_url: str
    verdict: str  # luoshi.progress.VERDICTS
    verdict_label: str
    verdict_text: str  # why, in words


def indicator_actuals(site: Site, indicator_rows: Iterable[Row]) -> list[Actual]:
    """Target against every published actual, per place and year, with the verdict."""
    out = []
    for indicator in indicator_rows:
        report = site.report_of_list(indicator["list_id"])
        jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
        for row in progress.history(site.progress_by_indicator.get(indicator["id"], [])):
            judgement = progress.judge(
                indicator["target_text"] or "", row["value"] or "", indicator["measure_unit"] or ""
            )
            view = row_view(row)
            out.append(
                Actual(
                    id=view.id,
                    year=report["year"],
                    jurisdiction=jurisdiction["short_name"],
                    jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
                    report_url=views.indicator_row_url(site, indicator),
                    target_text=indicator["target_text"] or "",
                    value=view.value,
                    as_of=view.as_of,
                    source=view.source,
                    source_url=view.source_url,
                    verdict=judgement.verdict,
                    verdict_label=progress.VERDICTS[judgement.verdict],
                    verdict_text=judgement.text,
                )
            )
    return sorted(out, key=lambda r: (-r.year, r.jurisdiction, r.as_of, r.id))


def _rank(status: str) -> int:
    order = (*progress.STATUS_ORDER, progress.NONE)
    return order.index(status) if status in order else len(order)
