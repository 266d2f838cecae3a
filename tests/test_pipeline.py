"""The one pipeline: `luoshi extract` and `luoshi corrections` on a copy of datasets/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from luoshi.cli import main
from luoshi.pipeline.corrections import Correction, read_corrections, write_corrections

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def datasets(tmp_path: Path) -> Path:
    dest = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", dest)
    return dest


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr


def csvs(datasets: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(datasets.glob("*.csv"))}


def test_extract_reproduces_and_keeps_progress(datasets: Path) -> None:
    before = csvs(datasets)
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 0, out
    assert csvs(datasets) == before


def test_outgrown_correction_is_listed_and_pruned(datasets: Path) -> None:
    path = datasets / "sources" / "corrections" / "001.csv"
    kept = read_corrections(path)
    # A correction whose `corrected` value the importer already produces by itself.
    text = "聚焦首位产业和主导产业深入实施产业链链长制和“开拓市场万里行”活动,"
    text += "促进产业高端补链、终端延链、整体强链。"
    outgrown = Correction(1, "1", "text", "旧的文字", text, "test")
    write_corrections(path, [*kept, outgrown])
    code, out = run("corrections", "--datasets", str(datasets))
    assert code == 0, out
    assert "001.csv: list 1 item 1 text: the importer now gives" in out
    code, out = run("corrections", "--datasets", str(datasets), "--prune")
    assert code == 0 and "001.csv: pruned 1" in out
    assert read_corrections(path) == kept


def test_stale_correction_fails_loudly_and_writes_nothing(datasets: Path) -> None:
    path = datasets / "sources" / "corrections" / "002.csv"
    stale = Correction(1, "10", "text", "not what the importer reads", "x", "test")
    write_corrections(path, [*read_corrections(path), stale])
    before = csvs(datasets)
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 1 and "stale correction: list 1 item 10 text" in out
    assert csvs(datasets) == before
    code, out = run("corrections", "--datasets", str(datasets))
    assert code == 1 and "002.csv: list 1 item 10 text: STALE" in out


def test_rebase_rewrites_corrections_to_reproduce_the_data(datasets: Path) -> None:
    path = datasets / "sources" / "corrections" / "004.csv"
    kept = read_corrections(path)
    # As if the importer had changed: one correction lost, one now wrong.
    wrong = Correction(kept[1].list_no, kept[1].no, kept[1].field, kept[1].importer,
                       kept[1].corrected + "(误)", kept[1].reason)  # fmt: skip
    write_corrections(path, [wrong, *kept[2:]])
    before = csvs(datasets)
    code, out = run("corrections", "--datasets", str(datasets), "--rebase")
    assert code == 0, out
    rebased = read_corrections(path)
    key = lambda c: (c.list_no, c.no, c.field, c.importer, c.corrected)  # noqa: E731
    assert sorted(map(key, rebased)) == sorted(map(key, kept))
    # Reasons stay where the correction stays; a re-created one asks for review.
    reasons = {key(c): c.reason for c in rebased}
    assert all(reasons[key(c)] == c.reason for c in kept[2:])
    assert all("review this reason" in reasons[key(c)] for c in kept[:2])
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 0, out
    assert csvs(datasets) == before
