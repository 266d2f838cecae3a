"""Parse published baseline and target texts into a comparator and numbers.

The published text is always kept; parsing only adds what the text plainly
says. Qualitative targets (稳步提升, 完成省市下达目标, 逐步缩小, 争取创成) never
become numbers, and a text that cannot be read with confidence stays unparsed
(empty comparator) rather than being guessed. The validator re-parses every
text with this same function, so the stored columns can never drift from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_UNIT = r"(%|‰|个百分点|万元|亿元|元|万人|人|个|家|件|项|次|所|座|公里|千米|天|分钟|万户|户)?"

# Prefix words and symbols, after NFKC (which turns ＞ into > and ≥ stays ≥).
_PREFIX = [
    (r"(?:≥|>=|不低于|不少于|至少)", ">="),
    (r"(?:≤|<=|不高于|不超过|不多于|控制在)", "<="),
    (r">", ">"),
    (r"<", "<"),
    (r"(?:=|达到|达)", "="),
]
# Suffix words: "6.5%以上" is at least, "3%以内" at most.
_SUFFIX = [(r"以上", ">="), (r"(?:以内|以下)", "<=")]


@dataclass(frozen=True)
class Parsed:
    comparator: str = ""  # "", "=", ">=", ">", "<=", "<", growth, decline, range, qualitative
    value: str = ""  # the number as written (normalised digits), "" if none
    value_max: str = ""  # upper end of a range
    value_unit: str = ""  # a unit written with the number, e.g. "%"


NONE_MARKS = {"", "/", "—", "-", "——", "无"}


def normalise(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width; spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def parse_value(text: str) -> Parsed:
    """Parse one published baseline or target text."""
    plain = normalise(text)
    if plain in NONE_MARKS:
        return Parsed()
    if not re.search(r"\d", plain):
        return Parsed(comparator="qualitative")
    return (
        _growth(plain)
        or _range(plain)
        or _compared(plain)
        or Parsed()  # digits, but not a form we read with confidence
    )


def _growth(plain: str) -> Parsed | None:
    match = re.fullmatch(rf"(增长|提高|提升|下降|降低|减少)({_NUMBER}){_UNIT}(以上)?", plain)
    if not match:
        return None
    # "增长6.5%以上" reads as growth too: the published text keeps the bound.
    verb, number, unit, _above = match.groups()
    kind = "growth" if verb in ("增长", "提高", "提升") else "decline"
    return Parsed(kind, number, "", unit or "")


def _range(plain: str) -> Parsed | None:
    match = re.fullmatch(rf"({_NUMBER}){_UNIT}(?:-|~|～|—|至|到)({_NUMBER}){_UNIT}", plain)
    if not match:
        return None
    low, unit_low, high, unit_high = match.groups()
    if unit_low and unit_high and unit_low != unit_high:
        return None
    return Parsed("range", low, high, unit_high or unit_low or "")


def _compared(plain: str) -> Parsed | None:
    comparator, rest = "=", plain
    for pattern, symbol in _PREFIX:
        match = re.match(pattern, rest)
        if match:
            comparator, rest = symbol, rest[match.end() :]
            break
    for pattern, symbol in _SUFFIX:
        match = re.search(pattern + "$", rest)
        if match and comparator == "=":
            comparator, rest = symbol, rest[: match.start()]
            break
    match = re.fullmatch(rf"({_NUMBER}){_UNIT}", rest)
    if not match:
        return None
    return Parsed(comparator, match.group(1), "", match.group(2) or "")


_MEASURE = re.compile(r"^(?P<base>.*?)[(（](?P<unit>[^()（）]*)[)）]$")


def split_measure_unit(name: str) -> tuple[str, str]:
    """Split "人均生产总值(万元)" into ("人均生产总值", "万元"); names without one stay whole."""
    match = _MEASURE.match(name.strip())
    if not match or not match.group("base"):
        return name.strip(), ""
    return match.group("base").strip(), match.group("unit").strip()
