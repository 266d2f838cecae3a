"""The downloads page: every file the downloads step wrote, the licence, how to cite,
and the data dictionary generated from the package's Table Schemas."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from luoshi.pages import meta
from luoshi.pages.model import Site
from luoshi.render import Page, markdown_page

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile

FORMAT_ORDER = ("csv", "xlsx", "parquet", "json", "zip")


def render(site: Site, downloads: list[DownloadFile], build_date: str) -> Page:
    from luoshi import status_table
    from luoshi.downloads import FORMULA_NOTE, SLICE_FORMATS  # downloads imports pages

    descriptor = site.package.descriptor
    files = [d for d in downloads if not d.report_id]
    resources = [
        {
            "name": res["name"],
            "title": res.get("title", ""),
            "description": res.get("description", ""),
            "files": sorted(
                (f for f in files if f.resource == res["name"]),
                key=lambda f: (_format_rank(f.format), f.path),
            ),
            "fields": [field_view(f) for f in res["schema"]["fields"]],
            "primary_key": _as_list(res["schema"].get("primaryKey")),
            "foreign_keys": [foreign_key_view(fk, res["name"]) for fk in foreign_keys(res)],
        }
        for res in descriptor["resources"]
    ]
    return markdown_page(
        "downloads/index.md",
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
        status_columns=status_table.dictionary(),
        catalog=meta.CATALOG.removeprefix("downloads/"),
        dataset=meta.package_dataset(site, files, site.latest_report_date()),
        toc=toc_entries(resources),
    )


def toc_entries(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's sections and each table of the data dictionary."""
    sections = [("文件", "文件"), ("许可", "许可"), ("引用", "如何引用"), ("数据字典", "数据字典")]
    entries = [{"level": 2, "id": anchor, "title": title} for anchor, title in sections]
    return entries + [
        {"level": 3, "id": f"表-{r['name']}", "title": r["title"] or r["name"]} for r in resources
    ]


def catalog_page(site: Site, downloads: list[DownloadFile]) -> Page:
    """downloads/catalog.jsonld: the DCAT catalog of every file (not a Markdown page)."""
    text = meta.catalog(site, downloads, site.latest_report_date())
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Page(meta.CATALOG, key, lambda: text)


def _format_rank(fmt: str) -> int:
    return FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER)


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def foreign_keys(resource: dict) -> list[dict]:
    return resource["schema"].get("foreignKeys", [])


def foreign_key_view(fk: dict, own: str) -> dict[str, str]:
    reference = fk["reference"]
    return {
        "fields": ", ".join(_as_list(fk["fields"])),
        "resource": reference.get("resource") or own,
        "target": ", ".join(_as_list(reference["fields"])),
    }


def field_view(field: dict) -> dict[str, str]:
    return {
        "name": field["name"],
        "title": field.get("title", ""),
        "type": field.get("type", "string"),
        "description": field.get("description", ""),
        "constraints": constraints_text(field.get("constraints", {})),
        "example": "" if "example" not in field else _plain(field["example"]),
    }


def constraints_text(constraints: dict) -> str:
    parts = []
    for key, value in constraints.items():
        if key == "required" and value:
            parts.append("必填")
        elif key == "unique" and value:
            parts.append("唯一")
        elif key == "enum":
            parts.append("取值:" + " / ".join(str(v) for v in value))
        elif key == "pattern":
            parts.append(f"格式:{value}")
        elif key in ("minimum", "maximum", "minLength", "maxLength"):
            label = {"minimum": "最小值", "maximum": "最大值"}.get(key, key)
            parts.append(f"{label} {value}")
    return ";".join(parts)


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
