"""`luoshi import`: layouts, input formats, failures, drafts, and the five seeds.

Seed reproduction: importing each seed, then applying its reviewed corrections
(datasets/sources/corrections/NNN.csv) through the pipeline, gives the numbers, texts and
(unit name as published, role) sets of datasets/tasks.csv + assignments.csv exactly. For 003 this
compares its 18 key results (标志性成果, prose with `(牵头单位:…)`); its indicator table
and annexes (importer/indicators.py) are checked row by row by tests/test_seed_003.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from luoshi.cli import main
from luoshi.importer import ImportFailed, import_path
from luoshi.importer.compare import Key, Value, differences, package_tasks
from luoshi.pipeline.convert import to_draft
from luoshi.pipeline.corrections import (
    Correction,
    StaleCorrection,
    apply_corrections,
    read_corrections,
)
from luoshi.pipeline.extract import draft_of

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "datasets" / "sources"
SEEDS = {
    "000": ("000_39c49c8ad27c7f18.txt", ["liandu-2023-main"]),
    "001": ("001_60d2928a38aacd54.txt", ["guangfeng-2021-main"]),
    "002": ("002_2120501bf3ccd1ba.txt", ["lishui-2023-main"]),
    "003": ("003_1d8b791f9115e740.txt", ["liandu-2023-gongfu-key-results"]),
    "004": (
        "004_86e2bb104d962bab.txt",
        ["quzhou-2021-fyp14", "quzhou-2021-y2021", "quzhou-2021-livelihood"],
    ),
}

PARAGRAPHS = """关于印发2024年某县政府工作报告重点工作责任分解的通知
各乡镇人民政府,县政府各部门:
责任分工中,首位单位为牵头单位,下同。
一、王某县长牵头重点工作
(一)稳定经济增长
1.实施项目攻坚行动。（责任领导:李某;牵头单位:县发改局;责任单位:县财政局、各县(市、区)政府)
2.推进招商引资〔牵头单位:县商务局；责任单位:县经信局，县科技局等有关部门〕
3、扩大有效投资，完成固定资产投资增长8%。
责任单位:县住建局、县交通局,各乡镇人民政府
完成时限:2024年12月底
(二)扩大内需
1.促进消费回升。
牵头单位:县商务局
配合单位:县市场监管局、县文旅局
二、张某副县长牵头重点工作
(一)改善民生
1.办好十件民生实事。
责任单位:县民政局分别牵头,县财政局
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def import_json(path: Path) -> dict:
    code, out, err = run_cli(str(path), "--json")
    assert code == 0, err
    return json.loads(out)


def by_key(data: dict) -> dict[tuple[str, str], dict]:
    return {(" / ".join(t["section"]), t["no"]): t for t in data["tasks"]}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_reproduced_after_corrections(seed: str) -> None:
    source, list_ids = SEEDS[seed]
    draft = draft_of(SOURCES / source)
    report = list_ids[0].rsplit("-", 1)[0] if seed != "003" else "liandu-2023-gongfu"
    got: dict[Key, Value] = {}
    for draft_list in draft.lists:
        for task in draft_list.tasks:
            # The assembler drops a cell's closing 。 from the last name.
            pairs = frozenset((m.name.removesuffix("。"), m.role) for m in task.mentions)
            got[(f"{report}-{draft_list.code}", task.number)] = (task.text, pairs)
    got = {key: value for key, value in got.items() if key[0] in list_ids}
    want = package_tasks(ROOT / "datasets", list_ids)
    assert differences(got, want) == []


def test_corrections_only_where_the_importer_warned_or_the_name_keeps_deng() -> None:
    """The paragraph seeds need no unit corrections; 000's are all items not placed."""

    def units(seed: str) -> list[Correction]:
        path = SOURCES / "corrections" / f"{seed}.csv"
        return [c for c in read_corrections(path) if c.field == "unit"]

    assert units("001") == units("002") == units("003") == []
    assert {c.corrected for c in units("004")} == {
        "",
        "市住建局等|responsible|责任单位|1",
    }
    warnings = import_path(SOURCES / SEEDS["000"][0]).warnings
    corrected = {c.no for c in units("000")}
    # Or a reviewed note on the item or its mentions says why (flattened cells, a kept 。).
    every = read_corrections(SOURCES / "corrections" / "000.csv")
    noted = {c.no for c in every if c.field in ("note", "unit-note") and c.corrected}
    noted |= {c.no for c in every if "one collective" in c.reason}
    assert corrected and all(
        any(f"item {no}:" in w for w in warnings) or no in noted for no in corrected
    )


