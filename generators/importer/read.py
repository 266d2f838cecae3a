"""Read a notice (text in UTF-8 or GB18030, HTML, DOCX) into numbered, stripped lines."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from luoshi.importer.grid import docx_rows, table_rows

Line = tuple[int, str]
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
_CELL_TAGS = {"td", "th"}


class ReadError(ValueError):
    """The input is not a readable notice."""


def decode(data: bytes, path: Path) -> str:
    """UTF-16 with a byte-order mark, else UTF-8 (with or without BOM), then GB18030."""
    encodings = ["utf-16"] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else []
    decoded = False
    for encoding in [*encodings, "utf-8-sig", "gb18030"]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded = True
        if not looks_binary(text):
            return text
    if decoded or b"\x00" in data:
        raise ReadError(f"{path} holds binary data, not the text of a notice")
    raise ReadError(f"{path}: unknown encoding (not UTF-8, UTF-16 or GB18030); save it as UTF-8")


def looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    return "\x00" in text or controls > len(text) // 100


class _Flattener(HTMLParser):
    """Fallback when bs4 is missing: one line per block element, one per table cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag in _BLOCK_TAGS or tag in _CELL_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        if tag in _BLOCK_TAGS or tag in _CELL_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.replace("\n", " "))


def html_text(html: str) -> str:
    """Flatten HTML: block elements and table cells each start a line."""
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        parser = _Flattener()
        parser.feed(html)
        return "".join(parser.parts)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    for table in reversed(soup.find_all("table")):  # inner tables first
        rows = table_rows(table)
        if rows is not None:
            table.replace_with("\n" + "\n".join(rows) + "\n")
    for cell in soup.find_all(list(_CELL_TAGS)):
        # Paragraphs inside one cell (one unit each) stay one cell: spaces between them.
        if cell.find(list(_BLOCK_TAGS)):
            cell.string = " ".join(cell.get_text(" ").split())
    for tag in soup.find_all(list(_BLOCK_TAGS | _CELL_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return "\n".join(" ".join(s.split("\n")) for s in soup.get_text().split("\n"))


def docx_text(data: bytes) -> str:
    """Paragraphs, then each table one cell a line, in document order."""
    try:
        import docx
    except ImportError as missing:
        raise ReadError("reading .docx needs python-docx (pip install python-docx)") from missing
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as broken:  # python-docx raises many kinds on a bad package
        raise ReadError(f"not a readable .docx: {broken}") from broken
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            rows = docx_rows(block)
            lines += docx_cells(block) if rows is None else rows
    return "\n".join(lines)


def docx_cells(table) -> list[str]:  # noqa: ANN001 - an lxml element
    cells = []
    for cell in table.iter():
        if cell.tag.endswith("}tc"):
            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
    return cells


def is_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|table|br)\b", text[:5000], re.IGNORECASE))


def read_text(path: Path) -> str:
    if path.is_dir():
        raise ReadError(f"{path} is a folder, not a notice file")
    if not path.exists():
        raise ReadError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read {path}: {error.strerror}") from error
    if not data.strip():
        raise ReadError(f"{path} is empty")
    if data[:5] == b"%PDF-":
        raise ReadError(f"{path} is a PDF: save it as text, HTML or .docx first")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(f"{path} is an old Word (.doc) or Excel file: save it as .docx first")
    if data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data)):
        return docx_text(data)
    if data[:2] == b"PK":
        raise ReadError(f"{path} holds binary data (a damaged archive?), not a notice")
    text = decode(data, path)
    return html_text(text) if is_html(text) else text


# A leading "# source: URL" / "# layout: …" comment block (ASCII key) is about the file,
# not part of the notice.
_COMMENT = re.compile(r"^#\s*[A-Za-z][\w-]*\s*:")
# Where a page was stored as one long line, a numbered heading or task starts after a
# space: "…完成。 一、加快… (一)全面… 1.把…". Only long lines are split.
_LONG = 300
_CN_NO = "[一二三四五六七八九十]{1,3}"
_NUMBER_AFTER_SPACE = re.compile(
    rf"(?:[ \t\u00a0\u3000]+|(?<=[。;；]))(?=(?:{_CN_NO}、|[(（]{_CN_NO}[)）]"
    r"|\d{1,3}[.．、](?!\d)|[(（]\d{1,3}[)）]))"
)


def split_long(line: str) -> list[str]:
    """A whole page on one line: one line per numbered paragraph."""
    if len(line) < _LONG:
        return [line]
    parts = [part.strip() for part in _NUMBER_AFTER_SPACE.split(line)]
    return [part for part in parts if part] if len(parts) > 2 else [line]


# Zero-width characters a web page or a word processor leaves in text are no wording:
# left out. (Layout spaces such as &nbsp; are kept as published; the patterns that
# read a notice take them for spaces.)
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def clean(text: str) -> str:
    return _INVISIBLE.sub("", text)


def read_lines(path: Path) -> list[Line]:
    """Non-empty lines, stripped, with their 1-based line numbers in the flattened text."""
    text = clean(read_text(path))
    if not text.strip():
        raise ReadError(f"{path} holds no text")
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    while lines and (not lines[0][1] or _COMMENT.match(lines[0][1])):
        lines.pop(0)
    return [(n, part) for n, line in lines if line for part in split_long(line)]
