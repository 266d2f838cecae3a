"""The downloads page: every file the downloads step wrote, the licence, how to cite,
and the data dictionary generated from the package's Table Schemas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from luoshi import dictionary, urls
from luoshi.pages import meta, views
from luoshi.pages.model import Site
from luoshi.render import Page, markdown_page

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile

FORMAT_ORDER = ("csv", "xlsx", "parquet", "json", "zip")


@dataclass(frozen=True)
class TableSection:
    """One table of the data dictionary with the files that hold it."""

    table: dictionary.Table
    files: list[DownloadFile]


def render(site: Site, downloads: list[DownloadFile], build_date: str) -> Page:
    from luoshi import status_table
    from luoshi.downloads import FORMULA_NOTE, SLICE_FORMATS  # downloads imports pages

    descriptor = site.package.descriptor
    files = [d for d in downloads if not d.report_id]
    resources = [
        TableSection(
            table,
            sorted(
                (f for f in files if f.resource == table.name),
                key=lambda f: (_format_rank(f.format), f.path),
            ),
        )
        for table in dictionary.tables(descriptor)
    ]
    return markdown_page(
        urls.index_markdown(urls.DOWNLOADS),
        "downloads.html",
        "下载",
        index=False,
        descriptor=descriptor,
        resources=resources,
        package_files=sorted(
            (f for f in files if not f.resource), key=lambda f: (_format_rank(f.format), f.path)
        ),
        report_slices=len(SLICE_FORMATS) * len(site.reports),
        licenses=descriptor.get("licenses", []),
        data_date=site.latest_report_date(),
        build_date=build_date,
        formula_note=FORMULA_NOTE,
        status_files=[f for f in files if f.resource == status_table.NAME],
        status_columns=dictionary.status_columns(),
        catalog=urls.CATALOG.removeprefix(urls.DOWNLOADS_PAGE),
        catalog_url=urls.CATALOG,
        dataset=meta.package_dataset(site, files, site.latest_report_date()),
        toc=toc_entries(resources),
    )


def toc_entries(resources: list[TableSection]) -> list[views.TocEntry]:
    """The page's sections and each table of the data dictionary."""
    sections = [("文件", "文件"), ("许可", "许可"), ("引用", "如何引用"), ("数据字典", "数据字典")]
    entries = [views.TocEntry(level=2, id=anchor, title=title) for anchor, title in sections]
    return entries + [
        views.TocEntry(level=3, id=f"表-{r.table.name}", title=r.table.title or r.table.name)
        for r in resources
    ]


def catalog_page(site: Site, downloads: list[DownloadFile]) -> Page:
    """downloads/catalog.jsonld: the DCAT catalog of every file (not a Markdown page)."""
    text = meta.catalog(site, downloads, site.latest_report_date())
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Page(urls.CATALOG, key, lambda: text)


def _format_rank(fmt: str) -> int:
    return FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER)
