"""Row → view helpers shared by several page kinds (rows' addresses, roles, values).

Views are frozen dataclasses without slots: a page's key is a pickle of its views
(luoshi.render), and a slotted dataclass pickles through dataclasses.fields() for every
object, which made the province's global pages half again slower to render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from luoshi import urls
from luoshi.pages.model import Row, Site
from luoshi.render import number
from luoshi.vocab import COMPARATORS, REPORT_KINDS, ROLE_LABELS, STATUS_LABELS

_SYMBOLS = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def task_url(site: Site, task: Row) -> str:
    return urls.anchored(site.report_of_list(task["list_id"])["id"], task["id"])


def indicator_row_url(site: Site, indicator: Row) -> str:
    return urls.anchored(site.report_of_list(indicator["list_id"])["id"], indicator["id"])


def parsed_value(comparator: str | None, value: Any, value_max: Any, unit: str | None) -> str:
    """The parsed reading of a baseline or target, e.g. "≥ 94.1", "增长 1.3%", "定性"."""
    unit = unit or ""
    if not comparator:
        return ""
    if comparator == "qualitative":
        return COMPARATORS[comparator]
    if comparator == "range":
        return f"{number(value)}–{number(value_max)}{unit}"
    if comparator in ("growth", "decline"):
        return f"{COMPARATORS[comparator]} {number(value)}{unit}"
    return f"{_SYMBOLS[comparator]} {number(value)}{unit}"


@dataclass(frozen=True)
class UnitMention:
    """One unit as a document names it, linked to the unit's page."""

    url: str
    name: str  # as published
    canonical: str  # the unit's own name where the document spells it otherwise, else ""
    role: str  # the role's Chinese label (luoshi.vocab.ROLE_LABELS)
    ambiguous: bool
    note: str


@dataclass(frozen=True)
class RoleLine:
    """The units named in one role within one group of a task: "牵头 A、B"."""

    role: str  # Chinese label
    units: tuple[UnitMention, ...]


def assignment_view(site: Site, row: Row) -> UnitMention:
    unit = site.units[row["unit_id"]]
    return UnitMention(
        url=urls.unit(unit["id"]),
        name=row["name_as_published"],
        canonical=unit["name"] if unit["name"] != row["name_as_published"] else "",
        role=ROLE_LABELS[row["role"]],
        ambiguous=bool(row["ambiguous"]),
        note=row["note"] or "",
    )


def role_lines(mentions: list[UnitMention]) -> list[RoleLine]:
    """One line per role, roles in the order first named, units in published order."""
    by_role: dict[str, list[UnitMention]] = {}
    for mention in mentions:
        by_role.setdefault(mention.role, []).append(mention)
    return [RoleLine(role, tuple(units)) for role, units in by_role.items()]


def assignment_groups(site: Site, rows: list[Row]) -> list[list[RoleLine]]:
    """A task's units, one list of role lines per `group` (parts of a task with their
    own units), in published order."""
    groups: dict[int, list[UnitMention]] = {}
    for row in sorted(rows, key=lambda r: (r["group"], r["position"])):
        groups.setdefault(int(row["group"]), []).append(assignment_view(site, row))
    return [role_lines(mentions) for mentions in groups.values()]


@dataclass(frozen=True)
class ProgressLine:
    """One progress row under an indicator: its status in words and what was published."""

    as_of: Any  # as loaded (a date)
    status: str  # the status's Chinese label
    status_key: str  # the status (luoshi.vocab.STATUS_LABELS), for the colour class
    status_text: str  # the status as published
    value: str
    text: str
    note: str
    source: Any


def progress_view(row: Row) -> ProgressLine:
    return ProgressLine(
        as_of=row["as_of"],
        status=STATUS_LABELS[row["status"]],
        status_key=row["status"],
        status_text=row["status_text"] or "",
        value=row["value"] or "",
        text=row["text"] or "",
        note=row["note"] or "",
        source=row["source"],
    )


@dataclass(frozen=True)
class IndicatorView:
    """One indicator row as the tables of report, unit and indicator pages print it."""

    id: str
    number: str  # "3", or "3-2" for a sub-indicator
    name: str
    url: str  # the indicator's page
    section: str  # the section's title, "" outside a section
    attribute: str
    baseline_text: str  # as published
    baseline: str  # the parsed reading (parsed_value)
    target_text: str  # as published
    target: str  # the parsed reading (parsed_value)
    units: tuple[UnitMention, ...]
    units_text: str
    note: str
    progress: tuple[ProgressLine, ...]


def indicator_view(site: Site, row: Row) -> IndicatorView:
    number_text = row["number"] or ""
    if row["sub_number"]:
        number_text += f"-{row['sub_number']}"
    section = site.sections.get(row["section_id"]) if row["section_id"] else None
    return IndicatorView(
        id=row["id"],
        number=number_text,
        name=row["name"],
        url=urls.indicator(site.indicator_slugs[row["name"]]),
        section=section["title"] if section else "",
        attribute=row["attribute"] or "",
        baseline_text=row["baseline_text"] or "",
        baseline=parsed_value(
            row["baseline_comparator"],
            row["baseline_value"],
            row["baseline_value_max"],
            "",  # the schema keeps no unit for baselines
        ),
        target_text=row["target_text"] or "",
        target=parsed_value(
            row["target_comparator"],
            row["target_value"],
            row["target_value_max"],
            row["target_value_unit"],
        ),
        units=tuple(
            assignment_view(site, a) for a in site.assignments_by_indicator.get(row["id"], [])
        ),
        units_text=row["units_text"] or "",
        note=row["note"] or "",
        progress=tuple(progress_view(p) for p in site.progress_by_indicator.get(row["id"], [])),
    )


def report_label(report: Row) -> str:
    return f"{report['year']} · {report['title']}"


@dataclass(frozen=True)
class TocEntry:
    """One line of a long page's table of contents (templates/_filters.html `toc`)."""

    level: int  # the heading level it links to, for the indent
    id: str  # the heading's anchor
    title: str


@dataclass(frozen=True)
class Filter:
    """One select of a page's filter form (templates/_filters.html `form`). Options left
    empty are read from the page itself by filters.js."""

    name: str  # the select's name and the items' data-f-<name> attribute
    label: str
    options: tuple[tuple[str, str], ...] = ()  # (value, text)


@dataclass(frozen=True)
class Counts:
    """A 数量 line: the reports, tasks and indicators of a place (or of the site) and
    the units they name."""

    reports: int
    tasks: int
    indicators: int
    units: int


@dataclass(frozen=True)
class ReportRow:
    """One report in a table of reports (a jurisdiction's, the reports listing)."""

    row: Row
    url: str
    kind: str  # the report kind's Chinese label (luoshi.vocab.REPORT_KINDS)
    counts: dict[str, int]  # Site.report_counts: tasks, indicators


def report_row(site: Site, report: Row) -> ReportRow:
    return ReportRow(
        row=report,
        url=urls.report(report["id"]),
        kind=REPORT_KINDS[report["kind"]],
        counts=site.report_counts(report["id"]),
    )


@dataclass(frozen=True)
class IndicatorInReport:
    """One indicator row with the report it is in (jurisdiction and indicator pages)."""

    indicator: IndicatorView
    report: Row
    report_url: str  # the indicator's row on its report page


def indicator_in_report(site: Site, indicator: Row) -> IndicatorInReport:
    return IndicatorInReport(
        indicator=indicator_view(site, indicator),
        report=site.report_of_list(indicator["list_id"]),
        report_url=indicator_row_url(site, indicator),
    )
