"""Processes: forked pools that inherit the package unpickled, the parts built in
them (the searched parts first), and work run beside Pagefind at a lower priority."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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


@contextmanager
def beside(function: Callable[..., Planned], *args: object) -> Iterator[Callable[[], Planned]]:
    """`function(*args)` started on a thread of low priority, while the body goes on; the
    body calls what it is given to wait for the result. For work beside Pagefind,
    whose time is the build's. A thread, not a forked process: a fork of this process
    (which holds the package) would count its memory twice."""

    def work() -> Planned:
        with contextlib.suppress(AttributeError, OSError):  # Linux: this thread alone
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        return function(*args)

    with ThreadPoolExecutor(1) as pool:
        yield pool.submit(work).result


_FORKED: dict[str, Package] = {}  # the package, inherited by forked workers unpickled
_PREPARED: list[tuple[Package, Site]] = []


def prepare(package: Package) -> None:
    """What every part's worker needs, made once here (while validation runs beside)
    for the forked workers to inherit, rather than in each of them: the modules of
    the renderers, the download writers (pyarrow, openpyxl) and the search copies,
    the templates compiled, and the whole package's Site. Each worker had imported
    and compiled them again, about a fifth of a second of every worker.

    The Site is kept until the next call: freeing it object by object took a third of
    a second on the province, which the command's exit does at once (see cli.run)."""
    import luoshi.build.assets  # noqa: F401  (the global part's scripts and styles)
    import luoshi.downloads  # noqa: F401  (every part writes downloads)
    import luoshi.feeds  # noqa: F401
    import luoshi.pages  # noqa: F401  (Jinja2 and the page modules)
    import luoshi.search  # noqa: F401  (every searched part makes search copies)
    from luoshi.pages.model import Site
    from luoshi.render import compile_templates

    compile_templates()

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
    cores = jobs or os.cpu_count() or 1
    parallel = cores > 1 and len(todo) > 1 and "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        whole = prepared(package)
        with log.phase("parts"):
            for args in jobs_args:
                report_part(log, build_part(package, *args, whole))
        yield folders, lambda: None
        return
    # The searched parts on as many workers as there are cores. The others (niced, see
    # _build_forked) start at once on workers of their own where the searched parts
    # are no more than the cores (a rebuild): the site then waits for the downloads
    # part no longer than for Pagefind. Where more searched parts queue for the cores
    # (a first build), the others queue after them, as they would only slow them.
    # The first pool goes once its parts are done: its idle workers hold no memory.
    searched = [args for args in jobs_args if args[0].searched]
    others = [args for args in jobs_args if not args[0].searched]
    _FORKED["package"] = package  # before the pools fork (they inherit prepare()'s Site too)
    pools = {"first": _pool(min(cores, len(searched)))}
    if len(searched) <= cores:
        pools["later"] = _pool(len(others))
    try:
        first = [(args[0], pools["first"].submit(_build_forked, *args)) for args in searched]
        later = [
            (args[0], pools.get("later", pools["first"]).submit(_build_forked, *args))
            for args in others
        ]
        with log.phase("parts"):
            for _part, future in first:
                report_part(log, future.result())
        pools["first"].shutdown(wait=False)

        def finish() -> None:
            for _part, future in later:
                report_part(log, future.result())

        yield folders, finish
    finally:
        for pool in pools.values():
            pool.shutdown(cancel_futures=True)
        _FORKED.clear()


def _pool(workers: int) -> ProcessPoolExecutor:
    pool = forking_pool(max(1, workers))  # no process starts before a part is submitted
    assert pool is not None  # the caller checked that fork exists
    return pool


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
    package = _FORKED["package"]
    return build_part(package, part, dest, key, setup, previous, prepared(package))


def report_part(log: Progress, manifest: dict) -> None:
    timings = " ".join(f"{k} {v:.1f}s" for k, v in manifest["seconds"].items())
    log.say(f"  {manifest['part']}: {manifest['pages']} pages ({timings})")
