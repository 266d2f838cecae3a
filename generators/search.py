"""Index the built site for search with Pagefind, one token per Chinese character.

A dictionary segmenter cannot be trusted on both sides: the browser splits a
query with Intl.Segmenter, whose dictionary differs from browser to browser (营商
becomes 营 + 商 in one and stays whole in another), and a query piece that is not
the start of an indexed word finds nothing. So the index is built from a copy of
each indexed page in which every Han character is separated by a space from its
neighbours (Han or not: 增长6.5%以上 → 增 长 6.5% 以 上): every character is its
own token, and search.js turns a query into the same characters, searched as an
exact phrase (consecutive positions), which is a substring search that does not
depend on any dictionary. search.js removes the spaces again from the excerpts it
shows. Only the indexed part of each page (between the markers written by
overrides/main.html) is copied, so the copy stays small.

Since the copies are already split, Pagefind's standard binary indexes them: the
extended one only adds its own Chinese segmentation, which has nothing left to
split, and costs a fifth more time.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

START, END = "<!--pagefind-body-->", "<!--/pagefind-body-->"
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# A Han character before, and after, a neighbour that is not already a space.
_HAN_THEN_CHAR = re.compile(f"({_HAN})(?=\\S)")
_CHAR_THEN_HAN = re.compile(f"(?<=\\S)({_HAN})")
_TEXT = re.compile(r">([^<]+)<")
# A tag keeps only what Pagefind reads: `id` (sub-result anchors) and data-pagefind-*.
# Classes, links and titles cost Pagefind a quarter of its time and add nothing.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?>")
_KEPT_ATTRIBUTE = re.compile(r'\s(?:id|data-pagefind-[\w-]+)(?:="[^"]*")?')
# What the templates mark data-pagefind-ignore is indexed on a page of its own: a
# task's units on the unit pages (not again on the report page), a unit's tasks on
# the report pages, an indicator's rows on its indicator page. Each fact is found
# once, and a character's postings stay short. Such an element (a <div> around one
# table, a <p>, an <ol>) holds no element of its own tag, so it ends at the first
# closing tag of its name. Leaving it out of the copy spares Pagefind reading it;
# anything a template got wrong is still ignored by Pagefind itself.
_IGNORED = re.compile(r"<(div|p|ol)\b[^>]*\sdata-pagefind-ignore[^>]*>.*?</\1>", re.S)
_PAGE = (
    '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"></head><body>{}</body></html>\n'
)


def spaced(html: str) -> str:
    """Separate every Han character from its neighbours in the text between tags
    (attributes untouched)."""
    return _TEXT.sub(lambda m: f">{_split_han(m.group(1))}<", html)


def _split_han(text: str) -> str:
    return _CHAR_THEN_HAN.sub(r" \1", _HAN_THEN_CHAR.sub(r"\1 ", text))


def slim(html: str) -> str:
    """Drop every attribute Pagefind does not read."""
    return _TAG.sub(lambda m: f"<{m[1]}{''.join(_KEPT_ATTRIBUTE.findall(m[2] or ''))}>", html)


def indexed_part(html: str) -> str | None:
    start = html.find(START)
    end = html.find(END, start)
    if start < 0 or end < 0:
        return None
    return _IGNORED.sub("", html[start + len(START) : end])


def stage_index_copies(site: Path, stage: Path, only: set[str] | None = None) -> int:
    """Write the spaced copy of every indexed page (of those at the paths `only`, if
    given) to `stage` at the same path."""
    count = 0
    for path in sorted(site.rglob("*.html")):
        if only is not None and path.relative_to(site).as_posix() not in only:
            continue
        part = indexed_part(path.read_text(encoding="utf-8"))
        if part is None:
            continue
        target = stage / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_PAGE.format(spaced(slim(part))), encoding="utf-8")
        count += 1
    return count


class Indexing:
    """A Pagefind run in the background: the caller assembles the site meanwhile."""

    def __init__(self, stage: Path, output: Path, env: dict[str, str]) -> None:
        from pagefind_bin import get_executable  # the standard binary; see the module doc

        command = [str(get_executable()), "--site", str(stage)]
        command += ["--output-path", str(output), "--silent"]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def wait(self) -> None:
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"pagefind exited {self.process.returncode}:\n{output}")

    def stop(self) -> None:
        """End the run if it is still going (the build failed meanwhile)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


# Pagefind names the files in these folders, and its .pf_meta, by a hash of their bytes:
# browsers and CDNs cache them by that name, so a name stands for its bytes.
_HASHED_FOLDERS = ("fragment/", "index/", "filter/")


def place_index(output: Path, published: Path, dest: Path) -> int:
    """Move Pagefind's `output` to `dest`, linking the published file wherever the
    published index has the same one (see trees.place_tree); returns how many. What
    is left in `output` is the caller's to remove."""
    from luoshi.trees import place_tree

    return place_tree(output, published, dest, _hash_named)


def _hash_named(relative: str) -> bool:
    return relative.startswith(_HASHED_FOLDERS) or relative.endswith(".pf_meta")
