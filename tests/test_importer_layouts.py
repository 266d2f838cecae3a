"""`luoshi import` on the layouts of real notices, each in a small made-up notice.

The real notices are in ../shared/notices (tests/test_notices.py); these cases pin
each layout down, in both punctuation widths, so that a change for one cannot
silently break another.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from luoshi.cli import main


def imported(tmp_path: Path, text: str) -> dict:
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(notice), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def summary(data: dict) -> list[tuple[str, str, list[str], list[str]]]:
    return [(t["no"], t["text"], t["lead"], t["units"]) for t in data["tasks"]]


def test_flattened_table_with_multiline_cells_and_a_merged_number(tmp_path: Path) -> None:
    cells = ["附件", "2024年民生实事分解表", "序号", "民生实事", "责任单位", "完成时限"]
    cells += ["1", "新建公园2个。", "县住建局", "县园林中心", "12月底前"]
    cells += ["2", "建设养老院。", "县民政局", "6月底前", "建设老年大学。", "12月底前"]
    cells += ["3", "改造学校。", "县教育局", "9月投入使用", "分享到:"]
    data = imported(tmp_path, "\n\n".join(cells))
    assert summary(data) == [
        ("1", "新建公园2个。", [], ["县住建局", "县园林中心"]),
        ("2", "建设养老院。", [], ["县民政局"]),
        ("2", "建设老年大学。", [], ["县民政局"]),  # the merged 责任单位 cell
        ("3", "改造学校。", [], ["县教育局"]),
    ]
    assert [t["deadline"] for t in data["tasks"]] == [
        "12月底前",
        "6月底前",
        "12月底前",
        "9月投入使用",
    ]
    assert any("item 2: cells placed by what they hold" in w for w in data["warnings"])


def test_pipe_table_with_merged_project_cells_and_continuation_rows(tmp_path: Path) -> None:
    text = """2024年民生实事进展表
项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |
1.道路提升项目 | 改造道路3条; | 11月 | 建设局 |
2024.8 | 城投集团 | ||
新建公园2处; | 10月 | 建设局 | |
2.教育项目 | 新建学校1所。 | 1.2024年8月 2.2024年12月 | 教体局 |
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "改造道路3条;", ["建设局", "城投集团"], []),
        ("1", "新建公园2处;", ["建设局"], []),
        ("2", "新建学校1所。", ["教体局"], []),
    ]
    tasks = data["tasks"]
    assert tasks[0]["section"] == ["道路提升项目"] and tasks[0]["deadline"] == "11月"
    assert tasks[2]["deadline"] == "1.2024年8月 2.2024年12月"
    assert any("城投集团" in w and "item 1" in w for w in data["warnings"])


def test_livelihood_table_with_project_and_content_columns(tmp_path: Path) -> None:
    text = """序号|项目名称|主要内容|分管领导|牵头单位|配合单位
|---|---|---|---|---|---|
1|城乡供水一体化|新建水厂1座。|张某|市水利局|市财政局、市建设局
2|老旧小区改造|改造小区20个。|李某|市建设局|各区政府
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "城乡供水一体化", ["市水利局"], ["市财政局", "市建设局"]),
        ("2", "老旧小区改造", ["市建设局"], ["各区政府"]),
    ]
    assert data["tasks"][0]["detail"] == "新建水厂1座。"
    assert data["tasks"][1]["officials"] == ["李某"]


def test_whole_page_on_one_line(tmp_path: Path) -> None:
    text = (
        "某省人民政府关于明确重点工作责任单位的通知 现将重点工作任务予以分解,"
        + "各责任单位要尽快制定具体落实方案,明确时间节点、责任领导、主要措施。" * 6
        + " 一、扩大内需 (一)促进消费。"
        + " 1.落实消费券政策。(省商务厅、财政厅等相关部门按职责分工负责)"
        + " 2.稳定房地产市场。(省住房城乡建设厅牵头,省财政厅、自然资源厅按职责分工负责)"
    )
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "落实消费券政策。", [], ["省商务厅", "财政厅"]),
        ("2", "稳定房地产市场。", ["省住房城乡建设厅"], ["省财政厅", "自然资源厅"]),
    ]
    assert data["tasks"][0]["section"] == ["一、扩大内需", "(一)促进消费。"]
    assert any("item 1 lists several units" in w for w in data["warnings"])


@pytest.mark.parametrize(("opening", "closing"), [("〔", "〕"), ("[", "]"), ("（", "）")])
def test_inline_brackets_of_every_kind(tmp_path: Path, opening: str, closing: str) -> None:
    text = (
        f"1.建设公园。{opening}牵头单位：县住建局；责任单位：县财政局、各街办(新区){closing}\n"
        f"2.修缮古桥。{opening}县文旅局牵头，县财政局、县水利局配合{closing}\n"
    )
    assert summary(imported(tmp_path, text)) == [
        ("1", "建设公园。", ["县住建局"], ["县财政局", "各街办(新区)"]),
        ("2", "修缮古桥。", ["县文旅局"], ["县财政局", "县水利局"]),
    ]


def test_label_lines_spaced_labels_and_stated_lead(tmp_path: Path) -> None:
    text = """一、重点项目建设
  1.加快重点项目建设,完成投资300亿元。
  责任领导:吉某
  责任单位:市发改委 五县五区政府 开发区管委会
  责 任 人:安某 五县县长
  工作要求:由市发改委牵头,并负责报进度。
  完成时限:2024年底
