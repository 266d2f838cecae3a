"""Build the site: a short, ordered list of phases.

    load → plan (validate beside them) → parts → stage → search (beside the
    downloads part and assemble) → swap

The site is split into parts (luoshi.parts): one per group of jurisdictions, one
global part and one downloads part. Each part renders its pages with Jinja2,
builds them with mkdocs and makes its search copies, on its own: parts run in
parallel processes here, or as separate jobs of a CI matrix (`luoshi
build-part`, then `luoshi merge`). A part is cached under its key, so a rebuild
redoes only the parts whose rows changed, and inside them only the pages whose
key changed. One Pagefind run then indexes every searched part's copies: the
site has one search.

The finished site is assembled in a temporary sibling of `out` from hard links
(a cached part's files keep their bytes and modification times; a rebuilt file
whose bytes did not change is linked to the published one), and only when every
phase has succeeded does it replace `out`. A failure leaves `out` as it was.
"""

from __future__ import annotations

import calendar
import gzip
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from xml.sax.saxutils import escape

from luoshi import urls
from luoshi.parts import Part
from luoshi.trees import (
    Stage,
    TreeConflict,
    discard,
    files_below,
    keep_unchanged,
    link_files,
    link_tree,
)
from luoshi.urls import output_path

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile
    from luoshi.package import Package
    from luoshi.pages.model import Site
    from luoshi.render import Page

PROJECT = Path(__file__).resolve().parent.parent  # the repository (editable install)
MIN_EPOCH = 315532800  # 1980-01-01: the earliest time a zip entry can carry
ENGINES = ("mkdocs", "properdocs")
MANIFEST = "part.json"
# Nav entries of mkdocs.yml (the global part renders them, the downloads part the
# downloads page); every other part gives mkdocs a placeholder for each, so the nav
# links on its pages come out the same.
NAV_PAGES = urls.NAV_PAGES
SITEMAP = ("sitemap.xml", "sitemap.xml.gz")
Planned = TypeVar("Planned")


class BuildFailed(Exception):
    """The build stopped; the message says why (for a broken package: every error)."""


@dataclass
class Progress:
    """Phase names, counts and timings on stderr."""

    enabled: bool = True
    started: float = field(default_factory=time.monotonic)

    def say(self, message: str) -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.say(f"{name} …")
        begin = time.monotonic()
        try:
            yield
        except BuildFailed:
            raise
        except Exception as error:  # any failure names its phase, once, at this edge
            raise BuildFailed(f"{name} failed: {type(error).__name__}: {error}") from error
        self.say(f"{name} done in {time.monotonic() - begin:.1f}s")


@dataclass(frozen=True)
class Setup:
    """What every part of one build shares; small, so it crosses process boundaries."""

    epoch: int
    build_date: str
    code: str  # luoshi.parts.code_digest
    engine: str = "mkdocs"
    project: Path = PROJECT
    downloads_cache: Path | None = None


def build_site(
    datapackage: Path,
    out: Path,
    *,
    jobs: int = 0,
    parts: int = 0,
    cache: Path | None = None,
    use_cache: bool = True,
    progress: bool = True,
    engine: str = "mkdocs",
    project: Path = PROJECT,
) -> None:
    """Validate the package at `datapackage` and build its site into `out`.

    `jobs`: parallel processes (0: one per core). `parts`: jurisdiction parts
    (0: by the number of jurisdictions). `cache`: where parts are kept between
    builds (default: `.luoshi-cache` beside `out`); `use_cache=False` builds
    every part afresh and keeps nothing. `engine`: "mkdocs" or "properdocs".
    """
    from luoshi import parts as partition

    check_engine(engine)
    log = Progress(progress)
    out = Path(out).resolve()
    cache = (Path(cache) if cache else out.parent / ".luoshi-cache").resolve()

    def plan(package: Package) -> tuple[Setup, dict[Part, str]]:
        setup = make_setup(package, engine, project, cache / "downloads" if use_cache else None)
        count = parts or partition.default_count(len(package["jurisdictions"]))
        log.say(f"  {count} jurisdiction parts + global + downloads, {len(package['tasks'])} tasks")
        return setup, part_keys(package, count, setup)

    package, (setup, keys) = validated_package(datapackage, log, plan)

    def make(work: Path) -> Path:
        store = cache / "parts" if use_cache else work / "parts"
        with building_parts(package, keys, store, setup, jobs, log) as (folders, finish):
            made.update(folders)
            stage = cache / "search" if use_cache else None
            return merge_parts(folders, keys, work, out, setup, log, stage, finish)

    made: dict[Part, Path] = {}
    with locked(out, cache if use_cache else None):
        publish(out, make, log)
        if use_cache:
            prune(cache / "parts", made)


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


