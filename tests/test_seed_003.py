"""Seed 003 (莲都区 共同富裕示范区工作要点 2023): indicator table, key results, three annexes."""

from collections import Counter
from functools import cache
from pathlib import Path

from luoshi.pipeline.extract import draft_of
from luoshi.seeds.ir import IndicatorDraft, ListDraft, ReportDraft, TaskDraft
from luoshi.vocab import LEAD, RESPONSIBLE

SOURCE = Path(__file__).parents[1] / "datasets/sources/003_1d8b791f9115e740.txt"


@cache
def draft() -> ReportDraft:
    return draft_of(SOURCE)


def listing(code: str) -> ListDraft:
    return next(item for item in draft().lists if item.code == code)


def task(code: str, number: str) -> TaskDraft:
    return next(t for t in listing(code).tasks if t.number == number)


def row(number: str, sub: str = "") -> IndicatorDraft:
    rows = listing("indicators").indicators
    return next(r for r in rows if r.number == number and r.sub_number == sub)


def units(mentioned: TaskDraft | IndicatorDraft) -> list[tuple[str, str, str, int]]:
    return [(m.name, m.role, m.label, m.group) for m in mentioned.mentions]


def values(item: TaskDraft) -> list[tuple[str, str, str]]:
    return [(i.name, i.baseline, i.target) for i in item.indicators]


def children(item: TaskDraft) -> list[tuple[str, str]]:
    return [(c.number, c.text) for c in item.children]


def test_metadata() -> None:
    report = draft()
    assert report.source_file == "003_1d8b791f9115e740.txt"
    assert report.title == "2023年莲都区加快跨越式高质量发展建设共同富裕示范区工作要点"
    assert report.page_title == (
        "关于印发《2023年莲都区加快跨越式高质量发展建设共同富裕示范区工作要点》的通知"
    )
    assert report.doc_number == "莲社建委〔2023〕1号"
    assert report.issuer == "中共丽水市莲都区委社会建设委员会"
    assert (report.dated, report.published) == ("2023-07-24", "2023-07-25T09:01:18")
    # The signature date and the page's 发布机构 differ from the fields: say so.
    assert "2023年7月8日" in report.note and "区发改局" in report.note


def test_lists() -> None:
    lists = [(lst.code, lst.kind, lst.title) for lst in draft().lists]
    assert lists == [
        ("indicators", "indicators", "莲都区加快跨越式高质量发展建设共同富裕示范区指标目标"),
        ("key-results", "key-results", "标志性成果"),
        ("annex2", "key-results", "标志性成果清单"),
        ("annex3", "key-works", "“1+7+N”重点工作清单"),
        ("annex4", "reforms", "“1+5+n”重大改革清单"),
    ]


def test_counts() -> None:
    rows = listing("indicators").indicators
    assert len(rows) == 74
    assert [r.number for r in rows] == [
        n for i in range(1, 73) for n in [str(i)] * (2 if i in (37, 53) else 1)
    ]
    counts = {
        code: (
            len(listing(code).tasks),
            sum(len(t.indicators) for t in listing(code).tasks),
            sum(len(t.children) for t in listing(code).tasks),
        )
        for code in ("key-results", "annex2", "annex3", "annex4")
    }
    assert counts == {
        "key-results": (18, 0, 0),
        "annex2": (18, 49, 61),
        "annex3": (51, 127, 162),
        "annex4": (43, 94, 125),
    }


def test_table1_first_and_last() -> None:
    first = row("1")
    assert (first.name, first.target, first.attribute) == ("人均生产总值(万元)", "9", "评价指标")
    assert first.section == ("物质富裕",)
    assert units(first) == [("区发改局", RESPONSIBLE, "责任单位", 1)]
    last = row("72")
    assert (last.name, last.target, last.attribute) == ("整体智治实现率(%)", "稳步提升", "观察指标")
    assert last.section == ("社会富安",)
    assert units(last) == [("区深改服务中心", RESPONSIBLE, "责任单位", 1)]


