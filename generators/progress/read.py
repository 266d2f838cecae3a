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


def read_items(lines: list[Line]) -> Document:
    body = content_lines(lines)
    items = read_tables(body) or read_narrative(body)
    return Document(items=items, as_of=find_as_of("\n".join(t for _, t in body)), lines=body)


def read_document(path: Path) -> Document:
    return read_items(read_lines(path))
