"""Seed 000 (丽水市莲都区 2023): the extractor keeps every item, cell and unit as published."""

from collections import Counter
from functools import cache
from pathlib import Path

from luoshi.pipeline.extract import draft_of
from luoshi.seeds.ir import ReportDraft, TaskDraft
from luoshi.vocab import LEAD, RESPONSIBLE

SOURCE = Path(__file__).parents[1] / "datasets/sources/000_39c49c8ad27c7f18.txt"
R, L = RESPONSIBLE, LEAD


@cache
def draft() -> ReportDraft:
    return draft_of(SOURCE)


def tasks() -> list[TaskDraft]:
    return draft().lists[0].tasks


def task(number: str) -> TaskDraft:
    return next(t for t in tasks() if t.number == number)


def units(number: str) -> list[tuple[str, str, int]]:
    return [(m.name, m.role, m.group) for m in task(number).mentions]


def test_metadata() -> None:
    report = draft()
    assert report.source_file == "000_39c49c8ad27c7f18.txt"
    assert report.title == "2023年莲都区政府工作报告重点工作责任分解"
    assert report.page_title == "2023年莲都区政府工作报告重点工作责任分解第一季度进展情况"
    assert report.issuer == "莲都区人民政府办公室"
    assert report.published == "2023-04-17T08:50:33"
    assert (report.doc_number, report.dated, report.source_url) == ("", "", "")


def test_one_list_of_128_tasks() -> None:
    [listing] = draft().lists
    assert (listing.code, listing.kind, listing.title) == (
        "main",
        "tasks",
        "2023年莲都区政府工作报告重点工作责任分解",
    )
    assert [t.number for t in listing.tasks] == [str(n) for n in range(1, 129)]
    assert {t.kind for t in listing.tasks} == {"task"}


def test_categories_in_order_with_counts() -> None:
    # Repeated category cells at page breaks must not open new sections.
    counts = Counter(t.section for t in tasks())
    assert list(counts.items()) == [
        (("发展目标",), 13),
        (("激发市场活力",), 12),
        (("推进产业重塑",), 18),
        (("扩大有效投资",), 10),
        (("推进新城建设",), 13),
        (("促进富民增收",), 15),
        (("建设青年发展之城",), 12),
        (("推进城乡发展",), 15),
        (("完善公共服务",), 10),
        (("守牢安全发展底线",), 7),
        (("锻造过硬政府",), 3),
    ]


def test_mention_counts() -> None:
    mentions = [m for t in tasks() for m in t.mentions]
    assert len(mentions) == 555
    assert Counter(m.role for m in mentions) == {R: 413, L: 142}
    assert {m.label for m in mentions if m.role == R} == {"责任单位"}
    assert {m.label for m in mentions if m.role == L} == {"牵头单位"}


def test_every_source_line_is_kept() -> None:
    # Nothing dropped: each table line is a category, a number, a text or a unit cell.
    lines = [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines[lines.index("牵头单位") + 1 :] if line]
    kept = {t.section[0] for t in tasks()}
    for t in tasks():
        kept |= {t.number, t.text, *t.units_text.split("\n")}
    assert [line for line in body if line not in kept] == []


def test_first_item() -> None:
    first = task("1")
    assert first.text == "地区生产总值增长6.5%以上。"
    assert first.section == ("发展目标",)
    assert units("1")[0] == ("区农业农村局", R, 1)
    assert units("1")[-2:] == [("区人力社保局", R, 1), ("区发改局", L, 1)]
    assert len(units("1")) == 10


def test_category_cell_before_number_is_not_a_unit() -> None:
    # "激发市场活力" follows item 13's lead cell; it opens the next category.
    assert units("13") == [("区生态环境分局", R, 1), ("区生态环境分局", L, 1)]
    assert task("14").section == ("激发市场活力",)
    # Repeated at a page break before item 21: same section, not a unit of item 20.
    assert units("20") == [("区经商局", R, 1), ("区经商局", L, 1)]
    assert task("21").section == ("激发市场活力",)


def test_sub_rows_give_groups() -> None:
    assert units("15") == [
        ("各区直执法主体", R, 1),
        ("综合执法莲都分局", L, 1),
        ("各区直执法主体", R, 2),
        ("区司法局", L, 2),
    ]
    assert units("17") == [
        ("区经商局", R, 1),
        ("区经商局", L, 1),
        ("区发改局", R, 2),
        ("区发改局", L, 2),
        ("区商金中心", R, 3),
        ("区商金中心", L, 3),
    ]
    assert not any(m.ambiguous for m in task("17").mentions)


def test_bracketed_unit_is_one_mention() -> None:
    assert units("24")[2:5] == [
        ("区经合中心", R, 2),
        ("区委组织部(区委人才办)", R, 2),
        ("区经合中心", L, 2),
    ]


def test_ambiguous_items() -> None:
    ambiguous = [t.number for t in tasks() if any(m.ambiguous for m in t.mentions)]
    assert ambiguous == ["23", "26", "33", "48", "49", "90", "91", "92", "111", "119"]
    for number in ambiguous:
        assert all(m.ambiguous and "原表格拉平后" in m.note for m in task(number).mentions)
        assert "大致推断" in task(number).note


def test_item_23_odd_cells_in_published_order() -> None:
    assert task("23").units_text == "区经商局、区商金中心\n区经商局\n区经商局、莲都邮政管理局"
    assert units("23") == [
        ("区经商局", R, 1),
        ("区商金中心", R, 1),
        ("区经商局", L, 1),
        ("区经商局", R, 2),
        ("莲都邮政管理局", R, 2),
    ]
    assert task("23").mentions[-1].note.startswith("任务文字后第3个单元格(共3个)")


def test_item_92_single_cell() -> None:
    assert task("92").text == "加强“全链条”育儿婚恋服务,健全青年交友服务体系和育儿保障体系。"
    assert units("92") == [("区卫健局", R, 1), ("团区委", R, 1), ("区教育局", R, 1)]


def test_item_83_has_no_text() -> None:
    assert task("83").text == ""
    assert task("83").mentions == []
    assert task("83").units_text == ""
    assert "既无任务文字" in task("83").note
    assert task("84").text.startswith("实施义务教育“跃阶攀高”行动")


def test_item_27_keeps_stray_quote() -> None:
    assert task("27").text.startswith("“深化“基金+招商”“以投带引”新模式,")
    assert "前引号" in task("27").note
    assert task("27").section == ("推进产业重塑",)


def test_odd_unit_spellings_kept() -> None:
    # Comma-separated cell, trailing 。 and a no-break space are kept as published.
    # One collective, as published (issue 10): not split at its 、.
    assert ("各乡镇人民政府、街道办事处", R, 1) in units("43")
    assert ("街道办事处", R, 1) not in units("43")
    assert units("120")[5] == ("区民政局。", R, 1)
    assert "\xa0" in task("91").units_text
    assert task("91").mentions[1].name == "莲都经开区管委会"
    assert "U+00A0" in task("91").mentions[1].note


def test_last_item() -> None:
    last = task("128")
    assert last.text.startswith("自觉主动接受人大法律监督")
    assert last.section == ("锻造过硬政府",)
    assert units("128") == [("区直各单位", R, 1), ("区直各单位", L, 1)]
