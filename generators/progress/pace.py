"""Pure readings of published progress: the latest status, roll-ups, the expected pace
(序时进度) and whether an indicator's actual meets its target.

Nothing here guesses: a pace is computed only from a published completion rate, a
deadline only from a date the task's own text states plainly, and a target is judged
met or not only where the target and the actual are both numbers in the same unit with
a direction the target states (≥, ≤, a range, a growth or a decline).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from luoshi.values import normalise, parse_value
from luoshi.vocab import NO_STATUS_LABEL, STATUSES

# The vocabulary's order, most done first; "none" is a task without any progress row.
STATUS_ORDER = STATUSES  # the vocabulary's order
NONE = "none"
NONE_LABEL = NO_STATUS_LABEL

Row = Mapping[str, Any]


def latest(rows: Iterable[Row]) -> Row | None:
    """The row with the latest as_of (ties: the greatest id, so the choice is stable)."""
    best = None
    for row in rows:
        if best is None or (str(row["as_of"]), row["id"]) > (str(best["as_of"]), best["id"]):
            best = row
    return best


def history(rows: Iterable[Row]) -> list[Row]:
    """Every row, oldest first."""
    return sorted(rows, key=lambda r: (str(r["as_of"]), r["id"]))


def rollup(statuses: Iterable[str]) -> dict[str, int]:
    """Counts per status in STATUS_ORDER, then NONE; every key present (zeros too)."""
    counts = dict.fromkeys((*STATUS_ORDER, NONE), 0)
    for status in statuses:
        counts[status if status in counts else NONE] += 1
    return counts


def status_changes(rows: Iterable[Row]) -> list[tuple[Row, str]]:
    """The rows (oldest first) whose status differs from the row before, with the
    earlier status ("" for the first row of a task or indicator)."""
    changes, before = [], ""
    for row in history(rows):
        if row["status"] != before:
            changes.append((row, before))
        before = row["status"]
    return changes


# -- 序时进度 ---------------------------------------------------------------------------

_MONTH_END = re.compile(r"(?<!\d)(\d{1,2})月(?:底|末|份)?(?:前|之前)")
_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日(?:前|之前)")
_HALF_YEAR = re.compile(r"上半年(?:完成|建成|前)")


@dataclass(frozen=True)
class Pace:
    expected: float  # percent of the work that should be done by as_of
    actual: float  # the published completion rate, percent
    behind: bool
    as_of: dt.date
    deadline: dt.date
    text: str  # the explanation in words


def task_deadline(text: str, year: int) -> dt.date | None:
    """A deadline the task's text states plainly within its year (6月底前, 9月30日前,
    上半年完成): exactly one such date, else None (two dates: which one would be a
    guess)."""
    plain = normalise(text or "")
    dates = {_month_end(year, int(m)) for m in _MONTH_END.findall(plain)}
    dates |= {_day(year, int(m), int(d)) for m, d in _DAY.findall(plain)}
    if _HALF_YEAR.search(plain):
        dates.add(dt.date(year, 6, 30))
    dates.discard(None)
    return dates.pop() if len(dates) == 1 else None  # type: ignore[return-value]


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def elapsed_share(as_of: dt.date, start: dt.date, deadline: dt.date) -> float:
    """The share (0–1) of the period from `start` to the end of `deadline` that has
    passed at the end of `as_of`, counted in months: a whole month for each month
    ended, a month's fraction for the days of the current one (9月30日 of a calendar
    year is 9/12)."""
    if as_of < start:
        return 0.0
    if as_of >= deadline:
        return 1.0
    return _months(start, as_of) / _months(start, deadline)


def _months(start: dt.date, end: dt.date) -> float:
    """Months from the start of `start`'s day to the end of `end`'s day."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    days_in = calendar.monthrange(end.year, end.month)[1]
    days_before = (start.day - 1) / calendar.monthrange(start.year, start.month)[1]
    return whole + end.day / days_in - days_before


def pace(rate: float | None, as_of: Any, year: int, task_text: str = "") -> Pace | None:
    """The expected completion at `as_of` (months elapsed ÷ 12 of the report year, or
    of the months up to the task's own deadline), against the published rate.

    None without a rate or a date. Behind means the published rate is below the
    expected one (no tolerance: the figures are printed beside the verdict)."""
    day = _date(as_of)
    if rate is None or day is None:
        return None
    start = dt.date(year, 1, 1)
    deadline = task_deadline(task_text, year) or dt.date(year, 12, 31)
    expected = round(100 * elapsed_share(day, start, deadline), 1)
    actual = float(rate)
    behind = actual < expected
    return Pace(
        expected, actual, behind, day, deadline, _pace_text(day, deadline, expected, actual)
    )


