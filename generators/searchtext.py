"""The words of the search index, the same in Python (index) and in search.js (query).

Text is first folded: Unicode NFKC (full-width letters, digits and punctuation become
half-width, compatibility ideographs become unified ones), then traditional
characters become simplified ones, character by character, through OpenCC's
character table (養老服務 → 养老服务). search.js folds a query with the same table,
written from the same data into site_src/assets/javascripts/search-fold.js.

Then every run of Chinese characters is written as its overlapping character
bigrams (老旧小区 → 老旧 旧小 小区), a lone character as itself: a bigram never spans
punctuation, a number or the boundary of an element, so a phrase cannot match across
two items of a list. No dictionary is involved, so the index and the browser cannot
disagree on how a word is cut. A number is one word that keeps its decimal point and
percent sign (6.5% → nn6d5p), so 6.5% does not find 3.65. A task's own number is a
word of another kind (task 65 → nx65): a number in a query finds the texts holding it,
not task 65 of every document; 第65项 finds those tasks. Latin words are lower-cased.
The copy keeps punctuation (Pagefind does not index it) so that the text can be put
back together for display: consecutive bigrams of one run overlap, and BREAK stands
between two runs that nothing else separates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
BREAK = "¦"  # between two runs of text that no punctuation separates
NUMBER_PREFIX = "nn"
ITEM_PREFIX = "nx"  # a task's own number (第65项), not a number of its text
_TOKEN = re.compile(rf"[{HAN}]+|\d+(?:\.\d+)?%?|[a-z]+|[^\s{HAN}\da-z]+")
_FOLD_JS = Path(__file__).parents[1] / "site_src/assets/javascripts/search-fold.js"


@cache
def fold_table() -> dict[str, str]:
    """Traditional → simplified, one character to one, from OpenCC's TSCharacters."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


@cache
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in fold_table().items()}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_translation()).lower()


def fold_js() -> str:
    """search-fold.js: the fold table for the browser (tests check it is current)."""
    pairs = "".join(k + v for k, v in sorted(fold_table().items()))
    return (
        "// Generated from OpenCC's TSCharacters.txt (opencc-python-reimplemented) by\n"
        "// luoshi.searchtext.fold_js(); the index folds text with the same table.\n"
        f"window.LUOSHI_FOLD = {json.dumps(pairs, ensure_ascii=False)};\n"
    )


def write_fold_js(path: Path = _FOLD_JS) -> None:
    path.write_text(fold_js(), encoding="utf-8")


def number_word(number: str) -> str:
    """6.5% → nn6d5p; 6.50 → nn6d5; 007 → nn7."""
    percent = number.endswith("%")
    whole, _, fraction = number.rstrip("%").partition(".")
    fraction = fraction.rstrip("0")
    word = NUMBER_PREFIX + (whole.lstrip("0") or "0") + (f"d{fraction}" if fraction else "")
    return word + ("p" if percent else "")


def item_number_words(number: str) -> list[str]:
    """The words of a task's own number: nx65 for 65; a number that is not plain
    digits ((1), 一) as the words of text."""
    plain = number.strip()
    if plain.isascii() and plain.isdigit():
        return [ITEM_PREFIX + (plain.lstrip("0") or "0")]
    return words(number)


def words(text: str) -> list[str]:
    """The index words of a piece of (unfolded) text, punctuation kept."""
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        token = match.group()
        if "\u3400" <= token[0] <= "\u9fff":
            if out and _is_han(out[-1]) and match.start() > 0:
                out.append(BREAK)  # two runs split only by a space
            out.extend(_bigrams(token))
        elif token[0].isdigit():
            out.append(number_word(token))
        else:
            out.append(token)
    return out


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _is_han(word: str) -> bool:
    return "\u3400" <= word[0] <= "\u9fff"