"""
    (task,) = imported(tmp_path, text)["tasks"]
    assert task["lead"] == ["市发改委"]
    assert task["units"] == ["五县五区政府", "开发区管委会"]
    assert task["officials"] == ["吉某"] and task["deadline"] == "2024年底"


def test_labels_named_for_lead_and_co_units(tmp_path: Path) -> None:
    text = """1.建设公园。
牵头责任单位:县住建局
协同责任单位:县财政局、县自然资源局等部门
牵头负责领导:王某
2.修缮古桥。
责任单位:县文旅局(牵头)、县财政局
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "建设公园。", ["县住建局"], ["县财政局", "县自然资源局"]),
        ("2", "修缮古桥。", ["县文旅局"], ["县财政局"]),
    ]
    assert data["tasks"][0]["officials"] == ["王某"]
    assert any("等部门" in w for w in data["warnings"])


def test_inline_labels_without_brackets(tmp_path: Path) -> None:
    text = "1.建设公园。牵头单位:县住建局;配合单位:县财政局\n2.修缮古桥。责任单位:县文旅局\n"
    assert summary(imported(tmp_path, text)) == [
        ("1", "建设公园。", ["县住建局"], ["县财政局"]),
        ("2", "修缮古桥。", [], ["县文旅局"]),
    ]


def test_covering_letter_heading_lead_and_restarted_numbering(tmp_path: Path) -> None:
    text = """县示范区管委会,各乡、镇人民政府,县直各有关单位:
现将任务分解印发给你们。
一、责任到人,闭环管理。各责任单位需严格对照任务清单,逐项细化职责,制定实施方案。
二、节点管控,动态调度。各单位要紧盯目标任务、关键指标、序时进度,加强调度运行。
附件:1.县政府工作报告任务清单
2.民生实事任务分解
县政府工作报告任务清单
一、县发改局牵头工作(2项)
1.建设物流园。
2.打造产业基地。
二、王某县长主抓重点工作
1.建设公园。
责任单位:县住建局、各乡、镇人民政府
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "建设物流园。", ["县发改局"], []),
        ("2", "打造产业基地。", ["县发改局"], []),
        ("1", "建设公园。", [], ["县住建局", "各乡、镇人民政府"]),  # an addressee group
    ]
    assert data["tasks"][2]["officials"] == ["王某"]


def test_stated_rule_in_a_bracket_after_the_first_list(tmp_path: Path) -> None:
    text = """一、王某市长主抓重点工作
1.支持企业发展。
责任单位:市经信局、市财政局(列第一位者为工作牵头单位或汇总单位,下同)
2.扩大投资。
责任单位:市发改委、市财政局
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "支持企业发展。", ["市经信局"], ["市财政局"]),
        ("2", "扩大投资。", ["市发改委"], ["市财政局"]),
    ]
    assert not any("several units" in w for w in data["warnings"])


