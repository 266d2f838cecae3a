"""Row → view helpers shared by several page kinds (site URLs, roles, values)."""

from __future__ import annotations

from typing import Any

from luoshi.pages.model import COMPARATORS, ROLES, STATUSES, Row, Site
from luoshi.render import number

_SYMBOLS = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<"}


# Site URLs, relative to the site root (templates prefix them with `root`).
def jurisdiction_url(jurisdiction_id: str) -> str:
    return f"jurisdictions/{jurisdiction_id}/"


def report_url(report_id: str) -> str:
    return f"reports/{report_id}/"


def unit_url(unit_id: str) -> str:
    return f"units/{unit_id}/"


def indicator_url(slug: str) -> str:
    return f"indicators/{slug}/"


# Atom feeds, relative to the site root (pages name them in their front matter).
SITE_FEED = "feed.xml"


def jurisdiction_feed(jurisdiction_id: str) -> str:
    return jurisdiction_url(jurisdiction_id) + "feed.xml"


def unit_feed(unit_id: str) -> str:
    return unit_url(unit_id) + "feed.xml"


def task_url(site: Site, task: Row) -> str:
    return report_url(site.report_of_list(task["list_id"])["id"]) + "#" + task["id"]


def indicator_row_url(site: Site, indicator: Row) -> str:
    return report_url(site.report_of_list(indicator["list_id"])["id"]) + "#" + indicator["id"]


def parsed_value(comparator: str | None, value: Any, value_max: Any, unit: str | None) -> str:
    """The parsed reading of a baseline or target, e.g. "≥ 94.1", "增长 1.3%", "定性"."""
    unit = unit or ""
    if not comparator:
        return ""
    if comparator == "qualitative":
        return COMPARATORS[comparator]
    if comparator == "range":
        return f"{number(value)}–{number(value_max)}{unit}"
    if comparator in ("growth", "decline"):
        return f"{COMPARATORS[comparator]} {number(value)}{unit}"
    return f"{_SYMBOLS[comparator]} {number(value)}{unit}"


def assignment_view(site: Site, row: Row) -> dict[str, Any]:
    unit = site.units[row["unit_id"]]
    return {
        "url": unit_url(unit["id"]),
        "name": row["name_as_published"],
        "canonical": unit["name"] if unit["name"] != row["name_as_published"] else "",
        "role": ROLES[row["role"]],
        "label": row["label"] or "",
        "ambiguous": bool(row["ambiguous"]),
        "note": row["note"] or "",
    }


def assignment_groups(site: Site, rows: list[Row]) -> list[list[dict[str, Any]]]:
    """A task's units, one list per `group` (parts of a task with their own units)."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["group"], r["position"])):
        groups.setdefault(int(row["group"]), []).append(assignment_view(site, row))
    return list(groups.values())


def progress_view(row: Row) -> dict[str, Any]:
    return {
        "as_of": row["as_of"],
        "status": STATUSES[row["status"]],
        "status_key": row["status"],
        "status_text": row["status_text"] or "",
        "value": row["value"] or "",
        "text": row["text"] or "",
        "note": row["note"] or "",
        "source": row["source"],
    }


def indicator_view(site: Site, row: Row) -> dict[str, Any]:
    number_text = row["number"] or ""
    if row["sub_number"]:
        number_text += f"-{row['sub_number']}"
    section = site.sections.get(row["section_id"]) if row["section_id"] else None
    return {
        "id": row["id"],
        "number": number_text,
        "name": row["name"],
        "url": indicator_url(site.indicator_slugs[row["name"]]),
        "section": section["title"] if section else "",
        "attribute": row["attribute"] or "",
        "baseline_text": row["baseline_text"] or "",
        "baseline": parsed_value(
            row["baseline_comparator"],
            row["baseline_value"],
            row["baseline_value_max"],
            "",  # the schema keeps no unit for baselines
        ),
        "target_text": row["target_text"] or "",
        "target": parsed_value(
            row["target_comparator"],
            row["target_value"],
            row["target_value_max"],
            row["target_value_unit"],
        ),
        "units": [
            assignment_view(site, a) for a in site.assignments_by_indicator.get(row["id"], [])
        ],
        "units_text": row["units_text"] or "",
        "note": row["note"] or "",
        "progress": [progress_view(p) for p in site.progress_by_indicator.get(row["id"], [])],
    }


def report_label(report: Row) -> str:
    return f"{report['year']} · {report['title']}"
