"""Progress as page data: a task's latest status and history, roll-ups per report, a
unit's scorecard, indicator targets against actuals. Templates only lay these out
(templates/_progress.html); every figure is computed here.

Each function walks only the rows of what it shows (a report's tasks, a unit's
assignments), so the pages stay linear in the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from luoshi import urls
from luoshi.pages import views
from luoshi.pages.model import Row, Site
from luoshi.progress import pace as progress
from luoshi.render import number, safe_url
from luoshi.vocab import OWN_ROLES, STATUS_LABELS


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, progress.NONE_LABEL)


def row_view(row: Row) -> dict[str, Any]:
    """One progress row as printed; `parts` are the phrases shown after the status."""
    label = status_label(row["status"])
    parts = [f"原文“{row['status_text']}”" if row["status_text"] not in ("", None, label) else ""]
    parts.append(row["value"] or "")  # as printed: 完成率42%, 15个, 增长0.8%
    if not row["value"] and row["rate"] is not None:
        parts.append(f"完成率 {number(row['rate'])}%")
    return {
        "parts": [p for p in parts if p],
        "id": row["id"],
        "as_of": str(row["as_of"]),
        "status": row["status"],
        "label": label,
        "status_text": row["status_text"] or "",
        "value": row["value"] or "",
        "rate": number(row["rate"]),
        "text": row["text"] or "",
        "note": row["note"] or "",
        "source": row["source"] or "",
        "source_url": safe_url(row["source"]),
    }


def task_status(site: Site, task: Row) -> str:
    found = progress.latest(site.progress_by_task.get(task["id"], []))
    return found["status"] if found else progress.NONE


def task_progress(site: Site, task: Row, year: int) -> dict[str, Any] | None:
    """The latest status, its 序时 pace where a rate is published, and the history."""
    rows = site.progress_by_task.get(task["id"], [])
    found = progress.latest(rows)
    if found is None:
        return None
    text = " ".join(filter(None, (task["title"], task["text"])))
    pace = progress.pace(found["rate"], found["as_of"], year, text)
    return row_view(found) | {
        "pace": pace.text if pace else "",
        "pace_behind": bool(pace and pace.behind),
        "history": [row_view(r) for r in progress.history(rows)] if len(rows) > 1 else [],
    }


def filter_value(site: Site, task: Row, children: Iterable[str] = ()) -> str:
    """The statuses of a task and (from its key tasks' own values) of its key tasks, for
    the status filter: a parent stays shown when one of its key tasks matches."""
    found = {task_status(site, task)}
    for value in children:
        found.update(value.split())
    return " ".join(sorted(found, key=_rank))


def report_tasks(site: Site, report_id: str) -> Iterator[Row]:
    """Every task row of a report (key tasks included), in published order."""
    for lst in site.lists_by_report.get(report_id, []):
        stack = list(reversed(site.tasks_by_list.get(lst["id"], [])))
        while stack:
            task = stack.pop()
            yield task
            stack.extend(reversed(site.task_children.get(task["id"], [])))


def rollup_view(statuses: Iterable[str], counts: dict[str, int] | None = None) -> dict[str, Any]:
    """Counts per status with labels and shares (for the bar), and the total."""
    counts = counts or progress.rollup(statuses)
    total = sum(counts.values())
    items = [
        {
            "status": status,
            "label": status_label(status),
            "count": count,
            "share": round(100 * count / total, 1) if total else 0,
        }
        for status, count in counts.items()
    ]
    reported = total - counts[progress.NONE]
    return {"items": items, "counts": list(counts.values()), "total": total, "reported": reported}


def report_rollup(site: Site, report_id: str) -> dict[str, Any]:
    return rollup_view(task_status(site, t) for t in report_tasks(site, report_id))


def report_filter(rollup: dict[str, Any]) -> list[dict[str, Any]]:
    """The options of the status filter: statuses that occur, in vocabulary order."""
    return [item for item in rollup["items"] if item["count"]]


def report_rollups(site: Site, reports: Iterable[Row]) -> list[dict[str, Any]]:
    """One roll-up per report (jurisdiction page, home page)."""
    rows = []
    for report in reports:
        jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
        rows.append(
            {
                "report": report,
                "url": urls.report(report["id"]),
                "jurisdiction": jurisdiction,
                "jurisdiction_url": urls.jurisdiction(jurisdiction["id"]),
                "rollup": report_rollup(site, report["id"]),
            }
        )
    return rows


def home_rollups(site: Site) -> dict[str, Any]:
    """The site's total over every report, and a row per report of the newest year
    with progress (a row for each of a province's 500 reports would dwarf the page;
    the jurisdiction pages list all of theirs)."""
    reports = sorted(
        site.reports.values(),
        key=lambda r: (-r["year"], site.jurisdictions[r["jurisdiction_id"]]["code"], r["id"]),
    )
    rows = report_rollups(site, reports)
    totals = progress.rollup([])
    for row in rows:
        for item in row["rollup"]["items"]:
            totals[item["status"]] += item["count"]
    with_progress = [row for row in rows if row["rollup"]["reported"]]
    year = max((row["report"]["year"] for row in with_progress), default=0)
    return {
        "total": rollup_view([], totals),
        "year": year,
        "reports": [row for row in with_progress if row["report"]["year"] == year],
        "others": len(rows) - sum(row["report"]["year"] == year for row in with_progress),
    }


def reported(rows: list[dict[str, Any]]) -> int:
    """Tasks with any progress across roll-up rows (report_rollups, unit_scorecard)."""
    return sum(row["rollup"]["reported"] for row in rows)


def unit_scorecard(site: Site, unit_id: str) -> list[dict[str, Any]]:
    """Per report (newest first): the statuses of the tasks the unit leads or is
    responsible for."""
    own: dict[str, dict[str, str]] = {}
    for assignment in site.assignments_by_unit.get(unit_id, []):
        if assignment["task_id"] and assignment["role"] in OWN_ROLES:
            task = site.tasks[assignment["task_id"]]
            report = site.report_of_list(task["list_id"])
            own.setdefault(report["id"], {})[task["id"]] = task_status(site, task)
    reports = sorted(own, key=lambda r: (-site.reports[r]["year"], r))
    return [
        {
            "report": site.reports[r],
            "url": urls.report(r),
            "rollup": rollup_view(own[r].values()),
        }
        for r in reports
    ]


def task_badge(site: Site, task: Row) -> dict[str, Any]:
    """A unit page's cell: the latest status in words, its date and value."""
    found = progress.latest(site.progress_by_task.get(task["id"], []))
    if found is None:
        return {"status": progress.NONE, "label": progress.NONE_LABEL, "as_of": "", "value": ""}
    return row_view(found)


def indicator_actuals(site: Site, indicator_rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Target against every published actual, per place and year, with the verdict."""
    out = []
    for indicator in indicator_rows:
        report = site.report_of_list(indicator["list_id"])
        jurisdiction = site.jurisdictions[report["jurisdiction_id"]]
        for row in progress.history(site.progress_by_indicator.get(indicator["id"], [])):
            judgement = progress.judge(
                indicator["target_text"] or "", row["value"] or "", indicator["measure_unit"] or ""
            )
            out.append(
                row_view(row)
                | {
                    "year": report["year"],
                    "jurisdiction": jurisdiction["short_name"],
                    "jurisdiction_url": urls.jurisdiction(jurisdiction["id"]),
                    "report_url": views.indicator_row_url(site, indicator),
                    "target_text": indicator["target_text"] or "",
                    "verdict": judgement.verdict,
                    "verdict_label": progress.VERDICTS[judgement.verdict],
                    "verdict_text": judgement.text,
                }
            )
    return sorted(out, key=lambda r: (-r["year"], r["jurisdiction"], r["as_of"], r["id"]))


def _rank(status: str) -> int:
    order = (*progress.STATUS_ORDER, progress.NONE)
    return order.index(status) if status in order else len(order)
