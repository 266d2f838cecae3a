"""Index the built site for search with Pagefind, over search copies of its pages.

A search copy holds only what search needs, in the words of luoshi.searchtext (text
folded to simplified, half-width forms; Chinese as overlapping character bigrams;
numbers as whole words), so Pagefind's standard binary indexes it without a
dictionary, and search.js builds a query from the same words. The items of a copy (a
task with its units and their roles, a section heading, a unit's names) stand in one
paragraph, each after an empty anchor: Pagefind keeps the words once, in the page's
content, and the anchors' word positions cut it into items again in the browser,
which checks phrases and the distance between words itself. Every copy carries what
a result shows: the page's link, kind, title, district and year.

A copy of a report or of a district's units also holds a word for its district and one
for its year, before its first item (so in no item): search.js adds them to a query
that names a place or a year beside other words (莲都 养老, 2023年 托育), knowing the
places' names and words from search/places.json. (Pagefind's own filters would do,
but it writes them in a different order on every run: the bytes would change.)

A report is split into copies of at most PIECE words, so a query fetches the data of
a few dozen tasks, not of a whole report. A jurisdiction or indicator page is one copy
holding only its names. The units of one district are one copy, an item per unit
whose anchor is the unit page's address, at most UNITS_PER_COPY to a copy: 8,000 unit
pages would otherwise be 8,000 entries of Pagefind's page list, which every query
downloads whole.
"""

from __future__ import annotations

import html as htmlmod
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from luoshi import urls
from luoshi.searchpage import (
    END,
    NAMED,
    START,
    Page,
    indexed_part,
    read_page,
    without_level,
)
from luoshi.searchtext import BREAK, ITEM_PREFIX, fold, item_number_words, words

__all__ = ["END", "START", "indexed_part", "copies", "stage_index_copies"]
PIECE = 1200  # words of a report copy; about 25 tasks
GROUPS = f"{urls.UNITS}/_search"  # the copies of the units of each district
# Units a copy holds. Pagefind ranks a page holding every word of a query, in any of its
# units: the fewer units a copy holds, the fewer copies rank first whose words stand in
# different units (生态环境局 and 营商办 for 营商环境), which search.js then drops.
UNITS_PER_COPY = 8
_WEIGHTS = {"task": 2, "units": 10}  # as Pagefind weighs an <h6>; a name as the <h1> below
_FACTS = {"行政区划": "district", "年度": "year"}
PLACES = "search/places.json"  # the places search.js knows, with their names
_DOC = (
    '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"></head><body>\n{}</body></html>\n'
)


def copies(page: Page, url: str) -> list[str]:
    """The search copies of one page, as HTML."""
    head = _head(url, page.kind, page.title, page.facts)
    if page.kind in NAMED:  # found by its names, never filtered by a place
        head += _meta("names", "|".join(fold(name) for name in page.names))
        body = f'<h1 data-pagefind-weight="10">{_words(page.names)}</h1>'
        return [_DOC.format(f"{head}<main data-pagefind-body>{body}</main>\n")]
    scope = scope_words(page.facts)
    pieces: list[list[str]] = [[]]
    size = 0
    for item in page.items:
        text = _item(item.anchor or "_", item.texts, item.number)
        if size and size + text.count(" ") > PIECE and page.kind == "task":
            pieces.append([])
            size = 0
        pieces[-1].append(text)
        size += text.count(" ")
    return [_DOC.format(head + _body(piece, "task", scope)) for piece in pieces]


def unit_copy(units: list[tuple[str, Page]]) -> str:
    """One copy for units of one district: `units` are (url, page), in url order."""
    district = units[0][1].facts.get("行政区划", "")
    head = _head("/" + urls.listing(urls.UNITS), "units", district, units[0][1].facts)
    items = [_item(url, page.names) for url, page in units]
    return _DOC.format(head + _body(items, "units", scope_words(units[0][1].facts)))


def _head(url: str, kind: str, title: str, facts: dict[str, str]) -> str:
    meta = {"url": url, "kind": kind, "title": title}
    meta |= {key: facts[fact] for fact, key in _FACTS.items() if facts.get(fact)}
    return "".join(_meta(key, value) for key, value in meta.items())


def scope_words(facts: dict[str, str]) -> list[str]:
    """The words of a copy's district and year (see the module's doc)."""
    district, year = facts.get("行政区划", ""), facts.get("年度", "").strip()
    found = [district_word(district)] if district.strip() else []
    return found + ([f"zy{year}z"] if year.isascii() and year.isdigit() else [])


def district_word(text: str) -> str:
    """zd, each character's code point in six hex digits, z: a word of letters and
    digits alone, which Pagefind keeps whole, and never the start of another (a word
    also matches the words it begins)."""
    return "zd" + "".join(f"{ord(char):06x}" for char in " ".join(text.split())) + "z"


def places(jurisdictions: list[dict]) -> bytes:
    """search/places.json: each jurisdiction's short name (as a page shows it), the
    word its documents' copies hold (district_word) and the names a reader may type
    for it (莲都区, 丽水市莲都区, 莲都). Rows as in jurisdictions.csv, in the order given."""
    from luoshi.render import one_line  # render loads Jinja2 and pandas: only here

    listed = []
    for row in jurisdictions:
        short = one_line(row["short_name"])
        names = [fold(short), fold(one_line(row["name"])), without_level(fold(short))]
        unique = list(dict.fromkeys(name for name in names if name))
        listed.append({"value": short, "word": district_word(short), "names": unique})
    data = {"places": listed}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode()


