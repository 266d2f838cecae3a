"""Indicator pages (indicators/<slug>/): every row of one indicator name, across reports.

The slug (pinyin of the base name + a hash of the exact name, see model.indicator_slug)
does not change when rows are added, so links to an indicator stay valid.
"""

from __future__ import annotations

from typing import Any

from luoshi.pages import progress, views
from luoshi.pages.model import Row, Site
from luoshi.render import Page, markdown_page

CHARTED = ("=", ">=", ">", "<=", "<")  # targets on the same scale as the baseline


def path(slug: str) -> str:
    return f"indicators/{slug}.md"


def render(site: Site, name: str) -> Page:
    rows = sorted(
        (row_view(site, r) for r in site.indicators_by_name[name]),
        key=lambda r: (-r["report"]["year"], r["jurisdiction"]["code"], r["id"]),
    )
    first = site.indicators_by_name[name][0]
    return markdown_page(
        path(site.indicator_slugs[name]),
        "indicator.html",
        name,
        name=name,
        base_name=first["base_name"],
        measure_unit=first["measure_unit"] or "",
        rows=rows,
        chart=chart_data(rows),
        jurisdictions=sorted({r["jurisdiction"]["short_name"] for r in rows}),
        actuals=progress.indicator_actuals(site, site.indicators_by_name[name]),
    )


def row_view(site: Site, indicator: Row) -> dict[str, Any]:
    report = site.report_of_list(indicator["list_id"])
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    return views.indicator_view(site, indicator) | {
        "report": report,
        "report_url": views.indicator_row_url(site, indicator),
        "jurisdiction": jurisdiction,
        "jurisdiction_url": views.jurisdiction_url(jurisdiction["id"]),
        "baseline_value": indicator["baseline_value"],
        "target_value": indicator["target_value"],
        "target_comparator": indicator["target_comparator"] or "",
    }


def chart_data(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Baseline against target for rows where both are plain numbers, oldest first."""
    charted = [
        r
        for r in reversed(rows)
        if r["baseline_value"] is not None
        and r["target_value"] is not None
        and r["target_comparator"] in CHARTED
    ]
    if not charted:
        return None
    return {
        "labels": [f"{r['report']['year']} {r['jurisdiction']['short_name']}" for r in charted],
        "baseline": [float(r["baseline_value"]) for r in charted],
        "target": [float(r["target_value"]) for r in charted],
    }
