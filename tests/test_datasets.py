"""The data package in datasets/: complete, faithful, valid and reproducible."""

import csv
import shutil
from pathlib import Path

import pytest
from frictionless import Package as FrictionlessPackage
from luoshi.package import load
from luoshi.pipeline.extract import KEPT, assemble
from luoshi.seeds.assemble import write_tables
from luoshi.validate import validate_package

DATASETS = Path(__file__).parents[1] / "datasets"


@pytest.fixture(scope="module")
def package():
    return load(DATASETS / "datapackage.json")


def top_level(package, list_id):
    tasks = package["tasks"]
    return tasks[(tasks.list_id == list_id) & (tasks.parent_id == "")]


@pytest.mark.parametrize(
    ("list_id", "count"),
    [
        ("liandu-2023-main", 128),
        ("guangfeng-2021-main", 101),
        ("lishui-2023-main", 203),
        ("liandu-2023-gongfu-key-results", 18),
        ("liandu-2023-gongfu-annex2", 18),
        ("liandu-2023-gongfu-annex3", 51),
        ("liandu-2023-gongfu-annex4", 43),
        ("quzhou-2021-fyp14", 31),
        ("quzhou-2021-y2021", 118),
        ("quzhou-2021-livelihood", 10),
    ],
)
def test_every_numbered_item_is_there(package, list_id, count):
    tasks = top_level(package, list_id)
    assert len(tasks) == count
    assert sorted(tasks.position.tolist()) == list(range(1, count + 1))


def test_lishui_targets_and_tasks(package):
    kinds = top_level(package, "lishui-2023-main").kind.value_counts().to_dict()
    assert kinds == {"target": 9, "task": 194}


def test_table1_indicators_with_sub_indicators(package):
    indicators = package["indicators"]
    table1 = indicators[indicators.list_id == "liandu-2023-gongfu-indicators"]
    assert table1.number.nunique() == 72
    assert len(table1) == 74
    assert table1[table1.number == "37"].sub_number.tolist() == ["1", "2"]
    assert table1[table1.number == "53"].sub_number.tolist() == ["1", "2"]
    first = table1[table1.number == "1"].iloc[0]
    assert (first["name"], first.base_name, first.measure_unit) == (
        "人均生产总值(万元)",
        "人均生产总值",
        "万元",
    )
    assert (first.target_text, first.attribute) == ("9", "评价指标")


def test_annex_categories(package):
    sections = package["sections"]
    assert (sections.list_id == "liandu-2023-gongfu-annex3").sum() == 7
    assert (sections.list_id == "liandu-2023-gongfu-annex4").sum() == 6


def test_item_83_is_kept_without_inventing_text(package):
    task = package["tasks"].set_index("id").loc["liandu-2023-main-083"]
    assert task.number == "83"
    assert task.text == ""
    assert task.note


def test_texts_are_verbatim(package):
    tasks = package["tasks"].set_index("id")
    assert tasks.loc["liandu-2023-main-027", "text"].startswith("“深化“基金+招商”")
    assert tasks.loc["liandu-2023-main-001", "text"] == "地区生产总值增长6.5%以上。"
    source = (DATASETS / "sources/004_86e2bb104d962bab.txt").read_text(encoding="utf-8")
    for text in tasks[tasks.index.str.startswith("quzhou-2021-")].text:
        assert text in source


def test_officials_are_people_not_units(package):
    links = package["task_officials"].merge(
        package["officials"], left_on="official_id", right_on="id"
    )
    first = links[links.task_id == "quzhou-2021-fyp14-001"]
    assert first.name.tolist() == ["汤飞帆"]
    assert not set(package["officials"].name) & set(package["units"].name)


def roles(package, task_id):
    assignments = package["assignments"]
    rows = assignments[assignments.task_id == task_id].sort_values("position")
    return [(r.name_as_published, r.role, r.group) for r in rows.itertuples()]


def test_roles_as_each_document_gives_them(package):
    assert roles(package, "liandu-2023-main-015") == [
        ("各区直执法主体", "responsible", 1),
        ("综合执法莲都分局", "lead", 1),
        ("各区直执法主体", "responsible", 2),
        ("区司法局", "lead", 2),
    ]
    guangfeng = roles(package, "guangfeng-2021-main-001")
    assert guangfeng[0] == ("区工信局", "lead", 1)
    assert ("上饶高新区", "co-organiser", 1) in guangfeng
    lishui = roles(package, "lishui-2023-main-006")
    assert lishui == [("市人力社保局", "lead", 1), ("市农业农村局", "lead", 1)]
    assert roles(package, "lishui-2023-main-004")[0] == ("市发改委", "lead-or-collect", 1)
    assert roles(package, "quzhou-2021-livelihood-001")[0][1] == "lead"


def test_ambiguous_cells_are_flagged_not_guessed(package):
    assignments = package["assignments"]
    flagged = set(assignments[assignments.ambiguous.astype(bool)].task_id)
    for number in (26, 90, 91, 111, 119):
        assert f"liandu-2023-main-{number:03d}" in flagged


