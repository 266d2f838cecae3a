"""`luoshi add`: the README's "Adding a document" and "Recording a unit merge" commands,
run on a 2024 notice for 丽水市莲都区 (tests/fixtures/notices/) in a copy of datasets/."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build, trim_package
from luoshi.cli import main
from luoshi.validate import validate_package

ROOT = Path(__file__).resolve().parents[1]
NOTICE = Path(__file__).parent / "fixtures" / "notices" / "liandu-2024.txt"
ADD = ["--jurisdiction", "liandu", "--year", "2024"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr


def snapshot(datasets: Path) -> dict[str, bytes]:
    files = [*datasets.glob("*.csv"), *(datasets / "sources").rglob("*")]
    return {str(p.relative_to(datasets)): p.read_bytes() for p in files if p.is_file()}


def rows(datasets: Path, table: str) -> list[dict[str, str]]:
    with (datasets / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def datasets(tmp_path: Path) -> Path:
    dest = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", dest)
    return dest


def test_add_lists_new_spellings_and_is_idempotent(datasets: Path) -> None:
    progress = (datasets / "progress.csv").read_bytes()
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), *ADD)
    assert code == 0, out
    assert "report liandu-2024" in out
    # 区卫健委 is new in 莲都区; 区发改局 and 区人社局 (a recorded merge) resolve.
    assert "区卫健委: new; closest 区卫生健康局" in out
    assert "区发改局: new" not in out and "区人社局: new" not in out
    assert validate_package(datasets / "datapackage.json", with_frictionless=False) == []
    report = next(r for r in rows(datasets, "reports") if r["id"] == "liandu-2024")
    assert (report["title"], report["doc_number"], report["dated"]) == (
        "关于印发2024年莲都区政府工作报告重点工作责任分解的通知",
        "莲政办发〔2024〕5号",
        "2024-03-08",
    )
    assert report["issuer"] == "莲都区人民政府办公室"
    assert report["published"] == "2024-03-12T10:20:00"
    tasks = [t for t in rows(datasets, "tasks") if t["list_id"] == "liandu-2024-main"]
    assert [t["number"] for t in tasks] == ["1", "2", "3", "4"]
    assert tasks[2]["text"] == "新增城镇就业8000人,开展职业技能培训1万人次。"
    assert (datasets / "progress.csv").read_bytes() == progress
    before = snapshot(datasets)
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), *ADD)
    assert code == 0, out
    assert "changed: nothing" in out
    assert snapshot(datasets) == before


def test_recorded_merge_resolves_the_spelling(datasets: Path) -> None:
    assert run("add", str(NOTICE), "--datasets", str(datasets), *ADD)[0] == 0
    with (datasets / "sources" / "unit_merges.csv").open("a", encoding="utf-8") as handle:
        handle.write("liandu,区卫健委,区卫生健康局,,short form (2024 notice)\n")
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), *ADD)
    assert code == 0, out
    assert "区卫健委: new" not in out
    mention = next(
        a
        for a in rows(datasets, "assignments")
        if a["name_as_published"] == "区卫健委" and a["task_id"].startswith("liandu-2024-")
    )
    assert mention["unit_id"] == "liandu-quweishengjiankangju"
    units = rows(datasets, "units")
    assert not any((u["jurisdiction_id"], u["name"]) == ("liandu", "区卫健委") for u in units)
    # Data entered through the documented commands is reproduced by the pipeline.
    before = snapshot(datasets)
    code, out = run("extract", "--datasets", str(datasets))
    assert code == 0, out
    assert snapshot(datasets) == before


def test_edited_notice_updates_that_report_only(datasets: Path, tmp_path: Path) -> None:
    assert run("add", str(NOTICE), "--datasets", str(datasets), *ADD)[0] == 0
    edited = tmp_path / NOTICE.name
    edited.write_text(
        NOTICE.read_text(encoding="utf-8").replace(
            "新开工老旧小区改造12个", "新开工老旧小区改造15个"
        ),
        encoding="utf-8",
    )
    others = [t for t in rows(datasets, "tasks") if not t["id"].startswith("liandu-2024-")]
    code, out = run("add", str(edited), "--datasets", str(datasets), *ADD)
    assert code == 0, out
    tasks = rows(datasets, "tasks")
    assert [t for t in tasks if not t["id"].startswith("liandu-2024-")] == others
    second = next(t for t in tasks if t["id"] == "liandu-2024-main-002")
    assert "新开工老旧小区改造15个" in second["text"]
    catalog = json.loads((datasets / "sources" / "catalog.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in catalog["reports"]].count("liandu-2024") == 1


def test_bad_input_and_unknown_jurisdiction_write_nothing(datasets: Path, tmp_path: Path) -> None:
    before = snapshot(datasets)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out = run("add", str(empty), "--datasets", str(datasets), *ADD)
    assert code == 1 and "nothing written" in out
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), "--jurisdiction",
                    "qingtian", "--year", "2024")  # fmt: skip
    assert code == 1 and "--name, --parent and --code" in out
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), "--jurisdiction",
                    "qingtian", "--year", "2024", "--name", "丽水市青田县", "--parent",
                    "lishui", "--code", "330821")  # fmt: skip
    assert code == 1 and "does not lie in --parent lishui" in out
    assert snapshot(datasets) == before
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), "--jurisdiction",
                    "qingtian", "--year", "2024", "--name", "丽水市青田县", "--parent",
                    "lishui", "--code", "331121")  # fmt: skip
    assert code == 0, out
    place = next(j for j in rows(datasets, "jurisdictions") if j["id"] == "qingtian")
    assert (place["short_name"], place["level"], place["parent_id"]) == (
        "青田县",
        "county",
        "lishui",
    )


def test_site_shows_the_added_report(tmp_path: Path, epoch_env: None) -> None:
    # The site of the added report is what is looked at: `add` assembles every report
    # from its source again, so the package is cut to the first tasks of each list
    # afterwards (the added report has four), and the rest would only make the build longer
    datasets = trim_package(ROOT / "datasets", tmp_path / "datasets", keep=2)
    code, out = run("add", str(NOTICE), "--datasets", str(datasets), *ADD)
    assert code == 0, out
    built = build(trim_package(datasets, tmp_path / "cut", keep=4), tmp_path / "site")
    page = built.html("reports/liandu-2024/")
    assert "新增城镇就业8000人" in page.text()
    unit = built.html("units/liandu-qufagaiju/")
    assert "实施重大项目攻坚行动" in unit.text()
    slices = [p for p in built.site.rglob("*.csv") if "liandu-2024" in str(p)]
    assert slices and any("建设婴幼儿照护服务机构5家" in p.read_text("utf-8-sig") for p in slices)


def test_html_notice(datasets: Path, tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in NOTICE.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "notice.html"
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    code, out = run("add", str(page), "--datasets", str(datasets), "--jurisdiction", "liandu",
                    "--year", "2025", "--kind", "work-plan")  # fmt: skip
    assert code == 0, out
    assert (datasets / "sources" / "liandu-2025.html").read_bytes() == page.read_bytes()
    report = next(r for r in rows(datasets, "reports") if r["id"] == "liandu-2025")
    assert (report["kind"], report["doc_number"]) == ("work-plan", "莲政办发〔2024〕5号")
    tasks = [t["text"] for t in rows(datasets, "tasks") if t["list_id"] == "liandu-2025-main"]
    assert tasks[3] == "建设婴幼儿照护服务机构5家。"


def test_several_units_without_a_lead_rule_warn(datasets: Path, tmp_path: Path) -> None:
    notice = tmp_path / "plan.txt"
    notice.write_text(
        "2025年莲都区民生实事项目责任分解\n"
        "1.新建城市书房3家。\n责任单位:区文广旅体局、区财政局\n"
        "2.改造农村公路50公里。\n责任单位:区交通运输局、区财政局\n",
        encoding="utf-8",
    )
    code, out = run("add", str(notice), "--datasets", str(datasets), "--jurisdiction", "liandu",
                    "--year", "2025")  # fmt: skip
    assert code == 0, out
    assert "warning: 2 task(s) list several units" in out
    roles = {
        a["role"] for a in rows(datasets, "assignments") if a["task_id"].startswith("liandu-2025-")
    }
    assert roles == {"responsible"}  # nothing guessed