@pytest.mark.parametrize("number", ["一、", "1.", "(1)"])
def test_list_without_any_unit_is_imported(tmp_path: Path, number: str) -> None:
    second = number.replace("一", "二").replace("1", "2")
    text = f"2024年为民办实事项目\n{number}新建幼儿园3所。\n{second}改造农贸市场5家。\n现予公告。\n"
    data = imported(tmp_path, text)
    assert summary(data) == [
        (number.strip("、.()"), "新建幼儿园3所。", [], []),
        (second.strip("、.()"), "改造农贸市场5家。", [], []),
    ]
    assert any("no unit is named anywhere" in w for w in data["warnings"])


def test_officials_are_never_units(tmp_path: Path) -> None:
    text = "1.建设公园。(牵头市领导:王某、李某;牵头单位:市建设局)\n"
    (task,) = imported(tmp_path, text)["tasks"]
    assert task["officials"] == ["王某", "李某"]
    assert task["lead"] == ["市建设局"] and task["units"] == []


def test_official_titles_full_width_digits_and_plain_responsibility(tmp_path: Path) -> None:
    text = """１．建设公园。
牵头领导：王某（副市长） 李某副市长
牵头单位：市建设局
２．修缮古桥。（市文旅局、市财政局负责）
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("１", "建设公园。", ["市建设局"], []),
        ("２", "修缮古桥。", [], ["市文旅局", "市财政局"]),
    ]
    assert data["tasks"][0]["officials"] == ["王某", "李某"]


def test_table_numbers_printed_with_punctuation(tmp_path: Path) -> None:
    cells = ["序号", "重点任务", "牵头单位", "配合单位", "1.", "新建学校。", "县教育局", "县财政局"]
    cells += ["2.", "改造道路。", "县交通局", "各乡镇"]
    assert summary(imported(tmp_path, "\n".join(cells))) == [
        ("1", "新建学校。", ["县教育局"], ["县财政局"]),
        ("2", "改造道路。", ["县交通局"], ["各乡镇"]),
    ]


def test_stated_rule_applies_to_a_table_and_no_rule_is_warned(tmp_path: Path) -> None:
    cells = ["序号", "工作任务", "责任单位", "1", "新建学校。", "县教育局、县财政局"]
    cells += ["2", "改造道路。", "县交通局、各乡镇"]
    ruled = imported(tmp_path, "\n".join(["责任单位中列第一位的为牵头单位。", *cells]))
    assert summary(ruled) == [
        ("1", "新建学校。", ["县教育局"], ["县财政局"]),
        ("2", "改造道路。", ["县交通局"], ["各乡镇"]),
    ]
    assert not any("no lead" in w for w in ruled["warnings"])
    plain = imported(tmp_path, "\n".join(cells))
    assert [t["lead"] for t in plain["tasks"]] == [[], []]
    assert any("2 items list several units" in w and "1, 2" in w for w in plain["warnings"])


def test_label_alone_on_its_line_and_label_with_a_bracket(tmp_path: Path) -> None:
    text = "1.建设公园。\n牵头单位(部门):\n县住建局\n配合单位：\n县财政局、县水利局\n"
    assert summary(imported(tmp_path, text)) == [
        ("1", "建设公园。", ["县住建局"], ["县财政局", "县水利局"]),
    ]


def test_tab_separated_table(tmp_path: Path) -> None:
    text = "序号\t工作任务\t牵头单位\t配合单位\n1\t新建学校。\t县教育局\t县财政局\n"
    assert summary(imported(tmp_path, text)) == [("1", "新建学校。", ["县教育局"], ["县财政局"])]


def test_two_flattened_tables_and_a_repeated_header(tmp_path: Path) -> None:
    first = ["附件1", "预期目标分解表", "序号", "预期目标", "责任单位", "1", "增长6%。", "区发改局"]
    first += ["序号", "预期目标", "责任单位", "2", "增长8%。", "区经信局"]  # page break
    second = ["附件2", "重点工作分解表", "序号", "重点工作", "牵头单位", "配合单位"]
    second += ["1", "新建学校。", "区教育局", "区财政局"]
    data = imported(tmp_path, "\n\n".join(first + second))
    assert [(t["list"], *row) for t, row in zip(data["tasks"], summary(data), strict=True)] == [
        (1, "1", "增长6%。", [], ["区发改局"]),
        (1, "2", "增长8%。", [], ["区经信局"]),
        (2, "1", "新建学校。", ["区教育局"], ["区财政局"]),
    ]
    assert [row["title"] for row in data["lists"]] == ["预期目标分解表", "重点工作分解表"]


def test_html_table_cell_with_one_paragraph_per_unit(tmp_path: Path) -> None:
    notice = tmp_path / "notice.html"
    row = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
    notice.write_text(
        "<html><body><table>"
        + row.format("序号", "工作任务", "牵头单位", "责任单位")
        + row.format("1", "新建学校。", "县教育局", "<p>县财政局</p><p>各乡镇</p>")
        + row.format("2", "改造道路。", "县交通局", "县财政局")
        + "</table></body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", str(notice), "--json"])
    assert summary(json.loads(result.stdout)) == [
        ("1", "新建学校。", ["县教育局"], ["县财政局", "各乡镇"]),
        ("2", "改造道路。", ["县交通局"], ["县财政局"]),
    ]


def test_covering_letter_beside_a_table_is_not_a_task_list(tmp_path: Path) -> None:
    text = """关于印发重点工作任务清单的通知
