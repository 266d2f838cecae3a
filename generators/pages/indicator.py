"""Indicator pages (indicators/<slug>/): every row of one indicator, across reports.

The slug (pinyin of the base name + a hash of the exact name, see model.indicator_slug)
does not change when rows are added, so links to an indicator stay valid.

A page compares the indicator across jurisdictions and years: its rows, and the rows
of names that differ from it only in punctuation or the unit's brackets
(model.comparison_key), each shown as published. A chart is drawn only where it shows
something: several places or years, or a baseline, a target and an actual value;
otherwise the page says in words why there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from luoshi import urls
from luoshi.pages import progress, views
from luoshi.pages.model import Row, Site, comparison_key
from luoshi.render import Page, markdown_page
from luoshi.vocab import REPORT_KINDS

CHARTED = ("=", ">=", ">", "<=", "<")  # targets on the same scale as the baseline
MAX_POINTS = 40  # the latest points; the table below has every row
SERIES = {"baseline": "基期值", "target": "目标值", "actual": "完成值"}


def series_keys(series: dict[str, list[float | None]]) -> list[str]:
    return [k for k, values in series.items() if any(v is not None for v in values)]


def path(slug: str) -> str:
    return urls.markdown(urls.indicator(slug))


def render(site: Site, name: str) -> Page:
    names = site.indicator_groups[comparison_key(name)]
    rows = sorted(
        (row_view(site, r) for n in names for r in site.indicators_by_name[n]),
        key=lambda r: (
            -r.report["year"],
            r.jurisdiction["code"],
            r.indicator.name != name,
            r.indicator.id,
        ),
    )
    first = site.indicators_by_name[name][0]
    chart, chart_note = chart_data(rows, first["measure_unit"] or "")
    return markdown_page(
        path(site.indicator_slugs[name]),
        "indicator.html",
        name,
        name=name,
        base_name=first["base_name"],
        measure_unit=first["measure_unit"] or "",
        rows=rows,
        own_rows=sum(1 for r in rows if r.indicator.name == name),
        variants=[
            Variant(name=n, url=urls.indicator(site.indicator_slugs[n])) for n in names if n != name
        ],
        chart=chart,
        chart_note=chart_note,
        jurisdictions=sorted({r.jurisdiction["short_name"] for r in rows}),
        actuals=progress.indicator_actuals(site, site.indicators_by_name[name]),
        years=sorted({r.report["year"] for r in rows}),
    )


@dataclass(frozen=True)
class Variant:
    """Another spelling of the indicator's name (punctuation, unit brackets), whose rows
    this page compares too."""

    name: str
    url: str


@dataclass(frozen=True)
class IndicatorRow(views.IndicatorInReport):
    """One row of the indicator page's table: the indicator's view, where it was
    published, and the raw figures the chart reads."""

    jurisdiction: Row
    jurisdiction_url: str
    baseline_value: Any  # as loaded; point() reads it as a number where it is one
    target_value: Any
    target_comparator: str  # "" where the target has no parsed reading


def row_view(site: Site, indicator: Row) -> IndicatorRow:
    placed = views.indicator_in_report(site, indicator)
    jurisdiction = site.jurisdictions[placed.report["jurisdiction_id"]]
    return IndicatorRow(
        **vars(placed),
        jurisdiction=jurisdiction,
        jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
        baseline_value=indicator["baseline_value"],
        target_value=indicator["target_value"],
        target_comparator=indicator["target_comparator"] or "",
    )


def _float(value: Any) -> float | None:
    try:
        number = float(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is missing


@dataclass(frozen=True)
class Figures:
    """A row's (or a merged place and year's) figures on one scale; None where missing."""

    baseline: float | None
    target: float | None
    actual: float | None

    def get(self, key: str) -> float | None:
        """The figure of a series key ("baseline", "target", "actual")."""
        return getattr(self, key)

    def agrees(self, other: Figures) -> bool:
        """No figure contradicts the other's (a missing one never does)."""
        return all(
            mine is None or theirs is None or mine == theirs
            for mine, theirs in zip(self.values(), other.values(), strict=True)
        )

    def filled(self, other: Figures) -> Figures:
        """These figures, with the gaps filled from the other's."""
        pairs = zip(self.values(), other.values(), strict=True)
        return Figures(*(theirs if mine is None else mine for mine, theirs in pairs))

    def values(self) -> tuple[float | None, float | None, float | None]:
        return (self.baseline, self.target, self.actual)


