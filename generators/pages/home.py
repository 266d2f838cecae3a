"""The home page: what the site is, where the data comes from, each jurisdiction's counts."""

from __future__ import annotations

from luoshi import urls
from luoshi.pages import progress, views
from luoshi.pages.listings import jurisdiction_rows, jurisdiction_tree
from luoshi.pages.model import Site
from luoshi.render import Page, markdown_page


def render(site: Site, build_date: str) -> Page:
    descriptor = site.package.descriptor
    rows = jurisdiction_rows(site, jurisdiction_tree(site))
    totals = views.Counts(len(site.reports), len(site.tasks), len(site.indicators), len(site.units))
    return markdown_page(
        urls.markdown(urls.HOME),
        "home.html",
        descriptor.get("title") or "落实",
        index=False,
        descriptor=descriptor,
        rows=rows,
        totals=totals,
        data_date=site.latest_report_date(),
        build_date=build_date,
        progress=progress.home_rollups(site),
        feed=urls.SITE_FEED,
        about_url=urls.ABOUT,
        downloads_url=urls.DOWNLOADS_PAGE,
        search_url=urls.SEARCH,
    )
