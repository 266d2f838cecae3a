"""Jurisdiction pages (jurisdictions/<id>/): its reports by year, units and indicators."""

from __future__ import annotations

from dataclasses import dataclass

from luoshi import urls
from luoshi.pages import progress, views
from luoshi.pages.model import Row, Site, UnitCounts, pinyin_key
from luoshi.render import Page, markdown_page
from luoshi.vocab import LEVELS, UNIT_KINDS


def path(jurisdiction_id: str) -> str:
    return urls.markdown(urls.jurisdiction(jurisdiction_id))


def render(site: Site, jurisdiction_id: str) -> Page:
    jurisdiction = site.jurisdictions[jurisdiction_id]
    parent = site.jurisdictions.get(jurisdiction["parent_id"] or "")
    reports = site.reports_by_jurisdiction.get(jurisdiction_id, [])
    rollups = progress.report_rollups(site, reports)
    units = [unit_row(site, u) for u in site.units_by_jurisdiction.get(jurisdiction_id, [])]
    return markdown_page(
        path(jurisdiction_id),
        "jurisdiction.html",
        jurisdiction["name"],
        jurisdiction=jurisdiction,
        level=LEVELS[jurisdiction["level"]],
        parent=parent,
        parent_url=urls.jurisdiction(parent["id"]) if parent else "",
        children=[
            ChildLink(row=child, url=urls.jurisdiction(child["id"]))
            for child in site.children_of(jurisdiction_id)
        ],
        counts=jurisdiction_counts(site, jurisdiction_id, len(units)),
        reports=[views.report_row(site, r) for r in reports],
        units=units,
        indicators=indicator_rows(site, reports),
        rollups=rollups,
        rollups_reported=progress.reported(rollups),
        feed=urls.feed(urls.jurisdiction(jurisdiction_id)),
    )


@dataclass(frozen=True)
class ChildLink:
    """A jurisdiction one level down, linked from the page's 下级 line."""

    row: Row
    url: str


def jurisdiction_counts(site: Site, jurisdiction_id: str, units: int) -> views.Counts:
    counts = site.jurisdiction_counts(jurisdiction_id)
    return views.Counts(counts["reports"], counts["tasks"], counts["indicators"], units)


@dataclass(frozen=True)
class UnitRow:
    """One row of the jurisdiction's unit table."""

    name: str
    url: str
    kind: str
    counts: UnitCounts


def unit_row(site: Site, unit: Row) -> UnitRow:
    return UnitRow(
        name=unit["name"],
        url=urls.unit(unit["id"]),
        kind=UNIT_KINDS[unit["kind"]],
        counts=site.unit_counts(unit["id"]),
    )


def indicator_rows(site: Site, reports: list[Row]) -> list[views.IndicatorInReport]:
    """Every indicator row of the jurisdiction's reports, by name then year."""
    lists = [lst for r in reports for lst in site.lists_by_report.get(r["id"], [])]
    rows = [
        views.indicator_in_report(site, indicator)
        for lst in lists
        for indicator in site.indicators_of_list(lst["id"])
    ]
    return sorted(
        rows,
        key=lambda r: (pinyin_key(r.indicator.name), -r.report["year"], r.indicator.id),
    )