def validated_package(
    datapackage: Path, log: Progress, plan: Callable[[Package], Planned]
) -> tuple[Package, Planned]:
    """The package and `plan(package)`, once validation has found nothing wrong.

    Loading and planning only read, so they run while a forked process validates;
    nothing is rendered before validation has passed. Its errors win over any
    failure of loading or planning, which invalid data can cause.
    """
    datapackage = Path(datapackage).resolve()
    check_closed_world(datapackage)
    checking = Validation(datapackage)
    try:
        with log.phase("load"):
            package = load_package(datapackage)
        with log.phase("plan"):
            planned = plan(package)
    except BaseException:
        checking.check(log)
        raise
    finally:
        checking.close()
    checking.check(log)
    return package, planned


def check_closed_world(datapackage: Path) -> None:
    """Before anything reads the package: its descriptor is sound and every path in it
    stays inside it. Otherwise the whole validation report, and nothing is read."""
    from luoshi.structure import check_descriptor
    from luoshi.validate import format_errors, read_descriptor, validate_package

    descriptor, errors = read_descriptor(datapackage)
    if not errors:
        errors, _ = check_descriptor(descriptor, datapackage)
    if errors:
        errors = validate_package(datapackage)
        raise BuildFailed(
            f"{len(errors)} error(s) in {datapackage}; the site was not built:\n"
            + format_errors(errors)
        )


def forking_pool(workers: int, nice: int = 0) -> ProcessPoolExecutor | None:
    """Processes forked from this one, so they inherit its memory (the package) without
    pickling; with `nice`, at a lower priority. They die with this process (see
    luoshi.guard). None where fork does not exist."""
    from luoshi.guard import die_with_parent

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(), nice)
    )


class Validation:
    """`luoshi.validate` of one package, in a forked process where fork exists."""

    def __init__(self, datapackage: Path) -> None:
        self.datapackage = datapackage
        self.pool = forking_pool(1)
        if self.pool is not None:
            self.future = self.pool.submit(_validate_timed, datapackage)

    def check(self, log: Progress) -> None:
        """Raise BuildFailed with every error found, if any."""
        try:
            found = self.future.result() if self.pool else _validate_timed(self.datapackage)
        except Exception as error:  # a failure of the validator itself, named once
            raise BuildFailed(f"validate failed: {type(error).__name__}: {error}") from error
        errors, seconds = found
        log.say(f"validate done in {seconds:.1f}s (beside load and plan)")
        if errors:
            from luoshi.validate import format_errors

            raise BuildFailed(
                f"{len(errors)} error(s) in {self.datapackage}; the site was not built:\n"
                + format_errors(errors)
            )

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)


def _validate_timed(datapackage: Path) -> tuple[list, float]:
    from luoshi.validate import validate_package

    begin = time.monotonic()
    errors = validate_package(datapackage, with_frictionless=False)
    return errors, time.monotonic() - begin


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


def build_one_part(
    datapackage: Path,
    spec: str,
    dest: Path,
    *,
    engine: str = "mkdocs",
    project: Path = PROJECT,
    progress: bool = True,
) -> None:
    """Build the part `spec` ("global" or "K/N") into `dest`, as one job of a CI matrix.

    The package is validated as `luoshi build` validates it (and `luoshi merge`
    validates it again before it publishes anything).
    """
    from luoshi import parts as partition

    check_engine(engine)
    log = Progress(progress)
    try:
        part = partition.parse_spec(spec)
    except ValueError as error:
        raise BuildFailed(str(error)) from error

    def plan(package: Package) -> tuple[Setup, str]:
        setup = make_setup(package, engine, project, None)
        return setup, part_keys(package, part.count, setup, only=part)[part]

    package, (setup, key) = validated_package(datapackage, log, plan)
    dest = Path(dest).resolve()
    with locked(dest, None), log.phase("parts"):
        report_part(log, build_part(package, part, dest, key, setup))


