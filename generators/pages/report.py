"""Report pages (reports/<id>/): every list, section and task of one report.

Each task is a heading whose id is the task id, so a link to reports/<id>/#<task id>
is permanent and Pagefind turns each task into a sub-result with that anchor.
A report page depends only on its own jurisdiction's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from luoshi.package import published_source_name
from luoshi.pages import progress, views
from luoshi.pages.model import LIST_KINDS, PERIODS, REPORT_KINDS, TASK_KINDS, Row, Site
from luoshi.render import Page, markdown_page

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile

MAX_HEADING = 6


def path(report_id: str) -> str:
    return f"reports/{report_id}.md"


def render(site: Site, report_id: str, downloads: list[DownloadFile], sources: set[str]) -> Page:
    report = site.reports[report_id]
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    lists = [list_view(site, row) for row in site.lists_by_report.get(report_id, [])]
    rollup = progress.report_rollup(site, report_id)
    return markdown_page(
        path(report_id),
        "report.html",
        report["title"],
        report=report,
        kind=REPORT_KINDS[report["kind"]],
        jurisdiction=jurisdiction,
        jurisdiction_url=views.jurisdiction_url(jurisdiction["id"]),
        source_copy=(
            f"sources/{published_source_name(report['source_file'])}"
            if report["source_file"] in sources
            else ""
        ),
        deadlines=[
            d | {"period_label": PERIODS[d["period"]]}
            for d in site.deadlines_by_report.get(report_id, [])
        ],
        lists=lists,
        counts=site.report_counts(report_id),
        downloads=[d for d in downloads if d.report_id == report_id],
        rollup=rollup,
        status_options=progress.report_filter(rollup),
        feed=views.jurisdiction_feed(jurisdiction["id"]),
    )


def list_view(site: Site, row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "kind": LIST_KINDS[row["kind"]],
        "blocks": list(task_blocks(site, site.tasks_by_list.get(row["id"], []))),
        "indicators": [
            views.indicator_view(site, i) for i in site.indicators_by_list.get(row["id"], [])
        ],
    }


def task_blocks(site: Site, tasks: list[Row]) -> Any:
    """Section headings and tasks in published order, sections opened as tasks enter them."""
    open_ids: list[str] = []
    for task in tasks:
        chain = site.section_chain(task["section_id"])
        for depth, section in enumerate(chain):
            if depth < len(open_ids) and open_ids[depth] == section["id"]:
                continue
            open_ids = open_ids[:depth] + [section["id"]]
            yield {"type": "section", "section": section, "level": min(5, 2 + section["level"])}
        open_ids = open_ids[: len(chain)]
        yield {"type": "task", "task": task_view(site, task, min(MAX_HEADING, 3 + len(chain)))}


def task_view(site: Site, task: Row, level: int) -> dict[str, Any]:
    officials: dict[str, list[str]] = {}
    for link in site.officials_by_task.get(task["id"], []):
        officials.setdefault(link["label"], []).append(link["name"])
    assignments = site.assignments_by_task.get(task["id"], [])
    children = [
        task_view(site, child, min(MAX_HEADING, level + 1))
        for child in site.task_children.get(task["id"], [])
    ]
    return {
        "id": task["id"],
        "number": task["number"],
        "kind": TASK_KINDS[task["kind"]],
        "title": task["title"] or "",
        "text": task["text"] or "",
        "note": task["note"] or "",
        "units_text": task["units_text"] or "",
        "level": level,
        "groups": views.assignment_groups(site, assignments),
        "doubts": sorted({a["note"] or "" for a in assignments if a["ambiguous"]}),
        "officials": list(officials.items()),
        "indicators": [
            views.indicator_view(site, i) for i in site.indicators_by_task.get(task["id"], [])
        ],
        "progress": progress.task_progress(
            site, task, site.report_of_list(task["list_id"])["year"]
        ),
        "filter": progress.filter_value(site, task, [c["filter"] for c in children]),
        "children": children,
    }
