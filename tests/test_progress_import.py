"""Reading progress reports, matching their rows to tasks, and `luoshi import-progress`."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from luoshi.cli import main
from luoshi.progress import status as vocab
from luoshi.progress.apply import candidates
from luoshi.progress.figures import QUANTITY, figure, find_as_of, table_figure
from luoshi.progress.match import Matcher, cn_int
from luoshi.progress.model import Item, fold
from luoshi.progress.read import read_document, read_items
from luoshi.validate import validate_package

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "progress"


# --- status vocabulary -------------------------------------------------------------

BRIEF_WORDS = {
    "completed": "已完成 已竣工 已完工 已投入使用 提前完成",
    "ahead": "超序时进度 超进度 超额 超额完成",
    "on-schedule": "序时推进 按序时推进 达到序时进度 正在施工 正在推进",
    "behind": "滞后 未达序时进度 未达到序时进度 欠进度 推进缓慢 严重滞后 进度相对较慢 偏慢",
    "not-started": "未启动 未开工",
    "adjusted": "调整 不再推进",
}


@pytest.mark.parametrize("status", list(BRIEF_WORDS))
def test_published_words_map_to_the_vocabulary(status):
    for words in BRIEF_WORDS[status].split():
        assert vocab.status_of(words) == status, words
        found = vocab.find_status(f"目前{words}。")
        assert found is not None and found[:2] == (status, words), words
    assert status in vocab.STATUSES and vocab.label(status)


def test_longer_words_win_and_counts_are_not_statuses():
    assert vocab.find_status("3项指标未达到序时进度")[:2] == ("behind", "未达到序时进度")
    assert vocab.find_status("建设进度相对较慢的县区")[:2] == ("behind", "建设进度相对较慢")
    assert vocab.find_status("已完成1个(50%)") is None  # a count, not a status
    assert vocab.find_status("完成率110%") is None
    assert vocab.find_status("第一实验幼儿园建设工程已竣工")[1] == "已竣工"
    # traditional characters are understood and kept as printed
    assert vocab.find_status("3項未達到序時進度")[:2] == ("behind", "未達到序時進度")
    assert vocab.status_of("嚴重滯後") == "behind" and vocab.status_of("超額完成") == "ahead"


# --- figures and dates ---------------------------------------------------------------


def test_figures_keep_the_value_as_printed_and_the_rate_as_a_number():
    assert figure("完成率42%") == (figure("完成率42%").__class__("42%", 42.0))
    assert (figure("完成年度投资的76%").value, figure("完成年度投资的76%").rate) == ("76%", 76.0)
    assert (figure("已完成8个(53%)").value, figure("已完成8个(53%)").rate) == ("53%", 53.0)
    growth = figure("增长86.1%,增幅全省排第9位")
    assert growth.value == "86.1%" and growth.rate is None  # a growth, not a completion
    assert figure("802.81亿元,比上年同期增长28.6%").value == "802.81亿元"
    assert figure("正在开展编制招标文件") is None


def test_a_quantity_of_work_not_yet_begun_is_no_figure():
    """A clause that says the work has not begun restates the target: never a value."""
    assert figure("推动“美丽海岸带”建设2公里未启动") is None
    assert figure("打造2个示范点正着手准备开展招标") is None
    assert figure("完成投资2亿元,剩余部分尚未开工").value == "2亿元"
    assert table_figure("50%(马站未开工").value == "50%"  # the remark is a clause of its own
    assert figure("完成应急模拟演练3次").value == "3次"  # 模拟 says nothing of progress


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("截至2023年9月30日,全市", 2022, dt.date(2023, 9, 30)),
        ("1-8月份进展情况", 2022, dt.date(2022, 8, 31)),
        ("1至7月民生工程", 2017, dt.date(2017, 7, 31)),
        ("截至9月底已完成19项", 2025, dt.date(2025, 9, 30)),
        ("上半年完成情况", 2024, dt.date(2024, 6, 30)),
        ("(截至10月31日)", 2022, dt.date(2022, 10, 31)),
    ],
)
def test_as_of_from_the_document(text, year, expected):
    assert find_as_of(text).date(year) == expected


# --- row extraction on the real corpus --------------------------------------------------


def row_checks(item: Item | None, expected: dict) -> dict[str, bool]:
    """A row is right when its number, the start of its printed text, its status words
    and its value are those of the hand-written expectation."""
    if item is None:
        return {"present": False}
    return {
        "no": item.no == expected["no"],
        "text": fold(item.span).startswith(fold(expected["text_starts"])),
        "status": fold(item.status_text or "") == fold(expected["status_text"] or ""),
        "value": fold(item.value or "") == fold(expected["value"] or ""),
    }


def corpus_figures() -> dict[str, tuple[int, int, int]]:
    """Per file: rows right, rows expected, rows found."""
    figures = {}
    for path in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        document = read_document(path)
        rows = expected["rows"]
        found = document.items + [None] * max(len(rows) - len(document.items), 0)
        right = sum(
            all(row_checks(item, row).values()) for item, row in zip(found, rows, strict=True)
        )
        figures[path.stem] = (right, len(rows), len(document.items))
        assert document.as_of is not None and expected["as_of"] in document.as_of.printed
    return figures


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/progress is not checked out here")
def test_row_extraction_on_the_published_reports(capsys):
    figures = corpus_figures()
    assert len(figures) >= 7
    with capsys.disabled():
        for name, (right, expected, found) in figures.items():
            print(f"\n{name}: {right}/{expected} rows right ({found} found)", end="")
    right = sum(f[0] for f in figures.values())
    total = sum(f[1] for f in figures.values())
    with capsys.disabled():
        print(f"\noverall: {right}/{total} = {right / total:.1%}")
    assert right / total >= 0.9
    # no file is read as something else entirely, and nothing is invented beyond its rows
    assert all(r >= 0.75 * e and f <= e + 1 for r, e, f in figures.values())


FULL_WIDTH = str.maketrans("(),:;%", "（），：；％")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/progress is not checked out here")
@pytest.mark.parametrize(
    "name", ["01_cangnan-2022-oct", "02_chengxiang-2022-aug", "06_xianning-2021-h1"]
)
def test_full_width_punctuation_reads_as_half_width_and_is_kept_as_printed(name, tmp_path):
    """The corpus copies print （），：；％ half-width; most pages print them full-width. Read
    so, a report gives the same rows, and each row quotes the page as printed."""
    path = CORPUS / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    printed = tmp_path / path.name
    printed.write_text(
        "\n".join(lines[:2] + [line.translate(FULL_WIDTH) for line in lines[2:]]), "utf-8"
    )
    rows = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["rows"]
    items, plain = read_document(printed).items, read_document(path).items
    assert len(items) == len(plain)
    right = [all(row_checks(item, row).values()) for item, row in zip(items, rows, strict=False)]
    assert sum(right) >= 0.75 * len(rows)
    # What an item quotes verbatim from the half-width copy, it quotes from the page.
    page, plain_page = ("".join(p.read_text(encoding="utf-8").split("\n")) for p in (printed, path))
    quoted = [
        (getattr(item, name), getattr(other, name))
        for item, other in zip(items, plain, strict=True)
        for name in ("name", "span", "progress")
        if getattr(other, name) and getattr(other, name) in plain_page
    ]
    assert quoted and all(mine in page for mine, _ in quoted)
    assert any(mine != theirs for mine, theirs in quoted)  # full-width marks kept


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/progress is not checked out here")
def test_a_report_published_as_an_html_table_reads_as_its_copy(tmp_path):
    """01_cangnan is a five-column table flattened one cell a line; as the page's own
    <table> (an empty 备注 cell, a 牵头单位 cell merged over two rows), the same rows."""
    path = CORPUS / "01_cangnan-2022-oct.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("序号")
    cells = [line for line in lines[start:] if line.strip()]
    rows = [cells[i : i + 5] for i in range(0, len(cells), 5)]
    rows[1][4] = ""  # an empty cell
    markup = ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in rows[0]) + "</tr>"]
    for row in rows[1:]:
        markup.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    if rows[2][3] == rows[3][3]:  # the same lead unit: one cell over both rows
        markup[2] = markup[2].replace(
            f"<td>{rows[2][3]}</td>", f'<td rowspan="2">{rows[2][3]}</td>'
        )
        markup[3] = markup[3].replace(f"<td>{rows[3][3]}</td>", "", 1)
    page = tmp_path / "report.html"
    title = html.escape(lines[2])
    page.write_text(
        f"<html><body><p>{title}</p><table>{''.join(markup)}</table></body></html>", "utf-8"
    )
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["rows"]
    items = read_document(page).items
    assert [
        all(row_checks(item, row).values()) for item, row in zip(items, expected, strict=True)
    ] == [True] * len(expected)
    assert [item.unit for item in items] == [item.unit for item in read_document(path).items]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/progress is not checked out here")
def test_table_rows_keep_lead_unit_and_completion_rate():
    items = read_document(CORPUS / "01_cangnan-2022-oct.txt").items
    first = items[0]
    assert (first.no, first.unit, first.value, first.rate) == ("1", "县教育局", "80%", 80.0)
    assert first.status == "behind" and first.progress.startswith("80%(新区实验幼儿园")
    assert items[6].status == "not-started"  # 50%(马站未开工 — bracket left open as printed


# --- matching -------------------------------------------------------------------------


def row(name: str, no: str | None = None, unit: str | None = None) -> Item:
    return Item(line=1, name=name, span=name, no=no, unit=unit)


@pytest.fixture(scope="module")
def lishui():
    return Matcher(candidates(DATASETS, "lishui-2023"))


def variants(text: str) -> list[str]:
    """How progress reports restate a task: its first clause, with the quantity moved
    to the front, without the opening verb, with 项目/工程 appended."""
    first = re.split("[,,;;。]", text)[0]
    found = [first, first + "工程"]
    quantity = QUANTITY.search(first)
    if quantity:
        found.append(quantity.group(0) + first[: quantity.start()] + first[quantity.end() :])
    found.append(
        re.sub("^(加快|推进|深入|实施|持续|积极|大力|全面|着力|推动|开展|扎实)+", "", first)
    )
    return [v for v in dict.fromkeys(found) if len(v) >= 4]


def test_matching_restated_tasks_of_a_report(lishui):
    """Every task of lishui-2023, restated four ways, without and with its lead unit:
    never a wrong task, and at least 95% found."""
    right = wrong = total = 0
    for candidate in lishui.candidates:
        for text in variants(candidate.text):
            for unit in (None, candidate.units[0] if candidate.units else None):
                total += 1
                found = lishui.match(row(text, unit=unit)).candidate
                right += found is not None and found.id == candidate.id
                wrong += found is not None and found.id != candidate.id
    print(f"\nmatching: {right}/{total} right ({right / total:.1%}), {wrong} wrong")
    assert wrong == 0
    assert right / total >= 0.95, (right, total)


def test_rows_of_another_place_are_rarely_taken_for_a_task(lishui):
    """Tasks of 莲都区 (a district of 丽水 with parallel tasks and other targets) against
    丽水市's list: few are matched at all (the ones that are restate a task both set)."""
    matched = 0
    others = candidates(DATASETS, "liandu-2023")
    for other in others:
        found = lishui.match(row(re.split("[,,;;。]", other.text)[0]))
        matched += found.candidate is not None
    assert matched <= 0.1 * len(others)  # measured: 11 of 128, each a task both lists share


