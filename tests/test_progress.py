"""The pure readings of progress: 序时 pace, a task's own deadline, target against
actual, status changes and roll-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from luoshi.progress import pace as progress


def test_pace_by_months_elapsed() -> None:
    behind = progress.pace(42, "2023-09-30", 2023)
    assert behind is not None and behind.behind and behind.expected == 75.0
    assert behind.text == "截至9月30日应完成约75%,实际完成42%,落后于序时进度"
    ahead = progress.pace(80.0, dt.date(2023, 9, 30), 2023)
    assert ahead is not None and not ahead.behind and ahead.text.endswith("达到或超过序时进度")
    half = progress.pace(50, "2023-06-30", 2023)
    assert half is not None and half.expected == 50.0 and not half.behind
    mid = progress.pace(10, "2023-01-16", 2023)  # half of January: 1/24 of the year
    assert mid is not None and mid.expected == pytest.approx(100 * 16 / 31 / 12, abs=0.05)
    late = progress.pace(90, "2024-01-31", 2023)  # a report after the year: all is due
    assert late is not None and late.expected == 100.0 and late.behind
    assert progress.pace(None, "2023-09-30", 2023) is None
    assert progress.pace(40, "", 2023) is None


def test_pace_against_the_tasks_own_deadline() -> None:
    assert progress.task_deadline("6月底前完成主体工程", 2023) == dt.date(2023, 6, 30)
    assert progress.task_deadline("确保9月30日前投用", 2023) == dt.date(2023, 9, 30)
    assert progress.task_deadline("上半年完成招标", 2023) == dt.date(2023, 6, 30)
    assert progress.task_deadline("6月底前开工,10月底前完工", 2023) is None  # which one?
    assert progress.task_deadline("全年新增就业1万人", 2023) is None
    early = progress.pace(60, "2023-03-31", 2023, "6月底前完成主体工程")
    assert early is not None and early.expected == 50.0 and not early.behind
    assert early.text.startswith("截至3月31日(任务要求6月30日前完成)应完成约50%")


def test_judge_target_against_actual() -> None:
    met = progress.judge("≥94.1", "95.2", "%")
    assert (met.verdict, met.text) == ("met", "≥ 94.1% 对 95.2%:已达成")
    assert progress.judge("不低于94.1%", "93%").verdict == "not-met"
    assert progress.judge("3%以内", "2.6%").verdict == "met"
    assert progress.judge("5-8", "9").verdict == "not-met"
    assert progress.judge("增长6.5%以上", "增长7.2%").verdict == "met"
    assert progress.judge("增长6.5%", "下降1%").verdict == "not-met"
    assert progress.judge("下降3%", "下降3.5%").verdict == "met"
    assert progress.judge("15", "15个", "个").verdict == "met"
    for target, actual, unit in (
        ("稳步提升", "提升明显", ""),  # qualitative target
        ("9", "9.6", ""),  # "=" states no direction: 9.6 is neither met nor missed
        ("≥94.1%", "完成率较高", ""),  # actual not a number
        ("≥100万元", "1.2亿元", ""),  # different units
        ("增长6.5%", "7.2", "%"),  # a growth target against a level
    ):
        judged = progress.judge(target, actual, unit)
        assert judged.verdict == "unjudged", (target, actual)
        assert "不作" in judged.text


def test_status_changes_rollup_and_order() -> None:
    rows = [
        {"id": "t-p3", "as_of": "2023-09-30", "status": "behind"},
        {"id": "t-p1", "as_of": "2023-03-31", "status": "on-schedule"},
        {"id": "t-p2", "as_of": "2023-06-30", "status": "on-schedule"},
    ]
    assert [r["id"] for r in progress.history(rows)] == ["t-p1", "t-p2", "t-p3"]
    assert progress.latest(rows)["id"] == "t-p3"  # type: ignore[index]
    changes = progress.status_changes(rows)
    assert [(r["id"], before) for r, before in changes] == [
        ("t-p1", ""),
        ("t-p3", "on-schedule"),
    ]
    counts = progress.rollup(["behind", "none", "behind", "odd"])
    assert list(counts) == [*progress.STATUS_ORDER, "none"]
    assert counts["behind"] == 2 and counts["none"] == 2 and counts["completed"] == 0