def test_paragraph_layouts(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(PARAGRAPHS, encoding="utf-8")
    tasks = by_key(import_json(notice))
    first = tasks[("一、王某县长牵头重点工作 / (一)稳定经济增长", "1")]
    assert first["text"] == "实施项目攻坚行动。"
    assert first["lead"] == ["县发改局"]
    assert first["units"] == ["县财政局", "各县(市、区)政府"]
    assert first["officials"] == ["王某", "李某"]
    second = tasks[("一、王某县长牵头重点工作 / (一)稳定经济增长", "2")]
    assert second["text"] == "推进招商引资"
    assert second["units"] == ["县经信局", "县科技局"]
    third = tasks[("一、王某县长牵头重点工作 / (一)稳定经济增长", "3")]
    assert third["lead"] == ["县住建局"]  # the stated rule: the first unit leads
    assert third["units"] == ["县交通局", "各乡镇人民政府"]
    assert third["deadline"] == "2024年12月底"
    restarted = tasks[("一、王某县长牵头重点工作 / (二)扩大内需", "1")]
    assert restarted["lead"] == ["县商务局"]
    assert restarted["units"] == ["县市场监管局", "县文旅局"]
    assert restarted["deadline"] is None
    each = tasks[("二、张某副县长牵头重点工作 / (一)改善民生", "1")]
    assert each["lead"] == ["县民政局"] and each["units"] == ["县财政局"]
    assert each["officials"] == ["张某"]


def test_trailing_deng_is_a_warning_not_a_name(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(PARAGRAPHS, encoding="utf-8")
    data = import_json(notice)
    assert any("等有关部门" in w and "item 2" in w for w in data["warnings"])


def test_no_rule_means_no_lead(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("1.建设公园。\n责任单位:市住建局、市园林局\n", encoding="utf-8")
    (task,) = import_json(notice)["tasks"]
    assert task["lead"] == [] and task["units"] == ["市住建局", "市园林局"]


TABLE = """2024年重点工作任务分解表
序号 | 工作任务 | 责任领导 | 牵头单位 | 责任单位 | 完成时限
1 | 新建学校2所。 | 刘某 | 县教育局 | 县财政局、县自然资源局 | 2024年8月
2 | 改造老旧小区。 | 陈某 | 县住建局 | 各乡镇(街道) | 2024年底
3 | 建设充电桩。 | 陈某 | 县发改局 | 县供电公司 | 2024年底 | 多余一格
"""


def test_table_with_pipes(tmp_path: Path) -> None:
    notice = tmp_path / "table.txt"
    notice.write_text(TABLE, encoding="utf-8")
    data = import_json(notice)
    tasks = {t["no"]: t for t in data["tasks"]}
    assert tasks["1"]["text"] == "新建学校2所。"
    assert tasks["1"]["lead"] == ["县教育局"]
    assert tasks["1"]["units"] == ["县财政局", "县自然资源局"]
    assert tasks["1"]["officials"] == ["刘某"] and tasks["1"]["deadline"] == "2024年8月"
    assert tasks["2"]["units"] == ["各乡镇(街道)"]
    # Item 3 has a cell too many: reported with its line, not guessed.
    assert tasks["3"]["lead"] == [] and tasks["3"]["units"] == []
    assert any(w.startswith("line 5: item 3") for w in data["warnings"])


def test_flattened_table_one_cell_a_line(tmp_path: Path) -> None:
    cells = ["分类", "序号", "事项", "责任单位", "牵头单位", "发展目标", "1", "增长6%。"]
    cells += ["区发改局、区统计局", "区发改局", "民生", "2", "建设公园。", "区建设局", "区建设局"]
    notice = tmp_path / "flat.txt"
    notice.write_text("\n\n".join(cells), encoding="utf-8")
    tasks = import_json(notice)["tasks"]
    assert [(t["no"], t["section"], t["lead"], t["units"]) for t in tasks] == [
        ("1", ["发展目标"], ["区发改局"], ["区发改局", "区统计局"]),
        ("2", ["民生"], ["区建设局"], ["区建设局"]),
    ]


def test_gb18030_text(tmp_path: Path) -> None:
    notice = tmp_path / "gbk.txt"
    notice.write_bytes("1.修缮古桥。(牵头单位:区文旅局)\n".encode("gb18030"))
    (task,) = import_json(notice)["tasks"]
    assert task["text"] == "修缮古桥。" and task["lead"] == ["区文旅局"]


def test_html(tmp_path: Path) -> None:
    notice = tmp_path / "notice.html"
    notice.write_text(
        "<html><body><script>var x='1.伪造。(牵头单位:假局)';</script>"
        "<p>一、总体目标</p><p>1.完成<b>造林</b>1万亩。</p><p>牵头单位:区林业局</p>"
        "<p>责任单位:各乡镇</p></body></html>",
        encoding="utf-8",
    )
    (task,) = import_json(notice)["tasks"]
    assert task["text"] == "完成造林1万亩。"
    assert task["section"] == ["一、总体目标"]
    assert task["lead"] == ["区林业局"] and task["units"] == ["各乡镇"]


def test_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    document = docx.Document()
    document.add_paragraph("一、城市建设")
    document.add_paragraph("1.新建道路5公里。")
    document.add_paragraph("牵头单位:市交通局")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "事项", "牵头单位"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "植树万株。", "市园林局"], strict=True):
        cell.text = text
    path = tmp_path / "notice.docx"
    document.save(str(path))
    tasks = import_json(path)["tasks"]
    assert [(t["text"], t["lead"]) for t in tasks] == [
        ("新建道路5公里。", ["市交通局"]),
        ("植树万株。", ["市园林局"]),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x00\x01\x02\xff\xfe" * 50, "binary data"),
        ("通知\n请认真贯彻执行。\n".encode(), "no numbered tasks"),
        (b"PK\x03\x04 not really a zip", "binary data"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word"),
        (
            "1.\u00e9t\u00e9 caf\u00e9 (r\u00e9sum\u00e9)\n".encode("latin-1") + b"\x80\x80",
            "unknown encoding",
        ),
    ],
)
def test_unparseable_input_fails_cleanly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=message):
        import_path(path)
    out = tmp_path / "draft"
    code, stdout, err = run_cli(str(path), "--json", "--out", str(out))
    assert code == 1 and message in err and "Traceback" not in err + stdout
    assert len(err.strip().splitlines()) == 1 and stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(("name", "message"), [("missing.txt", "no such file"), ("", "folder")])