一、提高认识。各单位要高度重视。
二、强化督查。县政府督查室将定期督查。
序号 | 工作任务 | 牵头单位
1 | 新建学校。 | 县教育局
"""
    assert summary(imported(tmp_path, text)) == [("1", "新建学校。", ["县教育局"], [])]


def test_official_named_before_or_after_the_office(tmp_path: Path) -> None:
    text = """一、县长王某分管工作
1.建设公园。(牵头单位:县住建局)
二、李某常务副县长联系工作
1.修缮古桥。(牵头单位:县文旅局)
"""
    assert [t["officials"] for t in imported(tmp_path, text)["tasks"]] == [["王某"], ["李某"]]


def test_traditional_characters_read_and_names_kept_as_printed(tmp_path: Path) -> None:
    text = """一、縣長王某主抓工作
1.建設公園。(牽頭單位:縣住建局;責任單位:縣財政局、各鄉鎮等)
2.修繕古橋。
責任單位:縣文旅局、縣水利局
完成時限:2024年12月底
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "建設公園。", ["縣住建局"], ["縣財政局", "各鄉鎮"]),
        ("2", "修繕古橋。", [], ["縣文旅局", "縣水利局"]),
    ]
    assert data["tasks"][1]["deadline"] == "2024年12月底"
    assert data["tasks"][0]["officials"] == ["王某"]
    assert data["tasks"][0]["section"] == ["一、縣長王某主抓工作"]


def test_flattened_livelihood_table(tmp_path: Path) -> None:
    cells = ["2024年民生实事项目", "序号", "项目名称", "主要内容", "分管领导", "牵头单位"]
    cells += ["配合单位"]
    cells += ["1", "城乡供水", "新建水厂1座。", "张某", "县水利局", "县财政局、县建设局"]
    cells += ["2", "学前教育", "新建幼儿园3所。", "李某", "县教育局", "各乡镇"]
    data = imported(tmp_path, "\n".join(cells))
    assert summary(data) == [
        ("1", "城乡供水", ["县水利局"], ["县财政局", "县建设局"]),
        ("2", "学前教育", ["县教育局"], ["各乡镇"]),
    ]
    assert [t["detail"] for t in data["tasks"]] == ["新建水厂1座。", "新建幼儿园3所。"]
    assert [t["officials"] for t in data["tasks"]] == [["张某"], ["李某"]]


def test_numbers_closed_by_a_bracket(tmp_path: Path) -> None:
    text = "一、城市建设\n1）建设公园。(牵头单位:县住建局)\n2）修缮古桥。(牵头单位:县文旅局)\n"
    assert summary(imported(tmp_path, text)) == [
        ("1", "建设公园。", ["县住建局"], []),
        ("2", "修缮古桥。", ["县文旅局"], []),
    ]


