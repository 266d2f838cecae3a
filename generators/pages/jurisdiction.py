"""Jurisdiction pages (jurisdictions/<id>/): its reports by year, units and indicators."""

from __future__ import annotations

from dataclasses import dataclass

from luoshi import urls
from luoshi.pages import progress, views
from luoshi.pages.model import Row, Site, UnitCounts, pinyin_key
from luoshi.render import Page, markdown_page
from luoshi.vocab import LEVELS, REPORT_KINDS, UNIT_KINDS


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
            {"row": child, "url": urls.jurisdiction(child["id"])}
            for child in site.children_of(jurisdiction_id)
        ],
        counts=site.jurisdiction_counts(jurisdiction_id) | {"units": len(units)},
        reports=[
            {
                "row": r,
                "url": urls.report(r["id"]),
                "kind": REPORT_KINDS[r["kind"]],
                "counts": site.report_counts(r["id"]),
            }
            for r in reports
        ],
        units=units,
        indicators=indicator_rows(site, reports),
        rollups=rollups,
        rollups_reported=progress.reported(rollups),
        feed=urls.feed(urls.jurisdiction(jurisdiction_id)),
    )


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


@dataclass(frozen=True, slots=True)
class JurisdictionIndicatorRow:
    """One indicator row of the jurisdiction's reports, with the report it is in."""

    indicator: views.IndicatorView
    report: Row
    report_url: str  # the indicator's row on its report page


def indicator_rows(site: Site, reports: list[Row]) -> list[JurisdictionIndicatorRow]:
    """Every indicator row of the jurisdiction's reports, by name then year."""
    lists = [lst for r in reports for lst in site.lists_by_report.get(r["id"], [])]
    rows = []
    for lst in lists:
        for indicator in site.indicators_of_list(lst["id"]):
            rows.append(
                JurisdictionIndicatorRow(
                    indicator=views.indicator_view(site, indicator),
                    report=site.reports[lst["report_id"]],
                    report_url=views.indicator_row_url(site, indicator),
                )
            )
    return sorted(
        rows,
        key=lambda r: (pinyin_key(r.indicator.name), -r.report["year"], r.indicator.id),
    )
