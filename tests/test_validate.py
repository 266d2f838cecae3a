"""`luoshi validate`: each way of breaking a package gives its named error."""

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from luoshi.cli import main
from luoshi.validate import run_frictionless, validate_package

MINI = Path(__file__).parent / "fixtures" / "mini"


def edit_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(name: str, row_id: str, column: str, value: str):
    def change(rows):
        index = rows[0].index(column)
        for row in rows[1:]:
            if row[0] == row_id:
                row[index] = value
        return rows

    return name, change


def bad_type(root):
    edit_csv(root / "reports.csv", set_cell("reports", "liandu-2023", "year", "二〇二三")[1])


def duplicate_id(root):
    edit_csv(root / "units.csv", lambda rows: rows[:2] + [rows[1]] + rows[2:])


def dangling_reference(root):
    change = set_cell("assignments", "liandu-2023-main-002-u01", "unit_id", "liandu-nosuch")[1]
    edit_csv(root / "assignments.csv", change)


def missing_column(root):
    edit_csv(root / "units.csv", lambda rows: [row[:3] + row[4:] for row in rows])


def wrong_encoding(root):
    text = (root / "tasks.csv").read_text(encoding="utf-8")
    (root / "tasks.csv").write_bytes(text.encode("gb18030"))


def empty_file(root):
    (root / "progress.csv").write_bytes(b"")


# (break, file, line, field, our type, frictionless' type for the same finding)
BREAKS = {
    "bad-type": (bad_type, "reports.csv", 2, "year", "type-error", "type-error"),
    "duplicate-id": (duplicate_id, "units.csv", 3, None, "primary-key", "primary-key"),
    "dangling-reference": (
        dangling_reference,
        "assignments.csv",
        7,
        "unit_id",
        "foreign-key",
        "foreign-key",
    ),
    "missing-column": (missing_column, "units.csv", 1, "note", "missing-label", "missing-label"),
    "wrong-encoding": (wrong_encoding, "tasks.csv", 2, None, "encoding-error", "encoding-error"),
    "empty-file": (empty_file, "progress.csv", None, None, "empty-file", "source-error"),
}


def broken(tmp_path: Path, how: str) -> Path:
    root = tmp_path / how
    shutil.copytree(MINI, root)
    BREAKS[how][0](root)
    return root / "datapackage.json"


def test_the_fixture_itself_is_valid():
    assert validate_package(MINI / "datapackage.json") == []
    assert run_frictionless(MINI / "datapackage.json") == []


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_each_break_gives_its_named_error(tmp_path, how):
    _, file, line, field, kind, _ = BREAKS[how]
    errors = validate_package(broken(tmp_path, how))
    found = [(Path(e.file).name, e.row, e.field, e.type) for e in errors]
    assert (file, line, field, kind) in found
    assert {Path(e.file).name for e in errors} == {file}


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_same_finding_as_frictionless(tmp_path, how):
    _, file, line, field, _, their_kind = BREAKS[how]
    theirs = run_frictionless(broken(tmp_path, how))
    found = {(Path(e.file).name, e.type) for e in theirs}
    assert (file, f"frictionless/{their_kind}") in found
    ours = validate_package(broken(tmp_path / "again", how))
    assert {Path(e.file).name for e in ours} <= {Path(e.file).name for e in theirs}


def line_of(root: Path, name: str, row_id: str) -> int:
    with (root / f"{name}.csv").open(encoding="utf-8") as handle:
        ids = [row[0] for row in csv.reader(handle)]
    return ids.index(row_id) + 1


def test_cross_table_rules(tmp_path):
    root = tmp_path / "cross"
    shutil.copytree(MINI, root)
    edits = [
        set_cell("tasks", "liandu-2023-main-003", "position", "5"),
        set_cell("assignments", "liandu-2023-main-001-u02", "name_as_published", "区经商"),
        set_cell("indicators", "liandu-2023-gongfu-indicators-i002", "target_value", "2.6"),
        set_cell("progress", "liandu-2023-main-001-p20230331", "indicator_id",
                 "liandu-2023-gongfu-indicators-i001"),
    ]  # fmt: skip
    for name, change in edits:
        edit_csv(root / f"{name}.csv", change)
    errors = validate_package(root / "datapackage.json")
    found = {(Path(e.file).name, e.row, e.type) for e in errors}
    for name, row_id, kind in [
        ("tasks", "liandu-2023-main-003", "numbering-error"),
        ("assignments", "liandu-2023-main-001-u02", "alias-error"),
        ("indicators", "liandu-2023-gongfu-indicators-i002", "parsed-value-error"),
        ("progress", "liandu-2023-main-001-p20230331", "owner-error"),
    ]:
        assert (f"{name}.csv", line_of(root, name, row_id), kind) in found


def test_cli_prints_file_row_column_and_exits_non_zero(tmp_path):
    datapackage = broken(tmp_path, "dangling-reference")
    result = CliRunner().invoke(main, ["validate", "--datasets", str(datapackage)])
    assert result.exit_code == 1
    assert "assignments.csv:7 [unit_id] foreign-key: 'liandu-nosuch'" in result.stderr


def test_cli_accepts_a_valid_package():
    result = CliRunner().invoke(main, ["validate", "--datasets", str(MINI / "datapackage.json")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{MINI / 'datapackage.json'}: valid"


def test_a_unit_is_assigned_only_in_its_own_jurisdiction(tmp_path):
    root = tmp_path / "elsewhere"
    shutil.copytree(MINI, root)
    edit_csv(
        root / "units.csv",
        lambda rows: rows + [["lishui-shifagaiwei", "lishui", "市发改委", "department", ""]],
    )
    edit_csv(
        root / "unit_aliases.csv",
        lambda rows: rows + [["lishui", "市发改委", "lishui-shifagaiwei"]],
    )
    edit_csv(
        root / "assignments.csv",
        set_cell("assignments", "liandu-2023-main-002-u01", "unit_id", "lishui-shifagaiwei")[1],
    )
    errors = validate_package(root / "datapackage.json", with_frictionless=False)
    found = [e for e in errors if e.type == "unit-jurisdiction"]
    assert [(Path(e.file).name, e.row, e.field) for e in found] == [
        ("assignments.csv", line_of(root, "assignments", "liandu-2023-main-002-u01"), "unit_id")
    ]
    assert "lishui-shifagaiwei" in found[0].message
