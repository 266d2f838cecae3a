"""Index the built site for search with Pagefind, over search copies of its pages.

A search copy holds only what search needs, in the words of luoshi.searchtext (text
folded to simplified, half-width forms; Chinese as overlapping character bigrams;
numbers as whole words), so Pagefind's standard binary indexes it without a
dictionary, and search.js builds a query from the same words. Each item (a task with
its units and their roles, a section heading) is a heading whose text is the whole
item, so the browser gets each item's words with its anchor and checks phrases and
the distance between words itself. Every copy carries what a result shows: the page's
link, kind, title, district and year, and the names it is found by.

A report is split into copies of at most PIECE words, so a query fetches the excerpt
data of a few dozen tasks, not of a whole report (a report page's data alone was
20-55 KB). A unit, jurisdiction or indicator page is one copy holding only its names.
"""

from __future__ import annotations

import html as htmlmod
import subprocess
from pathlib import Path

from luoshi import urls
from luoshi.searchpage import END, NAMED, START, Item, Page, indexed_part, read_page
from luoshi.searchtext import BREAK, fold, words

__all__ = ["END", "START", "indexed_part", "copies", "stage_index_copies"]
PIECE = 1200  # words of a report copy; about 25 tasks
_FACTS = {"行政区划": "district", "年度": "year"}
_DOC = (
    '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"></head><body>\n{}</body></html>\n'
)


def copies(page: Page, url: str) -> list[str]:
    """The search copies of one page, as HTML."""
    meta = {"url": url, "kind": page.kind, "title": page.title}
    meta |= {key: page.facts[fact] for fact, key in _FACTS.items() if page.facts.get(fact)}
    meta["names"] = "|".join(fold(name) for name in page.names)
    head = "".join(f'<p data-pagefind-meta="{k}" hidden>{_esc(v)}</p>' for k, v in meta.items())
    if page.kind in NAMED:
        body = f'<h1 data-pagefind-weight="10">{_words(page.names)}</h1>'
        return [_DOC.format(f"{head}<main data-pagefind-body>{body}</main>\n")]
    pieces: list[list[str]] = [[]]
    size = 0
    for item in page.items:
        text = _item(item)
        if size and size + text.count(" ") > PIECE and page.kind == "task":
            pieces.append([])
            size = 0
        pieces[-1].append(text)
        size += text.count(" ")
    return [_DOC.format(f"{head}<main data-pagefind-body>{''.join(p)}</main>\n") for p in pieces]


def _item(item: Item) -> str:
    return f'<h6 id="{_esc(item.anchor or "_")}">{_words(item.texts)}</h6>\n'


def _words(texts: list[str]) -> str:
    return _esc(f" {BREAK} ".join(" ".join(words(text)) for text in texts))


def _esc(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def copy_paths(page_path: str, count: int) -> list[str]:
    """reports/x/index.html, reports/x/index.2.html, …"""
    stem = page_path.removesuffix(".html")
    return [page_path] + [f"{stem}.{k}.html" for k in range(2, count + 1)]


def stale_copies(stage: Path, page_paths: set[str]) -> set[str]:
    """Every copy in `stage` of the pages at `page_paths` (to drop when a page changed)."""
    found = set()
    for page_path in page_paths:
        stem = page_path.removesuffix(".html")
        folder = (stage / page_path).parent
        found |= {page_path} | {
            f"{stem}.{p.name.split('.')[-2]}.html" for p in folder.glob(Path(stem).name + ".*.html")
        }
    return found


def stage_index_copies(site: Path, stage: Path, only: set[str] | None = None) -> int:
    """Write the search copies of every indexed page (of those at the paths `only`,
    if given) to `stage`; returns how many pages."""
    count = 0
    folders: set[Path] = set()
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if only is not None and relative not in only:
            continue
        page = read_page(path.read_text(encoding="utf-8"), relative)
        if page is None:
            continue
        url = urls.url_of_output(relative)
        texts = copies(page, url)
        for target, text in zip(copy_paths(relative, len(texts)), texts, strict=True):
            if (stage / target).parent not in folders:
                (stage / target).parent.mkdir(parents=True, exist_ok=True)
                folders.add((stage / target).parent)
            (stage / target).write_text(text, encoding="utf-8")
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