def test_table1_sections() -> None:
    # The merged 类别 cell covers its block, across the repeated page headers.
    sections = Counter(r.section[0] for r in listing("indicators").indicators)
    assert sections == {
        "物质富裕": 17,
        "城乡富美": 10,
        "生活富足": 30,
        "精神富有": 10,
        "社会富安": 7,
    }
    assert row("20").section == ("城乡富美",)
    assert Counter(r.attribute for r in listing("indicators").indicators) == {
        "评价指标": 54,
        "特色指标": 12,
        "观察指标": 8,
    }


def test_table1_sub_indicators() -> None:
    first, second = row("37", "1"), row("37", "2")
    assert (first.name, first.target) == ("10﹣50万元的群体比例(%)", "稳步提高")
    assert (second.name, second.target) == ("20﹣60万元的群体比例(%)", "25.3")
    assert "家庭可支配收入(按三口之家计算)" in first.note
    assert "家庭可支配收入(按三口之家计算)" in second.note
    assert row("53", "1").name == "集体经济年收入30万元以上且经营性收入15万元以上行政村占比(%)"
    assert (row("53", "2").target, row("53", "2").attribute) == ("25", "评价指标")
    assert "村级集体经济收入" in row("53", "2").note


def test_table1_units() -> None:
    # "/" names no unit; a unit cell wrapped after 、 is one cell.
    assert (row("38").units_text, row("38").mentions) == ("/", [])
    assert row("63").units_text == "区文广旅体局、区卫健局"
    assert units(row("63")) == [
        ("区文广旅体局", RESPONSIBLE, "责任单位", 1),
        ("区卫健局", RESPONSIBLE, "责任单位", 1),
    ]
    assert row("18").target == "<23" and row("63").target == "≥94.1"


def test_key_results() -> None:
    first = task("key-results", "1")
    assert first.title == "推进青年发展型市区建设"
    assert first.text.startswith("推进青年发展型市区建设。积极践行青年优先发展理念,")
    assert first.text.endswith("取得扎扎实实成效。")
    assert first.units_text == "(牵头单位:区发改局)"
    assert units(first) == [("区发改局", LEAD, "牵头单位", 1)]
    assert first.section == ("二、重点任务", "(一)高质量发展高品质生活先行区方面")
    # The published title holds a no-break space.
    assert task("key-results", "15").title == "深化打造“浙江有礼\xa0文明莲都”文明实践品牌"
    last = task("key-results", "18")
    assert (last.title, last.kind) == ("推进“浙里食安”", "key-result")
    assert last.section == ("二、重点任务", "(四)聚焦文明和谐美丽家园展示区方面")
    assert units(last) == [("区市场监管局", LEAD, "牵头单位", 1)]


def test_annex2_first() -> None:
    item = task("annex2", "1")
    assert (item.title, item.text, item.kind, item.section) == (
        "青年发展型市区",
        "",
        "key-result",
        (),
    )
    assert values(item) == [
        ("青年友好型项目数(个)", "0", "15"),
        ("新招引10亿元以上青年型产业项目(个)", "0", "10"),
        ("青年创业帮扶数(次)", "0", "350"),
        ("青年发展型市区建设创意活动(项)", "0", "10"),
    ]
    assert [c.number for c in item.children] == ["1", "2", "3", "4"]
    assert item.children[0].text == (
        "出台《莲都区建设青年发展型市区的实施意见》《莲都区建设青年发展型市区2023年重点工作方案》。"
    )
    assert units(item) == [("区发改局", RESPONSIBLE, "责任单位", 1)]


