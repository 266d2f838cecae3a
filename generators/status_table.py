"""The latest status of every task as one table (progress-latest.csv and .xlsx), for a
journalist to sort and filter in Excel: one row per task, tasks without any progress
included (their status is 无进展数据), in the order of reports.csv and then published
order. Built with whole-column joins, linear in the tables.

The files are written with the downloads' own writers (CSV with a BOM, XLSX with typed
number cells), so they follow the same byte-determinism rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
from luoshi.package import Package
from luoshi.vocab import NO_STATUS_LABEL, STATUS_LABELS

NAME = "progress-latest"
# Header, width in the XLSX, cell kind, and meaning (luoshi.dictionary shows them).
COLUMNS: tuple[tuple[str, int, str, str], ...] = (
    ("任务标识", 30, "string", "tasks.id:任务的稳定标识,也是任务在文件页面上的锚点。"),
    ("文件标识", 22, "string", "reports.id:任务所在文件。"),
    ("文件", 40, "string", "reports.title:文件标题。"),
    ("年度", 6, "integer", "reports.year:文件年度。"),
    ("行政区划", 12, "string", "jurisdictions.short_name:发文地。"),
    ("编号", 8, "string", "原文编号;重点任务写作“上级编号-编号”。"),
    ("内容", 60, "string", "任务标题和原文内容。"),
    ("牵头单位", 24, "string", "牵头(或牵头或汇总)单位,按原文顺序,以“、”分隔。"),
    (
        "最新状态",
        10,
        "string",
        f"最新一次进展的状态({'、'.join(STATUS_LABELS.values())});"
        f"没有进展时为“{NO_STATUS_LABEL}”。",
    ),
    ("状态代码", 12, "string", "progress.status:状态的英文代码,无进展时为空。"),
    ("状态原文", 14, "string", "progress.status_text:原文中的进展用语。"),
    (
        "截至日期",
        11,
        "string",
        "progress.as_of:最新进展所截至的日期(YYYY-MM-DD,按文本排序即按时间排序)。",
    ),
    ("完成值", 16, "string", "progress.value:原文报告的完成值或完成率。"),
    ("完成率", 8, "number", "progress.rate:完成率(百分数,42 表示 42%),原文未给出时为空。"),
    ("进展原文", 60, "string", "progress.text:原文中该任务的进展描述。"),
    ("来源", 30, "string", "progress.source:进展的来源网址或文件。"),
)
INPUTS = ("jurisdictions", "reports", "lists", "tasks", "assignments", "units", "progress")


def table(package: Package) -> pd.DataFrame:
    """One row per task with its latest progress, in the COLUMNS."""
    from luoshi.downloads.slices import _mapping, _task_order, _task_units

    tasks, lists = package["tasks"], package["lists"]
    reports = package["reports"].set_index("id")
    report_ids = tasks["list_id"].map(_mapping(lists["id"], lists["report_id"]))
    places = _mapping(package["jurisdictions"]["id"], package["jurisdictions"]["short_name"])
    numbers = _mapping(tasks["id"], tasks["number"])
    parent_numbers = tasks["parent_id"].map(numbers)
    latest = _latest(package["progress"])
    leads, _others = _task_units(package)
    text = (tasks["title"].fillna("") + " " + tasks["text"].fillna("")).str.strip()
    status = tasks["id"].map(latest["status"])
    values = {
        "_report_order": report_ids.map({r: i for i, r in enumerate(reports.index)}),
        "_order": tasks["id"].map(_task_order(tasks)),
        "任务标识": tasks["id"],
        "文件标识": report_ids,
        "文件": report_ids.map(reports["title"]),
        "年度": report_ids.map(reports["year"]),
        "行政区划": report_ids.map(reports["jurisdiction_id"]).map(places),
        "编号": (parent_numbers + "-").where(parent_numbers.notna(), "")
        + tasks["number"].fillna(""),
        "内容": text,
        "牵头单位": tasks["id"].map(leads),
        "最新状态": status.map(STATUS_LABELS).fillna(NO_STATUS_LABEL),
        "状态代码": status,
        "状态原文": tasks["id"].map(latest["status_text"]),
        "截至日期": tasks["id"].map(latest["as_of"]),
        "完成值": tasks["id"].map(latest["value"]),
        "完成率": tasks["id"].map(latest["rate"]),
        "进展原文": tasks["id"].map(latest["text"]),
        "来源": tasks["id"].map(latest["source"]),
    }
    frame = pd.DataFrame({key: column.to_numpy(dtype=object) for key, column in values.items()})
    texts = [name for name, _w, kind, _d in COLUMNS if kind == "string"]
    frame[texts] = frame[texts].fillna("").astype(str)
    frame = frame.sort_values(["_report_order", "_order"], kind="stable")
    return frame.drop(columns=["_report_order", "_order"]).reset_index(drop=True)


def _latest(progress: pd.DataFrame) -> pd.DataFrame:
    """The latest row of each task (by as_of, then id), indexed by task id."""
    rows = progress[progress["task_id"].fillna("") != ""].copy()
    rows["as_of"] = rows["as_of"].astype(str).str[:10]
    rows = rows.sort_values(["task_id", "as_of", "id"], kind="stable")
    return rows.drop_duplicates("task_id", keep="last").set_index("task_id")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as the downloads' CSV. Column by column (text neutralised as one Arrow
    array), not cell by cell: at 74,000 tasks a Python call per cell took about 4 s."""
    from luoshi.downloads.formats import _arrow_text, _csv_bytes
    from luoshi.downloads.safety import neutralise_array

    headers = [c[0] for c in COLUMNS]
    columns = []
    for name, _width, kind, _doc in COLUMNS:
        if kind == "string":
            columns.append(neutralise_array(_arrow_text(frame[name])).fill_null("").to_pylist())
        else:
            columns.append([_cell(v) for v in frame[name].tolist()])
    return _csv_bytes(headers, zip(*columns, strict=True))


def xlsx_bytes(frame: pd.DataFrame, stamp: dt.datetime) -> bytes:
    import pyarrow as pa
    from luoshi.downloads.formats import _arrow_text
    from luoshi.downloads.safety import neutralise_array
    from luoshi.downloads.xlsx import _rows_xml, _xlsx_bytes, _xlsx_shell

    headers = tuple(c[0] for c in COLUMNS)
    columns = []
    for name, _width, kind, _doc in COLUMNS:
        if kind == "string":
            columns.append((neutralise_array(_arrow_text(frame[name])), "string"))
        else:
            arrow = pa.float64() if kind == "number" else pa.int64()
            values = [None if pd.isna(v) else v for v in frame[name].tolist()]
            columns.append((pa.array(values, type=arrow), kind))
    shell = _xlsx_shell("最新进展", headers, tuple(c[1] for c in COLUMNS), stamp)
    return _xlsx_bytes(shell, _rows_xml(columns, len(frame)), stamp)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def inputs_digest(digests: dict[str, str]) -> str:
    """The table's cache key from the hex digests of the resources it reads."""
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update(f"{name}\0{digests[name]}".encode())
    return digest.hexdigest()
