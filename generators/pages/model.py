"""The package's rows as plain dicts, indexed once for every page kind.

Building the indexes is linear in the number of rows; every page then looks
its rows up by key, so rendering N pages costs O(N + rows), never O(N × rows).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import pandas as pd
from luoshi.package import Package, latest_report_date
from luoshi.vocab import leads
from pypinyin import lazy_pinyin

Row = dict[str, Any]


@dataclass(frozen=True)
class UnitCounts:
    """What a unit is named for: the figures every page that counts a unit shows."""

    tasks: int  # tasks naming the unit in any role
    leads: int  # of those, tasks it leads (luoshi.vocab.LEADING_ROLES: 牵头, 牵头或汇总)
    indicators: int  # indicators naming the unit


def records(frame: pd.DataFrame) -> list[Row]:
    """Rows as dicts of plain Python values, missing typed values as None (built column
    by column: DataFrame.to_dict boxes every cell one at a time)."""
    columns = list(frame.columns)
    values = [_plain(frame[column]) for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _plain(column: pd.Series) -> list:
    values = column.tolist()
    if not column.hasnans:
        return values
    missing = column.isna().tolist()
    return [None if gone else value for value, gone in zip(values, missing, strict=True)]


def group(rows: Iterable[Row], key: str, order: str | None = "position") -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row[key]:
            groups[row[key]].append(row)
    if order:
        for members in groups.values():
            members.sort(key=lambda row: (row[order], row.get("id", "")))
    return dict(groups)


@cache  # pypinyin takes about a millisecond a name, and names repeat across places
def pinyin_key(text: str) -> str:
    """A sort key that orders Chinese names alphabetically by their pinyin."""
    return " ".join(lazy_pinyin(text)).lower() + "\x00" + text


def comparison_key(name: str) -> str:
    """An indicator name without punctuation, symbols' width or spaces: 人均GDP(万元),
    人均GDP（万元） and 人均GDP 万元 share one key; 万元 and 元 do not."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC").lower()


def indicator_slug(name: str, base_name: str) -> str:
    """A URL slug stable as data is added: pinyin of the base name + hash of the exact name."""
    words = "-".join(lazy_pinyin(base_name)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:48].strip("-") or "zhibiao"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{words}-{digest}"


def initial(text: str) -> str:
    """The first pinyin letter of `text` (A–Z), or "#" for anything else."""
    letters = "".join(lazy_pinyin(text[:1])).upper()[:1]
    return letters if "A" <= letters <= "Z" else "#"