def test_printed_number_only_where_the_text_agrees(lishui):
    by_number = lishui.match(row("慈善事业发展", no="68"))
    assert (by_number.candidate.id, by_number.how) == ("lishui-2023-main-068", "number")
    # 44 is another task: the text decides
    moved = lishui.match(row("高水平建设浙江自贸区丽水联动创新区", no="44"))
    assert (moved.candidate.id, moved.how) == ("lishui-2023-main-045", "text")
    assert cn_int("六十六") == 66 and cn_int("二十三") == 23 and cn_int("十") == 10


def test_lead_unit_breaks_a_tie(lishui):
    text = "华侨经济文化合作"
    assert lishui.match(row(text)).candidate is None  # two tasks say this
    assert lishui.match(row(text, unit="市发改委")).candidate.id == "lishui-2023-main-107"
    by_spelling = lishui.match(row(text, unit="市委统战部(市侨办)"))
    assert (by_spelling.candidate.id, by_spelling.how) == ("lishui-2023-main-143", "unit")


def test_unmatchable_row_keeps_its_candidates(lishui):
    found = lishui.match(row("新建公办幼儿园5所"))
    assert found.candidate is None and found.how == ""
    assert found.ranked and all(score < 0.6 for score, _ in found.ranked)


def test_fixture_reports_match_precisely():
    """The hand-written reports for lishui-2023: each row's task as an editor reads it."""
    expected = {
        "lishui-2023-q3.html": [
            "074",
            "038",
            "046",
            "066",
            "143",
            "107",
            None,
            "057",
            "068",
        ],
        "lishui-2023-pipe.md": ["035", "068", "045", "074"],
        "lishui-2023-tongbao.txt": ["074", "068", "046", "066", "038", None],
    }
    matcher = Matcher(candidates(DATASETS, "lishui-2023"))
    for name, tasks in expected.items():
        items = read_document(FIXTURES / name).items
        found = [matcher.match(item).candidate for item in items]
        ids = [c.id.rsplit("-", 1)[1] if c else None for c in found]
        assert ids == tasks, name