def test_pipe_table_sub_rows_under_a_merged_project_cell(tmp_path: Path) -> None:
    text = """序号 | 项目名称 | 主要内容 | 牵头单位 | 配合单位
1 | 城乡供水 | 新建水厂1座。 | 县水利局 | 县财政局
改造管网20公里。 | 县城投集团 | 县水利局
2 | 学前教育 | 新建幼儿园3所。 | 县教育局 | 各乡镇
"""
    data = imported(tmp_path, text)
    assert summary(data) == [
        ("1", "城乡供水", ["县水利局"], ["县财政局"]),
        ("1", "城乡供水", ["县城投集团"], ["县水利局"]),
        ("2", "学前教育", ["县教育局"], ["各乡镇"]),
    ]
    assert [t["detail"] for t in data["tasks"]][:2] == ["新建水厂1座。", "改造管网20公里。"]


MERGED_TABLE = """<html><body><h1>2024年政府工作报告重点工作任务分解表</h1><table border="1">
<tr><th>序号</th><th>重点工作任务</th><th>牵头县领导</th><th>牵头单位</th><th>配合单位</th>
<th>完成时限</th></tr>
<tr><td colspan="6">一、着力扩大有效投资</td></tr>
<tr><td>1</td><td>完成固定资产投资增长8%。</td><td>王五</td><td>县发改局</td>
<td>县财政局<br>县统计局</td><td>2024年12月</td></tr>
<tr><td>2</td><td>开工建设国道改建工程。</td><td rowspan="2">赵六</td><td>县交通运输局</td>
<td>县自然资源局、县林业局</td><td>2024年6月</td></tr>
<tr><td>3</td><td>改造城区污水管网30公里。</td><td>县住建局</td><td>&nbsp;</td><td>2024年10月</td></tr>
<tr><td colspan="6">二、持续改善民生</td></tr>
<tr><td rowspan="2">4</td><td>建设养老服务中心3个。</td><td>孙七</td><td rowspan="2">县民政局</td>
<td></td><td>2024年12月</td></tr>
<tr><td>新建村级养老服务站10个。</td><td>孙七</td><td>各乡镇</td><td>2024年9月</td></tr>
</table></body></html>"""


def test_html_table_with_empty_and_merged_cells_and_heading_rows(tmp_path: Path) -> None:
    """The page's markup says where each cell stands: an empty cell stays empty, a cell
    merged over rows is each row's (a merged number names its first row), and a row
    of one cell across the table heads the rows below it. Nothing is left to guess."""
    notice = tmp_path / "notice.html"
    notice.write_text(MERGED_TABLE, encoding="utf-8")
    data = json.loads(CliRunner().invoke(main, ["import", str(notice), "--json"]).stdout)
    got = [
        (t["no"], t["text"], t["lead"], t["units"], t["officials"], t["deadline"], t["section"])
        for t in data["tasks"]
    ]
    first, second = ["一、着力扩大有效投资"], ["二、持续改善民生"]
    assert got == [
        (
            "1",
            "完成固定资产投资增长8%。",
            ["县发改局"],
            ["县财政局", "县统计局"],
            ["王五"],
            "2024年12月",
            first,
        ),
        (
            "2",
            "开工建设国道改建工程。",
            ["县交通运输局"],
            ["县自然资源局", "县林业局"],
            ["赵六"],
            "2024年6月",
            first,
        ),
        ("3", "改造城区污水管网30公里。", ["县住建局"], [], ["赵六"], "2024年10月", first),
        ("4", "建设养老服务中心3个。", ["县民政局"], [], ["孙七"], "2024年12月", second),
        ("4", "新建村级养老服务站10个。", ["县民政局"], ["各乡镇"], ["孙七"], "2024年9月", second),
    ]
    assert data["warnings"] == []