@pytest.mark.parametrize(
    ("jurisdiction", "spellings"),
    [
        ("liandu", ["区经商局", "区经济商务局"]),
        ("liandu", ["区卫健局", "区卫生健康局"]),
        ("liandu", ["区生态环境分局", "市生态环境局莲都分局"]),
        ("liandu", ["区商金中心", "区商务和金融发展中心"]),
        ("guangfeng", ["工信局", "区工信局"]),
        ("lishui", ["市双招双引办", "市“双招双引”办"]),
    ],
)
def test_name_variants_resolve_to_one_unit(package, jurisdiction, spellings):
    aliases = package["unit_aliases"]
    found = aliases[(aliases.jurisdiction_id == jurisdiction) & aliases.alias.isin(spellings)]
    assert len(found) == len(spellings)
    assert found.unit_id.nunique() == 1


def test_every_published_spelling_resolves(package):
    aliases = package["unit_aliases"].set_index(["jurisdiction_id", "alias"]).unit_id
    units = package["units"].set_index("id")
    for row in package["assignments"].itertuples():
        jurisdiction = units.loc[row.unit_id, "jurisdiction_id"]
        assert aliases[(jurisdiction, row.name_as_published)] == row.unit_id


def test_collectives_are_never_split(package):
    units = package["units"]
    collective = set(units[units.kind == "collective"].name)
    assert {
        "各乡镇(街道)",
        "各县(市、区)政府",
        "市自贸区联动创新区建设领导小组成员单位",
    } <= collective
    assert "区)政府" not in set(units.name)


def test_qualitative_targets_stay_qualitative(package):
    indicators = package["indicators"]
    steady = indicators[indicators.target_text == "稳步提升"]
    assert len(steady) > 0
    assert set(steady.target_comparator) == {"qualitative"}
    assert steady.target_value.isna().all()


def test_reports_carry_their_provenance(package):
    reports = package["reports"].set_index("id")
    assert reports.loc["quzhou-2021", "doc_number"] == "衢政办发〔2021〕3号"
    assert reports.loc["liandu-2023-gongfu", "doc_number"] == "莲社建委〔2023〕1号"
    for source_file in reports.source_file:
        assert (DATASETS / "sources" / source_file).is_file()
    deadlines = package["deadlines"]
    assert sorted(deadlines.due.astype(str)) == [
        "2021-06-15",
        "2021-06-25",
        "2021-12-15",
        "2021-12-25",
    ]


def test_package_is_valid_for_luoshi_and_frictionless():
    assert validate_package(DATASETS / "datapackage.json") == []
    assert FrictionlessPackage(str(DATASETS / "datapackage.json")).validate().valid


def test_csvs_are_sorted_plain_utf8_one_record_a_line():
    for path in DATASETS.glob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        keys = [tuple(row[:2]) if path.stem == "unit_aliases" else row[0] for row in rows[1:]]
        assert keys == sorted(keys), path
        assert raw.count(b"\n") == len(rows), path


def test_extraction_reproduces_the_committed_csvs(tmp_path):
    shutil.copy(DATASETS / "datapackage.json", tmp_path)
    write_tables(assemble(DATASETS / "sources"), tmp_path)
    for path in DATASETS.glob("*.csv"):
        if path.stem not in KEPT:  # progress comes from import-progress, never extraction
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_shared_name_and_parent_units():
    """Issue 10: a merged cell shared by sub-indicators is a field; a bracketed second
    title links to its parent unit; 000 item 43's collective stays one unit."""
    with (DATASETS / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        indicators = list(csv.DictReader(handle))
    shared = {(r["number"], r["sub_number"]): r["shared_name"] for r in indicators
              if r["list_id"] == "liandu-2023-gongfu-indicators" and r["shared_name"]}  # fmt: skip
    assert shared == {
        ("37", "1"): "家庭可支配收入(按三口之家计算)",
        ("37", "2"): "家庭可支配收入(按三口之家计算)",
        ("53", "1"): "村级集体经济收入",
        ("53", "2"): "村级集体经济收入",
    }
    with (DATASETS / "units.csv").open(encoding="utf-8", newline="") as handle:
        units = {row["id"]: row for row in csv.DictReader(handle)}
    names = {(u["jurisdiction_id"], u["name"]): u for u in units.values()}
    for jurisdiction, child, parent in [
        ("liandu", "区委组织部(区委人才办)", "区委组织部"),
        ("lishui", "市委组织部(市委人才办)", "市委组织部"),
        ("lishui", "市人力社保局(市超市办)", "市人力社保局"),
    ]:
        assert names[(jurisdiction, child)]["parent_id"] == names[(jurisdiction, parent)]["id"]
    assert names[("liandu", "区委组织部")]["parent_id"] == ""
    collective = names[("liandu", "各乡镇人民政府、街道办事处")]
    assert collective["kind"] == "collective"
    assert ("liandu", "街道办事处") not in names
