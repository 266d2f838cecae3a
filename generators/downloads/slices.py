"""Each report's tasks as a readable CSV/XLSX slice, built from whole-column joins."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from luoshi import urls
from luoshi.downloads.files import DownloadFile, _Job, _keyed, _run_all, _stamp
from luoshi.downloads.formats import _arrow_text, _csv_bytes
from luoshi.downloads.safety import neutralise_array
from luoshi.downloads.xlsx import _rows_xml, _xlsx_bytes, _xlsx_shell
from luoshi.package import Package
from luoshi.vocab import LEADING_ROLES, TASK_KINDS

SLICE_FORMATS = ("csv", "xlsx")  # the files of each report's slice
# The columns of a report's slice (reports/<report_id>/tasks.csv|xlsx), one row per
# task of the report, in published order (list position, then task position, each
# key task right after its parent). Header, width in the XLSX, and meaning:
SLICE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("任务标识", 30, "tasks.id: the task's stable identifier (its page on the site)."),
    ("清单", 30, "Title of the list the task belongs to (lists.title)."),
    ("章节", 30, "Section titles from the top level down to the task's section, joined by ' > '."),
    ("上级任务", 20, "For a key task: the title (or number) of the task it belongs to."),
    ("编号", 6, "The number printed in the document (tasks.number)."),
    ("类型", 10, "Task kind in Chinese (任务, 预期目标, 标志性成果, …)."),
    ("标题", 24, "tasks.title as published."),
    ("内容", 60, "tasks.text as published."),
    ("牵头单位", 24, "Units named as lead (牵头/主办, or 牵头或汇总), in published order."),
    (
        "其他责任单位",
        36,
        "Units named in any other role (责任单位, 协办单位) and not already a lead.",
    ),
    ("牵头领导", 16, "Officials named as leading the task, in published order."),
    ("责任单位原文", 24, "tasks.units_text: the responsible-units cell as published."),
    ("备注", 24, "tasks.note: the editors' note."),
)
_UNIT_SEPARATOR = "、"
_SECTION_SEPARATOR = " > "


def write_report_slices(
    package: Package,
    dest: Path,
    *,
    workers: int = 2,
    cache: Path | None = None,
    salt: str = "",
) -> list[DownloadFile]:
    """Each report's tasks as CSV and XLSX, in the order of reports.csv.

    A slice depends only on its report's rows: its XLSX is stamped with the
    report's own date, not the build's, so a slice keeps its bytes until its
    report's data changes. With `cache` (see write_downloads), a slice whose CSV
    (its rows) and date were seen before by the same code (`salt`) is linked from
    there: a one-task edit makes the edited report's XLSX again, not every one.
    """
    return _run_all(dest, _slice_jobs(package, salt if cache else None), workers, cache)


def _slice_jobs(package: Package, salt: str | None = None) -> list[_Job]:
    """Two files per report (also for a report without tasks, so links never break).
    With `salt`, each is keyed by its report's CSV bytes, its date and `salt`."""
    frame = slice_table(package)
    headers = [column[0] for column in SLICE_COLUMNS]
    arrays = [neutralise_array(_arrow_text(frame[header])) for header in headers]
    rows = [list(row) for row in zip(*(array.to_pylist() for array in arrays), strict=True)]
    widths = tuple(column[1] for column in SLICE_COLUMNS)
    shells = {}
    spans = {
        report: (int(index[0]), len(index))
        for report, index in frame.groupby("report_id", sort=False).indices.items()
    }
    jobs = []
    reports = package["reports"]
    for report_id, stamp in zip(reports["id"].tolist(), report_stamps(reports), strict=True):
        start, count = spans.get(report_id, (0, 0))
        if stamp not in shells:
            shells[stamp] = _xlsx_shell("任务", tuple(headers), widths, stamp)
        csv = _csv_bytes(headers, rows[start : start + count])

        def make_xlsx(start: int = start, count: int = count, stamp: dt.datetime = stamp) -> bytes:
            columns = [(array.slice(start, count), "string") for array in arrays]
            return _xlsx_bytes(shells[stamp], _rows_xml(columns, count), stamp)

        csv_path, xlsx_path = (urls.report_slice(report_id, fmt) for fmt in SLICE_FORMATS)
        jobs.append(_Job(csv_path, "tasks", "csv", lambda csv=csv: csv, report_id))
        xlsx = _Job(xlsx_path, "tasks", "xlsx", make_xlsx, report_id)
        if salt is not None:  # its XLSX holds the CSV's rows, stamped with the report's date
            xlsx = _keyed(xlsx, hashlib.sha256(csv).hexdigest(), stamp.isoformat(), salt)
        jobs.append(xlsx)
    return jobs


def report_stamps(reports: pd.DataFrame) -> list[dt.datetime]:
    """Each report's own time: its publication time, else its date, else the zip epoch."""
    pairs = zip(reports["published"].tolist(), reports["dated"].tolist(), strict=True)
    return [
        dt.datetime.fromisoformat(text[:19]) if text else _stamp(0)
        for text in (published or dated for published, dated in pairs)
    ]


