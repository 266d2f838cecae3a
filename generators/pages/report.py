"""Report pages (reports/<id>/): every list, section and task of one report.

Each task is a heading whose id is the task id, so a link to reports/<id>/#<task id>
is permanent and Pagefind turns each task into a sub-result with that anchor.
A report page depends only on its own jurisdiction's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

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
        deadlines=[deadline_view(d) for d in site.deadlines_by_report.get(report_id, [])],
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


@dataclass(frozen=True)
class Deadline:
    """One row of the page's 报送时限 table: who reports what, by when."""

    applies_to: str
    period_label: str  # the period's Chinese label (luoshi.vocab.PERIODS)
    due: date
    text: str  # as published
    note: str


def deadline_view(row: Row) -> Deadline:
    return Deadline(
        applies_to=row["applies_to"],
        period_label=PERIODS[row["period"]],
        due=row["due"],
        text=row["text"],
        note=row["note"] or "",
    )


def gov_fields(report: Row) -> list[tuple[str, str]]:
    """(label, value) of the 政务公开 fields the report has; times as published."""
    fields = []
    for key, label in GOV_FIELDS:
        value = report.get(key)
        if value is not None and str(value).strip():
            fields.append((label, str(value).replace("T", " ")))
    return fields


def toc_entries(lists: list[ListView]) -> list[views.TocEntry]:
    """Lists (when there are several) and sections, for a page's table of contents."""
    entries = []
    for lst in lists:
        if len(lists) > 1:
            entries.append(views.TocEntry(level=2, id=lst.id, title=lst.title))
        for block in lst.blocks:
            if isinstance(block, SectionHeading):
                entries.append(views.TocEntry(level=block.level, id=block.id, title=block.title))
    return entries if len(entries) >= TOC_MIN_ENTRIES else []


def filters(lists: list[ListView]) -> list[views.Filter]:
    """The section and unit filters of a long report page. Their options and each
    item's data-f-section / data-f-unit values are read from the page itself by
    filters.js (the section headings above an item, the unit links in it), which
    keeps the page light; a filter with fewer than two choices is left out."""
    tasks = sum(1 for lst in lists for b in lst.blocks if isinstance(b, TaskView))
    if tasks < FILTER_MIN_TASKS:
        return []
    sections = sum(1 for lst in lists for b in lst.blocks if isinstance(b, SectionHeading))
    units = {u for lst in lists for u in lst.unit_ids}
    found = []
    if sections + (len(lists) if len(lists) > 1 else 0) > 1:
        found.append(views.Filter(name="section", label="章节"))
    if len(units) > 1:
        found.append(views.Filter(name="unit", label="单位"))
    return found


@dataclass(frozen=True)
class SectionHeading:
    """A section's heading, printed where the first task inside it comes."""

    type: ClassVar[str] = "section"  # how report.html tells headings from tasks
    id: str
    title: str
    level: int  # the heading level, h2 to h5


@dataclass(frozen=True)
class TaskView:
    """One task as the report page prints it, with its key tasks nested under it."""

    type: ClassVar[str] = "task"
    id: str
    number: str
    kind: str  # the kind's Chinese label (luoshi.vocab.TASK_KINDS)
    title: str
    text: str
    note: str
    units_text: str  # the units as published, shown when none could be read
    level: int  # the heading level, at most MAX_HEADING
    groups: tuple[tuple[views.RoleLine, ...], ...]  # role lines per group of units
    unit_ids: tuple[str, ...]  # the units of the task and its key tasks
    doubts: tuple[str, ...]  # the notes of doubtful unit mentions, sorted
    officials: tuple[tuple[str, tuple[str, ...]], ...]  # (label, names) as published
    indicators: tuple[views.IndicatorView, ...]
    progress: progress.TaskProgress | None
    filter: str  # the statuses of the task and its key tasks, for the status filter
    children: tuple[TaskView, ...]


Block = SectionHeading | TaskView


@dataclass(frozen=True)
class ListView:
    """One list of the report: its tasks under their section headings, its indicators."""

    id: str
    title: str
    kind: str  # the list kind's Chinese label (luoshi.vocab.LIST_KINDS)
    blocks: tuple[Block, ...]
    indicators: tuple[views.IndicatorView, ...]
    unit_ids: tuple[str, ...]  # every unit named in the list, for the unit filter


def list_view(site: Site, row: Row) -> ListView:
    blocks = tuple(task_blocks(site, site.tasks_by_list.get(row["id"], [])))
    indicators = site.indicators_by_list.get(row["id"], [])
    unit_ids: dict[str, None] = {}
    for task in (b for b in blocks if isinstance(b, TaskView)):
        unit_ids.update(dict.fromkeys(task.unit_ids))
    for indicator in indicators:
        unit_ids.update(dict.fromkeys(a["unit_id"] for a in indicator_assignments(site, indicator)))
    return ListView(
        id=row["id"],
        title=row["title"],
        kind=LIST_KINDS[row["kind"]],
        blocks=blocks,
        indicators=tuple(views.indicator_view(site, i) for i in indicators),
        unit_ids=tuple(unit_ids),
    )


def indicator_assignments(site: Site, indicator: Row) -> list[Row]:
    return site.assignments_by_indicator.get(indicator["id"], [])


def task_blocks(site: Site, tasks: list[Row]) -> Iterator[Block]:
    """Section headings and tasks in published order, sections opened as tasks enter them."""
    open_ids: list[str] = []
    for task in tasks:
        chain = site.section_chain(task["section_id"])
        for depth, section in enumerate(chain):
            if depth < len(open_ids) and open_ids[depth] == section["id"]:
                continue
            open_ids = open_ids[:depth] + [section["id"]]
            level = min(5, 2 + section["level"])
            yield SectionHeading(id=section["id"], title=section["title"], level=level)
        open_ids = open_ids[: len(chain)]
        yield task_view(site, task, min(MAX_HEADING, 3 + len(chain)))


def all_units(site: Site, task: Row) -> list[str]:
    """The units named for a task and its key tasks."""
    ids = [a["unit_id"] for a in site.assignments_by_task.get(task["id"], [])]
    for child in site.task_children.get(task["id"], []):
        ids += all_units(site, child)
    return list(dict.fromkeys(ids))


def task_view(site: Site, task: Row, level: int) -> TaskView:
    officials: dict[str, list[str]] = {}
    for link in site.officials_by_task.get(task["id"], []):
        officials.setdefault(link["label"], []).append(link["name"])
    assignments = site.assignments_by_task.get(task["id"], [])
    children = tuple(
        task_view(site, child, min(MAX_HEADING, level + 1))
        for child in site.task_children.get(task["id"], [])
    )
    return TaskView(
        id=task["id"],
        number=task["number"],
        kind=TASK_KINDS[task["kind"]],
        title=task["title"] or "",
        text=task["text"] or "",
        note=task["note"] or "",
        units_text=task["units_text"] or "",
        level=level,
        groups=tuple(tuple(g) for g in views.assignment_groups(site, assignments)),
        unit_ids=tuple(all_units(site, task)),
        doubts=tuple(sorted({a["note"] or "" for a in assignments if a["ambiguous"]})),
        officials=tuple((label, tuple(names)) for label, names in officials.items()),
        indicators=tuple(
            views.indicator_view(site, i) for i in site.indicators_by_task.get(task["id"], [])
        ),
        progress=progress.task_progress(site, task, site.report_of_list(task["list_id"])["year"]),
        filter=progress.filter_value(site, task, [c.filter for c in children]),
        children=children,
    )
