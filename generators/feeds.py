"""Atom feeds (RFC 4287): the site's `feed.xml`, and one per jurisdiction and per unit
beside its page (`jurisdictions/<id>/feed.xml`, `units/<id>/feed.xml`).

A feed lists the newest documents and status changes (a progress row whose status
differs from the one before it, the first report included). Everything in a feed
comes from the data, so the same data gives the same bytes:

- ids are tag URIs (RFC 4151) built from the row ids, which never change;
- dates are the data's (a report's publication time, else its date; a progress row's
  as_of), read as China time; the build clock is never read, and a feed without any
  entry is dated by the `fallback` epoch its caller gives (SOURCE_DATE_EPOCH for the
  site's feed; a jurisdiction part's feeds, whose part key has no build time, the
  build's fixed minimum);
- links are relative to the feed's own address, so the site works under any host;
- the XML is written by xml.etree, which escapes text and attributes; characters XML
  1.0 cannot carry are dropped first.

Feeds are written into the docs folder as static files, so the build's incremental
machinery (a part's docs digests) treats them like any other file of their part.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from luoshi import urls
from luoshi.pages import views
from luoshi.pages.model import Row, Site
from luoshi.pages.progress import report_tasks
from luoshi.progress import pace as progress
from luoshi.vocab import STATUS_LABELS

ATOM = "http://www.w3.org/2005/Atom"
# The tag URI authority and date: fixed once, never to change (ids must stay the same).
TAG = "tag:luoshi,2023:"
MAX_ENTRIES = 100  # the newest; a reader only needs what is new since its last visit
SUMMARY_CHARS = 200
CHINA = dt.timezone(dt.timedelta(hours=8))
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str  # site-relative
    summary: str
    category: str


def write_part_feeds(
    site: Site, docs: Path, jurisdiction_ids: Iterable[str], fallback: int
) -> set[str]:
    """The feeds of these jurisdictions and of their units; returns their paths."""
    written = set()
    for jurisdiction_id in jurisdiction_ids:
        written.add(_write(docs, *jurisdiction_feed(site, jurisdiction_id, fallback)))
        for unit in site.units_by_jurisdiction.get(jurisdiction_id, []):
            written.add(_write(docs, *unit_feed(site, unit["id"], fallback)))
    return written


def write_site_feed(site: Site, docs: Path, fallback: int) -> str:
    return _write(docs, urls.SITE_FEED, site_feed(site, fallback))


def _write(docs: Path, path: str, data: bytes) -> str:
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return path


# -- which entries ----------------------------------------------------------------


def site_feed(site: Site, fallback: int) -> bytes:
    entries = [report_entry(site, r) for r in site.reports.values()]
    for owner in (site.progress_by_task, site.progress_by_indicator):
        for rows in owner.values():
            entries += change_entries(site, rows)
    title = site.package.descriptor.get("title") or "落实"
    return feed_bytes(site, urls.SITE_FEED, f"{title}:更新", entries, fallback)


def jurisdiction_feed(site: Site, jurisdiction_id: str, fallback: int) -> tuple[str, bytes]:
    jurisdiction = site.jurisdictions[jurisdiction_id]
    reports = site.reports_by_jurisdiction.get(jurisdiction_id, [])
    entries = [report_entry(site, r) for r in reports]
    for report in reports:
        for task in report_tasks(site, report["id"]):
            entries += change_entries(site, site.progress_by_task.get(task["id"], []))
        for lst in site.lists_by_report.get(report["id"], []):
            for indicator in site.indicators_of_list(lst["id"]):
                entries += change_entries(site, site.progress_by_indicator.get(indicator["id"], []))
    path = urls.feed(urls.jurisdiction(jurisdiction_id))
    title = f"{jurisdiction['name']}:新文件与进展"
    return path, feed_bytes(site, path, title, entries, fallback)


def unit_feed(site: Site, unit_id: str, fallback: int) -> tuple[str, bytes]:
    unit = site.units[unit_id]
    assignments = site.assignments_by_unit.get(unit_id, [])
    tasks = dict.fromkeys(a["task_id"] for a in assignments if a["task_id"])
    indicators = dict.fromkeys(a["indicator_id"] for a in assignments if a["indicator_id"])
    reports: dict[str, Row] = {}
    entries: list[Entry] = []
    for task_id in tasks:
        reports.setdefault(*_report_item(site, site.tasks[task_id]))
        entries += change_entries(site, site.progress_by_task.get(task_id, []))
    for indicator_id in indicators:
        reports.setdefault(*_report_item(site, site.indicators[indicator_id]))
        entries += change_entries(site, site.progress_by_indicator.get(indicator_id, []))
    entries += [report_entry(site, r) for r in reports.values()]
    path = urls.feed(urls.unit(unit_id))
    jurisdiction = site.jurisdictions[unit["jurisdiction_id"]]
    title = f"{jurisdiction['short_name']} {unit['name']}:新文件与进展"
    return path, feed_bytes(site, path, title, entries, fallback)


def _report_item(site: Site, row: Row) -> tuple[str, Row]:
    report = site.report_of_list(row["list_id"])
    return report["id"], report


# -- entries ----------------------------------------------------------------------


def report_entry(site: Site, report: Row) -> Entry:
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    counts = site.report_counts(report["id"])
    summary = f"{jurisdiction['name']} {report['year']}年:"
    summary += f"任务 {counts['tasks']} 项,指标 {counts['indicators']} 项。"
    if report["issuer"]:
        summary = f"{report['issuer']}发布。" + summary
    return Entry(
        id=f"{TAG}reports/{report['id']}",
        title=f"新文件:{report['title']}",
        updated=report_time(report),
        link=urls.report(report["id"]),
        summary=summary,
        category="document",
    )


def report_time(report: Row) -> str:
    """The report's publication time, else its date, else the start of its year."""
    text = str(report["published"] or report["dated"] or f"{report['year']}-01-01")
    if len(text) <= 10:
        text += "T00:00:00"
    return dt.datetime.fromisoformat(text[:19]).replace(tzinfo=CHINA).isoformat()


