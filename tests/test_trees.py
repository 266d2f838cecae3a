"""Trees of hard links: the search stage kept between builds, and unchanged files kept
as published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from luoshi.trees import Stage, TreeConflict, files_below, keep_file, keep_unchanged, place_tree


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def test_stage_relinks_only_the_sources_that_changed(tmp_path: Path) -> None:
    a1 = write(tmp_path / "a1", {"reports/x/index.html": "x1", "units/u/index.html": "u"})
    b1 = write(tmp_path / "b1", {"reports/y/index.html": "y"})
    stage = Stage(tmp_path / "stage")
    stage.sync({"a": a1, "b": b1})
    kept = os.stat(tmp_path / "stage" / "reports" / "y" / "index.html").st_ino
    a2 = write(tmp_path / "a2", {"reports/x/index.html": "x2"})  # u is gone
    stage.sync({"a": a2, "b": b1})
    assert files_below(tmp_path / "stage") == ["reports/x/index.html", "reports/y/index.html"]
    assert (tmp_path / "stage" / "reports" / "x" / "index.html").read_text("utf-8") == "x2"
    assert os.stat(tmp_path / "stage" / "reports" / "y" / "index.html").st_ino == kept
    assert not (tmp_path / "stage" / "units" / "u").exists()  # emptied folders go too
    stage.sync({"b": b1})  # a part that no longer exists
    assert files_below(tmp_path / "stage") == ["reports/y/index.html"]


def test_stage_without_its_record_is_made_again_whole(tmp_path: Path) -> None:
    a = write(tmp_path / "a", {"p/index.html": "p"})
    stage = Stage(tmp_path / "stage")
    stage.sync({"a": a})
    write(tmp_path / "stage", {"stray/index.html": "left by an interrupted sync"})
    stage.record.unlink()
    stage.sync({"a": a})
    assert files_below(tmp_path / "stage") == ["p/index.html"]


def test_two_sources_writing_one_file_is_a_conflict(tmp_path: Path) -> None:
    a = write(tmp_path / "a", {"p/index.html": "a"})
    b = write(tmp_path / "b", {"p/index.html": "b"})
    with pytest.raises(TreeConflict, match="p/index.html"):
        Stage(tmp_path / "stage").sync({"a": a, "b": b})
    assert not Stage(tmp_path / "stage").record.exists()  # the next sync starts afresh


def test_keep_unchanged_links_equal_files_to_the_published_ones(tmp_path: Path) -> None:
    published = write(tmp_path / "out", {"a/index.html": "same", "b/index.html": "old"})
    site = write(tmp_path / "site", {"a/index.html": "same", "b/index.html": "new", "c": "c"})
    assert keep_unchanged(site, published) == 1
    assert os.path.samefile(site / "a" / "index.html", published / "a" / "index.html")
    assert not os.path.samefile(site / "b" / "index.html", published / "b" / "index.html")
    assert (site / "b" / "index.html").read_text("utf-8") == "new"
    assert keep_unchanged(site, published) == 1  # now known by inode


def test_keep_file_links_one_equal_file(tmp_path: Path) -> None:
    write(tmp_path, {"old/a": "same", "new/a": "same", "new/b": "other", "old/b": "bbbbb"})
    assert keep_file(tmp_path / "new" / "a", tmp_path / "old" / "a")
    assert os.path.samefile(tmp_path / "new" / "a", tmp_path / "old" / "a")
    assert not keep_file(tmp_path / "new" / "b", tmp_path / "old" / "b")
    assert not keep_file(tmp_path / "new" / "a", tmp_path / "old" / "missing")


def test_place_tree_moves_across_file_systems_and_links_what_is_published(
    tmp_path: Path,
) -> None:
    memory = Path("/dev/shm")
    if not memory.is_dir() or not os.access(memory, os.W_OK):
        pytest.skip("no /dev/shm here")
    import tempfile

    new = Path(tempfile.mkdtemp(dir=memory))
    try:
        write(new, {"fragment/x": "x", "page/y": "y2", "entry.json": "e"})
        published = write(tmp_path / "published", {"fragment/x": "x", "page/y": "y1"})
        dest = tmp_path / "dest"
        assert place_tree(new, published, dest, lambda path: path.startswith("fragment/")) == 1
        assert os.path.samefile(dest / "fragment" / "x", published / "fragment" / "x")
        assert (dest / "page" / "y").read_text("utf-8") == "y2"  # sizes equal, bytes differ
        assert (dest / "entry.json").read_text("utf-8") == "e"
    finally:
        import shutil

        shutil.rmtree(new, ignore_errors=True)
