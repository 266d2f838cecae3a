"""Folder trees of hard links: how parts become one site without copying a byte.

Creating and deleting directory entries is what a rebuild spends its time on
once the pages are cached (a province site has 20,000 files in 10,000 folders),
so these walk with os.scandir, never stat a file twice, relink only what
changed, and leave a discarded tree to a background `rm -rf`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


class TreeConflict(Exception):
    """Two sources hold a file at the same path."""


def files_below(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted posix paths relative to it."""
    return sorted(relative for relative, _ in file_entries(folder))


def file_entries(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below `folder` (posix path relative to it, scandir entry), in no
    order: one scandir pass, without a Path per file."""
    if not folder.is_dir():
        return
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((relative + "/", entry.path))
                else:
                    yield relative, entry


def link_files(source: Path, target: Path, paths: Iterable[str]) -> None:
    """Hard-link `source/p` to `target/p` for each path `p` (a copy across devices).
    An existing target is a conflict: two parts never write one file."""
    made: set[str] = set()
    for relative in paths:
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(os.path.join(target, folder), exist_ok=True)
            made.add(folder)
        destination = os.path.join(target, relative)
        try:
            os.link(os.path.join(source, relative), destination)
        except FileExistsError as error:
            raise TreeConflict(relative) from error
        except OSError:
            if os.path.lexists(destination):
                raise TreeConflict(relative) from None
            shutil.copy2(os.path.join(source, relative), destination)


def link_tree(source: Path, target: Path) -> list[str]:
    """Hard-link every file of `source` into `target`; returns their paths."""
    paths = files_below(source)
    link_files(source, target, paths)
    return paths


def keep_unchanged(site: Path, published: Path) -> int:
    """Link each file of `site` whose bytes equal the published file's to that file, so
    an unchanged file keeps its inode and modification time; returns how many were.
    A file already linked to the published one is recognised by its inode alone; the
    others' bytes are compared on two threads (reading releases the GIL)."""
    if not published.is_dir():
        return 0
    same, compare = 0, []
    pending = [(str(site), str(published))]
    while pending:
        new_dir, old_dir = pending.pop()
        try:
            with os.scandir(old_dir) as entries:
                old = {entry.name: entry for entry in entries}
        except (FileNotFoundError, NotADirectoryError):
            continue
        with os.scandir(new_dir) as entries:
            for entry in entries:
                before = old.get(entry.name)
                if before is None:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, before.path))
                elif not before.is_file(follow_symlinks=False):
                    continue
                elif entry.inode() == before.inode():
                    same += 1
                elif entry.stat().st_size == before.stat().st_size:
                    compare.append((entry.path, before.path))
    with ThreadPoolExecutor(2) as pool:
        return same + sum(pool.map(_link_if_equal, compare))


def keep_file(new: Path, old: Path) -> bool:
    """Link `new` to `old` where their bytes are the same (see keep_unchanged)."""
    if not _same_file_at(new, old, by_name=False):
        return False
    replace_with_link(old, new)
    return True


def _link_if_equal(paths: tuple[str, str]) -> bool:
    new, old = paths
    if not same_bytes(new, old):
        return False
    replace_with_link(Path(old), Path(new))
    return True


def same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        return first.read() == second.read()


def _same_file_at(new: Path, old: Path, by_name: bool) -> bool:
    try:
        before = old.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    if not stat.S_ISREG(before.st_mode) or before.st_size != new.stat().st_size:
        return False
    return by_name or same_bytes(str(new), str(old))


def place_tree(new: Path, published: Path, dest: Path, by_name: Callable[[str], bool]) -> int:
    """Move the tree `new` to `dest`, but link the published file instead wherever
    `published` has the same one, so it keeps its inode and modification time: by
    name and size where `by_name(relative path)` (files named by a hash of their
    bytes), else by bytes. What is left of `new` is the caller's to remove. Returns
    how many files were linked."""
    kept, made = 0, set()
    for relative in files_below(new):
        source, old, target = new / relative, published / relative, dest / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if _same_file_at(source, old, by_name(relative)):
            os.link(old, target)
            kept += 1
        else:
            shutil.move(source, target)  # a rename, or a copy from another file system
    return kept


def replace_with_link(source: Path, target: Path) -> None:
    """Make `target` a hard link to `source` (a copy keeping the time across devices)."""
    temporary = target.with_name(f".{target.name}.link")
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copy2(source, temporary)
    os.replace(temporary, target)


def discard(folder: Path, *, rename: bool = True) -> None:
    """Delete `folder` in the background: rename it out of the way at once (to a hidden
    sibling, unless `rename` is False because it is one already), then let a
    detached `rm -rf` remove it, so no build waits for thousands of unlinks."""
    if not folder.exists():
        return
    trash = folder
    if rename:
        trash = Path(tempfile.mkdtemp(prefix=f".{folder.name}.discarded-", dir=folder.parent))
        folder.rename(trash / folder.name)
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(trash, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", str(trash)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class Stage:
    """A folder that holds the files of several sources, kept from build to build:
    `sync` relinks only the sources that changed (the search copies of a rebuilt
    part), instead of making 10,000 folders again.

    Its record (which source folder each name was linked from, and its files)
    is removed while the stage changes, so an interrupted sync is redone whole.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.record = folder.with_name(folder.name + ".json")

    def sync(self, sources: dict[str, Path]) -> None:
        held = self._read()
        self.record.unlink(missing_ok=True)
        if held is None:
            shutil.rmtree(self.folder, ignore_errors=True)
            held = {}
        for name, entry in sorted(held.items()):
            if sources.get(name) != Path(entry["folder"]):
                self._unlink(entry["files"])
                del held[name]
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, source in sorted(sources.items()):
            if name not in held:
                held[name] = {"folder": str(source), "files": link_tree(source, self.folder)}
        self.record.write_text(json.dumps(held, ensure_ascii=False), encoding="utf-8")

    def _read(self) -> dict | None:
        try:
            held = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return held if isinstance(held, dict) and self.folder.is_dir() else None

    def _unlink(self, files: list[str]) -> None:
        for relative in files:
            path = os.path.join(self.folder, relative)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            with contextlib.suppress(OSError):  # a folder goes once it is empty
                os.rmdir(os.path.dirname(path))