def merge_site(
    datapackage: Path,
    parts_dir: Path,
    out: Path,
    *,
    engine: str = "mkdocs",
    project: Path = PROJECT,
    progress: bool = True,
) -> None:
    """Validate the package, check that `parts_dir` holds every part built from it
    (one folder per part, as written by `build_one_part`), index and publish."""

    check_engine(engine)
    log = Progress(progress)
    out = Path(out).resolve()
    found = found_parts(Path(parts_dir))

    def plan(package: Package) -> tuple[Setup, dict[Part, str]]:
        counts = {part.count for part in found if part.index > 0}
        if len(counts) != 1:
            found_counts = sorted(counts)
            raise BuildFailed(f"{parts_dir}: parts of one count N needed, found {found_counts}")
        setup = make_setup(package, engine, project, None)
        return setup, part_keys(package, counts.pop(), setup)

    _, (setup, keys) = validated_package(datapackage, log, plan)
    missing = [part.spec for part in keys if part not in found]
    check([f"part {spec} is missing from {parts_dir}" for spec in missing])
    with locked(out, None):
        publish(out, lambda work: merge_parts(found, keys, work, out, setup, log), log)


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


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise BuildFailed(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def load_package(datapackage: Path) -> Package:
    from luoshi.package import load

    return load(datapackage)


def make_setup(package: Package, engine: str, project: Path, downloads_cache: Path | None) -> Setup:
    from luoshi.parts import code_digest

    epoch, build_date = source_date(package)
    return Setup(epoch, build_date, code_digest(project), engine, project, downloads_cache)


def source_date(package: Package) -> tuple[int, str]:
    """The epoch for every timestamp in the output, and the build date to print.

    SOURCE_DATE_EPOCH wins; without it the date of the newest report is used, so
    the same data still builds the same bytes (and no build date is printed).
    """
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch = int(env)
        except ValueError as error:
            raise BuildFailed(f"SOURCE_DATE_EPOCH is not an integer: {env!r}") from error
        return max(epoch, MIN_EPOCH), time.strftime("%Y-%m-%d", time.gmtime(epoch))
    from luoshi.package import latest_report_date

    latest = latest_report_date(package)
    if not latest:
        return MIN_EPOCH, ""
    return max(calendar.timegm(time.strptime(latest, "%Y-%m-%d")), MIN_EPOCH), ""


# -- keys and parts --------------------------------------------------------------------


def part_keys(
    package: Package, count: int, setup: Setup, only: Part | None = None
) -> dict[Part, str]:
    """Each part's key: a hash of everything its files are made from."""
    import hashlib

    from luoshi import parts as partition

    parts = [only] if only else partition.all_parts(count)
    if any(part.index > 0 for part in parts):
        digests = partition.part_digests(package, count)
    if any(part.index <= 0 for part in parts):  # the global and downloads parts read it all
        whole = partition.inputs_digest(package, whole=True)
    keys = {}
    for part in parts:
        if part.index <= 0:
            rows = whole
            dated = f"{setup.epoch}|{setup.build_date}"
        else:
            rows = digests[part.index]
            dated = ""  # a jurisdiction part's files never carry the build's time
        text = f"{part.spec}|{setup.code}|{setup.engine}|{rows}|{dated}"
        keys[part] = hashlib.sha256(text.encode()).hexdigest()[:20]
    return keys


_FORKED: dict[str, Package] = {}  # the package, inherited by forked workers unpickled


@contextmanager
def building_parts(
    package: Package,
    keys: dict[Part, str],
    store: Path,
    setup: Setup,
    jobs: int,
    log: Progress,
) -> Iterator[tuple[dict[Part, Path], Callable[[], None]]]:
    """Every part's folder (from the store when its key is there, else built now) and
    a function that waits for the parts outside the search index: the body runs once
    the searched parts are done, so the search index is made while the downloads
    part still builds."""
    from luoshi.guard import intact

    folders = {part: store / part.name / key for part, key in keys.items()}
    todo = [part for part, folder in folders.items() if not intact(folder, MANIFEST, keys[part])]
    todo.sort(key=lambda part: not part.searched)  # what the search index waits for first
    log.say(f"  {len(keys) - len(todo)} parts reused, {len(todo)} to build")
    jobs_args = [(part, folders[part], keys[part], setup, earlier(folders[part])) for part in todo]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    _FORKED["package"] = package  # before the pool forks its workers
    pool = forking_pool(workers) if workers > 1 else None
    if pool is None:
        _FORKED.clear()
        with log.phase("parts"):
            for args in jobs_args:
                report_part(log, build_part(package, *args))
        yield folders, lambda: None
        return
    try:
        futures = [(args[0], pool.submit(_build_forked, *args)) for args in jobs_args]
        with log.phase("parts"):
            for part, future in futures:
                if part.searched:
                    report_part(log, future.result())

        def finish() -> None:
            for part, future in futures:
                if not part.searched:
                    report_part(log, future.result())

        yield folders, finish
    finally:
        pool.shutdown(cancel_futures=True)
        _FORKED.clear()


def earlier(folder: Path) -> Path | None:
    """The part's folder from an earlier build (other data), if the store has one."""
    from luoshi.guard import intact

    found = sorted(
        m.parent
        for m in folder.parent.glob(f"*/{MANIFEST}")
        if m.parent != folder and not m.parent.name.startswith(".")  # not one being deleted
    )
    whole = [earlier for earlier in found if intact(earlier, MANIFEST)]
    return whole[-1] if whole else None


def _build_forked(part: Part, dest: Path, key: str, setup: Setup, previous: Path | None) -> dict:
    if not part.searched:  # it runs beside Pagefind, whose time is the build's: yield to it
        os.nice(10)
    return build_part(_FORKED["package"], part, dest, key, setup, previous)


def report_part(log: Progress, manifest: dict) -> None:
    timings = " ".join(f"{k} {v:.1f}s" for k, v in manifest["seconds"].items())
    log.say(f"  {manifest['part']}: {manifest['pages']} pages ({timings})")


def build_part(
    package: Package,
    part: Part,
    dest: Path,
    key: str,
    setup: Setup,
    previous: Path | None = None,
) -> dict:
    """Render, build and stage the search copies of one part into `dest`; returns its
    manifest. Written beside `dest` and renamed into place when complete.

    With `previous` (the same part from an earlier build by the same code and
    engine), a page whose key (template and context) is unchanged is not rendered,
    and only the docs files that changed go through the engine: a page's HTML
    depends on its own Markdown and the configuration alone, so the others' output
    is linked from there.
    """
    from luoshi import parts as partition
    from luoshi.guard import tree_size
    from luoshi.pages.model import Site

    members = partition.members(package["jurisdictions"]["id"].tolist(), part)
    if part.index > 0:
        package = partition.subset(package, members)
    site = Site.from_package(package)
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        seconds = {}
        begin = time.monotonic()
        docs, html = temp / "docs", temp / "html"
        downloads = write_part_downloads(package, part, temp / "site" / "downloads", setup)
        seconds["downloads"] = time.monotonic() - begin
        begin = time.monotonic()
        before = reusable(previous, setup)  # {} unless an earlier build can be reused
        owned, keys = render_part(site, part, members, docs, downloads, setup, before)
        placeholders = outputs(write_placeholders(docs))  # nav pages of other parts
        digests = file_digests(docs, skip=keys) | keys
        seconds["render"] = time.monotonic() - begin
        begin = time.monotonic()
        fresh = {rel for rel, digest in digests.items() if before.get(rel) != digest}
        take = outputs(fresh) if before else None  # None: all the engine writes
        gone = outputs(set(before) - (set(digests) - fresh))
        if part.index <= 0 or members:  # a jurisdiction part may have no jurisdiction yet
            if before:
                drop_docs(docs, set(digests) - fresh)
            if fresh:
                run_engine(setup, temp, docs, html)
            everything = part.index == 0
            keep_owned(html, owned, temp / "site", everything, only=take, exclude=placeholders)
            if before:
                carry_over(previous / "site", temp / "site", skip=gone, made=outputs(before))
            check_outputs(temp / "site", owned)
        seconds[setup.engine] = time.monotonic() - begin
        begin = time.monotonic()
        from luoshi.search import stage_index_copies, stale_copies

        stage_index_copies(temp / "site", temp / "search", only=take)
        if before:  # the reused pages' copies are the earlier build's
            stale = stale_copies(previous / "search", gone)
            carry_over(previous / "search", temp / "search", skip=stale)
        seconds["search copies"] = time.monotonic() - begin
        pages = sum(1 for _ in (temp / "site").rglob("*.html"))
        manifest = {"part": part.spec, "key": key, "pages": pages, "seconds": seconds}
        manifest |= {"code": setup.code, "engine": setup.engine, "docs": digests}
        manifest["rendered"] = sorted(path for path, key in keys.items() if before.get(path) != key)
        for scratch in (docs, html, temp / "overrides"):
            shutil.rmtree(scratch, ignore_errors=True)
        (temp / "mkdocs.yml").unlink(missing_ok=True)
        manifest["sizes"] = {sub: tree_size(temp / sub) for sub in ("site", "search")}
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        shutil.rmtree(dest, ignore_errors=True)
        temp.rename(dest)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return manifest


def write_part_downloads(
    package: Package, part: Part, dest: Path, setup: Setup
) -> list[DownloadFile]:
    """The downloads part writes the package's files; a jurisdiction part its reports'
    slices; the global part none."""
    from luoshi.downloads import write_downloads, write_report_slices

    if part.index > 0:
        return write_report_slices(package, dest)
    if part.index == 0:
        return []
    cache = setup.downloads_cache
    return write_downloads(package, dest, setup.epoch, cache=cache, salt=setup.code)


def render_part(
    site: Site,
    part: Part,
    members: list[str],
    docs: Path,
    downloads: list[DownloadFile],
    setup: Setup,
    known: dict[str, str],
) -> tuple[set[str], dict[str, str]]:
    """Write the part's Markdown, except the pages whose key is in `known` (an earlier
    build's); return the site paths the part owns (the global part owns everything
    its engine run writes but the other parts' nav pages) and every page's key."""
    from luoshi import feeds, pages
    from luoshi.package import published_source_name

    if part.index == 0:
        check(pages.check_slugs(site))
        hand_written = setup.project / "site_src"
        shutil.copytree(hand_written, docs, ignore=shutil.ignore_patterns("overrides"))
        batch = pages.global_pages(site, setup.build_date)
        keys = write_pages(docs, batch, known=known)
        feeds.write_site_feed(site, docs, setup.epoch)
        return set(), keys
    if part.index < 0:
        batch = pages.downloads_pages(site, downloads, setup.build_date)
        keys = write_pages(docs, batch, known=known)
        return outputs(keys), keys  # the page and the catalog (a static file)
    sources = copy_sources(site, docs)
    batch = pages.shard_pages(site, members, downloads, sources)
    keys = write_pages(docs, batch, known=known)
    owned = {output_path(path) for path in keys}
    owned |= {urls.source(published_source_name(name)) for name in sources}
    # A jurisdiction part's key has no build time, so its feeds never read one.
    owned |= feeds.write_part_feeds(site, docs, members, MIN_EPOCH)
    return owned, keys


def write_placeholders(docs: Path) -> set[str]:
    """A placeholder for each nav page the part does not render, so the nav links on
    the pages it does render come out the same; returns their docs paths."""
    missing = {nav_page for nav_page in NAV_PAGES if not (docs / nav_page).exists()}
    for nav_page in missing:
        write_placeholder(docs / nav_page)
    return missing


def write_placeholder(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# …\n", encoding="utf-8")


def copy_sources(site: Site, docs: Path) -> set[str]:
    """Copy the reports' source files into the docs, each under its published name
    (a type that could run in a browser is published as text); return the names
    (reports.source_file) copied. Only files inside the package are copied."""
    from luoshi.package import published_source_name, source_path

    copied = set()
    for report in site.reports.values():
        source = source_path(site.package.root, report["source_file"])
        if source is not None:
            (docs / "sources").mkdir(parents=True, exist_ok=True)
            target = docs / urls.source(published_source_name(report["source_file"]))
            shutil.copyfile(source, target)
            copied.add(report["source_file"])
    return copied


def check(problems: list[str]) -> None:
    if problems:
        raise BuildFailed("\n".join(problems))


def write_pages(
    docs: Path, *batches: Iterable[Page], known: dict[str, str] | None = None
) -> dict[str, str]:
    """Write the pages, except those whose key `known` holds for their path (nothing
    they are made from changed: they are neither rendered nor written); return every
    page's key by docs path."""
    keys: dict[str, str] = {}
    for batch in batches:
        for page in batch:
            target = docs / page.path
            if page.path in keys or target.exists():
                raise BuildFailed(f"two pages would be written to {page.path}")
            keys[page.path] = page.key
            if known and known.get(page.path) == page.key:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
    return keys


def keep_owned(
    html: Path,
    owned: set[str],
    site: Path,
    everything: bool,
    *,
    only: set[str] | None = None,
    exclude: set[str] = frozenset(),
) -> None:
    """Move what the part owns from the engine's output into the part's site folder
    (of it, with `only`, just those paths; never those in `exclude`)."""
    for path in sorted(html.rglob("*")):
        relative = path.relative_to(html).as_posix()
        if path.is_dir() or relative in SITEMAP or not (everything or relative in owned):
            continue
        if relative in exclude:
            continue
        if only is not None and relative not in only:
            continue
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)


def check_outputs(site: Path, owned: set[str]) -> None:
    missing = sorted(p for p in owned if not (site / p).is_file())
    if missing:
        raise BuildFailed(f"the engine wrote no {missing[0]} (and {len(missing) - 1} more)")


def file_digests(folder: Path, skip: Iterable[str] = ()) -> dict[str, str]:
    """sha256 of every file below `folder` (but those at the paths `skip`), by posix
    path."""
    import hashlib

    skipped = set(skip)
    return {
        relative: hashlib.sha256((folder / relative).read_bytes()).hexdigest()
        for relative in files_below(folder)
        if relative not in skipped
    }


def reusable(previous: Path | None, setup: Setup) -> dict[str, str]:
    """The docs digests of an earlier build of the part by this code and engine, or {}."""
    from luoshi.guard import read_manifest

    manifest = read_manifest(previous, MANIFEST) if previous is not None else None
    if manifest is None:
        return {}
    if (manifest.get("code"), manifest.get("engine")) != (setup.code, setup.engine):
        return {}
    docs = manifest.get("docs", {})
    return docs if isinstance(docs, dict) else {}


def outputs(docs_paths: Iterable[str]) -> set[str]:
    """What the engine writes for these docs files: a page's HTML, a static file itself."""
    return {output_path(p) if p.endswith(".md") else p for p in docs_paths}


def drop_docs(docs: Path, unchanged: set[str]) -> None:
    """Leave the engine only the changed docs files; a nav page stays as a placeholder,
    so the nav links on the pages it does build come out the same."""
    for relative in unchanged:
        path = docs / relative
        if relative in NAV_PAGES:
            write_placeholder(path)
        else:
            path.unlink(missing_ok=True)  # an unchanged page was never written


def carry_over(
    earlier_site: Path, site: Path, *, skip: set[str], made: set[str] = frozenset()
) -> None:
    """Link the earlier build's files that this build did not make again: not the
    download files (always written afresh; a page under downloads/, among the engine
    outputs `made`, is carried), not the outputs of changed or removed docs."""
    there = set(files_below(site))
    wanted = [
        path
        for path in files_below(earlier_site)
        if (path in made or not path.startswith(urls.DOWNLOADS_PAGE))
        and path not in skip
        and path not in there
    ]
    link_files(earlier_site, site, wanted)


def run_engine(setup: Setup, work: Path, docs: Path, html: Path) -> None:
    config = write_config(setup.project, work, docs, html)
    command = [sys.executable, "-m", setup.engine, "build", "--strict", "-q", "-f", str(config)]
    run(command, MIN_EPOCH)  # pages carry no build time, so none is given to the engine


def write_config(project: Path, work: Path, docs: Path, site_dir: Path) -> Path:
    """A staging config that inherits mkdocs.yml and points at the staging folders."""
    overrides = work / "overrides"
    shutil.copytree(project / "site_src" / "overrides", overrides)
    config = work / "mkdocs.yml"
    config.write_text(
        "\n".join(
            [
                f"INHERIT: {_yaml(project / 'mkdocs.yml')}",
                f"docs_dir: {_yaml(docs)}",
                f"site_dir: {_yaml(site_dir)}",
                "theme:",
                f"  custom_dir: {_yaml(overrides)}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def _yaml(path: Path) -> str:
    return json.dumps(str(path))


def build_env(epoch: int) -> dict[str, str]:
    """The environment of the builders: every date they print comes from `epoch`."""
    return os.environ | {
        "SOURCE_DATE_EPOCH": str(epoch),
        "PYTHONHASHSEED": "0",
        "NO_MKDOCS_2_WARNING": "1",  # Material's banner would bury a real error in the log
    }


def run(command: list[str], epoch: int) -> None:
    result = subprocess.run(command, env=build_env(epoch), capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildFailed(f"{' '.join(command[2:4])} exited {result.returncode}:\n{output}")


# -- merge -----------------------------------------------------------------------------


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
    check_manifests(searched, keys)
    site_dir = work / "site"
    with log.phase("stage"):
        search = Stage(stage or work / "search")
        with conflicts("search copy"):
            search.sync({part.name: folder / "search" for part, folder in searched.items()})
        begin = time.monotonic()
        indexing = Indexing(search.folder, work / "pagefind", build_env(setup.epoch))
    try:
        finish()
        check_manifests({p: f for p, f in folders.items() if not p.searched}, keys)
        with log.phase("assemble"):
            kept = in_child(
                assemble, list(folders.values()), site_dir, out, setup.epoch, setup.project
            )
        with log.phase("search"):
            indexing.wait()
            log.say(f"  pagefind done in {time.monotonic() - begin:.1f}s (beside assemble)")
            kept += place_index(work / "pagefind", out / "pagefind", site_dir / "pagefind")
    finally:
        indexing.stop()
    log.say(f"  {kept} files kept as published")
    return site_dir


def assemble(folders: list[Path], site: Path, out: Path, epoch: int, project: Path) -> int:
    """Link the parts' files into `site`, add the sitemap, and keep what is unchanged
    (see keep_unchanged); returns how many files were kept."""
    with conflicts("file"):
        for folder in folders:
            link_tree(folder / "site", site)
    write_sitemap(site, epoch, project)
    return keep_unchanged(site, out)


def in_child(function: Callable[..., Planned], *args: object) -> Planned:
    """`function(*args)` in a forked process of low priority, where fork exists: it
    runs beside Pagefind, whose time is the build's, so it yields the CPU to it."""
    pool = forking_pool(1, nice=10)
    if pool is None:
        return function(*args)
    with pool:
        return pool.submit(function, *args).result()


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


def write_sitemap(site: Path, epoch: int, project: Path) -> None:
    """sitemap.xml (and .gz) over every page, since each part's engine run saw only its
    own. A sitemap needs absolute URLs: without a site_url in mkdocs.yml it lists
    none, as mkdocs' own does."""
    match = re.search(
        r"^site_url:\s*[\"']?([^\s\"'#]+)",
        (project / "mkdocs.yml").read_text(encoding="utf-8"),
        re.M,
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    if match:
        base = match[1].rstrip("/") + "/"
        day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")):
            if not path.startswith(("pagefind/", "assets/")):
                url = base + path.removesuffix("index.html")
                lines.append(f"<url><loc>{escape(url)}</loc><lastmod>{day}</lastmod></url>")
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    (site / SITEMAP[0]).write_bytes(data)
    (site / SITEMAP[1]).write_bytes(gzip.compress(data, mtime=0))


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
