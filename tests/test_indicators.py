"""Indicator tables (importer/indicators.py): an indicator list and an item table, as
any notice may print them, one cell a line or as pipe rows."""

from __future__ import annotations

from luoshi.importer import import_lines
from luoshi.pipeline.convert import to_draft

LIST = """附表1
2024年某县共同富裕指标
类别
序号
指标
单位
2023年
实际值
2024年
目标值
责任单位
属性
经济发展
1
人均生产总值
万元
8.1
8.6
县发改局
约束性
2
城乡居民收入
城镇居民人均可支配收入
元
52000
55000
县人社局、
县统计局
预期性
农村居民人均可支配收入
元
26000
28000
以上
县农业农村局
预期性
社会民生
3
每千人口托位数
个
3.2
4.5
/
预期性
"""

ITEMS = """重点改革清单
| 序号 | 重点改革 | 指标名称 | 2023年实际值 | 2024年目标值 | 重点任务 | 责任单位 |
| 1 | 医共体改革 | 基层就诊率(%) | 60 | 65 | 1.建分院2家。2.推广签约。 | 县卫健局 |
| 家庭医生签约率(%) | 40 | 45 |
| 2 | 共富改革 | 新增工坊(家) | 10 | 20 | 建设共富工坊。 | 县农业农村局、县人社局等 |
"""


def lines(text: str) -> list[tuple[int, str]]:
    return [(n, t.strip()) for n, t in enumerate(text.splitlines(), 1) if t.strip()]


def test_indicator_list_with_shared_name_and_categories() -> None:
    draft = to_draft(import_lines(lines(LIST)), {"source_file": "x.txt"})
    (listing,) = draft.lists
    rows = [(r.number, r.sub_number, r.shared_name, r.name, r.baseline, r.target, r.attribute)
            for r in listing.indicators]  # fmt: skip
    assert rows == [
        ("1", "", "", "人均生产总值", "8.1", "8.6", "约束性"),
        ("2", "1", "城乡居民收入", "城镇居民人均可支配收入", "52000", "55000", "预期性"),
        ("2", "2", "城乡居民收入", "农村居民人均可支配收入", "26000", "28000以上", "预期性"),
        ("3", "", "", "每千人口托位数", "3.2", "4.5", "预期性"),
    ]
    assert [r.section for r in listing.indicators] == [("经济发展",)] * 3 + [("社会民生",)]
    # A unit cell wrapped after 、 is one cell; "/" names no unit.
    assert [m.name for m in listing.indicators[1].mentions] == ["县人社局", "县统计局"]
    assert listing.indicators[3].mentions == [] and listing.indicators[3].units_text == "/"
    assert "“28000” / “以上”" in listing.indicators[2].note
    assert "“城乡居民收入”为合并单元格" in listing.indicators[1].note


def test_item_table_with_key_tasks_and_indicator_rows() -> None:
    draft = to_draft(import_lines(lines(ITEMS)), {"source_file": "x.txt"})
    (listing,) = draft.lists
    first, second = listing.tasks
    assert (first.number, first.title, first.text) == ("1", "医共体改革", "")
    assert [(i.name, i.baseline, i.target) for i in first.indicators] == [
        ("基层就诊率(%)", "60", "65"),
        ("家庭医生签约率(%)", "40", "45"),
    ]
    # Two numbered key tasks printed in one cell are split after the 。.
    assert [(c.number, c.text) for c in first.children] == [
        ("1", "建分院2家。"),
        ("2", "推广签约。"),
    ]
    assert [(m.name, m.label) for m in first.mentions] == [("县卫健局", "责任单位")]
    assert [c.number for c in second.children] == [""]
    # A trailing 等 is kept as published and noted.
    assert [m.name for m in second.mentions] == ["县农业农村局", "县人社局等"]
    assert "等" in second.mentions[1].note