# --- the command ---------------------------------------------------------------------


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    return copy / "datapackage.json"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import-progress", *args])
    return result.exit_code, result.output


def progress_rows(datapackage: Path) -> dict[str, dict]:
    with (datapackage.parent / "progress.csv").open(encoding="utf-8") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_import_progress_end_to_end(package: Path):
    report = FIXTURES / "lishui-2023-q3.html"
    code, output = run(
        str(report),
        "--report",
        "lishui-2023",
        "--datasets",
        str(package),
        "--source",
        "https://example.gov.cn/q3.html",
    )
    assert code == 0, output
    rows = progress_rows(package)
    row = rows["lishui-2023-main-038-p20230930"]
    assert (row["status"], row["status_text"], row["value"], row["rate"]) == (
        "on-schedule",
        "正在推进",
        "76%",
        "76",
    )
    assert row["text"] == "正在推进,完成年度任务的76%"
    assert row["source"] == "https://example.gov.cn/q3.html" and "云和梯田创5A" in row["note"]
    assert rows["lishui-2023-main-046-p20230930"]["rate"] == "42"
    assert rows["lishui-2023-main-143-p20230930"]["note"].count("市委统战部") == 1
    assert not any("幼儿园" in r["note"] for r in rows.values())
    assert "NOT WRITTEN (no confident match)" in output and "新建公办幼儿园5所" in output
    assert validate_package(package) == []
    first = (package.parent / "progress.csv").read_bytes()
    code, output = run(
        str(report),
        "--report",
        "lishui-2023",
        "--datasets",
        str(package),
        "--source",
        "https://example.gov.cn/q3.html",
    )
    assert code == 0 and "progress.csv unchanged" in output
    assert (package.parent / "progress.csv").read_bytes() == first
    # another as-of date adds rows and keeps the earlier ones
    code, output = run(
        str(FIXTURES / "lishui-2023-tongbao.txt"),
        "--report",
        "lishui-2023",
        "--datasets",
        str(package),
    )
    assert code == 0, output
    later = progress_rows(package)
    assert set(rows) < set(later)
    assert later["lishui-2023-main-066-p20230831"]["status"] == "behind"
    assert later["lishui-2023-main-066-p20230930"]["status"] == "ahead"
    assert validate_package(package) == []


