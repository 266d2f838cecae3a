"""One module per page kind; each renders Markdown for the mkdocs docs dir.

Rendering is a pure function of (site data, page subset) → pages, so the build
can later be split into shards: `shard_pages` renders what depends on one set
of jurisdictions only; `global_pages` renders the pages that span them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from luoshi.pages import downloads_page, home, indicator, jurisdiction, listings, report, unit
from luoshi.pages.model import Site
from luoshi.render import Page

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile


def shard_pages(
    site: Site,
    jurisdiction_ids: Iterable[str],
    downloads: list[DownloadFile],
    sources: set[str],
) -> Iterator[Page]:
    """Jurisdiction, report and unit pages of the given jurisdictions."""
    for jurisdiction_id in jurisdiction_ids:
        yield jurisdiction.render(site, jurisdiction_id)
        for row in site.reports_by_jurisdiction.get(jurisdiction_id, []):
            yield report.render(site, row["id"], downloads, sources)
        for row in site.units_by_jurisdiction.get(jurisdiction_id, []):
            yield unit.render(site, row["id"])


def global_pages(site: Site, build_date: str) -> Iterator[Page]:
    """Home, listings and indicator pages."""
    yield home.render(site, build_date)
    yield from listings.render(site)
    for name in site.indicators_by_name:
        yield indicator.render(site, name)


def downloads_pages(site: Site, downloads: list[DownloadFile], build_date: str) -> Iterator[Page]:
    """The downloads page, listing the package's files, and the DCAT catalog."""
    yield downloads_page.render(site, downloads, build_date)
    yield downloads_page.catalog_page(site, downloads)


def check_slugs(site: Site) -> list[str]:
    """Indicator names whose slugs collide (a hash collision): each needs its own page."""
    seen: dict[str, str] = {}
    clashes = []
    for name, slug in sorted(site.indicator_slugs.items()):
        if slug in seen:
            clashes.append(f"指标 {seen[slug]!r} 与 {name!r} 的网址相同:{slug}")
        seen[slug] = name
    return clashes
