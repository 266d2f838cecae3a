"""Seed 001 (上饶市广丰区 2021): the extractor keeps every item and unit as published."""

from collections import Counter
from functools import cache
from pathlib import Path

from luoshi.pipeline.extract import draft_of
from luoshi.seeds.ir import ReportDraft, TaskDraft
from luoshi.vocab import CO_ORGANISER, LEAD, RESPONSIBLE

SOURCE = Path(__file__).parents[1] / "datasets/sources/001_60d2928a38aacd54.txt"


@cache
def draft() -> ReportDraft:
    return draft_of(SOURCE)


def task(number: str) -> TaskDraft:
    return next(t for t in draft().lists[0].tasks if t.number == number)


def units(number: str) -> list[tuple[str, str, str, int]]:
    return [(m.name, m.role, m.label, m.group) for m in task(number).mentions]


def test_metadata() -> None:
    report = draft()
    assert report.source_file == "001_60d2928a38aacd54.txt"
    assert report.title == "2021年区政府工作报告所列重点工作责任分工"
    assert report.page_title == "区政府办公室关于印发2021年区政府工作报告重点工作责任分工的通知"
    assert report.issuer == "上饶市广丰区人民政府办公室"
    # Printed garbled as "2021325".
    assert report.dated == "2021-03-25"
    assert "2021325" in report.note
    assert (report.doc_number, report.published, report.source_url) == ("", "", "")


def test_one_list_of_101_numbered_items() -> None:
    [listing] = draft().lists
    assert (listing.code, listing.kind) == ("main", "tasks")
    assert [t.number for t in listing.tasks] == [str(n) for n in range(1, 102)]


def test_section_sizes_match_the_printed_counts() -> None:
    sizes = Counter(t.section[0] for t in draft().lists[0].tasks)
    # The first heading is printed without its opening bracket; kept as published.
    assert sizes["一、持之以恒主攻工业,不断做强发展支柱13项)"] == 13
    assert sizes["二、充分挖掘内需潜力,着力稳定经济增长(22项)"] == 22
    assert sizes["七、全力改善民生福祉,不断提升幸福指数(18项)"] == 18
    assert len(sizes) == 7


def test_mention_counts() -> None:
    roles = Counter(m.role for t in draft().lists[0].tasks for m in t.mentions)
    assert roles == {LEAD: 144, CO_ORGANISER: 144, RESPONSIBLE: 1}


def test_first_item() -> None:
    first = task("1")
    assert first.section == ("一、持之以恒主攻工业,不断做强发展支柱13项)", "(一)持续壮大产业集群")
    assert first.text.startswith("聚焦首位产业和主导产业深入实施产业链链长制")
    assert first.text.endswith("促进产业高端补链、终端延链、整体强链。")
    assert first.units_text == "(主办单位:区工信局;协办单位:上饶高新区、各乡镇(街道))"
    assert units("1") == [
        ("区工信局", LEAD, "主办单位", 1),
        ("上饶高新区", CO_ORGANISER, "协办单位", 1),
        ("各乡镇(街道)", CO_ORGANISER, "协办单位", 1),
    ]


def test_units_on_the_next_line() -> None:
    item = task("4")
    assert item.text.endswith("打造“中国特色资源产业集聚区”。")
    assert item.units_text == "(主办单位:黑滑石综合开发指挥部、区工信局;协办单位:相关乡镇(街道))"
    assert units("4") == [
        ("黑滑石综合开发指挥部", LEAD, "主办单位", 1),
        ("区工信局", LEAD, "主办单位", 1),
        ("相关乡镇(街道)", CO_ORGANISER, "协办单位", 1),
    ]
    assert "任务文字的下一行" in item.note


def test_names_without_district_prefix_and_stray_semicolon() -> None:
    item = task("8")
    assert item.units_text == "(主办单位:工信局;协办单位:上饶高新区、各乡镇(街道);)"
    assert units("8") == [
        ("工信局", LEAD, "主办单位", 1),
        ("上饶高新区", CO_ORGANISER, "协办单位", 1),
        ("各乡镇(街道)", CO_ORGANISER, "协办单位", 1),
    ]


def test_bracketed_unit_names_stay_whole() -> None:
    assert units("34")[0] == ("区政府办(政务服务办)", LEAD, "主办单位", 1)
    assert units("41")[0] == ("区广投集团(自来水公司)", LEAD, "主办单位", 1)
    # Item 32 separates its co-organisers with a comma.
    assert [m.name for m in task("32").mentions] == ["区商务局", "区工信局", "各乡镇(街道)"]


def test_text_without_full_stop_before_units() -> None:
    assert task("13").text.endswith("供应工业用地占比不低于60%")
    assert task("64").text.endswith("信用评级达到2A+")
    assert units("64") == [("区财政局", LEAD, "主办单位", 1), ("广发集团", LEAD, "主办单位", 1)]


def test_unlabelled_units() -> None:
    item = task("83")
    assert item.units_text == "(主办单位:区水利局、林业局;各乡镇(街道))"
    assert units("83") == [
        ("区水利局", LEAD, "主办单位", 1),
        ("林业局", LEAD, "主办单位", 1),
        ("各乡镇(街道)", RESPONSIBLE, "", 1),
    ]
    assert item.mentions[2].note == "未标注主办/协办"


def test_item_without_units() -> None:
    item = task("95")
    assert item.text == "扎实开展市域社会治理现代化试点工作,大力推进社会治理体系和治理能力现代化。"
    assert (item.units_text, item.mentions) == ("", [])
    assert "未列出责任单位" in item.note


def test_last_item() -> None:
    item = task("101")
    assert item.section == ("七、全力改善民生福祉,不断提升幸福指数(18项)", "(三)维护社会安全稳定")
    assert item.text.endswith("坚决维护社会安全稳定。")
    assert units("101") == [
        ("区公安局", LEAD, "主办单位", 1),
        ("各乡镇(街道)", CO_ORGANISER, "协办单位", 1),
    ]


def test_garbled_numbers_are_kept_and_noted() -> None:
    item = task("43")
    assert "大坪311万伏变电站" in item.text
    assert "1010千伏开闭所" in item.text
    assert "疑有误" in item.note


def test_deadlines() -> None:
    deadlines = draft().deadlines
    assert [(d.applies_to, d.period, d.due) for d in deadlines] == [
        ("区直各责任单位", "half-year", "2021-06-15"),
        ("区直各责任单位", "full-year", "2021-12-15"),
        ("各牵头单位", "half-year", "2021-06-25"),
        ("各牵头单位", "full-year", "2021-12-25"),
    ]
    assert deadlines[0].text.startswith("一是区直各责任单位须分别于615日、1215日前")
    assert deadlines[2].text.endswith("(须综合责任单位情况)报区政府督查室。")
    assert all("缺“月”字" in d.note for d in deadlines)
