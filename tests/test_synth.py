"""`luoshi-tools synth`: a valid, reproducible package recombining the real seed data."""

import csv
from pathlib import Path

import pytest
from luoshi.validate import format_errors, validate_package
from luoshi_tools.synth import REAL_PACKAGE, renumber, write_synthetic

REAL = REAL_PACKAGE.parent


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("city")
    return out, write_synthetic("city", out, seed=7)


def test_city_package_is_valid(city):
    out, _ = city
    errors = validate_package(out / "datapackage.json")
    assert errors == [], format_errors(errors[:20])
    assert (out / "datapackage.json").read_bytes() == (REAL / "datapackage.json").read_bytes()


def test_same_seed_same_bytes_other_seed_other_data(city, tmp_path):
    out, counts = city
    again = write_synthetic("city", tmp_path / "again", seed=7)
    assert again == counts
    for name in counts:
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == (
            out / f"{name}.csv"
        ).read_bytes(), name
    write_synthetic("city", tmp_path / "other", seed=8)
    assert (tmp_path / "other" / "tasks.csv").read_bytes() != (out / "tasks.csv").read_bytes()


def test_city_counts_near_targets(city):
    _, counts = city
    assert counts["reports"] == 30  # 10 jurisdictions x 3 years
    assert 3500 <= counts["tasks"] <= 5500  # about 4,500
    assert 1200 <= counts["indicators"] <= 3000  # about 70 a report
    assert 500 <= counts["units"] <= 1100  # about 80 a jurisdiction
    assert counts["unit_aliases"] > counts["units"]  # some units have two spellings
    for name in ("officials", "task_officials", "progress", "sections", "deadlines"):
        assert counts[name] > 0, name


def test_places_are_invented_and_nested(city):
    out, _ = city
    places = {row["id"]: row for row in read(out / "jurisdictions.csv")}
    real = {row["id"] for row in read(REAL / "jurisdictions.csv")}
    assert not set(places) & real
    levels = [row["level"] for row in places.values()]
    assert levels.count("province") == 1 and levels.count("city") == 1
    city_row = next(row for row in places.values() if row["level"] == "city")
    for row in places.values():
        if row["level"] in ("district", "county"):
            assert row["parent_id"] == city_row["id"]
            assert row["code"][:4] == city_row["code"][:4]
            assert row["name"] == city_row["name"] + row["short_name"]
    publishers = {row["jurisdiction_id"] for row in read(out / "reports.csv")}
    assert len(publishers) == 10


def test_texts_come_from_the_real_data(city):
    out, _ = city
    real_tasks = read(REAL / "tasks.csv")
    real_texts = {(row["kind"], row["title"], row["text"]) for row in real_tasks}
    tasks = read(out / "tasks.csv")
    assert all((row["kind"], row["title"], row["text"]) in real_texts for row in tasks)
    real_indicators = {
        (row["name"], row["baseline_text"], row["target_text"])
        for row in read(REAL / "indicators.csv")
    }
    indicators = read(out / "indicators.csv")
    assert all(
        (r["name"], r["baseline_text"], r["target_text"]) in real_indicators for r in indicators
    )
    # Recombined, not copied: one package mixes texts from several real documents.
    real_list_of = {(row["kind"], row["title"], row["text"]): row["list_id"] for row in real_tasks}
    sources = {real_list_of[(row["kind"], row["title"], row["text"])] for row in tasks}
    assert len(sources) >= 4


def test_structure_is_kept(city):
    out, _ = city
    tasks = read(out / "tasks.csv")
    ids = {row["id"] for row in tasks}
    children = [row for row in tasks if row["parent_id"]]
    assert children and all(row["id"].startswith(row["parent_id"] + "-") for row in children)
    assert all(row["parent_id"] in ids for row in children)
    assert any(row["id"].endswith("-main-001") for row in tasks)
    assignments = read(out / "assignments.csv")
    assert {row["role"] for row in assignments} >= {"lead", "responsible"}
    assert {row["ambiguous"] for row in assignments} == {"true", "false"}
    assert any(row["group"] != "1" for row in assignments)
    indicators = read(out / "indicators.csv")
    assert any(row["task_id"] for row in indicators) and any(
        not row["task_id"] for row in indicators
    )
    statuses = {row["status"] for row in read(out / "progress.csv")}
    assert statuses <= {"completed", "ahead", "on-schedule", "behind", "not-started", "adjusted"}
    assert len(statuses) >= 3


def test_units_text_names_the_published_spellings(city):
    """A task's units cell and its assignments agree after units are renamed."""
    out, _ = city
    cells = {row["id"]: row["units_text"] for row in read(out / "tasks.csv")}
    rows = [row for row in read(out / "assignments.csv") if row["task_id"]]
    found = sum(row["name_as_published"] in cells[row["task_id"]] for row in rows)
    assert found / len(rows) > 0.9


def test_renumber_keeps_restarts_and_numerals():
    assert renumber(["3", "5", "9"]) == ["1", "2", "3"]
    assert renumber(["2", "4", "1", "3"]) == ["1", "2", "1", "2"]
    assert renumber(["二", "五", "十二"]) == ["一", "二", "三"]
    assert renumber(["1", "1", "4"]) == ["1", "1", "2"]  # sub-rows share a number
    assert renumber(["", "甲"]) == ["", "甲"]


def test_unknown_preset(tmp_path):
    with pytest.raises(ValueError, match="preset"):
        write_synthetic("nation", tmp_path)