@dataclass(frozen=True)
class PlacePoint:
    """The figures of one place and year from one document kind (or from several that
    agree)."""

    figures: Figures
    kind: str  # the document's kind (REPORT_KINDS label), "" when unknown


@dataclass(frozen=True)
class Chart:
    """What the indicator page draws; `data` is serialised to JSON for
    indicator-chart.js, so it stays plain."""

    caption: str  # the series shown, in words
    left_out: bool  # some rows are not drawn: no number, or a target off the scale
    data: dict[str, Any]  # labels, unit, series (bars run sideways past six labels)


def point(row: IndicatorRow) -> Figures | None:
    """One chart point: the row's baseline, target (when on the baseline's scale) and
    latest reported value, as numbers; None when it has no number to draw."""
    baseline = _float(row.baseline_value) if row.baseline_value is not None else None
    target = None
    if row.target_value is not None and row.target_comparator in CHARTED:
        target = _float(row.target_value)
    actual = next((_float(p.value) for p in reversed(row.indicator.progress) if p.value), None)
    if baseline is None and target is None and actual is None:
        return None
    return Figures(baseline, target, actual)


def chart_data(rows: list[IndicatorRow], unit: str) -> tuple[Chart | None, str]:
    """The chart (oldest first, one label per place and year) or None with the reason in
    words."""
    by_place: dict[tuple[int, str], list[PlacePoint]] = {}
    for row in reversed(rows):
        values = point(row)
        if values is not None:
            place = (row.report["year"], row.jurisdiction["short_name"])
            merge(
                by_place.setdefault(place, []),
                values,
                REPORT_KINDS.get(row.report.get("kind"), ""),
            )
    points = [
        (point_label(year, place, found, found_point), found_point.figures)
        for (year, place), found in by_place.items()
        for found_point in found
    ]
    if not points:
        return None, "基期值和目标值都不是可比的数值,不作图。"
    values = points[0][1]
    several_kinds = sum(v is not None for v in values.values()) >= 2  # noqa: PLR2004
    if len(points) == 1 and not (values.actual is not None and several_kinds):
        return None, "只有一地一年的数值,不作图。"
    points = points[-MAX_POINTS:]
    labels = _unique([label for label, _ in points])
    series = {k: [v.get(k) for _, v in points] for k in SERIES}
    keys = series_keys(series)
    return Chart(
        caption="、".join(SERIES[k] for k in keys),
        left_out=any(point(r) is None or r.target_comparator not in CHARTED for r in rows),
        data={
            "labels": labels,
            "unit": unit,
            "series": {k: [_compact(v) for v in series[k]] for k in keys},
        },
    ), ""


def _compact(value: float | None) -> float | int | None:
    """168.0 as 168: the same number in fewer bytes."""
    return int(value) if value is not None and value.is_integer() else value


def merge(found: list[PlacePoint], values: Figures, kind: str) -> None:
    """Add a row's figures to its place and year: into a point whose figures it does
    not contradict (a baseline printed in one list, the target in another), else as a
    point of its own, named by its document's kind."""
    for index, known in enumerate(found):
        if known.figures.agrees(values):
            found[index] = PlacePoint(known.figures.filled(values), known.kind)
            return
    found.append(PlacePoint(values, kind))


def point_label(year: int, place: str, found: list[PlacePoint], one: PlacePoint) -> str:
    """ "2023 莲都区", or "2023 莲都区 专项工作要点" where the place and year have
    contradicting figures from several documents."""
    if len(found) == 1 or not one.kind:
        return f"{year} {place}"
    return f"{year} {place} {one.kind}"


def _unique(labels: list[str]) -> list[str]:
    """Labels made distinct: a repeated "2023 莲都区" becomes "2023 莲都区 (2)"."""
    counts: dict[str, int] = {}
    out = []
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
        out.append(label if counts[label] == 1 else f"{label} ({counts[label]})")
    return out