def slice_table(package: Package) -> pd.DataFrame:
    """Every report's task rows: a `report_id` column and the SLICE_COLUMNS, sorted by
    report, then in published order, so each report's rows are one contiguous run.

    Built with whole-column joins, never a filter per report: linear in the tables.
    """
    tasks, lists = package["tasks"], package["lists"].set_index("id")
    labels = tasks["title"].where(tasks["title"] != "", tasks["number"])
    parent_label = tasks["parent_id"].map(_mapping(tasks["id"], labels))
    lead_units, other_units = _task_units(package)
    values = {
        "report_id": tasks["list_id"].map(lists["report_id"]),
        "_list_position": tasks["list_id"].map(lists["position"]),
        "_list_id": tasks["list_id"],
        "_order": tasks["id"].map(_task_order(tasks)),
        "任务标识": tasks["id"],
        "清单": tasks["list_id"].map(lists["title"]),
        "章节": tasks["section_id"].map(_section_paths(package["sections"])),
        "上级任务": parent_label,
        "编号": tasks["number"],
        "类型": tasks["kind"].map(lambda kind: TASK_KINDS.get(kind, kind)),
        "标题": tasks["title"],
        "内容": tasks["text"],
        "牵头单位": tasks["id"].map(lead_units),
        "其他责任单位": tasks["id"].map(other_units),
        "牵头领导": tasks["id"].map(_task_officials(package)),
        "责任单位原文": tasks["units_text"],
        "备注": tasks["note"],
    }
    frame = pd.DataFrame({key: column.to_numpy(dtype=object) for key, column in values.items()})
    text = [column[0] for column in SLICE_COLUMNS]
    frame[text] = frame[text].fillna("")
    frame = frame.sort_values(["report_id", "_list_position", "_list_id", "_order"], kind="stable")
    return frame.drop(columns=["_list_position", "_list_id", "_order"]).reset_index(drop=True)


def _mapping(keys: pd.Series, values: pd.Series) -> dict[Any, Any]:
    """{key: value} over two columns (via lists: iterating Arrow-backed columns is slow)."""
    return dict(zip(keys.tolist(), values.tolist(), strict=True))


def _ancestor_paths(
    parents: dict[str, str], label: Callable[[str], str], sep: str
) -> dict[str, str]:
    """For each row, the labels of its ancestors and itself from the top down, joined by `sep`.
    Each chain is walked once: a row whose parent already has a path reuses it."""
    paths: dict[str, str] = {}
    for row_id in parents:
        chain, current = [], row_id
        while current and current not in paths and len(chain) <= len(parents):
            chain.append(current)
            current = parents.get(current, "")
        prefix = paths.get(current, "")
        for member in reversed(chain):
            prefix = f"{prefix}{sep}{label(member)}" if prefix else label(member)
            paths[member] = prefix
    return paths


def _task_order(tasks: pd.DataFrame) -> dict[str, str]:
    """A sort key per task: its positions from the top-level ancestor down, zero-padded,
    so a key task sorts right after its parent and before the parent's next sibling."""
    positions = _mapping(tasks["id"], tasks["position"])
    parents = _mapping(tasks["id"], tasks["parent_id"])
    return _ancestor_paths(parents, lambda task: f"{positions.get(task, 0):09d}", ".")


def _section_paths(sections: pd.DataFrame) -> dict[str, str]:
    """Each section's titles from the top level down, joined."""
    titles = _mapping(sections["id"], sections["title"])
    parents = _mapping(sections["id"], sections["parent_id"])
    return _ancestor_paths(parents, lambda section: titles.get(section, ""), _SECTION_SEPARATOR)


def _task_units(package: Package) -> tuple[dict[str, str], dict[str, str]]:
    """Per task: the lead unit names and the other unit names, joined, in published
    order (group, then position), each name once; a lead is not repeated as other."""
    assignments = package["assignments"]
    named = assignments.loc[
        assignments["task_id"] != "", ["task_id", "unit_id", "role", "group", "position"]
    ]
    names = named["unit_id"].map(_mapping(package["units"]["id"], package["units"]["name"]))
    lead = [role in LEADING_ROLES for role in named["role"].tolist()]  # lists: Arrow isin is slow
    named = named.assign(name=names.fillna(named["unit_id"]), lead=lead)
    named = named.sort_values(["task_id", "group", "position"], kind="stable")
    named = named.drop_duplicates(["task_id", "name", "lead"])
    pairs = list(zip(named["task_id"].tolist(), named["name"].tolist(), strict=True))
    flags = named["lead"].tolist()
    led = {pair for pair, is_lead in zip(pairs, flags, strict=True) if is_lead}
    other = [not is_lead and pair not in led for pair, is_lead in zip(pairs, flags, strict=True)]
    # As arrays: an empty list would select no columns, not no rows.
    leads, others = np.array(flags, dtype=bool), np.array(other, dtype=bool)
    return _joined(named[leads], "name"), _joined(named[others], "name")


def _task_officials(package: Package) -> dict[str, str]:
    links = package["task_officials"].sort_values(["task_id", "position"], kind="stable")
    officials = package["officials"]
    names = links["official_id"].map(_mapping(officials["id"], officials["name"]))
    links = links.assign(name=names.fillna(links["official_id"]))
    return _joined(links.drop_duplicates(["task_id", "name"]), "name")


def _joined(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """`column` joined per task_id, rows in frame order (a plain loop: pandas'
    groupby-agg with a Python join took seconds for 100,000 tasks)."""
    groups: dict[str, list[str]] = {}
    for task_id, value in zip(frame["task_id"].tolist(), frame[column].tolist(), strict=True):
        groups.setdefault(task_id, []).append(value)
    return {task_id: _UNIT_SEPARATOR.join(values) for task_id, values in groups.items()}