def change_entries(site: Site, rows: list[Row]) -> list[Entry]:
    return [change_entry(site, row, before) for row, before in progress.status_changes(rows)]


def change_entry(site: Site, row: Row, before: str) -> Entry:
    if row["task_id"]:
        owner = site.tasks[row["task_id"]]
        url = views.task_url(site, owner)
        what = " ".join(filter(None, (owner["title"], owner["text"]))) or f"第{owner['number']}项"
        parent = site.tasks.get(owner["parent_id"] or "")
        number = f"第{parent['number']}-{owner['number']}项" if parent else f"第{owner['number']}项"
    else:
        owner = site.indicators[row["indicator_id"]]
        url = views.indicator_row_url(site, owner)
        what = f"指标 {owner['name']}(目标 {owner['target_text'] or '未载明'})"
        number = owner["name"]
    report = site.report_of_list(owner["list_id"])
    jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
    label = STATUS_LABELS.get(row["status"], row["status"])
    change = f"(原为{STATUS_LABELS.get(before, before)})" if before else ""
    details = [f"截至{row['as_of']}:{label}"]
    details += [f"完成值 {row['value']}" if row["value"] else "", row["text"] or ""]
    summary = _clip(what) + "\n" + ";".join(filter(None, details))
    return Entry(
        id=f"{TAG}progress/{row['id']}",
        title=f"{label}{change}:{jurisdiction['short_name']}{report['year']}年 {number}",
        updated=dt.datetime.fromisoformat(f"{row['as_of']}T00:00:00")
        .replace(tzinfo=CHINA)
        .isoformat(),
        link=url,
        summary=summary,
        category=row["status"],
    )


def _clip(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


# -- XML ----------------------------------------------------------------------------


def feed_bytes(site: Site, path: str, title: str, entries: list[Entry], fallback: int) -> bytes:
    """The Atom document at site path `path`: the newest MAX_ENTRIES entries, newest
    first (ties by id), dated by the newest entry (or `fallback` without any)."""
    newest = sorted(entries, key=lambda e: (_instant(e.updated), e.id), reverse=True)[:MAX_ENTRIES]
    back = urls.back_to_root(path)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-CN"})
    _text(root, "id", TAG + path)
    _text(root, "title", title)
    _text(root, "updated", newest[0].updated if newest else _epoch_time(fallback))
    ET.SubElement(
        root,
        "link",
        {"rel": "self", "type": "application/atom+xml", "href": path.rsplit("/", 1)[-1]},
    )
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": "./"})
    author = ET.SubElement(root, "author")
    _text(author, "name", site.package.descriptor.get("title") or "落实")
    _text(root, "generator", "luoshi")
    for entry in newest:
        node = ET.SubElement(root, "entry")
        _text(node, "id", entry.id)
        _text(node, "title", entry.title)
        _text(node, "updated", entry.updated)
        ET.SubElement(
            node, "link", {"rel": "alternate", "type": "text/html", "href": back + entry.link}
        )
        ET.SubElement(node, "category", {"term": entry.category})
        _text(node, "summary", entry.summary)
    ET.indent(root, space=" ")
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = _ILLEGAL.sub("", str(text))
    return node


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _epoch_time(epoch: int) -> str:
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).isoformat()
