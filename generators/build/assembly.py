"""The site from its parts: the parts' files linked together, one search index, a
sitemap; made in a temporary sibling of `out` and swapped into place, under a lock."""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from luoshi.build.base import MANIFEST, SITEMAP, BuildFailed, Progress, Setup, check
from luoshi.build.part import build_env
from luoshi.build.pools import beside
from luoshi.parts import Part
from luoshi.trees import Stage, TreeConflict, discard, keep_file, keep_unchanged, link_tree


@contextmanager
def locked(out: Path, cache: Path | None) -> Iterator[None]:
    """Hold the output's lock (and the cache's): a second build into the same folder
    refuses at once. Then clean up what a killed build left there."""
    from luoshi import guard

    with writable(out.parent), ExitStack() as held:
        try:
            held.enter_context(guard.exclusive(guard.lock_path(out), out))
            if cache is not None:
                held.enter_context(guard.exclusive(cache / ".lock", cache))
        except guard.Busy as busy:
            raise BuildFailed(str(busy)) from None
        guard.clean_after_killed(out)
        if cache is not None:
            guard.clean_store(cache / "parts")
        yield


@contextmanager
def writable(folder: Path) -> Iterator[None]:
    """An OSError outside the phases (a folder that cannot be made or written, a full
    disk) as a named failure."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        where = f" ({error.filename})" if error.filename else ""
        raise BuildFailed(f"cannot write in {folder}{where}: {reason}") from error


def publish(out: Path, make: Callable[[Path], Path], log: Progress) -> None:
    """Make the site in a temporary sibling of `out` (`make(work)` returns its folder),
    then swap it into place; the temporary folder goes either way (at once on a
    failure, so nothing is left beside `out`)."""
    with writable(out.parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".site-{out.name}-", dir=out.parent))
    try:
        site_dir = make(work)
        with log.phase("swap"):
            swap(site_dir, out)
        log.say(f"site ready in {out}")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    discard(work, rename=False)  # what is left (Pagefind's repeated files): in the background


def found_parts(parts_dir: Path) -> dict[Part, Path]:
    from luoshi.guard import read_manifest
    from luoshi.parts import parse_spec

    found = {}
    for manifest in sorted(parts_dir.glob(f"*/{MANIFEST}")):
        spec = (read_manifest(manifest.parent, MANIFEST) or {}).get("part")
        try:
            part = parse_spec(str(spec))
        except ValueError as error:
            raise BuildFailed(f"{manifest}: not a part's manifest ({error})") from error
        if part in found:
            raise BuildFailed(f"part {spec} is in both {found[part]} and {manifest.parent}")
        found[part] = manifest.parent
    return found


def merge_parts(
    folders: dict[Part, Path],
    keys: dict[Part, str],
    work: Path,
    out: Path,
    setup: Setup,
    log: Progress,
    stage: Path | None = None,
    finish: Callable[[], None] = lambda: None,
) -> Path:
    """One site from the parts: their files, one search index, a sitemap; returns it.

    Pagefind indexes the searched parts' copies (gathered in `stage`, kept between
    builds, or a fresh folder) in its own process; meanwhile `finish()` waits for the
    other parts, and the site is assembled.
    """
    from luoshi.search import Indexing, place_index

    searched = {part: folder for part, folder in folders.items() if part.searched}
    others = {part: folder for part, folder in folders.items() if not part.searched}
    check_manifests(searched, keys)
    site_dir = work / "site"
    with log.phase("stage"):
        search = Stage(stage or work / "search")
        with conflicts("search copy"):
            search.sync({part.name: folder / "search" for part, folder in searched.items()})
        begin = time.monotonic()
        indexing = Indexing(search.folder, work, build_env(setup.epoch), out / "pagefind")
    try:
        with log.phase("assemble"):
            # The searched parts are linked on a thread while the others finish.
            with beside(assemble, list(searched.values()), site_dir, out) as linking:
                finish()
                check_manifests(others, keys)
                kept = linking()
            kept += assemble(list(others.values()), site_dir, out)
            kept += finish_site(site_dir, out, setup.epoch, setup.project)
        with log.phase("search"):
            indexing.wait()
            log.say(f"  pagefind done in {time.monotonic() - begin:.1f}s (beside assemble)")
            kept += place_index(indexing.output, out / "pagefind", site_dir / "pagefind")
    finally:
        indexing.stop()
    log.say(f"  {kept} files kept as published")
    return site_dir


def assemble(folders: list[Path], site: Path, out: Path) -> int:
    """Link the parts' files into `site`, keeping what is unchanged; returns how many
    files were kept.

    A part's own file is linked to the published one where their bytes are the same
    (see keep_unchanged), before it is linked into `site`: the cache then holds the
    published file, and the next build knows it unchanged by its inode alone."""
    kept = 0
    with conflicts("file"):
        for folder in folders:
            kept += keep_unchanged(folder / "site", out)
            link_tree(folder / "site", site)
    return kept


def finish_site(site: Path, out: Path, epoch: int, project: Path) -> int:
    """Add the sitemap over every page; returns how many of its files were kept."""
    names = write_sitemap(site, epoch, project)
    return sum(keep_file(site / name, out / name) for name in names)


@contextmanager
def conflicts(what: str) -> Iterator[None]:
    try:
        yield
    except TreeConflict as conflict:
        raise BuildFailed(f"two parts wrote the {what} {conflict}") from conflict


def check_manifests(folders: dict[Part, Path], keys: dict[Part, str]) -> None:
    """Every part is there, built from this package, code and engine."""
    from luoshi.guard import read_manifest

    problems = []
    for part, folder in folders.items():
        found = read_manifest(folder, MANIFEST)
        if found is None:
            problems.append(f"part {part.spec}: no readable {MANIFEST} in {folder}")
            continue
        if found.get("key") != keys[part]:
            problems.append(
                f"part {part.spec} in {folder} was built from other data or code "
                f"(key {found.get('key')}, expected {keys[part]}); build it again"
            )
    check(problems)


def write_sitemap(site: Path, epoch: int, project: Path) -> list[str]:
    """The sitemap over every page (each part's engine run saw only its own); returns
    the names of its files.

    sitemap.xml is an index of one sitemap per kind of page (sitemap-reports.xml, …;
    at most SITEMAP_URLS addresses each, as the protocol allows): the theme fetches
    sitemap.xml on every page load, once for each feed a page links, so on a site of
    9,000 pages one file of every address cost each reader's first page a megabyte.
    A sitemap needs absolute URLs: without a site_url in mkdocs.yml it lists none, as
    mkdocs' own does."""
    match = re.search(
        r"^site_url:\s*[\"']?([^\s\"'#]+)",
        (project / "mkdocs.yml").read_text(encoding="utf-8"),
        re.M,
    )
    base = match[1].rstrip("/") + "/" if match else ""
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    files = {name: [] for name in SITEMAP} if not base else _sitemaps(site, base, day)
    for name, entries in files.items():
        tag = "sitemapindex" if name in SITEMAP else "urlset"
        data = _sitemap_xml(tag, entries)
        (site / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    return sorted(files)


SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file


def _sitemaps(site: Path, base: str, day: str) -> dict[str, list[str]]:
    """The index (sitemap.xml and its .gz) and one sitemap per kind of page."""
    kinds: dict[str, list[str]] = {}
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")):
        if not path.startswith(("pagefind/", "assets/")):
            kind = path.split("/")[0] if path.count("/") > 1 else "pages"
            kinds.setdefault(kind, []).append(base + path.removesuffix("index.html"))
    files: dict[str, list[str]] = {}
    for kind, urls in sorted(kinds.items()):
        for start in range(0, len(urls), SITEMAP_URLS):
            name = f"sitemap-{kind}" + (f"-{start // SITEMAP_URLS + 1}" if start else "") + ".xml"
            files[name] = [
                f"<url><loc>{escape(url)}</loc><lastmod>{day}</lastmod></url>"
                for url in urls[start : start + SITEMAP_URLS]
            ]
    index = [
        f"<sitemap><loc>{escape(base + name)}</loc><lastmod>{day}</lastmod></sitemap>"
        for name in files
    ]
    return {name: index for name in SITEMAP} | files


def _sitemap_xml(tag: str, entries: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines += entries
    lines.append(f"</{tag}>\n")
    return "\n".join(lines).encode("utf-8")


def swap(new: Path, out: Path) -> None:
    """Put `new` in place of `out` with two renames; the old site is deleted last, in
    the background."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / out.name)
    try:
        new.rename(out)
    except OSError:
        if old is not None:
            (old / out.name).rename(out)
            old.rmdir()
        raise
    if old is not None:
        discard(old, rename=False)


def prune(store: Path, folders: dict[Part, Path]) -> None:
    """Keep only the parts this build used (one key per part name)."""
    used = set(folders.values())
    for name_dir in store.iterdir() if store.is_dir() else []:
        if name_dir.name.startswith("."):
            continue
        if not any(folder in used for folder in name_dir.iterdir()):
            discard(name_dir)  # a part of another part count
            continue
        for folder in name_dir.iterdir():
            if folder not in used and not folder.name.startswith("."):
                discard(folder)
