"""The build in parts: splitting changes no byte, a one-task edit rewrites only what it
touches, and parts built as separate jobs (a CI matrix) merge into the same site.

The mechanism is what is tested, not scale: the builds use datasets/ trimmed to the
first tasks of every list (every jurisdiction, report and source document kept)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATASETS, build, edit_csv, trim_package
from luoshi import parts
from luoshi.build import MANIFEST, BuildFailed, merge_site
from luoshi.cli import main
from luoshi.package import load
from luoshi.trees import files_below

COUNT = 2  # 莲都 and 衢州 in one part, 丽水 and 广丰 in the other (parts.part_index)
EDITED_TASK = "quzhou-2021-y2021-001"


def tree(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file: (inode, mtime in ns, bytes)."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            files[path.relative_to(root).as_posix()] = (
                stat.st_ino,
                stat.st_mtime_ns,
                path.read_bytes(),
            )
    return files


def contents(root: Path) -> dict[str, bytes]:
    return {path: data for path, (_, _, data) in tree(root).items()}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trim_package(DATASETS, tmp_path_factory.mktemp("trimmed") / "datasets", keep=3)


@pytest.fixture(scope="module")
def in_parts(package: Path, tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Path:
    """The trimmed package built in COUNT parts, with its part cache beside it."""
    out = tmp_path_factory.mktemp("in-parts") / "site"
    build(package, out, parts=COUNT)
    return out


def test_every_row_is_in_exactly_one_part() -> None:
    package = load(DATASETS / "datapackage.json")
    jurisdictions = package["jurisdictions"]["id"].tolist()
    subsets = [
        parts.subset(package, parts.members(jurisdictions, part))
        for part in parts.all_parts(COUNT)[2:]
    ]
    assert sum(1 for s in subsets if len(s["reports"])) >= 2  # the split is a real one
    for name in ("reports", "tasks", "indicators", "assignments", "units", "progress"):
        ids = [row for s in subsets for row in s[name]["id"].tolist()]
        assert sorted(ids) == sorted(package[name]["id"].tolist()), name
    for subset in subsets:  # closed: every unit an assignment names is in the same part
        assert set(subset["assignments"]["unit_id"]) <= set(subset["units"]["id"])


def test_membership_depends_on_the_id_alone() -> None:
    ids = ["liandu", "guangfeng", "lishui", "quzhou"]
    before = {j: parts.part_index(j, 8) for j in ids}
    assert {j: parts.part_index(j, 8) for j in ["xinjurisdiction", *ids]} == before | {
        "xinjurisdiction": parts.part_index("xinjurisdiction", 8)
    }
    assert all(1 <= index <= 8 for index in before.values())
    assert parts.parse_spec("2/8") == parts.Part(2, 8)
    with pytest.raises(ValueError):
        parts.parse_spec("9/8")


def test_splitting_into_parts_changes_no_byte(
    in_parts: Path, package: Path, tmp_path: Path, epoch_env: None
) -> None:
    whole = build(package, tmp_path / "site", parts=1, use_cache=False).site
    assert contents(whole) == contents(in_parts)
    page = (in_parts / "reports" / "quzhou-2021" / "index.html").read_text(encoding="utf-8")
    assert EDITED_TASK in page


def test_one_task_edit_rewrites_only_what_it_touches(
    in_parts: Path, package: Path, tmp_path: Path, epoch_env: None
) -> None:
    copy = tmp_path / "datasets"
    shutil.copytree(package, copy)
    # the first build: in_parts' site and cache, copied with their hard links (cp -a)
    subprocess.run(["cp", "-a", str(in_parts.parent), str(tmp_path / "out")], check=True)
    out = tmp_path / "out" / "site"
    before = tree(out)
    store = out.parent / ".luoshi-cache" / "parts"
    built_first = set(store.glob(f"*/*/{MANIFEST}"))

    def edit(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in rows:
            if row["id"] == EDITED_TASK:
                row["text"] += "(已修订)"
        return rows

    edit_csv(copy / "tasks.csv", edit)
    build(copy, out, parts=COUNT)
    after = tree(out)
    index = {path for path in after.keys() ^ before.keys() if path.startswith("pagefind/")}
    assert after.keys() ^ before.keys() == index  # only search chunks are named by content
    common = after.keys() & before.keys()
    changed = {path for path in common if after[path][2] != before[path][2]}
    touched = {path for path in common if after[path][:2] != before[path][:2]}
    assert touched == changed  # an unchanged file keeps its inode and modification time
    assert "reports/quzhou-2021/index.html" in changed
    assert "(已修订)" in (out / "reports" / "quzhou-2021" / "index.html").read_text("utf-8")
    assert {"downloads/tasks.csv", "downloads/reports/quzhou-2021/tasks.csv"} <= changed
    allowed = ("reports/quzhou-2021/", "units/quzhou-", "downloads/", "pagefind/")
    assert [path for path in changed if not path.startswith(allowed)] == []
    assert not any(path.startswith("reports/liandu-2023/") for path in changed)
    # and only the pages made from the edited rows were rendered again
    rebuilt = set(store.glob(f"*/*/{MANIFEST}")) - built_first
    rendered = {p for m in rebuilt for p in json.loads(m.read_text("utf-8"))["rendered"]}
    assert "reports/quzhou-2021.md" in rendered
    assert [
        p
        for p in rendered
        if not p.startswith(("reports/quzhou-2021", "units/quzhou-", "downloads/"))
    ] == []
    # every part's file is the published one (one inode): the next build knows an
    # unchanged file by its inode, without reading it
    used = {manifest.parent for manifest in store.glob(f"*/*/{MANIFEST}")}
    assert rebuilt and {m.parent for m in rebuilt} <= used
    for folder in used:
        for path in files_below(folder / "site"):
            assert os.path.samefile(folder / "site" / path, out / path), path

    source = copy / "sources" / "004_86e2bb104d962bab.txt"  # quzhou-2021's document
    source.write_text(source.read_text(encoding="utf-8") + "(更正)\n", encoding="utf-8")
    build(copy, out, parts=COUNT)
    again = tree(out)
    changed = {path for path in again.keys() & after.keys() if again[path][2] != after[path][2]}
    assert {"sources/004_86e2bb104d962bab.txt", "downloads/luoshi-data.zip"} <= changed
    assert (out / "sources" / "004_86e2bb104d962bab.txt").read_bytes() == source.read_bytes()

    # Both edits undone, a third build reusing pages of the edited builds inside the
    # rebuilt parts gives back every byte of a fresh build of that data (in_parts): no
    # page kept from an edited build where the data no longer says what it showed.
    for name in ("tasks.csv", "sources/004_86e2bb104d962bab.txt"):
        shutil.copyfile(package / name, copy / name)
    build(copy, out, parts=COUNT)
    assert contents(out) == contents(in_parts)


SPECS = ["global", "downloads"] + [f"{k}/{COUNT}" for k in range(1, COUNT + 1)]


@pytest.fixture(scope="module")
def job_parts(package: Path, tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Path:
    """Every part built by its own `luoshi build-part` process, as a CI matrix does:
    the jobs share nothing but the data (they run side by side)."""
    root = tmp_path_factory.mktemp("jobs")
    datapackage = str(package / "datapackage.json")
    jobs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "luoshi.cli",
                "build-part",
                "--datasets",
                datapackage,
                "--part",
                spec,
                "--out",
                str(root / f"job{index}"),
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )  # fmt: skip
        for index, spec in enumerate(SPECS)
    ]
    for job in jobs:
        _, stderr = job.communicate()
        assert job.returncode == 0, stderr
    return root


def merge(datapackage: Path, parts_dir: Path, out: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["merge", "--datasets", str(datapackage), "--parts-dir", str(parts_dir)]
        + ["--out", str(out), "--quiet"],
    )
    assert result.exit_code == 0, result.output


def test_parts_built_as_separate_jobs_merge_into_the_same_site(
    in_parts: Path, package: Path, job_parts: Path, tmp_path: Path, epoch_env: None
) -> None:
    out = tmp_path / "site"
    merge(package / "datapackage.json", job_parts, out)
    assert contents(out) == contents(in_parts)

    incomplete = tmp_path / "parts"
    shutil.copytree(job_parts, incomplete, symlinks=True)
    shutil.rmtree(incomplete / "job3")  # 2/N
    with pytest.raises(BuildFailed, match=f"part 2/{COUNT} is missing"):
        merge_site(package / "datapackage.json", incomplete, out, progress=False)


def test_merge_refuses_a_part_built_from_other_data(
    package: Path, job_parts: Path, tmp_path: Path, epoch_env: None
) -> None:
    copy = tmp_path / "datasets"
    shutil.copytree(package, copy)
    merge(copy / "datapackage.json", job_parts, tmp_path / "same")  # the same data elsewhere

    def edit(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[0]["note"] = "改动"
        return rows

    edit_csv(copy / "reports.csv", edit)
    out = tmp_path / "site"
    with pytest.raises(BuildFailed, match="built from other data or code"):
        merge_site(copy / "datapackage.json", job_parts, out, progress=False)
    assert not out.exists()
