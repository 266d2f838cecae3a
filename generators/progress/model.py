"""What a progress report says about one item, before it is matched to a task."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from luoshi.progress import status as vocab
from luoshi.progress.figures import Figure, figure


@dataclass
class Item:
    line: int  # line of the flattened document the item starts on
    name: str  # the item's own words (task text, project name or target phrase)
    span: str  # the printed text from the item's start (name, then its progress where adjacent)
    progress: str = ""  # the progress text as published
    no: str | None = None  # the number printed for the item, without punctuation
    status: str | None = None  # vocabulary key
    status_text: str | None = None  # the status words as printed
    value: str | None = None
    rate: float | None = None
    unit: str | None = None  # the lead unit printed with the item
    group: str | None = None  # the heading or lead-in the item is listed under

    def set_figure(self, found: Figure | None) -> None:
        if found:
            self.value, self.rate = found.value, found.rate

    def set_status(self, found: tuple[str, str, int] | None) -> None:
        if found:
            self.status, self.status_text = found[0], found[1]


def fold(text: str) -> str:
    """Full-width forms folded to half-width, spaces dropped (for comparisons only)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


PUNCTUATION = " ,,;;。、::"


def trim(text: str, chars: str = PUNCTUATION, left: bool = True) -> str:
    """Strip any of `chars` from the ends (from the right only when not `left`)."""
    kept = re.sub(f"[{re.escape(chars)}]+$", "", text)
    return re.sub(f"^[{re.escape(chars)}]+", "", kept) if left else kept


OPEN, CLOSE = "((“‘《[【", "))”’》]】"


def split_top(text: str, separators: str) -> list[str]:
    """Split at separators that are outside brackets and quotes (新(改、扩)建 stays whole)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(depth - 1, 0)
        elif char in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def item_from(line: int, name: str, progress: str, **fields: object) -> Item:
    """An item with its status and figure read from its progress text."""
    name, progress = trim(name), trim(progress, " ,,;;、::")
    item = Item(line=line, name=name, span=name + progress, progress=progress, **fields)  # type: ignore[arg-type]
    item.set_status(vocab.find_status(progress) or vocab.find_status(name))
    item.set_figure(figure(progress, name))
    return item
