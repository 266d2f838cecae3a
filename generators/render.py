"""Shared rendering helpers: the Jinja2 environment, page files and site URLs.

Every generated page is a Markdown file holding one raw HTML block. Python-Markdown
passes a raw HTML block through untouched, so Markdown syntax in the data never
renders; Jinja2 autoescaping (with the `finalize` hook below, which also folds
newlines into character references) makes sure HTML in the data stays text.

The block stands inside an HTML comment (see `wrap_body`), which the build removes
from the engine's output: Python-Markdown and mkdocs otherwise feed every tag of it
through Python's html.parser, twice, which was four fifths of the engine's time.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import jinja2
import pandas as pd
from luoshi import urls
from markupsafe import Markup, escape

# Characters no text from the data may carry onto a page: C0 controls but tab and
# newline (Python-Markdown uses \x02/\x03 as stash placeholders), DEL, C1 controls
# (U+0085 is a line break to YAML, which split a title out of the front matter),
# bidi embeddings, overrides and isolates (they reorder what a reader sees),
# the BOM/zero-width no-break space and the noncharacters U+FFFE/U+FFFF.
# U+2028/U+2029 are line and paragraph separators: they become newlines.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_SEPARATORS = re.compile("\r\n?|[\u2028\u2029]")
_SAFE_SCHEMES = ("http://", "https://")

EMPTY_TEXT = "(原文无内容)"


@dataclass(frozen=True)
class Page:
    """One generated Markdown file, `path` relative to the docs dir (posix).

    `key` is a digest of everything its text is made from (template name, title and
    context; the code version is the caller's to add). The text is rendered when
    first read, so a build that already has a page of the same key can skip it.
    """

    path: str
    key: str
    make: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        return self.make()


def text_html(value: Any) -> Markup:
    """Escape data text for HTML and keep it on one source line.

    A newline becomes `&#10;` (shown as a line break by `white-space: pre-line`),
    so no line of data can start a Markdown construct such as a fenced block.
    """
    if isinstance(value, Markup):
        return value
    if _missing(value):
        return Markup("")
    return Markup(str(escape(clean_text(value))).replace("\n", "&#10;"))


def clean_text(value: Any) -> str:
    """Data text as it may reach any page, feed or copy: line breaks as "\n", every
    control character (see CONTROL) removed. The one place text is cleaned."""
    return CONTROL.sub("", _SEPARATORS.sub("\n", str(value)))


def one_line(value: Any) -> str:
    """Clean text on one line (titles): every run of whitespace one space."""
    return " ".join(clean_text(value).split())


def _missing(value: Any) -> bool:
    """None, or pandas' missing value for a typed column (NA, NaN)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def safe_url(value: Any) -> str:
    """An http(s) URL from the data, or "" (no javascript:, data: … links)."""
    url = str(value or "").strip()
    if CONTROL.search(url) or any(char.isspace() for char in url):
        return ""
    return url if url.lower().startswith(_SAFE_SCHEMES) else ""


def json_script(value: Any) -> Markup:
    """JSON for a <script type="application/json"> element; cannot close the element."""
    text = json.dumps(_cleaned(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _cleaned(value: Any) -> Any:
    """`value` with every string in it cleaned (clean_text), for JSON output."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(item) for item in value]
    return value


def filesize(size: int) -> str:
    """A human-readable byte count (binary units)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def number(value: Any) -> str:
    """A parsed float shown without a trailing .0 (9.0 → 9, 1.30 → 1.3)."""
    if _missing(value):
        return ""
    return f"{float(value):.10g}"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("luoshi", "templates"),
        autoescape=True,
        finalize=text_html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = safe_url
    env.filters["json_script"] = json_script
    env.filters["filesize"] = filesize
    env.filters["number"] = number
    env.globals["EMPTY_TEXT"] = EMPTY_TEXT
    return env


def compile_templates() -> None:
    """Every template compiled into environment()'s cache (forked workers inherit it)."""
    env = environment()
    for name in env.list_templates():
        env.get_template(name)


def front_matter(title: str, **meta: Any) -> str:
    """YAML front matter; the title is HTML-escaped because the theme prints it raw.

    Every value is a JSON string in ASCII (YAML reads JSON's \\u escapes): no
    character of the data, whatever YAML counts as a line break, can end a value
    early and let the rest of a title be read as Markdown."""
    lines = [f"title: {json.dumps(str(escape(one_line(title))), ensure_ascii=True)}"]
    lines += [f"{key}: {json.dumps(_cleaned(v), ensure_ascii=True)}" for key, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def compact(html: str) -> str:
    """Drop indentation and blank lines: the page stays one raw HTML block."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def markdown_page(
    path: str, template: str, title: str, *, index: bool = True, feed: str = "", **ctx: Any
) -> Page:
    """Render `template` into a Markdown page at `path` holding a single HTML block.

    `index` marks the page for Pagefind (data-pagefind-body is added by the theme);
    `feed` (a site-relative path) is the Atom feed the theme links in the page's head.
    """
    # A pickle of the context is exact (a float stays that float) and fast; equal
    # contexts pickle alike when built alike, and a spurious difference only costs
    # a render.
    key = hashlib.sha256(pickle.dumps((template, title, index, feed, ctx), protocol=5)).hexdigest()

    def make() -> str:
        root = urls.root_prefix(urls.page_url(path))
        html = environment().get_template(template).render(root=root, title=title, **ctx)
        meta: dict[str, Any] = {"pagefind": True} if index else {}
        if feed:
            meta["feed"] = feed
        return front_matter(title, **meta) + wrap_body(compact(html)) + "\n"

    return Page(path, key, make)


# The engine copies an HTML comment to its output as it stands, without parsing what
# is in it; unwrap_body then takes the markers away again.
BODY_START = "<!--luoshi-body\n"
BODY_END = "\nluoshi-body-->"
# What could end a comment early, in any HTML parser's reading (Python's accepts
# "-- >"; the HTML standard "--!>"); data text cannot hold it (its ">" is escaped),
# but a template could.
_COMMENT_END = re.compile(r"--!?\s*>")


def wrap_body(html: str) -> str:
    """`html` inside the comment the build unwraps; as it is if the comment would end
    early (the engine then parses it, which costs time but changes nothing)."""
    if _COMMENT_END.search(html):
        return html
    return BODY_START + html + BODY_END


def unwrap_body(page: str) -> str:
    """The engine's output `page` with the comment around its body taken away."""
    start = page.find(BODY_START)
    if start < 0:
        return page
    end = page.find(BODY_END, start)
    if end < 0:
        raise ValueError("a page body's comment is not closed")
    return page[:start] + page[start + len(BODY_START) : end] + page[end + len(BODY_END) :]
