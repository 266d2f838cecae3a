"""Match progress items to the tasks and indicators of one report.

A printed number is trusted only where the text agrees (progress reports often number
their rows in their own order). Otherwise the row's words are compared with every
candidate's, after dropping quantities (rows move them to the front) and generic
endings (项目, 工程, 行动); the lead unit printed with the row breaks near ties. A row
with no clear best candidate is left unmatched, with its best candidates to show.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from luoshi.progress.figures import QUANTITY
from luoshi.progress.model import Item, fold

ACCEPT = 0.6  # least share of a row's (weighted) words found in the task
MARGIN = 0.15  # the best must lead the next candidate by this much, unless a unit decides
AGREE = 0.35  # a printed number is trusted when the text agrees at least this much
CONFLICT = 0.5  # factor on the score of a candidate whose figures contradict the row's

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GENERIC_END = re.compile("(项目|工程|行动|建设)+$")
_NOT_WORD = re.compile(r"[^\w]|_")


@dataclass
class Candidate:
    id: str
    kind: str  # task | indicator
    list_id: str
    number: str  # as in the package ('' when none)
    text: str
    units: list[str] = field(default_factory=list)  # lead units: names and spellings


@dataclass
class Match:
    item: Item
    candidate: Candidate | None
    how: str  # number | text | unit | '' (unmatched)
    score: float
    ranked: list[tuple[float, Candidate]]


def cn_int(text: str) -> int | None:
    """二十三 → 23, 五 → 5, 23 → 23; None when not a number."""
    text = re.sub("[^0-9一二三四五六七八九十百零〇两]", "", fold(text))
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, digit = 0, 0
    for char in text:
        if char == "十":
            total += (digit or 1) * 10
            digit = 0
        elif char == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            digit = _CN_DIGITS[char]
    return total + digit


def core(text: str) -> str:
    """The words that identify an item: quantities, punctuation and generic endings dropped."""
    folded = QUANTITY.sub("", fold(text))
    folded = re.sub(r"\d+(?:\.\d+)?", "", folded)
    folded = _NOT_WORD.sub("", folded)
    return _GENERIC_END.sub("", folded) or folded


def _quantities(text: str) -> dict[str, set[str]]:
    """Figures by unit: {'个': {'80', '30'}}."""
    found: dict[str, set[str]] = {}
    for match in QUANTITY.finditer(fold(text)):
        number = re.match(r"[\d.]+", match.group(0))
        assert number is not None
        found.setdefault(match.group(0)[number.end() :], set()).add(number.group(0))
    return found


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


class Matcher:
    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.grams = [bigrams(core(c.text)) for c in candidates]
        self.quantities = [_quantities(c.text) for c in candidates]
        counts = Counter(g for grams in self.grams for g in grams)
        total = len(candidates) + 1
        # rare word pairs say more about which task a row means than 建设 or 推进
        self.weight = {g: math.log(total / n) + 0.1 for g, n in counts.items()}
        self.rare = math.log(total) + 0.1

    def score(self, item: Item, index: int) -> float:
        row = bigrams(core(item.name))
        if not row:
            return 0.0
        weights = {g: self.weight.get(g, self.rare) for g in row}
        found = sum(w for g, w in weights.items() if g in self.grams[index])
        share = found / sum(weights.values())
        return share * CONFLICT if self._conflict(item, index) else share

    def _conflict(self, item: Item, index: int) -> bool:
        """The row's name states a target figure the candidate states otherwise
        (新建驿站80个 against 新建驿站610个): likely another year's or place's task."""
        own = _quantities(item.name)
        theirs = self.quantities[index]
        clashing = [u for u, n in own.items() if u in theirs and not n & theirs[u]]
        return bool(clashing)

    def match(self, item: Item) -> Match:
        ranked = sorted(
            ((self.score(item, i), c) for i, c in enumerate(self.candidates)),
            key=lambda pair: (-pair[0], pair[1].id),
        )
        by_number = self._by_number(item, ranked)
        if by_number:
            return by_number
        if not ranked or ranked[0][0] < ACCEPT:
            return Match(item, None, "", ranked[0][0] if ranked else 0.0, ranked[:3])
        best, near = ranked[0], [r for r in ranked[1:] if r[0] > ranked[0][0] - MARGIN]
        if not near:
            return Match(item, best[1], "text", best[0], ranked[:3])
        return self._by_unit(item, [best, *near], ranked)

    def _by_number(self, item: Item, ranked: list[tuple[float, Candidate]]) -> Match | None:
        number = cn_int(item.no) if item.no else None
        if number is None:
            return None
        agreeing = [
            (s, c)
            for s, c in ranked
            if c.number and cn_int(c.number) == number and s >= AGREE and s >= ranked[0][0] - MARGIN
        ]
        if len(agreeing) == 1:
            return Match(item, agreeing[0][1], "number", agreeing[0][0], ranked[:3])
        return None

    def _by_unit(
        self, item: Item, near: list[tuple[float, Candidate]], ranked: list[tuple[float, Candidate]]
    ) -> Match:
        unit = fold(item.unit or "")
        led = [(s, c) for s, c in near if unit and any(fold(u) == unit for u in c.units)]
        if len(led) == 1 and led[0][0] >= ACCEPT:
            return Match(item, led[0][1], "unit", led[0][0], ranked[:3])
        return Match(item, None, "", ranked[0][0], ranked[:3])
