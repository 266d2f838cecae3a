"""Seed 004 (衢州市 2021): three lists, leading officials and units as published."""

from collections import Counter
from functools import cache
from pathlib import Path

from luoshi.pipeline.extract import draft_of
from luoshi.seeds.ir import ListDraft, ReportDraft, TaskDraft
from luoshi.vocab import LEAD, RESPONSIBLE

SOURCE = Path(__file__).parents[1] / "datasets/sources/004_86e2bb104d962bab.txt"


@cache
def draft() -> ReportDraft:
    return draft_of(SOURCE)


def listing(code: str) -> ListDraft:
    return next(item for item in draft().lists if item.code == code)


def task(code: str, number: str) -> TaskDraft:
    return next(t for t in listing(code).tasks if t.number == number)


def units(code: str, number: str) -> list[tuple[str, str, str, int]]:
    return [(m.name, m.role, m.label, m.group) for m in task(code, number).mentions]


def officials(code: str, number: str) -> list[str]:
    return [o.name for o in task(code, number).officials]


def test_metadata() -> None:
    report = draft()
    assert report.source_file == "004_86e2bb104d962bab.txt"
    assert report.title == "关于印发2021年政府工作报告重点工作责任分解的通知"
    assert report.doc_number == "衢政办发〔2021〕3号"
    assert report.dated == "2021-03-24"
    assert report.published == "2021-03-26T14:35:00"
    assert report.issuer == "衢州市人民政府办公室"
    assert report.deadlines == []


def test_lists_and_complete_numbering() -> None:
    report = draft()
    assert [(item.code, item.kind, len(item.tasks)) for item in report.lists] == [
        ("fyp14", "tasks", 31),
        ("y2021", "tasks", 118),
        ("livelihood", "livelihood", 10),
    ]
    assert [t.number for t in listing("fyp14").tasks] == [str(n) for n in range(1, 32)]
    assert [t.number for t in listing("y2021").tasks] == [str(n) for n in range(1, 119)]
    assert [t.number for t in listing("livelihood").tasks] == list("一二三四五六七八九十")


def test_list_titles() -> None:
    # The fyp14 heading is printed over two lines.
    assert listing("fyp14").title == "政府工作报告“十四五”时期重点工作责任分解"
    assert listing("y2021").title == "政府工作报告2021年重点工作责任分解"
    assert listing("livelihood").title == "2021年市政府民生实事项目责任分解"


def test_no_section_headings() -> None:
    # None of the three lists prints headings between its items.
    assert all(t.section == () for item in draft().lists for t in item.tasks)


def test_counts_of_mentions_and_officials() -> None:
    roles = Counter(
        (item.code, m.role) for item in draft().lists for t in item.tasks for m in t.mentions
    )
    assert roles == {
        ("fyp14", RESPONSIBLE): 63,
        ("y2021", RESPONSIBLE): 225,
        ("livelihood", LEAD): 21,
    }
    people = Counter(item.code for item in draft().lists for t in item.tasks for _ in t.officials)
    assert people == {"fyp14": 39, "y2021": 125}


def test_first_task() -> None:
    first = task("fyp14", "1")
    assert first.text == (
        "聚焦不平衡不充分问题,实施提高居民收入富民行动,加快构建以共同富裕为导向的发展格局。"
    )
    assert officials("fyp14", "1") == ["汤飞帆"]
    assert first.officials[0].label == "牵头市领导"
    assert first.units_text == "责任单位:市发改委、市农业农村局、市文旅局"
    assert units("fyp14", "1") == [
        ("市发改委", RESPONSIBLE, "责任单位", 1),
        ("市农业农村局", RESPONSIBLE, "责任单位", 1),
        ("市文旅局", RESPONSIBLE, "责任单位", 1),
    ]


def test_several_officials_and_generic_official() -> None:
    assert officials("fyp14", "11") == ["王良春", "田俊", "廉俊"]
    assert officials("y2021", "83") == ["王良春", "王顺大", "田俊"]
    # "市政府相关领导" is printed where no leader is named.
    assert officials("fyp14", "31") == ["市政府相关领导"]
    assert "市政府相关领导" in task("fyp14", "31").note


def test_stray_full_stop_and_trailing_deng() -> None:
    assert task("y2021", "34").units_text == "责任单位:市委人才办、市人社局。"
    assert [m.name for m in task("y2021", "34").mentions] == ["市委人才办", "市人社局"]
    last = task("y2021", "89").mentions[-1]
    assert (last.name, last.role) == ("市住建局等", RESPONSIBLE)
    assert "等" in last.note


def test_tasks_without_leading_officials() -> None:
    for number in ("111", "112", "113", "117", "118"):
        assert task("y2021", number).officials == []
        assert "未列牵头市领导" in task("y2021", number).note
        # The collective 各县(市、区)政府 is one unit.
        assert units("y2021", number) == [
            ("各县(市、区)政府", RESPONSIBLE, "责任单位", 1),
            ("市政府各部门", RESPONSIBLE, "责任单位", 1),
            ("直属各单位", RESPONSIBLE, "责任单位", 1),
        ]


def test_last_task() -> None:
    last = task("y2021", "118")
    assert last.text.startswith("严格落实全面从严治党主体责任")
    assert last.text.endswith("给予基层干部更多理解支持、关心关爱。")


def test_livelihood_projects() -> None:
    first = task("livelihood", "一")
    assert (first.kind, first.title) == ("livelihood", "推进食品安全工程")
    assert first.text.startswith("推进食品安全工程。建成食品生产企业“阳光工厂”65家;")
    assert first.text.endswith("改造提升农贸市场10家。")
    assert first.units_text == "牵头单位:市市场监管局。"
    assert units("livelihood", "一") == [("市市场监管局", LEAD, "牵头单位", 1)]
    assert task("livelihood", "七").title == "实施车辆检测“一件事”提升工程"
    assert task("livelihood", "九").title == "提升基层应急救援能力"
    assert [m.name for m in task("livelihood", "十").mentions] == [
        "市民政局",
        "市卫健委",
        "市文旅局",
        "市体育局",
        "市残联",
        "市住建局",
        "市水利局",
    ]
