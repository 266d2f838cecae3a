"""The real package as lookups: every table's rows as strings, indexed the ways the
synthetic generator samples them (lists by kind, tasks by list, units by place)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from luoshi.package import load

Row = dict[str, str]

MAIN_MIN_TASKS = 50  # a "tasks" list this long can be a report's main list


def _cell(value: object) -> str:
    """A typed pandas value back to its CSV text (integers without a decimal point)."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else repr(float(value))
    text = str(value)
    return {"True": "true", "False": "false"}.get(text, text)


def _records(frame: pd.DataFrame) -> list[Row]:
    columns = list(frame.columns)
    return [
        {c: _cell(v) for c, v in zip(columns, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]


def _by(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    for members in grouped.values():
        members.sort(key=lambda row: int(row["position"]) if "position" in row else 0)
    return grouped


@dataclass
class Real:
    """The real package as lookups, every cell a string."""

    rows: dict[str, list[Row]]
    jurisdictions: dict[str, Row] = field(default_factory=dict)
    reports: dict[str, Row] = field(default_factory=dict)
    lists: dict[str, Row] = field(default_factory=dict)
    list_jurisdiction: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[Row]] = field(default_factory=dict)  # list -> ordered
    tasks: dict[str, list[Row]] = field(default_factory=dict)  # list -> top level
    children: dict[str, list[Row]] = field(default_factory=dict)  # task -> children
    list_indicators: dict[str, list[Row]] = field(default_factory=dict)
    task_indicators: dict[str, list[Row]] = field(default_factory=dict)
    task_assignments: dict[str, list[Row]] = field(default_factory=dict)
    indicator_assignments: dict[str, list[Row]] = field(default_factory=dict)
    task_officials: dict[str, list[Row]] = field(default_factory=dict)
    officials: dict[str, Row] = field(default_factory=dict)
    deadlines: dict[str, list[Row]] = field(default_factory=dict)
    units: dict[str, Row] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # unit -> spellings
    roster: dict[str, list[str]] = field(default_factory=dict)  # jurisdiction -> unit ids

    @classmethod
    def from_package(cls, datapackage: Path) -> Real:
        package = load(datapackage)
        rows = {name: _records(frame) for name, frame in package.tables.items()}
        real = cls(rows)
        real.jurisdictions = {r["id"]: r for r in rows["jurisdictions"]}
        real.reports = {r["id"]: r for r in rows["reports"]}
        real.lists = {r["id"]: r for r in rows["lists"]}
        real.list_jurisdiction = {
            r["id"]: real.reports[r["report_id"]]["jurisdiction_id"] for r in rows["lists"]
        }
        real.sections = _by(rows["sections"], "list_id")
        tasks = rows["tasks"]
        real.tasks = _by((t for t in tasks if not t["parent_id"]), "list_id")
        real.children = _by((t for t in tasks if t["parent_id"]), "parent_id")
        indicators = rows["indicators"]
        real.list_indicators = _by((i for i in indicators if not i["task_id"]), "list_id")
        real.task_indicators = _by((i for i in indicators if i["task_id"]), "task_id")
        assignments = rows["assignments"]
        real.task_assignments = _by((a for a in assignments if a["task_id"]), "task_id")
        real.indicator_assignments = _by(
            (a for a in assignments if a["indicator_id"]), "indicator_id"
        )
        real.task_officials = _by(rows["task_officials"], "task_id")
        real.officials = {r["id"]: r for r in rows["officials"]}
        real.deadlines = _by(rows["deadlines"], "report_id")
        real.units = {r["id"]: r for r in rows["units"]}
        for alias in sorted(rows["unit_aliases"], key=lambda r: r["alias"]):
            real.aliases.setdefault(alias["unit_id"], []).append(alias["alias"])
        for unit_id in sorted(real.units):
            real.roster.setdefault(real.units[unit_id]["jurisdiction_id"], []).append(unit_id)
        return real

    def level(self, jurisdiction: str) -> str:
        return self.jurisdictions[jurisdiction]["level"]

    def main_lists(self) -> list[str]:
        return sorted(
            list_id
            for list_id, row in self.lists.items()
            if row["kind"] == "tasks" and len(self.tasks.get(list_id, [])) >= MAIN_MIN_TASKS
        )

    def extra_lists(self, kind: str) -> list[str]:
        main = set(self.main_lists())
        return sorted(
            list_id
            for list_id, row in self.lists.items()
            if row["kind"] == kind
            and list_id not in main
            and (self.tasks.get(list_id) or self.list_indicators.get(list_id))
        )

    def stems(self) -> dict[str, str]:
        """Real place stems (丽水, 莲都, …) -> the jurisdiction each one names."""
        return {_stem(row["short_name"]): jid for jid, row in sorted(self.jurisdictions.items())}


def _stem(short_name: str) -> str:
    return short_name[:-1] if len(short_name) > 2 and short_name[-1] in "省市区县" else short_name