def test_word_table_with_empty_and_merged_cells(tmp_path: Path) -> None:
    """A Word table read by its cells: an empty cell stays empty, a cell merged down
    (vMerge) is each row's, so every unit lands in its own column."""
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    document = docx.Document()
    document.add_paragraph("2024年政府工作报告重点工作任务分解表")
    rows = [
        ["序号", "重点工作任务", "牵头县领导", "牵头单位", "配合单位", "完成时限"],
        ["1", "完成固定资产投资增长8%。", "王五", "县发改局", "县财政局", "2024年12月"],
        ["2", "开工建设国道改建工程。", "赵六", "县交通运输局", "县林业局", "2024年6月"],
        ["3", "改造城区污水管网30公里。", "", "县住建局", "", "2024年10月"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(2, 2).merge(table.cell(3, 2))  # 赵六 over tasks 2 and 3
    path = tmp_path / "notice.docx"
    document.save(str(path))
    data = json.loads(CliRunner().invoke(main, ["import", str(path), "--json"]).stdout)
    assert [
        (t["no"], t["lead"], t["units"], t["officials"], t["deadline"]) for t in data["tasks"]
    ] == [
        ("1", ["县发改局"], ["县财政局"], ["王五"], "2024年12月"),
        ("2", ["县交通运输局"], ["县林业局"], ["赵六"], "2024年6月"),
        ("3", ["县住建局"], [], ["赵六"], "2024年10月"),
    ]
    assert data["warnings"] == []


def test_html_table_with_a_title_row_and_a_header_of_two_rows(tmp_path: Path) -> None:
    """责任单位 over 牵头单位 and 配合单位: the header is its second row, completed by the
    cells the first merges down; a title row above the header titles the list."""
    notice = tmp_path / "notice.html"
    notice.write_text(
        '<html><body><table><tr><td colspan="5">2024年重点工作任务分解表</td></tr>'
        '<tr><td rowspan="2">序号</td><td rowspan="2">重点工作任务</td>'
        '<td colspan="2">责任单位</td><td rowspan="2">完成时限</td></tr>'
        "<tr><td>牵头单位</td><td>配合单位</td></tr>"
        "<tr><td>1</td><td>新建学校。</td><td>县教育局</td><td></td><td>9月</td></tr>"
        "<tr><td>2</td><td>改造道路。</td><td>县交通局</td><td>县财政局</td><td>12月</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    data = json.loads(CliRunner().invoke(main, ["import", str(notice), "--json"]).stdout)
    assert [(*row, t["deadline"]) for row, t in zip(summary(data), data["tasks"], strict=True)] == [
        ("1", "新建学校。", ["县教育局"], [], "9月"),
        ("2", "改造道路。", ["县交通局"], ["县财政局"], "12月"),
    ]
    assert [row["title"] for row in data["lists"]] == ["2024年重点工作任务分解表"]
    assert data["warnings"] == []


def test_word_table_with_a_title_row_and_a_header_of_two_rows(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    document = docx.Document()
    table = document.add_table(rows=5, cols=5)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "2024年重点工作任务分解表"
    for column, name in [(0, "序号"), (1, "重点工作任务"), (4, "完成时限")]:
        table.cell(1, column).merge(table.cell(2, column)).text = name
    table.cell(1, 2).merge(table.cell(1, 3)).text = "责任单位"
    table.cell(2, 2).text, table.cell(2, 3).text = "牵头单位", "配合单位"
    rows = [
        ["1", "新建学校。", "县教育局", "", "9月"],
        ["2", "改造道路。", "县交通局", "县财政局", "12月"],
    ]
    for i, row in enumerate(rows, start=3):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = tmp_path / "notice.docx"
    document.save(str(path))
    data = json.loads(CliRunner().invoke(main, ["import", str(path), "--json"]).stdout)
    assert summary(data) == [
        ("1", "新建学校。", ["县教育局"], []),
        ("2", "改造道路。", ["县交通局"], ["县财政局"]),
    ]
    assert [row["title"] for row in data["lists"]] == ["2024年重点工作任务分解表"]
    assert data["warnings"] == []


def test_a_table_cell_spanning_a_hundred_million_columns_costs_nothing(tmp_path: Path) -> None:
    """colspan and rowspan are capped as HTML caps them: a hostile page is read at once
    (a thousand 牵头单位 columns make no header: nothing is guessed, the reader is told)."""
    notice = tmp_path / "notice.html"
    notice.write_text(
        '<html><body><table><tr><td>序号</td><td>重点工作任务</td><td colspan="100000000">'
        "牵头单位</td></tr><tr><td>1</td><td>新建学校。</td>"
        '<td rowspan="999999999">县教育局</td></tr></table></body></html>',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", str(notice), "--json"])
    assert result.exit_code == 1 and "no numbered tasks found" in result.output
