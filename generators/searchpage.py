"""Read a built page into what search needs: its kind, facts for the result line, the
names it is found by, and its items (a task and its units, a section heading).

Only the indexed part of a page (between the markers overrides/main.html writes) is
read. What the templates mark data-pagefind-ignore is left out (a unit's task table,
an indicator table: each fact is indexed once, on the page where it belongs), except
the unit lines of a task: a task is found by the units it names, with their role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from luoshi import urls

START, END = "<!--pagefind-body-->", "<!--/pagefind-body-->"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area"}
SKIPPED = {"script", "style", "figure", "canvas", "template"}
SKIPPED_CLASSES = {"headerlink"}
# Parts of a data-pagefind-ignore element that are indexed all the same.
KEPT_IGNORED = {"ls-units", "ls-groups"}
# The page kinds, by the first folder of the page's path.
KINDS = {
    urls.REPORTS: "task",
    urls.UNITS: "unit",
    urls.JURISDICTIONS: "jurisdiction",
    urls.INDICATORS: "indicator",
}
LEVELS = "省市区县旗"


NAMED = {"unit", "jurisdiction", "indicator"}
# What the templates ignore is dropped before parsing, so the parser does not read it
# (a unit's task table, an indicator table). Such an element (a <div> around one
# table, a <p>, an <ol>) holds no element of its own tag, so it ends at the first
# closing tag of its name. The unit lines of a task stay.
_IGNORED = re.compile(
    r"<(div|p|ol)\b(?![^>]*\bls-(?:units|groups)\b)[^>]*\sdata-pagefind-ignore[^>]*>.*?</\1>",
    re.S,
)


@dataclass
class Item:
    anchor: str  # "" for the head of the page
    texts: list[str] = field(default_factory=list)
    number: str = ""  # a task's own number, as its heading shows it


@dataclass
class Page:
    kind: str
    title: str = ""
    facts: dict[str, str] = field(default_factory=dict)  # 行政区划, 年度, 原文写法 …
    names: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def indexed_part(html: str) -> str | None:
    start = html.find(START)
    end = html.find(END, start)
    if start < 0 or end < 0:
        return None
    return html[start + len(START) : end]


def read_page(html: str, path: str) -> Page | None:
    """The page at `path` (relative to the site, e.g. units/x/index.html)."""
    part = indexed_part(html)
    if part is None:
        return None
    kind = KINDS.get(urls.kind_folder(path), "page")
    if kind in NAMED:  # only the head is searched: cut before the first table
        part = part[: part.find("<h2")] if "<h2" in part else part
    reader = _Reader(kind)
    reader.read(_IGNORED.sub("", part))
    page = reader.page
    page.items = [item for item in page.items if item.number or any(t.strip() for t in item.texts)]
    page.names = _names(page)
    return page


def _names(page: Page) -> list[str]:
    """Every name a page is found by: its title, a unit's published spellings, a
    jurisdiction's full name, an indicator's name without its measurement unit."""
    names = [page.title]
    names += page.facts.get("原文写法", "").split("、")
    names += [page.facts.get("指标名", ""), page.facts.get("全称", "")]
    if page.kind == "jurisdiction":
        names.append(without_level(page.title))
    unique: list[str] = []
    for name in (n.strip() for n in names):
        if name and name not in unique:
            unique.append(name)
    return unique


def without_level(name: str) -> str:
    """莲都区 is also called 莲都 (a name of two characters keeps its level); "" if none."""
    return name[:-1] if len(name) > 2 and name[-1] in LEVELS else ""


# The pages are the templates' own HTML (quoted attributes, no comments or CDATA
# inside the indexed part), so a regular expression reads them, several times faster
# than html.parser.
_LEXEME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|<")
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-\w:.]*)(?:\s*=\s*"([^"]*)")?')


class _Reader:
    def read(self, html: str) -> None:
        for match in _LEXEME.finditer(html):
            closing, tag, attributes, text = match.groups()
            if text:
                self.handle_data(unescape(text))
            elif tag and closing:
                self.handle_endtag(tag.lower())
            elif tag:
                attrs = [(k, unescape(v or "")) for k, v in _ATTRIBUTE.findall(attributes or "")]
                self.handle_starttag(tag.lower(), attrs)

    def __init__(self, kind: str) -> None:
        self.page = Page(kind)
        self.item = Item("")
        self.page.items.append(self.item)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, in dl)
        self.skipping = False
        self.heading: str | None = None  # the heading tag being read
        self.dt: str | None = None
        self.fact: str | None = None
        self.title_parts: list[str] | None = None
        self.numbering = False  # in a task heading's number link

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        attr = {k: v or "" for k, v in attrs}
        self.stack.append((tag, self.skipping, self.fact is not None))
        classes = set(attr.get("class", "").split())
        ignored = "data-pagefind-ignore" in attr and not classes & KEPT_IGNORED
        if tag in SKIPPED or ignored or classes & SKIPPED_CLASSES:
            self.skipping = True
        if self.skipping:
            return
        if tag == "h1" and not self.page.title:
            self.title_parts = []
        elif tag in HEADINGS and attr.get("id") and self._anchored():
            self.item = Item(attr["id"])
            self.page.items.append(self.item)
        if tag == "dt":
            self.dt = ""
        elif tag == "dd" and self.dt:
            self.fact, self.dt = self.dt, None
            self.page.facts[self.fact] = ""
        elif tag == "small" and self.title_parts is not None:
            self.title_parts.append("\0")  # a jurisdiction's full name follows
        self.numbering = tag == "a" and "ls-task__num" in classes and bool(self.item.anchor)
        title = attr.get("title", "")
        if tag == "a" and title.startswith("规范名称:"):
            self._text(f"({title.removeprefix('规范名称:')})", separate=True)

    def _anchored(self) -> bool:
        """Whether a heading with an id starts an item of its own: on a report page (a
        task, a section); elsewhere the page is one result."""
        return self.page.kind in ("task", "page")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.numbering = False
        while self.stack:
            opened, skipping, in_dl = self.stack.pop()
            self.skipping = skipping
            if opened == tag:
                break
        if tag == "h1" and self.title_parts is not None:
            title, _, full = "".join(self.title_parts).partition("\0")
            self.page.title = title.strip()
            if full.strip():
                self.page.facts["全称"] = full.strip()
            self.title_parts = None
        elif tag == "dd":
            self.fact = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.dt is not None:
            self.dt += data.strip()
            return
        if self.fact is not None:
            self.page.facts[self.fact] += data.strip() if not data.isspace() else ""
            return
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.numbering:
            self.item.number += data.strip()
            return
        self._text(data, separate=True)

    def _text(self, data: str, separate: bool) -> None:
        if data.strip():
            self.item.texts.append(data.strip())
