"""Unit pages (units/<id>/): every task and indicator a unit is named for, by report.

A unit page depends only on its own jurisdiction's rows (units are listed per
jurisdiction, and the documents naming them are that jurisdiction's).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from luoshi.pages import progress, views
from luoshi.pages.model import UNIT_KINDS, Row, Site
from luoshi.render import Page, markdown_page


def path(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def render(site: Site, unit_id: str) -> Page:
    unit = site.units[unit_id]
    jurisdiction = site.jurisdictions[unit["jurisdiction_id"]]
    assignments = site.assignments_by_unit.get(unit_id, [])
    reports = task_reports(site, [a for a in assignments if a["task_id"]])
    return markdown_page(
        path(unit_id),
        "unit.html",
        unit["name"],
        unit=unit,
        kind=UNIT_KINDS[unit["kind"]],
        jurisdiction=jurisdiction,
        jurisdiction_url=views.jurisdiction_url(jurisdiction["id"]),
        aliases=site.aliases_by_unit.get(unit_id, []),
        reports=reports,
        task_count=sum(len(r["tasks"]) for r in reports),
        indicators=indicator_rows(site, [a for a in assignments if a["indicator_id"]]),
        scorecard=progress.unit_scorecard(site, unit_id),
        feed=views.unit_feed(unit_id),
    )


def task_order(site: Site, task: Row) -> tuple[int, int, int]:
    """Published order within a report: list, top-level task, key task."""
    list_position = site.by_id("lists")[task["list_id"]]["position"]
    if task["parent_id"]:
        return (list_position, site.tasks[task["parent_id"]]["position"], task["position"])
    return (list_position, task["position"], 0)


def task_reports(site: Site, assignments: list[Row]) -> list[dict[str, Any]]:
    """The unit's tasks grouped by report (newest year first), each with its roles."""
    by_task: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(assignments, key=lambda a: (a["group"], a["position"])):
        by_task[row["task_id"]].append(row)
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for task_id, rows in by_task.items():
        task = site.tasks[task_id]
        report = site.report_of_list(task["list_id"])
        by_report[report["id"]].append(task_row(site, task, rows))
    reports = sorted(by_report, key=lambda r: (-site.reports[r]["year"], r))
    return [
        {
            "report": site.reports[r],
            "url": views.report_url(r),
            "lists": len(site.lists_by_report.get(r, [])),
            "tasks": sorted(by_report[r], key=lambda t: t["order"]),
        }
        for r in reports
    ]


def task_row(site: Site, task: Row, rows: list[Row]) -> dict[str, Any]:
    roles = list(dict.fromkeys(views.assignment_view(site, a)["role"] for a in rows))
    return {
        "order": task_order(site, task),
        "url": views.task_url(site, task),
        "number": task["number"],
        "parent_number": site.tasks[task["parent_id"]]["number"] if task["parent_id"] else "",
        "title": task["title"] or "",
        "text": task["text"] or "",
        "list": site.by_id("lists")[task["list_id"]]["title"],
        "roles": roles,
        "published_as": sorted({a["name_as_published"] for a in rows}),
        "ambiguous": [a["note"] or "" for a in rows if a["ambiguous"]],
        "status": progress.task_badge(site, task),
    }


def indicator_rows(site: Site, assignments: list[Row]) -> list[dict[str, Any]]:
    rows = []
    for indicator_id in dict.fromkeys(a["indicator_id"] for a in assignments):
        indicator = site.indicators[indicator_id]
        report = site.report_of_list(indicator["list_id"])
        rows.append(
            views.indicator_view(site, indicator)
            | {
                "report": report,
                "report_url": views.indicator_row_url(site, indicator),
            }
        )
    return sorted(rows, key=lambda r: (-r["report"]["year"], r["report"]["id"], r["id"]))