def _meta(key: str, value: str) -> str:
    return f'<p data-pagefind-meta="{key}" hidden>{_esc(value)}</p>'


def _body(items: list[str], kind: str, scope: list[str]) -> str:
    # The scope words stand before the first item's anchor, so in no item. BREAK closes
    # the paragraph: Pagefind adds "." to the last word of a block.
    words = "".join(f"{word} " for word in scope)
    paragraph = f'<p data-pagefind-weight="{_WEIGHTS[kind]}">{words}{"".join(items)}{BREAK}</p>'
    return f"<main data-pagefind-body>{paragraph}</main>\n"


def _item(anchor: str, texts: list[str], number: str = "") -> str:
    """An item after its anchor: a task's own number first (search.js shows it as 第N项
    and matches it only against 第N项 in a query), then its texts."""
    own = item_number_words(number) if number else []
    if own and not own[0].startswith(ITEM_PREFIX):  # (1), 一: text, set apart as before
        own.append(BREAK)
    own_words = "".join(f"{_esc(word)} " for word in own)
    return f'<a id="{_esc(anchor)}"></a>{own_words}{_words(texts)} '


def _words(texts: list[str]) -> str:
    return _esc(f" {BREAK} ".join(" ".join(words(text)) for text in texts))


def _esc(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def copy_paths(page_path: str, count: int) -> list[str]:
    """reports/x/index.html, reports/x/index.2.html, …"""
    stem = page_path.removesuffix(".html")
    return [page_path] + [f"{stem}.{k}.html" for k in range(2, count + 1)]


def stale_copies(stage: Path, page_paths: set[str]) -> set[str]:
    """Every copy in `stage` of the pages at `page_paths` (to drop when a page changed),
    and every district's unit copy (stage_index_copies writes them all again)."""
    found = {f"{GROUPS}/{p.name}" for p in (stage / GROUPS).glob("*.html")}
    for page_path in page_paths:
        stem = page_path.removesuffix(".html")
        folder = (stage / page_path).parent
        found |= {page_path} | {
            f"{stem}.{p.name.split('.')[-2]}.html" for p in folder.glob(Path(stem).name + ".*.html")
        }
    return found


def stage_index_copies(site: Path, stage: Path, only: set[str] | None = None) -> int:
    """Write the search copies of every indexed page (of those at the paths `only`,
    if given; the unit copies always, from every unit page) to `stage`; returns how
    many pages."""
    count = 0
    units: dict[str, list[tuple[str, Page]]] = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        unit = urls.kind_folder(relative) == urls.UNITS
        if only is not None and relative not in only and not unit:
            continue
        page = read_page(path.read_text(encoding="utf-8"), relative)
        if page is None:
            continue
        url = urls.url_of_output(relative)
        if unit:
            units.setdefault(page.facts.get("行政区划", ""), []).append((url, page))
            continue
        texts = copies(page, url)
        for target, text in zip(copy_paths(relative, len(texts)), texts, strict=True):
            _write(stage / target, text)
        count += 1
    for district in units.values():
        for start in range(0, len(district), UNITS_PER_COPY):
            members = district[start : start + UNITS_PER_COPY]
            name = members[0][0].strip("/").split("/")[-1]  # a unit's: unique across parts
            _write(stage / GROUPS / f"{name}.html", unit_copy(members))
            count += len(members)
    return count


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class Indexing:
    """A Pagefind run in the background: the caller assembles the site meanwhile.

    Where an index is `published` (a rebuild, whose files place_index mostly links
    from there), Pagefind writes its output (thousands of small files, from several
    threads) to a folder in memory if one has room (see memory_folder): on a disk
    where a build has just deleted thousands of files, creating them contended with
    that and with the assembly's links (Pagefind took 21-22 s alone on the province's
    copies, 26-29 s beside the rest of a rebuild writing to disk). Otherwise (a first
    build, whose every file would be copied from memory) into `work`."""

    def __init__(self, stage: Path, work: Path, env: dict[str, str], published: Path) -> None:
        from luoshi.guard import tree_size
        from pagefind_bin import get_executable  # the standard binary; see the module doc

        self.memory = memory_folder(tree_size(stage)[1]) if published.is_dir() else None
        self.output = (self.memory or work) / "pagefind"
        command = [str(get_executable()), "--site", str(stage)]
        command += ["--output-path", str(self.output), "--silent"]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def wait(self) -> None:
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"pagefind exited {self.process.returncode}:\n{output}")

    def stop(self) -> None:
        """End the run if it is still going (the build failed meanwhile), and remove
        the folder in memory."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        if self.memory is not None:
            shutil.rmtree(self.memory, ignore_errors=True)


MEMORY = Path("/dev/shm")  # Linux's shared memory: a tmpfs on every distribution
_MEMORY_PREFIX = "luoshi-pagefind-"


def memory_folder(stage_bytes: int, root: Path = MEMORY) -> Path | None:
    """A new folder in `root` for Pagefind's output, if `root` has room for three times
    the copies' bytes (its output is about 0.7 times); None otherwise (no such folder,
    a small one as in containers, not writable). Folders that builds killed before
    removing theirs left there are removed first: their names carry the build's pid."""
    try:
        for left in root.glob(f"{_MEMORY_PREFIX}*"):
            pid = left.name.removeprefix(_MEMORY_PREFIX).split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(left, ignore_errors=True)
        usage = shutil.disk_usage(root)
        if usage.free < 3 * stage_bytes or not os.access(root, os.W_OK):
            return None
        return Path(tempfile.mkdtemp(prefix=f"{_MEMORY_PREFIX}{os.getpid()}-", dir=root))
    except OSError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