@dataclass
class Site:
    """Lookups over one package. Rows are dicts; every index maps an id to rows."""

    package: Package
    rows: dict[str, list[Row]] = field(default_factory=dict)

    @classmethod
    def from_package(cls, package: Package) -> Site:
        return cls(package, {name: records(frame) for name, frame in package.tables.items()})

    def by_id(self, table: str) -> dict[str, Row]:
        return self._by_id[table]

    @cached_property
    def _by_id(self) -> dict[str, dict[str, Row]]:
        keyed = (name for name, frame in self.package.tables.items() if "id" in frame.columns)
        return {name: {row["id"]: row for row in self.rows[name]} for name in keyed}

    @property
    def jurisdictions(self) -> dict[str, Row]:
        return self.by_id("jurisdictions")

    @property
    def reports(self) -> dict[str, Row]:
        return self.by_id("reports")

    @property
    def units(self) -> dict[str, Row]:
        return self.by_id("units")

    @property
    def tasks(self) -> dict[str, Row]:
        return self.by_id("tasks")

    @property
    def indicators(self) -> dict[str, Row]:
        return self.by_id("indicators")

    # -- grouped indexes --------------------------------------------------------

    @cached_property
    def reports_by_jurisdiction(self) -> dict[str, list[Row]]:
        reports = group(self.rows["reports"], "jurisdiction_id", order=None)
        for members in reports.values():
            members.sort(key=lambda r: (-r["year"], r["id"]))
        return reports

    @cached_property
    def jurisdiction_children(self) -> dict[str, list[Row]]:
        return group(self.rows["jurisdictions"], "parent_id", order="code")

    def children_of(self, jurisdiction_id: str) -> list[Row]:
        return self.jurisdiction_children.get(jurisdiction_id, [])

    @cached_property
    def lists_by_report(self) -> dict[str, list[Row]]:
        return group(self.rows["lists"], "report_id")

    @cached_property
    def sections(self) -> dict[str, Row]:
        return self.by_id("sections")

    @cached_property
    def tasks_by_list(self) -> dict[str, list[Row]]:
        """Top-level tasks of each list, in published order."""
        top = (t for t in self.rows["tasks"] if not t["parent_id"])
        return group(top, "list_id")

    @cached_property
    def task_children(self) -> dict[str, list[Row]]:
        return group(self.rows["tasks"], "parent_id")

    @cached_property
    def indicators_by_list(self) -> dict[str, list[Row]]:
        """Indicators of a list that belong to no task, in published order."""
        top = (i for i in self.rows["indicators"] if not i["task_id"])
        return group(top, "list_id")

    @cached_property
    def all_indicators_by_list(self) -> dict[str, list[Row]]:
        return group(self.rows["indicators"], "list_id", order=None)

    def indicators_of_list(self, list_id: str) -> list[Row]:
        return self.all_indicators_by_list.get(list_id, [])

    @cached_property
    def indicators_by_task(self) -> dict[str, list[Row]]:
        return group(self.rows["indicators"], "task_id")

    @cached_property
    def indicators_by_name(self) -> dict[str, list[Row]]:
        return group(self.rows["indicators"], "name", order=None)

    @cached_property
    def indicator_slugs(self) -> dict[str, str]:
        return {
            name: indicator_slug(name, rows[0]["base_name"])
            for name, rows in self.indicators_by_name.items()
        }

    @cached_property
    def indicator_groups(self) -> dict[str, list[str]]:
        """Indicator names by comparison key: names that differ only in punctuation,
        spaces, full- or half-width forms or the brackets round the unit compare as
        one indicator; each keeps its own page and its published name."""
        groups: dict[str, list[str]] = defaultdict(list)
        for name in self.indicators_by_name:
            groups[comparison_key(name)].append(name)
        return {key: sorted(names, key=pinyin_key) for key, names in groups.items()}

    @cached_property
    def assignments_by_task(self) -> dict[str, list[Row]]:
        return group(self.rows["assignments"], "task_id")

    @cached_property
    def assignments_by_indicator(self) -> dict[str, list[Row]]:
        return group(self.rows["assignments"], "indicator_id")

    @cached_property
    def assignments_by_unit(self) -> dict[str, list[Row]]:
        return group(self.rows["assignments"], "unit_id", order=None)

    @cached_property
    def units_by_jurisdiction(self) -> dict[str, list[Row]]:
        units = group(self.rows["units"], "jurisdiction_id", order=None)
        for members in units.values():
            members.sort(key=lambda u: pinyin_key(u["name"]))
        return units

    @cached_property
    def aliases_by_unit(self) -> dict[str, list[str]]:
        aliases: dict[str, list[str]] = defaultdict(list)
        for row in self.rows["unit_aliases"]:
            aliases[row["unit_id"]].append(row["alias"])
        return {unit: sorted(names, key=pinyin_key) for unit, names in aliases.items()}

    @cached_property
    def officials_by_task(self) -> dict[str, list[Row]]:
        officials = self.by_id("officials")
        links = group(self.rows["task_officials"], "task_id")
        return {
            task: [link | {"name": officials[link["official_id"]]["name"]} for link in rows]
            for task, rows in links.items()
        }

    @cached_property
    def deadlines_by_report(self) -> dict[str, list[Row]]:
        return group(self.rows["deadlines"], "report_id", order="due")

    @cached_property
    def progress_by_task(self) -> dict[str, list[Row]]:
        return group(self.rows["progress"], "task_id", order="as_of")

    @cached_property
    def progress_by_indicator(self) -> dict[str, list[Row]]:
        return group(self.rows["progress"], "indicator_id", order="as_of")

    # -- derived facts ----------------------------------------------------------

    def report_of_list(self, list_id: str) -> Row:
        return self.reports[self.by_id("lists")[list_id]["report_id"]]

    def jurisdiction_of_report(self, report_id: str) -> Row:
        return self.jurisdictions[self.reports[report_id]["jurisdiction_id"]]

    def section_chain(self, section_id: str | None) -> list[Row]:
        """Sections from the top level down to `section_id`."""
        chain: list[Row] = []
        while section_id:
            section = self.sections[section_id]
            chain.append(section)
            section_id = section["parent_id"]
        return chain[::-1]

    @cached_property
    def counts_by_report(self) -> dict[str, dict[str, int]]:
        """Tasks (every row, key tasks included) and indicator rows per report."""
        lists = self.by_id("lists")
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tasks": 0, "indicators": 0})
        for table in ("tasks", "indicators"):
            for row in self.rows[table]:
                counts[lists[row["list_id"]]["report_id"]][table] += 1
        return {report: dict(c) for report, c in counts.items()}

    def report_counts(self, report_id: str) -> dict[str, int]:
        return self.counts_by_report.get(report_id, {"tasks": 0, "indicators": 0})

    def jurisdiction_counts(self, jurisdiction_id: str) -> dict[str, int]:
        reports = self.reports_by_jurisdiction.get(jurisdiction_id, [])
        totals = {"reports": len(reports), "tasks": 0, "indicators": 0}
        for report in reports:
            for key, value in self.report_counts(report["id"]).items():
                totals[key] += value
        return totals

    def unit_counts(self, unit_id: str) -> UnitCounts:
        assignments = self.assignments_by_unit.get(unit_id, [])
        tasks = {a["task_id"] for a in assignments if a["task_id"]}
        led = {a["task_id"] for a in assignments if a["task_id"] and leads(a["role"])}
        indicators = {a["indicator_id"] for a in assignments if a["indicator_id"]}
        return UnitCounts(len(tasks), len(led), len(indicators))

    def latest_report_date(self) -> str:
        """The latest date or publication time of any report (ISO date), "" if none."""
        return latest_report_date(self.package)