def test_missing_file_or_folder_fails_cleanly(tmp_path: Path, name: str, message: str) -> None:
    out = tmp_path / "draft"
    code, stdout, err = run_cli(str(tmp_path / name), "--out", str(out))
    assert code == 1 and message in err and stdout == ""
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_out_that_is_a_file_fails_before_writing(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("1.建设公园。\n责任单位:市住建局\n", encoding="utf-8")
    out = tmp_path / "draft"
    out.write_text("keep", encoding="utf-8")
    code, _, err = run_cli(str(notice), "--out", str(out))
    assert code == 1 and "is a file" in err and out.read_text(encoding="utf-8") == "keep"


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_bytes("1.修缮古桥。(牵头单位:区文旅局)\n".encode("utf-16"))
    (task,) = import_json(notice)["tasks"]
    assert task["text"] == "修缮古桥。" and task["lead"] == ["区文旅局"]


def test_out_writes_draft_tables(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(PARAGRAPHS, encoding="utf-8")
    out = tmp_path / "draft"
    code, _, err = run_cli(str(notice), "--out", str(out))
    assert code == 0, err
    expected = {"tasks", "assignments", "units", "unit_aliases", "sections", "lists",
                "officials", "task_officials"}  # fmt: skip
    assert expected <= {p.stem for p in out.glob("*.csv")}
    assert "draft-report" in (out / "README.md").read_text(encoding="utf-8")
    assignments = (out / "assignments.csv").read_text(encoding="utf-8")
    assert ",县发改局,lead,牵头单位," in assignments
    assert "王某" in (out / "officials.csv").read_text(encoding="utf-8")
    assert "等有关部门" in (out / "warnings.txt").read_text(encoding="utf-8")


def test_stale_correction_fails(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("1.建设公园。\n责任单位:市住建局\n", encoding="utf-8")
    draft = to_draft(import_path(notice), {"source_file": notice.name})
    stale = Correction(1, "1", "unit", "市园林局|responsible", "", "test")
    with pytest.raises(StaleCorrection):
        apply_corrections(draft, [stale])
    outdated = Correction(1, "1", "text", "建设公园", "建设公园。", "test")
    with pytest.raises(StaleCorrection):
        apply_corrections(draft, [outdated])


def test_out_leaves_no_staging_folder(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("1.建设公园。\n责任单位:市住建局\n", encoding="utf-8")
    code, _, err = run_cli(str(notice), "--out", str(tmp_path / "draft"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft", "notice.txt"]
    assert "市住建局" in (tmp_path / "draft" / "assignments.csv").read_text(encoding="utf-8")
