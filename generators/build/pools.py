"""Processes: forked pools that inherit the package unpickled, the parts built in
them (the searched parts first), and work run beside Pagefind at a lower priority."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.build.base import MANIFEST, Planned, Progress, Setup
from luoshi.build.part import build_part
from luoshi.parts import Part

if TYPE_CHECKING:
    from luoshi.package import Package
    from luoshi.pages.model import Site


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


def in_child(function: Callable[..., Planned], *args: object) -> Planned:
    """`function(*args)` in a forked process of low priority, where fork exists: it
    runs beside Pagefind, whose time is the build's, so it yields the CPU to it."""
    pool = forking_pool(1, nice=10)
    if pool is None:
        return function(*args)
    with pool:
        return pool.submit(function, *args).result()


@contextmanager
def beside(function: Callable[..., Planned], *args: object) -> Iterator[Callable[[], Planned]]:
    """`function(*args)` started in a forked process of low priority (as in_child), while
    the body goes on; the body calls what it is given to wait for the result."""
    pool = forking_pool(1, nice=10)
    if pool is None:
        yield lambda: function(*args)
        return
    with pool:
        future = pool.submit(function, *args)
        yield future.result


_FORKED: dict[str, object] = {}  # what forked workers inherit unpickled: the package, its Site
_PREPARED: list[tuple[Package, Site]] = []


def prepare(package: Package) -> None:
    """Import the renderers' modules and make the whole package's Site once, here
    (while validation runs beside), rather than in the global and the downloads part
    each. It is kept until the next call: freeing it object by object took a third of
    a second on the province, which the command's exit does at once (see cli.run)."""
    import luoshi.pages  # noqa: F401  (Jinja2 and the page modules, imported once)
    from luoshi.pages.model import Site

    _PREPARED.clear()
    _PREPARED.append((package, Site.from_package(package)))


def prepared(package: Package) -> Site | None:
    """The Site prepare() made of this very package, if any."""
    return next((site for made, site in _PREPARED if made is package), None)


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
    # The searched parts on as many workers as there are cores; the others (niced, see
    # _build_forked) start at once beside them, on workers of their own, and so finish
    # sooner: the site waits for the downloads part, not only for Pagefind.
    searched = sum(1 for part in todo if part.searched)
    cores = jobs or os.cpu_count() or 1
    workers = min(cores, searched) + len(todo) - searched if cores > 1 else 1
    _FORKED.update(package=package, site=prepared(package))  # before the pool forks
    pool = forking_pool(workers) if workers > 1 else None
    if pool is None:
        _FORKED.clear()
        whole = prepared(package)
        with log.phase("parts"):
            for args in jobs_args:
                report_part(log, build_part(package, *args, whole))  # type: ignore[arg-type]
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
    whole = _FORKED.get("site")
    return build_part(_FORKED["package"], part, dest, key, setup, previous, whole)  # type: ignore[arg-type]


def report_part(log: Progress, manifest: dict) -> None:
    timings = " ".join(f"{k} {v:.1f}s" for k, v in manifest["seconds"].items())
    log.say(f"  {manifest['part']}: {manifest['pages']} pages ({timings})")
