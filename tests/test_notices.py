"""`luoshi import` on 15 real notices it was not written against (../shared/notices).

Each NN_place-year.txt has an NN_place-year.expected.json written by hand (see the
folder's README). A task is right when its number, text (starting with `text_starts`),
lead set and unit set all equal an expected task's; the figure is task-level F1 over
all files. Officials, deadlines and sections are checked apart, on the tasks that are
right.
"""

from __future__ import annotations

from functools import reduce
from pathlib import Path

import pytest
from luoshi.importer import import_path
from luoshi.importer.quality import Score, notices, score

NOTICES = Path(__file__).resolve().parents[2] / "shared" / "notices"
pytestmark = pytest.mark.skipif(
    not NOTICES.is_dir(), reason=f"{NOTICES} is absent (the shared notice corpus)"
)


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return [score(notice, expected) for notice, expected in notices(NOTICES)]


def test_all_fifteen_notices_are_scored(scores: list[Score]) -> None:
    assert len(scores) == 15
    assert sum(s.expected for s in scores) == 81
    assert [s.name for s in scores if s.failure] == []


def test_task_f1_over_all_notices(scores: list[Score]) -> None:
    total = reduce(Score.__add__, scores, Score("all"))
    per_file = "\n".join(s.line() for s in scores)
    assert total.f1 >= 0.95, per_file


def test_every_layout_reads_most_of_its_tasks(scores: list[Score]) -> None:
    """No layout may be given up for the others: each file's F1 is at least 0.8."""
    assert [s.line() for s in scores if s.f1 < 0.8] == []


def test_officials_deadlines_and_sections(scores: list[Score]) -> None:
    right = sum(s.right for s in scores)
    details = sum(s.details for s in scores)
    assert details >= 0.9 * right, "\n".join(s.line() for s in scores)


@pytest.mark.parametrize("name", ["07_henan-2023", "15_kaifeng-2005", "03_jianli-2022"])
def test_web_page_spaces_and_invisible_characters_are_no_wording(name: str, tmp_path) -> None:
    """A page copied from a browser has no-break spaces (&nbsp;) where it shows spaces and
    may hold zero-width characters: the notice reads as its plain copy does. A task's
    text keeps its spaces as published (the seeds' do), never a zero-width character."""
    plain = (NOTICES / f"{name}.txt").read_text(encoding="utf-8")
    lines = plain.split("\n")
    body = [line.replace(" ", "\u00a0").replace("、", "、\u200b") for line in lines[2:]]
    copied = tmp_path / f"{name}.txt"
    copied.write_text("\n".join(lines[:2] + body), encoding="utf-8")
    expected = NOTICES / f"{name}.expected.json"
    assert score(copied, expected).right == score(NOTICES / f"{name}.txt", expected).expected
    texts = [task.as_json()["text"] for task in import_path(copied).tasks]
    assert texts and not [t for t in texts if "\u200b" in t]
