"""Read a progress report (text, HTML, DOCX) into items: a table if it has one, else prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from luoshi.importer.read import Line, read_lines
from luoshi.progress.figures import AsOf, find_as_of
from luoshi.progress.model import Item
from luoshi.progress.narrative import read_narrative
from luoshi.progress.tables import read_tables

# Page furniture: metadata lines, navigation and the comment lines of the test corpus.
_FURNITURE = re.compile(
    r"^(#\s*[a-z]+:|•|发布日期|发布时间|发表时间|浏览次数|来源|字体|索引号|发布机构|名称[::]|您现在所在的位置|分享|打印|关闭)"
)


@dataclass
class Document:
    items: list[Item]
    as_of: AsOf | None
    lines: list[Line]


def content_lines(lines: list[Line]) -> list[Line]:
    return [(n, t) for n, t in lines if not _FURNITURE.match(t.lstrip().lstrip("\u3000"))]


# Full-width ASCII forms (（）：；，％, full-width digits), as most pages print them, are
# read as their half-width forms: one character for one, so that what an item quotes is
# then put back as printed (as_printed).
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_QUOTED = ("name", "span", "progress", "status_text", "value", "unit", "group")


def read_items(lines: list[Line]) -> Document:
    body = content_lines(lines)
    folded = [(n, text.translate(_HALF_WIDTH)) for n, text in body]
    items = read_tables(folded) or read_narrative(folded)
    as_printed(items, folded, body)
    return Document(items=items, as_of=find_as_of("\n".join(t for _, t in folded)), lines=body)


def as_printed(items: list[Item], folded: list[Line], printed: list[Line]) -> None:
    """Each item's quoted text as the document prints it: found in the folded text (from
    the item's line on; lines joined as an item joins them, without a break), taken
    from the same place of the printed one."""
    folded_text = "".join(text for _, text in folded)
    printed_text = "".join(text for _, text in printed)
    if folded_text == printed_text:
        return
    starts: dict[int, int] = {}
    offset = 0
    for number, text in folded:
        starts.setdefault(number, offset)
        offset += len(text)
    for item in items:
        for name in _QUOTED:
            value = getattr(item, name)
            if not value:
                continue
            at = folded_text.find(value, starts.get(item.line, 0))
            at = at if at >= 0 else folded_text.find(value)
            if at >= 0:
                setattr(item, name, printed_text[at : at + len(value)])


def read_document(path: Path) -> Document:
    return read_items(read_lines(path))