def _pace_text(day: dt.date, deadline: dt.date, expected: float, actual: float) -> str:
    at = (
        f"截至{day.month}月{day.day}日"
        if day.year == deadline.year
        else f"截至{day:%Y年%-m月%-d日}"
    )
    if (deadline.month, deadline.day) != (12, 31):
        at += f"(任务要求{deadline.month}月{deadline.day}日前完成)"
    verdict = "落后于序时进度" if actual < expected else "达到或超过序时进度"
    return f"{at}应完成约{_percent(expected)},实际完成{_percent(actual)},{verdict}"


def _percent(value: float) -> str:
    return f"{round(value):d}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# -- target against actual ----------------------------------------------------------

MET, NOT_MET, UNJUDGED = "met", "not-met", "unjudged"
VERDICTS = {MET: "已达成", NOT_MET: "未达成", UNJUDGED: "无法比较"}
_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


@dataclass(frozen=True)
class Judgement:
    verdict: str  # MET, NOT_MET or UNJUDGED
    text: str  # e.g. "≥ 94.1 对 95.2:已达成", or why it cannot be compared


def judge(target_text: str, actual_text: str, measure_unit: str = "") -> Judgement:
    """Whether a published actual meets a published target, read with values.parse_value.

    Met or not met only where both read as numbers in the same unit (a number
    without a unit is in the indicator's measure unit) and the target has a
    direction; an actual of a growth target must itself be a growth or decline."""
    target, actual = parse_value(target_text), parse_value(actual_text)
    if target.comparator in ("", "qualitative"):
        return Judgement(
            UNJUDGED,
            "目标为定性表述,不作数值比较" if target.comparator else "目标无法解析为数值,不作比较",
        )
    if not actual.value or actual.comparator not in ("=", "growth", "decline"):
        return Judgement(UNJUDGED, "实际值无法解析为数值,不作比较")
    if (target.value_unit or measure_unit) != (actual.value_unit or measure_unit):
        return Judgement(UNJUDGED, "目标与实际值的计量单位不同,不作比较")
    shown = f"{_words(target, measure_unit)} 对 {_words(actual, measure_unit, sign=False)}"
    if target.comparator in ("growth", "decline"):
        if actual.comparator == "=":
            return Judgement(UNJUDGED, f"{shown}:实际值不是增减幅度,不作比较")
        met = (
            _signed(actual) >= _signed(target)
            if target.comparator == "growth"
            else (_signed(actual) <= _signed(target))
        )
        return _verdict(met, shown)
    if actual.comparator != "=":
        return Judgement(UNJUDGED, f"{shown}:实际值是增减幅度,目标不是,不作比较")
    value = float(actual.value)
    if target.comparator == "=":
        if value == float(target.value):
            return _verdict(True, shown)
        return Judgement(UNJUDGED, f"{shown}:目标未标明高于或低于,不作判断")
    return _verdict(_holds(target.comparator, value, target), shown)


def _holds(comparator: str, value: float, target: Any) -> bool:
    low = float(target.value)
    if comparator == "range":
        return low <= value <= float(target.value_max)
    return {
        ">=": value >= low,
        ">": value > low,
        "<=": value <= low,
        "<": value < low,
    }[comparator]


def _signed(parsed: Any) -> float:
    """A growth as a positive, a decline as a negative change."""
    value = float(parsed.value)
    return -value if parsed.comparator == "decline" else value


def _verdict(met: bool, shown: str) -> Judgement:
    verdict = MET if met else NOT_MET
    return Judgement(verdict, f"{shown}:{VERDICTS[verdict]}")


def _words(parsed: Any, measure_unit: str, sign: bool = True) -> str:
    """≥ 94.1%, 增长 1.3%, 5–8万元, 95.2 (an actual's plain number has no sign)."""
    unit = parsed.value_unit or measure_unit
    if parsed.comparator == "range":
        return f"{parsed.value}–{parsed.value_max}{unit}"
    if parsed.comparator in ("growth", "decline"):
        return f"{'增长' if parsed.comparator == 'growth' else '下降'} {parsed.value}{unit}"
    if parsed.comparator == "=" and not sign:
        return f"{parsed.value}{unit}"
    return f"{_SIGNS[parsed.comparator]} {parsed.value}{unit}"
