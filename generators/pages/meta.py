"""Publishing metadata as data: the site's address, schema.org `Dataset` descriptions
(JSON-LD on the downloads and report pages) and the DCAT catalog of the package.

Every URL here is absolute, made from mkdocs.yml's `site_url` (the one setting of
the published address, with its sub-path); without one they stay relative to the
site root, which JSON-LD resolves against the page or file that holds them.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luoshi import urls
from luoshi.pages.model import Row, Site
from luoshi.render import safe_url

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile

PROJECT = Path(__file__).resolve().parents[2]
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "zip": "application/zip",
}


@cache
def site_url(config: Path = PROJECT / "mkdocs.yml") -> str:
    """mkdocs.yml's site_url with one trailing slash, or "" when it has none."""
    if not config.is_file():
        return ""
    match = re.search(r"^site_url:\s*[\"']?([^\s\"'#]+)", config.read_text("utf-8"), re.M)
    return match[1].rstrip("/") + "/" if match else ""


def absolute(path: str) -> str:
    """A site path ("downloads/x.csv") as the published URL."""
    return site_url() + path


def license_urls(site: Site) -> list[str]:
    licenses = site.package.descriptor.get("licenses", [])
    return [safe_url(lic.get("path")) for lic in licenses if safe_url(lic.get("path"))]


def distribution(f: DownloadFile) -> dict[str, Any]:
    return {
        "@type": "DataDownload",
        "encodingFormat": MEDIA_TYPES.get(f.format, f.format),
        "contentUrl": absolute(urls.download(f.path)),
        "contentSize": f"{f.size} B",
    }


def report_dataset(site: Site, report: Row, url: str, files: list[DownloadFile]) -> dict:
    """schema.org Dataset of one report's data: what, where, when, who, which files."""
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": report["title"],
        "description": f"{jurisdiction['name']}{report['year']}年《{report['title']}》"
        "的任务、责任单位与指标,照录原文。",
        "url": absolute(url),
        "inLanguage": "zh-CN",
        "temporalCoverage": str(report["year"]),
        "spatialCoverage": {"@type": "Place", "name": jurisdiction["name"]},
        "isAccessibleForFree": True,
        "includedInDataCatalog": {"@type": "DataCatalog", "url": absolute(urls.DOWNLOADS_PAGE)},
        "distribution": [distribution(f) for f in files],
    }
    if report["issuer"]:
        data["creator"] = {"@type": "GovernmentOrganization", "name": report["issuer"]}
    published = report["published"] or report["dated"]
    if published:
        data["datePublished"] = str(published)[:10]
    if safe_url(report["source_url"]):  # http(s) only: no javascript: from the data
        data["isBasedOn"] = safe_url(report["source_url"])
    licenses = license_urls(site)
    if licenses:
        data["license"] = licenses[0]
    return data


def package_dataset(site: Site, files: list[DownloadFile], data_date: str) -> dict:
    """schema.org Dataset of the whole package; one distribution per table (CSV) and
    the package files, so the page stays light (every format is in the catalog)."""
    descriptor = site.package.descriptor
    chosen = [f for f in files if not f.resource or f.format == "csv"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor.get("title") or descriptor.get("name", ""),
        "description": descriptor.get("description", ""),
        "url": absolute(urls.DOWNLOADS_PAGE),
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "temporalCoverage": years_covered(site),
        "version": descriptor.get("version", ""),
        "distribution": [distribution(f) for f in chosen],
        "subjectOf": {"@type": "DataCatalog", "url": absolute(urls.CATALOG)},
    }
    if data_date:
        data["dateModified"] = data_date
    licenses = license_urls(site)
    if licenses:
        data["license"] = licenses[0]
    return {k: v for k, v in data.items() if v not in ("", [])}


def years_covered(site: Site) -> str:
    years = sorted({int(r["year"]) for r in site.reports.values()})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}/{years[-1]}"


def catalog(site: Site, files: list[DownloadFile], data_date: str) -> str:
    """A DCAT catalog (JSON-LD) of the package: the whole package as one dataset with
    every file it offers, and each report's slice as a dataset of its own."""
    descriptor = site.package.descriptor
    licenses = license_urls(site)
    package_files = [(f.path, f.format, f.size) for f in files if not f.report_id]
    datasets = [
        _dcat_dataset(
            absolute(urls.DOWNLOADS_PAGE),
            descriptor.get("title") or descriptor.get("name", ""),
            descriptor.get("description", ""),
            package_files,
            licenses,
            data_date,
        )
    ]
    from luoshi.downloads import SLICE_FORMATS  # not at the top: downloads imports pages

    for report_id in sorted(site.reports):
        report = site.reports[report_id]
        jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
        # A report's slice is written by its jurisdiction's part: its size is not
        # known here, its address is.
        slices = [(urls.report_slice(report_id, fmt), fmt, None) for fmt in SLICE_FORMATS]
        datasets.append(
            _dcat_dataset(
                absolute(urls.report(report_id)),
                report["title"],
                f"{jurisdiction['name']}{report['year']}年",
                slices,
                licenses,
                str(report["published"] or report["dated"] or "")[:10],
                publisher=report["issuer"] or "",
            )
        )
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(urls.CATALOG),
        "@type": "dcat:Catalog",
        "dct:title": descriptor.get("title") or descriptor.get("name", ""),
        "dct:description": descriptor.get("description", ""),
        "dct:language": "zh",
        "dcat:homepage": {"@id": absolute(urls.HOME)},
        "dcat:dataset": datasets,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _dcat_dataset(
    url: str,
    title: str,
    description: str,
    files: list[tuple[str, str, int | None]],
    licenses: list[str],
    issued: str,
    publisher: str = "",
) -> dict[str, Any]:
    """A dcat:Dataset; `files` are (path under downloads/, format, size or None)."""
    data: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:title": title,
        "dct:description": description,
        "dcat:landingPage": {"@id": url},
        "dcat:distribution": [_dcat_file(f, licenses) for f in sorted(files)],
    }
    if issued:
        data["dct:issued"] = {"@value": issued, "@type": "xsd:date"}
    if publisher:
        data["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": publisher}
    return data


def _dcat_file(file: tuple[str, str, int | None], licenses: list[str]) -> dict[str, Any]:
    path, fmt, size = file
    data: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": path.rsplit("/", 1)[-1],
        "dcat:downloadURL": {"@id": absolute(urls.download(path))},
        "dcat:mediaType": MEDIA_TYPES.get(fmt, fmt),
    }
    if size is not None:
        data["dcat:byteSize"] = {"@value": str(size), "@type": "xsd:nonNegativeInteger"}
    if licenses:
        data["dct:license"] = {"@id": licenses[0]}
    return data
