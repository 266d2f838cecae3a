"""Listing pages in the nav: jurisdictions, reports by year, units, indicators.

At province scale none may list everything: units are listed on their
jurisdiction's page (the listing links there), and indicator names are split
into one page per initial pinyin letter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from luoshi import urls
from luoshi.pages import views
from luoshi.pages.model import Row, Site, initial, pinyin_key
from luoshi.render import Page, markdown_page
from luoshi.vocab import LEVELS


def render(site: Site) -> Iterator[Page]:
    tree = jurisdiction_tree(site)
    yield jurisdictions_page(site, tree)
    yield reports_page(site)
    yield units_page(site, tree)
    yield from indicator_pages(site)


def jurisdiction_tree(site: Site) -> list[tuple[int, Row]]:
    """Every jurisdiction with its depth, parents before children, siblings by code."""
    known = site.jurisdictions
    roots = sorted(
        (j for j in known.values() if (j["parent_id"] or "") not in known), key=lambda j: j["code"]
    )
    ordered: list[tuple[int, Row]] = []
    stack = [(0, j) for j in reversed(roots)]
    while stack:
        depth, row = stack.pop()
        ordered.append((depth, row))
        stack.extend((depth + 1, c) for c in reversed(site.children_of(row["id"])))
    return ordered


@dataclass(frozen=True)
class JurisdictionRow:
    """One row of the jurisdiction table shared by the home page and the listing."""

    depth: int  # in the tree, for the indent
    row: Row
    url: str
    level: str  # the level's Chinese label (luoshi.vocab.LEVELS)
    counts: dict[str, int]  # Site.jurisdiction_counts: reports, tasks, indicators


def jurisdiction_rows(site: Site, tree: list[tuple[int, Row]]) -> list[JurisdictionRow]:
    """The jurisdiction table shared by the home page and the jurisdictions listing."""
    return [
        JurisdictionRow(
            depth=depth,
            row=j,
            url=urls.jurisdiction(j["id"]),
            level=LEVELS[j["level"]],
            counts=site.jurisdiction_counts(j["id"]),
        )
        for depth, j in tree
    ]


def jurisdictions_page(site: Site, tree: list[tuple[int, Row]]) -> Page:
    rows = jurisdiction_rows(site, tree)
    return markdown_page(
        urls.index_markdown(urls.JURISDICTIONS),
        "list_jurisdictions.html",
        "行政区划",
        index=False,
        rows=rows,
    )


@dataclass(frozen=True)
class ReportEntry(views.ReportRow):
    """One report of the reports listing, under its year, with its jurisdiction."""

    jurisdiction: Row
    jurisdiction_url: str


def reports_page(site: Site) -> Page:
    years: dict[int, list[ReportEntry]] = defaultdict(list)
    for report in site.reports.values():
        jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
        years[report["year"]].append(
            ReportEntry(
                **vars(views.report_row(site, report)),
                jurisdiction=jurisdiction,
                jurisdiction_url=urls.jurisdiction(jurisdiction["id"]),
            )
        )
    groups = [
        (year, sorted(years[year], key=lambda r: (r.jurisdiction["code"], r.row["id"])))
        for year in sorted(years, reverse=True)
    ]
    return markdown_page(
        urls.index_markdown(urls.REPORTS),
        "list_reports.html",
        "文件",
        index=False,
        years=groups,
    )


@dataclass(frozen=True)
class UnitsRow:
    """One jurisdiction of the units listing: how many units its page lists."""

    depth: int  # in the tree, for the indent
    row: Row
    url: str  # the unit section of the jurisdiction's page
    units: int


def units_page(site: Site, tree: list[tuple[int, Row]]) -> Page:
    rows = [
        UnitsRow(
            depth=depth,
            row=j,
            url=urls.jurisdiction(j["id"]) + "#单位",
            units=len(site.units_by_jurisdiction.get(j["id"], [])),
        )
        for depth, j in tree
    ]
    return markdown_page(
        urls.index_markdown(urls.UNITS),
        "list_units.html",
        "单位",
        index=False,
        rows=rows,
    )


@dataclass(frozen=True)
class IndicatorName:
    """One indicator name of a letter page: where and how often it appears."""

    name: str
    url: str  # the indicator's page
    rows: int  # indicator rows of that name
    years: str  # "2023", or "2021–2024"
    jurisdictions: int


@dataclass(frozen=True)
class LetterLink:
    """One initial of the indicator index, with its page and how many names it holds."""

    letter: str
    url: str
    count: int


def indicator_name(site: Site, name: str, rows: list[Row]) -> IndicatorName:
    years = [site.report_of_list(r["list_id"])["year"] for r in rows]
    return IndicatorName(
        name=name,
        url=urls.indicator(site.indicator_slugs[name]),
        rows=len(rows),
        years=f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0]),
        jurisdictions=len({site.report_of_list(r["list_id"])["jurisdiction_id"] for r in rows}),
    )


def indicator_pages(site: Site) -> Iterator[Page]:
    letters: dict[str, list[IndicatorName]] = defaultdict(list)
    for name, rows in site.indicators_by_name.items():
        letters[initial(rows[0]["base_name"])].append(indicator_name(site, name, rows))
    index = [
        LetterLink(letter=letter, url=urls.indicator_letter(letter), count=len(letters[letter]))
        for letter in sorted(letters)
    ]
    yield markdown_page(
        urls.index_markdown(urls.INDICATORS),
        "list_indicators.html",
        "指标",
        index=False,
        letters=index,
        total=len(site.indicators_by_name),
    )
    for entry in index:
        names = sorted(letters[entry.letter], key=lambda n: pinyin_key(n.name))
        yield markdown_page(
            urls.markdown(urls.indicator_letter(entry.letter)),
            "list_indicator_letter.html",
            f"指标:{entry.letter}",
            index=False,
            letter=entry.letter,
            letters=index,
            names=names,
        )
