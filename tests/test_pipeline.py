"""The one pipeline: `luoshi extract` and `luoshi corrections` on a copy of datasets/.

`luoshi corrections` reviews every correction of every report against all the others;
the tests of its mechanism use a copy of datasets/ cut to the one report they change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit_csv, read_csv
from luoshi.cli import main
from luoshi.pipeline.corrections import Correction, read_corrections, write_corrections

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def datasets(tmp_path: Path) -> Path:
    dest = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", dest)
    return dest


def one_report(datasets: Path, report_id: str) -> Path:
    """Cut the copy `datasets` to one catalogued report (every jurisdiction stays) and
    extract it: the committed data of that report alone."""
    catalog_path = datasets / "sources" / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    catalog["reports"] = [r for r in catalog["reports"] if r["id"] == report_id]
    assert len(catalog["reports"]) == 1
    catalog_path.write_text(json.dumps(catalog, ensure_ascii=False, indent=2), encoding="utf-8")
    report_of = {r["id"]: r["report_id"] for r in read_csv(datasets / "lists.csv")[1]}
    owner = {
        row["id"]: report_of[row["list_id"]]
        for name in ("tasks", "indicators")
        for row in read_csv(datasets / f"{name}.csv")[1]
    }
    edit_csv(  # progress is kept by extraction: only the progress of the report stays
        datasets / "progress.csv",
        lambda rows: [r for r in rows if owner[r["task_id"] or r["indicator_id"]] == report_id],
    )
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 0, out
    return datasets


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
    one_report(datasets, "guangfeng-2021")
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
    one_report(datasets, "guangfeng-2021")
    path = datasets / "sources" / "corrections" / "001.csv"
    stale = Correction(1, "10", "text", "not what the importer reads", "x", "test")
    write_corrections(path, [*read_corrections(path), stale])
    before = csvs(datasets)
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 1 and "stale correction: list 1 item 10 text" in out
    assert csvs(datasets) == before
    code, out = run("corrections", "--datasets", str(datasets))
    assert code == 1 and "001.csv: list 1 item 10 text: STALE" in out


def test_rebase_rewrites_corrections_to_reproduce_the_data(datasets: Path) -> None:
    one_report(datasets, "quzhou-2021")
    path = datasets / "sources" / "corrections" / "004.csv"
    kept = read_corrections(path)
    # As if the importer had changed: one correction lost, one no longer matching.
    stale = Correction(kept[1].list_no, kept[1].no, kept[1].field, "旧的值",
                       kept[1].corrected, kept[1].reason)  # fmt: skip
    write_corrections(path, [stale, *kept[2:]])
    before = csvs(datasets)
    code, out = run("corrections", "--datasets", str(datasets), "--rebase")
    assert code == 0, out
    rebased = read_corrections(path)
    # Corrections that still apply are kept as they were, in their order.
    assert rebased[: len(kept) - 2] == kept[2:]
    added = rebased[len(kept) - 2 :]
    key = lambda c: (c.list_no, c.no, c.field, c.corrected)  # noqa: E731
    assert sorted(map(key, added)) == sorted(map(key, kept[:2]))
    # The stale one's reason is kept; the lost one asks for review.
    reasons = {key(c): c.reason for c in added}
    assert reasons[key(kept[1])] == kept[1].reason
    assert "review this reason" in reasons[key(kept[0])]
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 0, out
    assert csvs(datasets) == before
    # Nothing left to do: a second rebase changes nothing.
    assert run("corrections", "--datasets", str(datasets), "--rebase")[0] == 0
    assert read_corrections(path) == rebased
