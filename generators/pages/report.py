"""Report pages (reports/<id>/): every list, section and task of one report.

Each task is a heading whose id is the task id, so a link to reports/<id>/#<task id>
is permanent and Pagefind turns each task into a sub-result with that anchor.
A report page depends only on its own jurisdiction's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from luoshi import urls
from luoshi.package import published_source_name
from luoshi.pages import meta, progress, views
from luoshi.pages.model import Row, Site
from luoshi.render import Page, markdown_page
from luoshi.vocab import LIST_KINDS, PERIODS, REPORT_KINDS, TASK_KINDS

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile

MAX_HEADING = 6
FILTER_MIN_TASKS = 12  # a shorter page is read whole: no filter form
TOC_MIN_ENTRIES = 3
# The 政务公开 fields of a report, in the order government sites print them; a
# field the package does not have (索引号 so far) is left out.
GOV_FIELDS = (
    ("index_number", "索引号"),
    ("issuer", "发布机构"),
    ("doc_number", "文号"),
    ("dated", "成文日期"),
    ("published", "发布日期"),
)


def path(report_id: str) -> str:
    return urls.markdown(urls.report(report_id))


def render(site: Site, report_id: str, downloads: list[DownloadFile], sources: set[str]) -> Page:
    report = site.reports[report_id]
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    lists = [list_view(site, row) for row in site.lists_by_report.get(report_id, [])]
    rollup = progress.report_rollup(site, report_id)
    files = [d for d in downloads if d.report_id == report_id]
    return markdown_page(
        path(report_id),
        "report.html",
        report["title"],
        report=report,
        kind=REPORT_KINDS[report["kind"]],
        jurisdiction=jurisdiction,
        jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
        source_copy=(
            urls.source(published_source_name(report["source_file"]))
            if report["source_file"] in sources
            else ""
        ),
        deadlines=[
            d | {"period_label": PERIODS[d["period"]]}
            for d in site.deadlines_by_report.get(report_id, [])
        ],
        lists=lists,
        counts=site.report_counts(report_id),
        downloads=files,
        rollup=rollup,
        status_options=progress.report_filter(rollup),
        feed=urls.feed(urls.jurisdiction(jurisdiction["id"])),
        gov_fields=gov_fields(report),
        toc=toc_entries(lists),
        filters=filters(lists),
        dataset=meta.report_dataset(site, report, urls.report(report_id), files),
    )


def gov_fields(report: Row) -> list[tuple[str, str]]:
    """(label, value) of the 政务公开 fields the report has; times as published."""
    fields = []
    for key, label in GOV_FIELDS:
        value = report.get(key)
        if value is not None and str(value).strip():
            fields.append((label, str(value).replace("T", " ")))
    return fields


def toc_entries(lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lists (when there are several) and sections, for a page's table of contents."""
    entries = []
    for lst in lists:
        if len(lists) > 1:
            entries.append({"level": 2, "id": lst["id"], "title": lst["title"]})
        for block in lst["blocks"]:
            if block["type"] == "section":
                section = block["section"]
                entry = {"level": block["level"], "id": section["id"], "title": section["title"]}
                entries.append(entry)
    return entries if len(entries) >= TOC_MIN_ENTRIES else []


def filters(lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The section and unit filters of a long report page. Their options and each
    item's data-f-section / data-f-unit values are read from the page itself by
    filters.js (the section headings above an item, the unit links in it), which
    keeps the page light; a filter with fewer than two choices is left out."""
    tasks = sum(1 for lst in lists for b in lst["blocks"] if b["type"] == "task")
    if tasks < FILTER_MIN_TASKS:
        return []
    sections = sum(1 for lst in lists for b in lst["blocks"] if b["type"] == "section")
    units = {u for lst in lists for u in lst["unit_ids"]}
    found = []
    if sections + (len(lists) if len(lists) > 1 else 0) > 1:
        found.append({"name": "section", "label": "章节", "options": []})
    if len(units) > 1:
        found.append({"name": "unit", "label": "单位", "options": []})
    return found


def list_view(site: Site, row: Row) -> dict[str, Any]:
    blocks = list(task_blocks(site, site.tasks_by_list.get(row["id"], [])))
    indicators = [views.indicator_view(site, i) for i in site.indicators_by_list.get(row["id"], [])]
    unit_ids: dict[str, None] = {}
    for task in (b["task"] for b in blocks if b["type"] == "task"):
        unit_ids.update(dict.fromkeys(task["unit_ids"]))
    for indicator in site.indicators_by_list.get(row["id"], []):
        unit_ids.update(dict.fromkeys(a["unit_id"] for a in indicator_assignments(site, indicator)))
    return {
        "id": row["id"],
        "title": row["title"],
        "kind": LIST_KINDS[row["kind"]],
        "blocks": blocks,
        "indicators": indicators,
        "unit_ids": list(unit_ids),
    }


def indicator_assignments(site: Site, indicator: Row) -> list[Row]:
    return site.assignments_by_indicator.get(indicator["id"], [])


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
        view = task_view(site, task, min(MAX_HEADING, 3 + len(chain)))
        yield {"type": "task", "task": view}


def all_units(site: Site, task: Row) -> list[str]:
    """The units named for a task and its key tasks."""
    ids = [a["unit_id"] for a in site.assignments_by_task.get(task["id"], [])]
    for child in site.task_children.get(task["id"], []):
        ids += all_units(site, child)
    return list(dict.fromkeys(ids))


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
        "unit_ids": all_units(site, task),
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
