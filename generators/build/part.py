"""One part of the site: its downloads, its pages rendered (but those an earlier build
of the part already made), the engine run over the changed ones, and its search copies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi import urls
from luoshi.build.base import (
    MANIFEST,
    MIN_EPOCH,
    NAV_PAGES,
    SITEMAP,
    BuildFailed,
    Setup,
    check,
)
from luoshi.parts import Part
from luoshi.trees import files_below, link_files
from luoshi.urls import output_path

if TYPE_CHECKING:
    from luoshi.downloads import DownloadFile
    from luoshi.package import Package
    from luoshi.pages.model import Site
    from luoshi.render import Page


def build_part(
    package: Package,
    part: Part,
    dest: Path,
    key: str,
    setup: Setup,
    previous: Path | None = None,
    whole: Site | None = None,
) -> dict:
    """Render, build and stage the search copies of one part into `dest`; returns its
    manifest. Written beside `dest` and renamed into place when complete.

    `whole`: the package's Site, if the caller has it (the global and downloads parts
    render from the whole package; a jurisdiction part from its own rows).

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
    site = whole if whole is not None and part.index <= 0 else Site.from_package(package)
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

    cache = setup.downloads_cache
    if part.index > 0:
        return write_report_slices(package, dest, cache=cache, salt=setup.code)
    if part.index == 0:
        return []
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
    from luoshi.build.assets import copy_hand_written
    from luoshi.package import published_source_name

    if part.index == 0:
        check(pages.check_slugs(site))
        copy_hand_written(setup.project / "site_src", docs)
        batch = pages.global_pages(site, setup.build_date)
        keys = write_pages(docs, batch, known=known)
        feeds.write_site_feed(site, docs, setup.epoch)
        write_places(site, docs)
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


def write_places(site: Site, docs: Path) -> None:
    """The places search.js reads in a query (luoshi.search.places), by code."""
    from luoshi.search import PLACES, places

    rows = sorted(site.jurisdictions.values(), key=lambda row: (str(row["code"]), row["id"]))
    (docs / PLACES).parent.mkdir(parents=True, exist_ok=True)
    (docs / PLACES).write_bytes(places(rows))


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
    (of it, with `only`, just those paths; never those in `exclude`), each page's
    body unwrapped (render.wrap_body)."""
    from luoshi.render import unwrap_body

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
        if relative.endswith(".html"):  # bytes as the engine wrote them, but the markers
            text = path.read_bytes().decode("utf-8")
            target.write_bytes(unwrap_body(text).encode("utf-8"))
        else:
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
                "hooks:",
                f"  - {_yaml(Path(__file__).with_name('engine_hook.py'))}",
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
