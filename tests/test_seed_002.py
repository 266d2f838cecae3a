"""Seed 002 (丽水市 2023): counts, roles and the document's irregular items."""

from collections import Counter
from functools import cache
from pathlib import Path

from luoshi.pipeline.extract import draft_of
from luoshi.seeds.ir import ReportDraft, TaskDraft
from luoshi.vocab import LEAD, LEAD_OR_COLLECT, RESPONSIBLE

SOURCE = Path(__file__).parents[1] / "datasets/sources/002_2120501bf3ccd1ba.txt"
TASKS_ONE = ("二、重点抓好六方面工作", "(一)全力以赴拼经济稳增长促发展。")


@cache
def draft() -> ReportDraft:
    return draft_of(SOURCE)


def item(number: str) -> TaskDraft:
    return next(t for t in draft().lists[0].tasks if t.number == number)


def units(number: str) -> list[tuple[str, str]]:
    return [(m.name, m.role) for m in item(number).mentions]


def test_metadata() -> None:
    d = draft()
    assert d.source_file == "002_2120501bf3ccd1ba.txt"
    assert d.title == "市政府工作报告重点工作责任分解(2023年)"
    assert d.issuer == "丽水市人民政府"
    assert d.published == "2023-07-11T17:01:00"
    assert (d.doc_number, d.dated, d.source_url) == ("", "", "")
    # The published source line must survive for provenance.
    assert "信息来源: 丽水市政府" in d.note


def test_counts() -> None:
    (only,) = draft().lists
    assert (only.code, only.kind) == ("main", "tasks")
    assert Counter(t.kind for t in only.tasks) == {"target": 9, "task": 194}
    # Numbering is global: 1..203 without restarting per section.
    assert [t.number for t in only.tasks] == [str(n) for n in range(1, 204)]
    roles = Counter(m.role for t in only.tasks for m in t.mentions)
    assert roles == {RESPONSIBLE: 502, LEAD_OR_COLLECT: 182, LEAD: 65}
    assert all(m.label == "责任单位" and m.group == 1 for t in only.tasks for m in t.mentions)


def test_sections() -> None:
    tasks = draft().lists[0].tasks
    assert item("1").section == ("一、全市经济社会发展主要预期目标",)
    assert item("9").kind == "target" and item("10").kind == "task"
    assert item("10").section == TASKS_ONE
    assert item("203").section == ("二、重点抓好六方面工作", "(六)着力推进更高水平安全发展。")
    assert len({t.section for t in tasks}) == 7


def test_first_target() -> None:
    t = item("1")
    assert t.text == "生产总值增长6%以上,高质量前提下能快则快。"
    assert t.units_text == "责任单位:市发改委"
    assert units("1") == [("市发改委", LEAD_OR_COLLECT)]


def test_rule_statement_is_not_a_unit() -> None:
    t = item("4")
    assert t.units_text.endswith("市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)")
    assert units("4")[0] == ("市发改委", LEAD_OR_COLLECT)
    assert units("4")[-1] == ("市卫生健康委", RESPONSIBLE)
    assert len(units("4")) == 12 and "角色的说明" in t.note


def test_each_leads_without_others() -> None:
    assert units("6") == [("市人力社保局", LEAD), ("市农业农村局", LEAD)]
    assert all(m.note == "分别牵头" for m in item("6").mentions)


def test_county_part_after_comma() -> None:
    assert units("10") == [
        ("市双招双引办", LEAD_OR_COLLECT),
        ("市发改委", RESPONSIBLE),
        ("市经信局", RESPONSIBLE),
        ("各县(市、区)政府", RESPONSIBLE),
        ("丽水开发区管委会", RESPONSIBLE),
    ]


def test_quoted_names_stay_as_published() -> None:
    assert ("市“双招双引”办", RESPONSIBLE) in units("17")
    assert units("122")[0] == ("市自然资源局(“三江口”指挥部)", LEAD_OR_COLLECT)


def test_each_leads_then_others() -> None:
    assert units("24") == [
        ("市发改委", LEAD),
        ("市自然资源局", LEAD),
        ("市财政局", RESPONSIBLE),
        ("各县(市、区)政府", RESPONSIBLE),
        ("丽水开发区管委会", RESPONSIBLE),
    ]


def test_shared_government_suffix() -> None:
    # "龙泉市、青田县、缙云县、遂昌县政府": split as printed, flagged for review.
    assert units("27")[2:] == [
        ("龙泉市", RESPONSIBLE),
        ("青田县", RESPONSIBLE),
        ("缙云县", RESPONSIBLE),
        ("遂昌县政府", RESPONSIBLE),
        ("丽水开发区管委会", RESPONSIBLE),
    ]
    assert "政府" in item("27").mentions[2].note and not item("27").mentions[5].note


def test_county_lead_and_missing_full_stop() -> None:
    assert units("50") == [("青田县政府", LEAD_OR_COLLECT), ("市商务局", RESPONSIBLE)]
    assert item("75").text == "推进新、旧住宅小区居家养老服务用房按标准配建"
    assert "末尾无“。”" in item("75").note


def test_repeated_names() -> None:
    assert [n for n, _ in units("99")].count("市发改委") == 2
    t = item("144")
    assert ("市工商联", LEAD) in units("144") and ("市工商联", RESPONSIBLE) in units("144")
    assert t.mentions[0].name == "市人力社保局(市超市办)" and len(t.mentions) == 14


def test_two_commas_and_group_suffix() -> None:
    names = units("146")
    assert names[0] == ("市发改委", LEAD_OR_COLLECT)
    assert names[4] == ("市对口工作领导小组其他成员单位", RESPONSIBLE)
    assert names[-1] == ("各县(市、区)政府", RESPONSIBLE) and len(names) == 6
    assert "其他成员单位" in item("146").mentions[1].note


def test_duplicated_clause_and_many_leads() -> None:
    assert item("152").text == "争创红绿融合发展国家文物保护利用示范区。"
    assert "151" in item("152").note
    assert [r for _, r in units("153")] == [LEAD] * 5 + [RESPONSIBLE] * 2
    assert units("153")[-1] == ("莲都区政府", RESPONSIBLE)


def test_collective_with_deng() -> None:
    name, role = units("187")[-1]
    assert (name, role) == ("市消防救援支队等安委会相关成员单位", RESPONSIBLE)
    assert "等" in item("187").mentions[-1].note


def test_last_item() -> None:
    t = item("203")
    assert t.text.startswith("重点整顿清理非必要论坛活动仪式")
    assert t.text.endswith("利长远的实事要事。")
    assert units("203") == [
        ("市府办", LEAD_OR_COLLECT),
        ("市政府直属各单位", RESPONSIBLE),
        ("各县(市、区)政府", RESPONSIBLE),
        ("丽水开发区管委会", RESPONSIBLE),
    ]


def test_nbsp_after_number_is_stripped() -> None:
    # Items 41 and 104-203 print a no-break space after "N.".
    assert item("104").text == "争取丽水高新区纳入国家高新区创建名单。"
