"""Figures in progress texts: the value as printed, the completion rate, the as-of date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

NUMBER = r"\d+(?:\.\d+)?"
# Measurement units a reported figure carries (longest first where one is a prefix).
UNITS = (
    "个百分点",
    "平方公里",
    "平方米",
    "万平方米",
    "亿元",
    "万元",
    "元",
    "万亩",
    "亩",
    "万吨",
    "吨",
    "公里",
    "千米",
    "米",
    "万人次",
    "人次",
    "万人",
    "人",
    "名",
    "户",
    "家",
    "个",
    "所",
    "座",
    "条",
    "件",
    "场",
    "套",
    "张",
    "台",
    "辆",
    "间",
    "处",
    "次",
    "批",
    "只",
    "位",
    "%",
)
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(f"(?<![0-9.]){NUMBER}(?:{_UNIT})")
_RATE = re.compile(f"完成率(?:为|达到?)?({NUMBER})%")
_SHARE = re.compile(f"完成[^,,。;;]{{0,12}}?的({NUMBER})%")
_BRACKETED = re.compile(f"[((]({NUMBER})(%?)[))]")
# A percentage that is a growth, a share or a level, not a completion rate.
_NOT_COMPLETION = re.compile(
    "(增长|下降|增幅|降幅|增速|同比|占比|率|比重|倍差|指数|高出|低于|提高|降低)[^,,。;;]{0,3}$"
)


@dataclass(frozen=True)
class Figure:
    value: str  # as printed, with its unit
    rate: float | None  # completion percent, when the figure is one


def figure(text: str, name: str = "") -> Figure | None:
    """The figure a progress text reports: its completion rate where it gives one
    (完成率N%, 完成…的N%, a bracketed N% after a count), else its first quantity, else
    a bare number right after the item's name (城乡居民收入倍差1.62). `name` tells
    whether a leading percentage is a level (…增速31.2%) rather than a completion."""
    for pattern in (_RATE, _SHARE):
        match = pattern.search(text)
        if match:
            return Figure(match.group(1) + "%", float(match.group(1)))
    bracketed = _BRACKETED.search(text)
    quantity = _reported_quantity(text)
    if bracketed and bracketed.group(2) and quantity and _is_count(quantity):
        return Figure(bracketed.group(1) + "%", float(bracketed.group(1)))
    if bracketed and (not quantity or bracketed.start() < quantity.start()):
        rate = float(bracketed.group(1)) if bracketed.group(2) else None
        return Figure(bracketed.group(1) + bracketed.group(2), rate)
    if quantity:
        return Figure(quantity.group(0), _leading_rate(name + text, quantity, len(name)))
    bare = re.match(f"({NUMBER})(?![0-9.年月日号])", text)
    return Figure(bare.group(1), None) if bare and name else None


# A clause that says its work has not begun or is still being prepared: a quantity in it
# restates the target (推动…建设2公里未启动), it is no figure reached.
_NOT_YET = re.compile("未启动|未开工|尚未|未完成|正着手|着手准备|正在准备|准备开展|待启动")
_SEPARATORS = ",,。;;(("  # a bracket opens a remark of its own: 50%(马站未开工)


def _reported_quantity(text: str) -> re.Match[str] | None:
    """The first quantity that does not stand in a clause saying it is not yet done."""
    for quantity in QUANTITY.finditer(text):
        start = max(text.rfind(sep, 0, quantity.start()) for sep in _SEPARATORS) + 1
        ends = [text.find(sep, quantity.end()) for sep in _SEPARATORS]
        end = min([e for e in ends if e >= 0], default=len(text))
        if not _NOT_YET.search(text[start:end]):
            return quantity
    return None


def _is_count(quantity: re.Match[str]) -> bool:
    """Whether the first quantity is a count that a bracketed percentage qualifies
    (已完成8个(53%)): the percentage is then the item's completion rate."""
    return not quantity.group(0).endswith("%")


def _leading_rate(text: str, quantity: re.Match[str], offset: int = 0) -> float | None:
    """A percentage that opens a progress cell (80%(…)) is the item's completion."""
    printed, start = quantity.group(0), quantity.start() + offset
    if not printed.endswith("%") or _NOT_COMPLETION.search(text[:start]):
        return None
    if start == offset or re.search("(进度|完成|已完成|达)$", text[:start]):
        return float(printed[:-1])
    return None


def table_figure(cell: str) -> Figure | None:
    """A progress cell's figure: a leading percentage is the completion rate."""
    found = figure(cell)
    if found and found.rate is None and cell.startswith(found.value) and found.value.endswith("%"):
        return Figure(found.value, float(found.value[:-1]))
    return found


# --- as-of dates -----------------------------------------------------------------

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE = re.compile(r"截(?:至|止)(?:到)?(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|(底|末))?")
_PERIOD = re.compile(r"(?:(\d{4})年)?(?:1|一)(?:-|—|–|~|至|到)(\d{1,2})月(?:份)?")
_HALVES = re.compile(r"(?:(\d{4})年)?(上半年|前三季度|第一季度|一季度|第三季度|三季度|全年)")
_HALF_MONTH = {
    "上半年": 6,
    "前三季度": 9,
    "第一季度": 3,
    "一季度": 3,
    "第三季度": 9,
    "三季度": 9,
    "全年": 12,
}


@dataclass(frozen=True)
class AsOf:
    printed: str
    year: int | None
    month: int
    day: int | None  # None: the end of the month

    def date(self, default_year: int) -> dt.date:
        year = self.year or default_year
        day = self.day or calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, day)


def find_as_of(text: str) -> AsOf | None:
    """The first reporting date or period printed (截至2023年9月30日, 截至9月底, 1-8月份,
    上半年): a day, or the end of the month or period."""
    found = []
    for match in _DATE.finditer(text):
        day = int(match.group(3)) if match.group(3) else None
        year = int(match.group(1)) if match.group(1) else None
        found.append((match.start(), AsOf(match.group(0), year, int(match.group(2)), day)))
    for match in _PERIOD.finditer(text):
        year = int(match.group(1)) if match.group(1) else None
        found.append((match.start(), AsOf(match.group(0), year, int(match.group(2)), None)))
    for match in _HALVES.finditer(text):
        year = int(match.group(1)) if match.group(1) else None
        found.append((match.start(), AsOf(match.group(0), year, _HALF_MONTH[match.group(2)], None)))
    valid = [(pos, a) for pos, a in found if 1 <= a.month <= 12 and (a.day is None or a.day <= 31)]
    return min(valid, key=lambda pair: pair[0])[1] if valid else None
