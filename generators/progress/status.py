"""The published words for each progress status, and how to find them in text.

The statuses themselves (keys, Chinese labels, order) live in luoshi.vocab with the
rest of the vocabulary; they are re-exported here as STATUSES and LABELS for the
progress readers. A new published wording is added in WORDS, in one place.
"""

from __future__ import annotations

import re
import unicodedata

from luoshi.vocab import STATUS_LABELS as LABELS
from luoshi.vocab import STATUSES as STATUSES  # re-exported for the progress readers

# Published words → status. Longer words win over the shorter words inside them
# (未达到序时进度 is not 达到序时进度), see `find_status`.
WORDS: dict[str, str] = {
    "已完成": "completed",
    "已全部完成": "completed",
    "全面完成": "completed",
    "已竣工": "completed",
    "已完工": "completed",
    "已全部完工": "completed",
    "已投入使用": "completed",
    "已初步投入使用": "completed",
    "已投用": "completed",
    "已建成投用": "completed",
    "提前完成": "completed",
    "超序时进度": "ahead",
    "超进度": "ahead",
    "超额": "ahead",
    "超额完成": "ahead",
    "序时推进": "on-schedule",
    "按序时推进": "on-schedule",
    "正按序时推进": "on-schedule",
    "按序时进度推进": "on-schedule",
    "达到序时进度": "on-schedule",
    "达序时进度": "on-schedule",
    "正在施工": "on-schedule",
    "正在施工中": "on-schedule",
    "正在推进": "on-schedule",
    "有序推进": "on-schedule",
    "滞后": "behind",
    "进度滞后": "behind",
    "严重滞后": "behind",
    "未达序时进度": "behind",
    "未达到序时进度": "behind",
    "欠进度": "behind",
    "推进缓慢": "behind",
    "进度缓慢": "behind",
    "进度相对较慢": "behind",
    "进度较慢": "behind",
    "相对较慢": "behind",
    "偏慢": "behind",
    "未完成": "behind",
    "未启动": "not-started",
    "尚未启动": "not-started",
    "未开工": "not-started",
    "尚未开工": "not-started",
    "调整": "adjusted",
    "不再推进": "adjusted",
    "暂缓实施": "adjusted",
}

# Traditional forms of the characters of the words above, folded one for one (so a
# match's position in the folded text is its position in the text as printed).
_TRADITIONAL = str.maketrans(
    "滯後額時進達緩嚴啟開調較對竣設實項這於發動當",
    "滞后额时进达缓严启开调较对竣设实项这于发动当",
)


def simplified(text: str) -> str:
    """The status characters of `text` in their simplified forms, position for position."""
    return text.translate(_TRADITIONAL)


# A noun printed before a pace word belongs to the status (建设进度相对较慢, 完成进度较慢).
_PACE_NOUN = "(?:(?:建设|完成|施工|工程|实施|项目)(?=进度))?"


def _pattern() -> re.Pattern[str]:
    words = sorted(WORDS, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    # 已完成1个 / 完成率 report a quantity, not a status: a status word is not followed
    # by a figure; 已 + adverb + verb is spelt out in WORDS.
    return re.compile(f"{_PACE_NOUN}(?:{alternatives})(?![0-9０-９率])")


_STATUS = _pattern()
_STATUS_NOUN = re.compile("^(?:建设|完成|施工|工程|实施|项目)(?=进度)")


def normalize_word(words: str) -> str:
    """The vocabulary key of printed words: full-width folded, pace noun dropped."""
    folded = simplified(unicodedata.normalize("NFKC", words).replace(" ", ""))
    if folded in WORDS:
        return folded
    stripped = _STATUS_NOUN.sub("", folded, count=1)
    return stripped if stripped in WORDS else folded


def status_of(words: str) -> str | None:
    """The status key for printed status words, or None when they are not in the vocabulary."""
    return WORDS.get(normalize_word(words))


def find_status(text: str) -> tuple[str, str, int] | None:
    """The first status words in `text`: (status, words as printed, start), or None."""
    found = find_all(text)
    return found[0] if found else None


def find_all(text: str) -> list[tuple[str, str, int]]:
    """Every status phrase in `text`, in order."""
    found = []
    for match in _STATUS.finditer(simplified(text)):
        status = status_of(match.group(0))
        if status:
            found.append((status, text[match.start() : match.end()], match.start()))
    return found


def label(status: str) -> str:
    """The Chinese label of a status key (the key itself when unknown)."""
    return LABELS.get(status, status)
