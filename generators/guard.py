"""Faults around a build: one build per output at a time, workers that die with the
build, and what a killed build left behind cleaned up by the next one.

A build may be killed at any moment (an impatient user, the OOM killer, a CI
timeout). Its forked workers must not outlive it (on Linux they are killed with
it through PR_SET_PDEATHSIG), and its temporary folders, left beside the output
and in the cache, are removed by the next build into that output, which is the
only one allowed to run there (an flock on a lock file beside the output).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

from luoshi.trees import discard, file_entries

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not serialised
    fcntl = None  # type: ignore[assignment]

_PR_SET_PDEATHSIG = 1


class Busy(Exception):
    """Another build holds the lock; the message says which folder and lock."""


def die_with_parent(parent: int, nice: int = 0) -> None:
    """Run first in a forked worker: the kernel kills it when the build process dies
    (Linux), so a killed build leaves no worker blocked on a queue nobody reads."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the call above took effect
        os._exit(1)
    if nice:
        os.nice(nice)


@contextlib.contextmanager
def exclusive(lock: Path, what: Path) -> Iterator[None]:
    """Hold the lock file `lock` for the folder `what`, or raise Busy at once."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(
                    f"another luoshi build is writing into {what} (it holds {lock}); "
                    "wait for it to finish, then build again"
                ) from None
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def clean_after_killed(out: Path) -> None:
    """With the output's lock held: put back a site a killed swap left aside, and
    remove the temporary folders a killed build left beside `out`."""
    olds = _temporaries(out.parent, f".{out.name}.old-")
    if not out.exists():
        for old in reversed(olds):  # the newest first
            if (old / out.name).is_dir():
                (old / out.name).rename(out)
                break
    made = _temporaries(out.parent, f".site-{out.name}-")
    made += _temporaries(out.parent, f".{out.name}-")
    for leftover in olds + made:
        discard(leftover, rename=False)


def _temporaries(folder: Path, prefix: str) -> list[Path]:
    """The folders tempfile.mkdtemp made in `folder` with `prefix` (and no others: its
    names end in 8 characters of its alphabet), oldest first."""
    shape = re.compile(re.escape(prefix) + r"[a-z0-9_]{8}")
    try:
        found = [
            entry
            for entry in folder.iterdir()
            if shape.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda path: path.stat().st_mtime)


def clean_store(store: Path) -> None:
    """With the cache's lock held: remove the half-written parts of a killed build
    (hidden folders beside the finished ones)."""
    if not store.is_dir():
        return
    for name_dir in store.iterdir():
        if not name_dir.is_dir() or name_dir.name.startswith("."):
            continue
        for folder in name_dir.iterdir():
            if folder.name.startswith(".") and ".discarded-" not in folder.name:
                discard(folder, rename=False)


def tree_size(folder: Path) -> list[int]:
    """[files, bytes] below `folder`: recorded in a part's manifest, so a cached part
    that lost or truncated files is known and built again."""
    sizes = [entry.stat().st_size for _, entry in file_entries(folder)]
    return [len(sizes), sum(sizes)]


def read_manifest(folder: Path, name: str) -> dict | None:
    """The manifest of a finished part, or None if it is missing or damaged."""
    try:
        manifest = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def intact(folder: Path, name: str, key: str | None = None) -> bool:
    """A cached part is whole: its manifest reads (with `key`, if given) and its files
    are as many and as large as when it was built."""
    manifest = read_manifest(folder, name)
    if manifest is None or (key is not None and manifest.get("key") != key):
        return False
    sizes = manifest.get("sizes")
    if not isinstance(sizes, dict):
        return False
    try:
        return all(tree_size(folder / sub) == sizes.get(sub) for sub in ("site", "search"))
    except OSError:
        return False
