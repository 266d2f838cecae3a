"""Unit pages (units/<id>/): every task and indicator a unit is named for, by report.

A unit page depends only on its own jurisdiction's rows (units are listed per
jurisdiction, and the documents naming them are that jurisdiction's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from luoshi import urls
from luoshi.pages import progress, views
from luoshi.pages.model import Row, Site
from luoshi.render import Page, markdown_page
from luoshi.vocab import ROLE_LABELS, UNIT_KINDS


def path(unit_id: str) -> str:
    return urls.markdown(urls.unit(unit_id))


def render(site: Site, unit_id: str) -> Page:
    unit = site.units[unit_id]
    jurisdiction = site.jurisdictions[unit["jurisdiction_id"]]
    assignments = site.assignments_by_unit.get(unit_id, [])
    reports = task_reports(site, [a for a in assignments if a["task_id"]])
    indicators = indicator_rows(site, [a for a in assignments if a["indicator_id"]])
    scorecard = progress.unit_scorecard(site, unit_id)
    return markdown_page(
        path(unit_id),
        "unit.html",
        unit["name"],
        unit=unit,
        kind=UNIT_KINDS[unit["kind"]],
        jurisdiction=jurisdiction,
        jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
        aliases=site.aliases_by_unit.get(unit_id, []),
        reports=reports,
        counts=site.unit_counts(unit_id),
        report_count=len(reports),
        indicators=indicators,
        scorecard=scorecard,
        scorecard_reported=progress.reported(scorecard),
        feed=urls.feed(urls.unit(unit_id)),
        filters=filters(reports, indicators),
    )


FILTER_MIN_ROWS = 12  # a shorter page is read whole: no filter form


def filters(reports: list[TaskReport], indicators: list[UnitIndicatorRow]) -> list[views.Filter]:
    """Year and role filters over the unit's task and indicator rows. filters.js reads
    each row's year (its report's heading, or its year cell) and roles (its role
    cell) from the page, so the rows carry no attributes; a filter with fewer than
    two choices is left out."""
    tasks = [t for r in reports for t in r.tasks]
    if len(tasks) + len(indicators) < FILTER_MIN_ROWS:
        return []
    years = {t.year for t in tasks} | {i.year for i in indicators}
    roles = {role for t in tasks for role in t.role_keys}
    roles |= {role for i in indicators for role in i.role_keys}
    found = []
    if len(years) > 1:
        found.append(views.Filter(name="year", label="年度"))
    if len(roles) > 1:
        found.append(views.Filter(name="role", label="角色"))
    return found


def task_order(site: Site, task: Row) -> tuple[int, int, int]:
    """Published order within a report: list, top-level task, key task."""
    list_position = site.by_id("lists")[task["list_id"]]["position"]
    if task["parent_id"]:
        return (list_position, site.tasks[task["parent_id"]]["position"], task["position"])
    return (list_position, task["position"], 0)


@dataclass(frozen=True)
class TaskReport:
    """One report's block of a unit page: a heading, then the unit's tasks in it."""

    report: Row
    url: str
    lists: int  # the report's list count: with several, each task names its list
    tasks: tuple[TaskRow, ...]  # in published order


def task_reports(site: Site, assignments: list[Row]) -> list[TaskReport]:
    """The unit's tasks grouped by report (newest year first), each with its roles."""
    by_task: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(assignments, key=lambda a: (a["group"], a["position"])):
        by_task[row["task_id"]].append(row)
    by_report: dict[str, list[TaskRow]] = defaultdict(list)
    for task_id, rows in by_task.items():
        task = site.tasks[task_id]
        report = site.report_of_list(task["list_id"])
        by_report[report["id"]].append(task_row(site, task, rows))
    reports = sorted(by_report, key=lambda r: (-site.reports[r]["year"], r))
    return [
        TaskReport(
            report=site.reports[r],
            url=urls.report(r),
            lists=len(site.lists_by_report.get(r, [])),
            tasks=tuple(sorted(by_report[r], key=lambda t: t.order)),
        )
        for r in reports
    ]


@dataclass(frozen=True)
class TaskRow:
    """One task of a unit page: what the unit is named for, in which roles."""

    order: tuple[int, int, int]
    url: str
    number: str
    parent_number: str  # a key task's parent, "" for a top-level task
    title: str
    text: str
    list: str  # the list's title
    role_keys: tuple[str, ...]  # the unit's roles for the task, in published order
    roles: tuple[str, ...]  # their Chinese labels
    year: int
    ambiguous: tuple[str, ...]  # the notes of the unit's doubtful mentions
    status: progress.Badge


def task_row(site: Site, task: Row, rows: list[Row]) -> TaskRow:
    role_keys = tuple(dict.fromkeys(a["role"] for a in rows))
    return TaskRow(
        order=task_order(site, task),
        url=views.task_url(site, task),
        number=task["number"],
        parent_number=site.tasks[task["parent_id"]]["number"] if task["parent_id"] else "",
        title=task["title"] or "",
        text=task["text"] or "",
        list=site.by_id("lists")[task["list_id"]]["title"],
        role_keys=role_keys,
        roles=tuple(ROLE_LABELS[role] for role in role_keys),
        year=site.report_of_list(task["list_id"])["year"],
        ambiguous=tuple(a["note"] or "" for a in rows if a["ambiguous"]),
        status=progress.task_badge(site, task),
    )


@dataclass(frozen=True)
class UnitIndicatorRow:
    """One indicator the unit is named for: the indicator's view, its report, and the
    unit's roles for it (the year and roles also feed the page's filters)."""

    indicator: views.IndicatorView
    report: Row
    report_url: str  # the indicator's row on its report page
    year: int
    role_keys: tuple[str, ...]  # the unit's roles, in published order
    roles: tuple[str, ...]  # their Chinese labels


def indicator_rows(site: Site, assignments: list[Row]) -> list[UnitIndicatorRow]:
    rows = []
    roles: dict[str, dict[str, None]] = {}
    for a in assignments:
        roles.setdefault(a["indicator_id"], {})[a["role"]] = None
    for indicator_id in dict.fromkeys(a["indicator_id"] for a in assignments):
        indicator = site.indicators[indicator_id]
        report = site.report_of_list(indicator["list_id"])
        rows.append(
            UnitIndicatorRow(
                indicator=views.indicator_view(site, indicator),
                report=report,
                report_url=views.indicator_row_url(site, indicator),
                year=report["year"],
                role_keys=tuple(roles[indicator_id]),
                roles=tuple(ROLE_LABELS[r] for r in roles[indicator_id]),
            )
        )
    return sorted(rows, key=lambda r: (-r.report["year"], r.report["id"], r.indicator.id))