def test_annex2_irregular() -> None:
    # A 2023 cell broken over two lines.
    assert values(task("annex2", "5"))[1] == (
        "老年健康服务专项行动覆盖老年人(人)",
        "7305",
        "7300以上",
    )
    nine = task("annex2", "9")
    assert units(nine) == [
        ("区建设局", RESPONSIBLE, "责任单位", 1),
        ("区农业农村局", RESPONSIBLE, "责任单位", 1),
    ]
    assert nine.units_text == "区建设局\n区农业农村局"
    # A single unnumbered key task.
    thirteen = task("annex2", "13")
    assert [c.number for c in thirteen.children] == [""]
    assert thirteen.children[0].text.startswith("根据省市部署,以市本级为基础,")
    last = task("annex2", "18")
    assert last.title == "浙里食安"
    assert values(last)[-1] == ("养老机构“阳光厨房”建成数(家)", "0", "6")


def test_annex3_sections() -> None:
    sections = Counter(t.section[0] for t in listing("annex3").tasks)
    assert sections == {
        "经济发展(9项)": 9,
        "收入分配(6项)": 6,
        "公共服务(7项)": 7,
        "协调发展(12项)": 12,
        "文化建设(6项)": 6,
        "生态文明(5项)": 5,
        "社会治理(6项)": 6,
    }
    first = task("annex3", "1")
    assert (first.title, first.kind) == ("国企调结构优布局促发展行动", "key-work")
    assert values(first)[0] == ("投资额(亿元)", "51.26", ">70")
    assert units(first) == [("区国资办", RESPONSIBLE, "责任单位", 1)]


def test_annex3_irregular() -> None:
    # "4借助…": the number is printed without its dot.
    assert children(task("annex3", "23"))[3][0] == "4"
    assert children(task("annex3", "23"))[3][1].startswith("借助义乌市“百县万品”")
    # Tasks 1 and 2 printed on one line are split.
    assert children(task("annex3", "48"))[:2] == [
        ("1", "出台《莲都区食品安全责任保险风险防控能力建设工作方案》。"),
        ("2", "定期召开联席会议,跟进风险防控情况。"),
    ]
    # "2.0 版" inside a task is no task number.
    assert len(task("annex3", "31").children) == 4
    assert values(task("annex3", "29"))[-1] == ("未来社区年度投资额(亿元)", "0.4", "15")
    last = task("annex3", "51")
    assert (last.title, last.section) == ("迭代升级基层智治综合应用系统", ("社会治理(6项)",))
    assert units(last) == [("区社会治理中心", RESPONSIBLE, "责任单位", 1)]


def test_annex4_values() -> None:
    eight = task("annex4", "8")
    assert values(eight)[0] == ("无感监测营商指标", "/", "排名全省前60、全市中上游")
    assert values(eight)[2] == (
        "跨部门联合双随机监管率(%)",
        "26.67",
        "达到50%,排名全省前30,全市前3",
    )
    assert "引号方向颠倒" in eight.indicators[1].note
    assert values(task("annex4", "9"))[0] == ("全社会R&D经费支出占GDP比重(%)", "/", "2.8")
    assert (
        values(task("annex4", "32"))[1][2] == "入选省级及以上引才项目专家1名,卫生人才15名,教育人才6"
    )


def test_annex4_items() -> None:
    first = task("annex4", "1")
    assert (first.title, first.kind, first.section) == (
        "创业创新活力集成改革",
        "reform",
        ("“扩中”“提低”改革(7项)",),
    )
    eighteen = task("annex4", "18")
    assert [c.number for c in eighteen.children] == [""]
    assert units(task("annex4", "25")) == [("莲都邮政管理局", RESPONSIBLE, "责任单位", 1)]
    last = task("annex4", "43")
    assert (last.title, last.section) == ("司法所综合改革", ("文化生态和社会治理(10项)",))
    assert values(last) == [
        ("成立智慧矫正分中心", "0", "1"),
        ("设立司法所综合改革试点基层站所", "0", "2"),
    ]
    assert units(last) == [("区司法局", RESPONSIBLE, "责任单位", 1)]