def test_import_needs_an_as_of_date(package: Path, tmp_path: Path):
    undated = tmp_path / "undated.txt"
    undated.write_text("序号\n任务\n进展\n1\n推动慈善事业高质量发展\n已完成\n", encoding="utf-8")
    before = (package.parent / "progress.csv").read_bytes()
    code, output = run(str(undated), "--report", "lishui-2023", "--datasets", str(package))
    assert code == 1 and "no-as-of-date" in output
    code, output = run(
        str(undated), "--report", "lishui-2023", "--datasets", str(package), "--as-of", "2023-12-31"
    )
    assert code == 0 and "lishui-2023-main-068" in output
    assert progress_rows(package)["lishui-2023-main-068-p20231231"]["status"] == "completed"
    assert before != (package.parent / "progress.csv").read_bytes()


def test_invalid_rows_write_nothing(package: Path, tmp_path: Path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(
        "截至2023年9月30日\n序号\n任务\n进展\n1\n推动慈善事业高质量发展\n超额完成,完成率1500%\n",
        encoding="utf-8",
    )
    before = (package.parent / "progress.csv").read_bytes()
    code, output = run(str(wrong), "--report", "lishui-2023", "--datasets", str(package))
    assert code == 1 and "invalid: nothing written" in output and "rate" in output
    assert (package.parent / "progress.csv").read_bytes() == before
    code, output = run(str(wrong), "--report", "nowhere-2023", "--datasets", str(package))
    assert code == 1 and "unknown-report" in output


def test_rows_without_status_words_are_reported_not_guessed(package: Path):
    report = FIXTURES / "lishui-2023-q3.html"
    code, output = run(str(report), "--report", "lishui-2023", "--datasets", str(package))
    assert "no status words printed" in output and "lishui-2023-main-068" in output
    assert "lishui-2023-main-068-p20230930" not in progress_rows(package)
    code, output = run(
        str(report),
        "--report",
        "lishui-2023",
        "--datasets",
        str(package),
        "--default-status",
        "on-schedule",
    )
    chosen = progress_rows(package)["lishui-2023-main-068-p20230930"]
    assert (chosen["status"], chosen["status_text"], chosen["value"]) == ("on-schedule", "", "3个")
    assert "导入时指定" in chosen["note"]


def test_reader_accepts_pipe_tables_and_full_width_text():
    lines = list(
        enumerate(
            [
                "截至2023年6月30日",
                "|序号|任务|进度|",
                "|--|--|--|",
                "|1|推动慈善事业高质量发展|按序时推进,完成率60%|",
            ],
            1,
        )
    )
    document = read_items(lines)
    item = document.items[0]
    assert (item.no, item.name, item.status, item.rate) == (
        "1",
        "推动慈善事业高质量发展",
        "on-schedule",
        60.0,
    )
    assert document.as_of.date(2023) == dt.date(2023, 6, 30)


def test_indicator_rows_of_one_list(package: Path):
    """Indicator actuals are progress rows for indicators; --list narrows the candidates
    where the same indicator is set in several lists of a report."""
    report = FIXTURES / "liandu-2023-gongfu-h1.txt"
    args = ["--report", "liandu-2023-gongfu", "--datasets", str(package)]
    code, output = run(str(report), *args, "--default-status", "on-schedule")
    assert code == 0 and "NOT WRITTEN (no confident match) line 3: 制造业投资增速" in output
    code, output = run(
        str(report),
        *args,
        "--list",
        "liandu-2023-gongfu-indicators",
        "--default-status",
        "on-schedule",
    )
    assert code == 0, output
    rows = progress_rows(package)
    gdp = rows["liandu-2023-gongfu-indicators-i001-p20230630"]
    assert (gdp["indicator_id"], gdp["task_id"], gdp["value"], gdp["rate"]) == (
        "liandu-2023-gongfu-indicators-i001",
        "",
        "4.6万元",
        "",
    )
    growth = rows["liandu-2023-gongfu-indicators-i004-p20230630"]
    assert (growth["value"], growth["rate"]) == ("31.2%", "")  # a level, not a completion
    assert rows["liandu-2023-gongfu-indicators-i031-p20230630"]["value"] == "1.62"
    assert validate_package(package) == []


def test_docx_table_with_other_columns(tmp_path: Path):
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    document = docx.Document()
    document.add_paragraph("重点工作推进情况(截至2023年11月30日)")
    table = document.add_table(rows=3, cols=6)
    cells = [
        ["序号", "工作任务", "年度目标", "完成情况", "完成率", "牵头单位"],
        ["1", "积极申报综合保税区", "获批", "已完成", "100%", "丽水开发区管委会"],
        ["2", "推动慈善事业高质量发展", "", "推进缓慢", "35%", "市民政局"],
    ]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "progress.docx"
    document.save(path)
    read = read_document(path)
    assert [(i.no, i.name, i.status, i.value, i.rate, i.unit) for i in read.items] == [
        ("1", "积极申报综合保税区", "completed", "100%", 100.0, "丽水开发区管委会"),
        ("2", "推动慈善事业高质量发展", "behind", "35%", 35.0, "市民政局"),
    ]
    assert read.as_of.date(2023) == dt.date(2023, 11, 30)


def test_recorded_actuals_carry_their_source():
    """Year-end actual figures recorded for the seeds: each with its source address, the
    value as printed in the published text, and a note saying where the figure was
    printed and why the status is what it is."""
    recorded = [
        row
        for row in progress_rows(DATASETS / "datapackage.json").values()
        if "统计公报" in row["note"]
    ]
    assert {row["task_id"] for row in recorded} >= {"lishui-2023-main-001"}
    for row in recorded:
        assert row["source"].startswith("https://")
        assert row["value"] in row["text"]


def test_numbered_items_under_status_headings():
    lines = [
        "截至2023年9月30日",
        "一、已完成项目",
        "1.推动慈善事业高质量发展。年内建成慈善基地3个。",
        "二、滞后项目",
        "2.积极申报综合保税区,牵头单位:丽水开发区管委会。正在编制申报材料。",
        "3.村卫生室智慧医保互联互通覆盖工程。未开工。",
    ]
    items = read_items(list(enumerate(lines, 1))).items
    assert [(i.no, i.name, i.status, i.status_text) for i in items] == [
        ("1", "推动慈善事业高质量发展", "completed", "已完成"),
        ("2", "积极申报综合保税区", "behind", "滞后"),
        ("3", "村卫生室智慧医保互联互通覆盖工程", "not-started", "未开工"),  # its own words win
    ]
    assert items[1].unit == "丽水开发区管委会" and items[1].progress == "正在编制申报材料。"
    assert items[0].value == "3个"


def test_table_numbered_afresh_per_category_with_figure_columns():
    cells = [
        "2023年民生实事项目1-9月完成情况表",
        "序号",
        "项目名称",
        "年度目标",
        "1-9月完成情况",
        "完成率",
        "责任单位",
        "一、教育",
        "1",
        "新建公办幼儿园",
        "3",
        "2",
        "67%",
        "县教育局",
        "2",
        "改造农村薄弱学校",
        "5",
        "5",
        "100%",
        "县教育局",
        "二、卫生",
        "1",
        "建成村卫生室",
        "20",
        "进度滞后",
        "40%",
        "县卫健局",
    ]
    items = read_items(list(enumerate(cells, 1))).items
    assert [(i.no, i.name, i.value, i.rate, i.unit, i.status) for i in items] == [
        ("1", "新建公办幼儿园", "67%", 67.0, "县教育局", None),
        ("2", "改造农村薄弱学校", "100%", 100.0, "县教育局", None),
        ("1", "建成村卫生室", "40%", 40.0, "县卫健局", "behind"),
    ]
