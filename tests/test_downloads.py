"""Downloads: every format reads back as the source data, the zip is a valid package,
the same epoch gives the same bytes, and report slices hold the right tasks."""

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import frictionless
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from luoshi import dictionary
from luoshi.downloads import (
    ZIP_NAME,
    ZIP_ROOT,
    neutralise,
    write_downloads,
    write_report_slices,
)
from luoshi.package import load

MINI = Path(__file__).parent / "fixtures" / "mini"
EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC
STAMP = dt.datetime(2023, 11, 14, 22, 13, 20)
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def mini():
    return load(MINI / "datapackage.json")


@pytest.fixture(scope="module")
def written(mini, tmp_path_factory):
    dest = tmp_path_factory.mktemp("downloads")
    return dest, write_all(mini, dest, EPOCH)


def write_all(package, dest, epoch, **options):
    """What a build publishes under downloads/: the package's files and every slice."""
    return write_downloads(package, dest, epoch, **options) + write_report_slices(package, dest)


def resources(package):
    return [(res["name"], res["schema"]["fields"]) for res in package.descriptor["resources"]]


def source_rows(root: Path, name: str) -> list[list[str]]:
    with (root / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def typed(value: str, kind: str, dates: bool = False):
    """A source cell as the schema types it; dates parsed only when `dates`."""
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return {"true": True, "false": False}[value]
    if dates and kind == "date":
        return dt.date.fromisoformat(value)
    if dates and kind == "datetime":
        return dt.datetime.fromisoformat(value)
    return value


def expected_records(root: Path, name: str, fields: list[dict], dates: bool = False):
    header, *rows = source_rows(root, name)
    assert header == [field["name"] for field in fields]
    return [
        {f["name"]: typed(cell, f["type"], dates) for f, cell in zip(fields, row, strict=True)}
        for row in rows
    ]


def copy_mini(tmp_path: Path) -> Path:
    root = tmp_path / "package"
    shutil.copytree(MINI, root)
    return root


def edit_tasks(root: Path, change) -> None:
    rows = source_rows(root, "tasks")
    with (root / "tasks.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(rows))


def set_task_text(rows, task_id: str, text: str):
    index = rows[0].index("text")
    for row in rows[1:]:
        if row[0] == task_id:
            row[index] = text
    return rows


# -- CSV ------------------------------------------------------------------------


def test_csv_has_bom_lf_endings_and_the_source_rows(mini, written):
    dest, _ = written
    for name, _fields in resources(mini):
        data = (dest / f"{name}.csv").read_bytes()
        assert data.startswith(BOM), name
        assert b"\r" not in data, name  # LF record endings throughout
        assert source_rows(dest, name) == source_rows(MINI, name), name


def test_csv_from_a_crlf_source_keeps_values_and_uses_lf(tmp_path):
    root = copy_mini(tmp_path)
    edit_tasks(root, lambda rows: set_task_text(rows, "liandu-2023-main-002", "第一行\r\n第二行"))
    text = (root / "tasks.csv").read_text(encoding="utf-8")
    (root / "tasks.csv").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    dest = tmp_path / "out"
    write_all(load(root / "datapackage.json"), dest, EPOCH)
    rows = source_rows(dest, "tasks")
    assert rows == source_rows(root, "tasks")
    assert "第一行\r\n第二行" in rows[4]
    data = (dest / "tasks.csv").read_bytes()
    assert data.startswith(BOM)
    assert data.count(b"\r") == 1  # only the one inside the value
    assert data.endswith(b"\n") and not data.endswith(b"\r\n")


# -- XLSX -----------------------------------------------------------------------


def test_xlsx_reads_back_typed_as_the_schema_says(mini, written):
    dest, _ = written
    for name, fields in resources(mini):
        workbook = openpyxl.load_workbook(dest / f"{name}.xlsx")
        sheet = workbook.active
        assert sheet.title == name
        assert sheet.freeze_panes == "A2"
        header, *rows = list(sheet.iter_rows(values_only=True))
        assert list(header) == [field["name"] for field in fields]
        assert all(cell.font.b for cell in sheet[1])
        expected = expected_records(MINI, name, fields)
        got = [dict(zip(header, row, strict=True)) for row in rows]
        assert got == expected, name
        for record in got:  # same values *and* same Python types
            for field in fields:
                value, want = record[field["name"]], typed_type(field["type"])
                assert value is None or isinstance(value, want), (name, field["name"], value)


def typed_type(kind: str):
    return {"integer": int, "number": (int, float), "boolean": bool}.get(kind, str)


def test_xlsx_properties_are_the_epoch(mini, written):
    dest, _ = written
    properties = openpyxl.load_workbook(dest / "tasks.xlsx").properties
    assert properties.created == STAMP
    assert properties.modified == STAMP


def excel_text(value: str) -> str:
    """A cell's text as Excel shows it: Excel decodes _xHHHH_ escapes (openpyxl does not)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def test_xlsx_keeps_hostile_and_numeric_looking_text_as_text(tmp_path):
    texts = {
        "liandu-2023-main-001": '=HYPERLINK("http://evil.example","x")',
        "liandu-2023-main-002": "<script>alert(1)</script> & **bold** _x0041_ \x01",
        "liandu-2023-main-003": "第一行\r\n第二行",
        "liandu-2023-gongfu-annex2-001-001": "  001  ",
    }

    def change(rows):
        for task_id, text in texts.items():
            set_task_text(rows, task_id, text)
        return rows

    root = copy_mini(tmp_path)
    edit_tasks(root, change)
    dest = tmp_path / "out"
    write_all(load(root / "datapackage.json"), dest, EPOCH)
    sheet = openpyxl.load_workbook(dest / "tasks.xlsx").active
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: row[header.index("text")] for row in sheet.iter_rows(min_row=2)}
    for task_id, text in texts.items():
        cell = cells[task_id]
        assert cell.data_type == "s", task_id  # never a formula or a number
        assert excel_text(cell.value) == neutralise(text), task_id  # "'" before a formula
    # XML cannot carry \x01, and a literal "_x0041_" must not turn into "A" in Excel.
    assert cells["liandu-2023-main-002"].value.endswith("_x005F_x0041_ _x0001_")
    # The CSV and JSON keep the text as it is.
    assert source_rows(dest, "tasks")[4][8] == texts["liandu-2023-main-002"]
    records = json.loads((dest / "tasks.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in records[3:5]] == [texts["liandu-2023-main-002"], "第一行\r\n第二行"]


# -- Parquet and JSON -----------------------------------------------------------


def test_parquet_reads_back_with_schema_types(mini, written):
    dest, _ = written
    arrow_types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("ms"),
    }
    for name, fields in resources(mini):
        table = pq.read_table(dest / f"{name}.parquet")
        assert table.schema.names == [field["name"] for field in fields]
        for field in fields:
            arrow_field = table.schema.field(field["name"])
            assert arrow_field.type == arrow_types[field["type"]], (name, field["name"])
            description = arrow_field.metadata[b"description"].decode("utf-8")
            assert description == field["description"]
        assert table.to_pylist() == expected_records(MINI, name, fields, dates=True), name


def test_json_is_an_array_of_typed_records(mini, written):
    dest, _ = written
    for name, fields in resources(mini):
        text = (dest / f"{name}.json").read_text(encoding="utf-8")
        records = json.loads(text)
        assert records == expected_records(MINI, name, fields), name
        assert [list(record) for record in records] == [
            [field["name"] for field in fields] for _ in records
        ]
    tasks = (dest / "tasks.json").read_text(encoding="utf-8")
    assert "推行“综合查一次”联合执法机制" in tasks  # Chinese not \u-escaped


# -- Package descriptor and zip -------------------------------------------------


def test_descriptor_describes_the_bom_csvs(mini, written):
    dest, _ = written
    descriptor = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    assert [res["name"] for res in descriptor["resources"]] == [n for n, _ in resources(mini)]
    for resource in descriptor["resources"]:
        assert resource["path"] == f"{resource['name']}.csv"
        assert resource["encoding"] == "utf-8-sig"
        assert resource["schema"] == mini.resource(resource["name"])["schema"]
    assert frictionless.Package(str(dest / "datapackage.json")).validate().valid


def test_zip_holds_the_package_and_validates(mini, written, tmp_path):
    dest, _ = written
    with zipfile.ZipFile(dest / ZIP_NAME) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        expected = [f"{ZIP_ROOT}/datapackage.json"]
        expected += [f"{ZIP_ROOT}/{name}.csv" for name, _ in resources(mini)]
        assert sorted(names) == sorted(expected)  # mini has no sources/ folder
        for info in archive.infolist():
            assert info.date_time == STAMP.timetuple()[:6]
            assert info.external_attr >> 16 == 0o100644
            member = info.filename.removeprefix(f"{ZIP_ROOT}/")
            assert archive.read(info) == (dest / member).read_bytes()
        archive.extractall(tmp_path)
    report = frictionless.Package(str(tmp_path / ZIP_ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_zip_includes_the_source_documents(tmp_path):
    root = copy_mini(tmp_path)
    (root / "sources" / "sub").mkdir(parents=True)
    (root / "sources" / "000_39c49c8ad27c7f18.txt").write_text("原文", encoding="utf-8")
    (root / "sources" / "sub" / "note.md").write_text("说明", encoding="utf-8")
    dest = tmp_path / "out"
    write_all(load(root / "datapackage.json"), dest, EPOCH)
    with zipfile.ZipFile(dest / ZIP_NAME) as archive:
        assert archive.read(f"{ZIP_ROOT}/sources/000_39c49c8ad27c7f18.txt").decode() == "原文"
        assert archive.read(f"{ZIP_ROOT}/sources/sub/note.md").decode() == "说明"


# -- The returned list and determinism ------------------------------------------


def test_every_file_is_listed_with_its_size_and_hash(written):
    dest, files = written
    on_disk = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert sorted(f.path for f in files) == on_disk
    for file in files:
        data = (dest / file.path).read_bytes()
        assert file.size == len(data)
        assert file.sha256 == hashlib.sha256(data).hexdigest()
    assert [(f.path, f.resource, f.format) for f in files[:4]] == [
        ("jurisdictions.csv", "jurisdictions", "csv"),
        ("jurisdictions.xlsx", "jurisdictions", "xlsx"),
        ("jurisdictions.parquet", "jurisdictions", "parquet"),
        ("jurisdictions.json", "jurisdictions", "json"),
    ]
    package_files = [(f.path, f.format) for f in files if not f.resource]
    assert package_files == [("datapackage.json", "json"), (ZIP_NAME, "zip")]


def test_same_epoch_same_bytes_and_the_epoch_is_used(mini, written, tmp_path):
    dest, files = written
    again = write_all(mini, tmp_path / "again", EPOCH, workers=1)
    assert again == files
    for file in files:
        assert (tmp_path / "again" / file.path).read_bytes() == (dest / file.path).read_bytes()
    later = {f.path: f.sha256 for f in write_all(mini, tmp_path / "later", EPOCH + 86400)}
    before = {f.path: f.sha256 for f in files}
    assert later["tasks.csv"] == before["tasks.csv"]
    assert later["tasks.xlsx"] != before["tasks.xlsx"]
    assert later[ZIP_NAME] != before[ZIP_NAME]
    # a report's slice carries the report's own date, so a new build date leaves it be
    assert later["reports/liandu-2023/tasks.xlsx"] == before["reports/liandu-2023/tasks.xlsx"]
    book = openpyxl.load_workbook(dest / "reports" / "liandu-2023" / "tasks.xlsx")
    assert book.properties.modified == dt.datetime(2023, 4, 17, 8, 50, 33)


def test_cached_files_are_linked_and_only_changed_inputs_are_made_again(tmp_path):
    root = tmp_path / "package"
    shutil.copytree(MINI, root)
    cache, first, second = tmp_path / "cache", tmp_path / "first", tmp_path / "second"
    before = write_downloads(load(root / "datapackage.json"), first, EPOCH, cache=cache)
    tasks = root / "tasks.csv"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("托育", "托幼", 1), encoding="utf-8")
    after = write_downloads(load(root / "datapackage.json"), second, EPOCH, cache=cache)
    assert [f.path for f in after] == [f.path for f in before]
    changed = {a.path for a, b in zip(after, before, strict=True) if a.sha256 != b.sha256}
    latest = {"progress-latest.csv", "progress-latest.xlsx"}  # they quote each task's text
    assert changed == {"tasks.csv", "tasks.xlsx", "tasks.parquet", "tasks.json", ZIP_NAME} | latest
    for path in ("units.xlsx", "assignments.parquet", "datapackage.json"):
        assert (second / path).stat().st_ino == (first / path).stat().st_ino  # one file
    assert (second / "tasks.xlsx").stat().st_ino != (first / "tasks.xlsx").stat().st_ino
    assert "托幼" in (second / "tasks.csv").read_text(encoding="utf-8-sig")


# -- Report slices --------------------------------------------------------------


def slice_rows(dest: Path, report_id: str) -> list[dict[str, str]]:
    text = (dest / "reports" / report_id / "tasks.csv").read_bytes()
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_report_slice_holds_exactly_its_tasks_with_lead_units(mini, written):
    dest, files = written
    slices = {f.report_id for f in files if f.report_id}
    assert slices == {"liandu-2023", "liandu-2023-gongfu"}
    main = slice_rows(dest, "liandu-2023")
    assert [row["任务标识"] for row in main] == [
        "liandu-2023-main-001",
        "liandu-2023-main-002",
        "liandu-2023-main-003",
    ]
    first, second, third = main
    assert first["牵头单位"] == "区发改局"
    assert first["其他责任单位"] == "区经商局"  # 区发改局 is listed once, as lead
    assert first["清单"] == "2023年莲都区政府工作报告重点工作责任分解"
    assert first["章节"] == "发展目标"
    assert first["类型"] == "任务"
    assert first["内容"] == "地区生产总值增长6.5%以上。"
    assert second["牵头单位"] == ""
    assert second["其他责任单位"] == "各乡镇(街道)"
    assert second["章节"] == "激发市场活力"
    assert second["内容"] == "推行“综合查一次”联合执法机制,推进托育服务和养老服务。"
    assert (third["内容"], third["其他责任单位"], third["备注"]) == ("", "", "原文此项无内容。")


def test_report_slice_puts_key_tasks_after_their_parent(written):
    dest, _ = written
    rows = slice_rows(dest, "liandu-2023-gongfu")
    assert [row["任务标识"] for row in rows] == [
        "liandu-2023-gongfu-annex2-001",
        "liandu-2023-gongfu-annex2-001-001",
    ]
    parent, child = rows
    assert (parent["类型"], parent["标题"], parent["上级任务"]) == (
        "标志性成果",
        "青年发展型市区",
        "",
    )
    assert (child["类型"], child["上级任务"]) == ("重点任务", "青年发展型市区")
    assert parent["其他责任单位"] == "区发改局"
    assert parent["责任单位原文"] == "区发改局"


def test_report_slice_xlsx_matches_its_csv(written):
    dest, _ = written
    for report_id in ("liandu-2023", "liandu-2023-gongfu"):
        sheet = openpyxl.load_workbook(dest / "reports" / report_id / "tasks.xlsx").active
        header, *rows = list(sheet.iter_rows(values_only=True))
        got = [{h: value or "" for h, value in zip(header, row, strict=True)} for row in rows]
        assert got == slice_rows(dest, report_id)


def test_report_without_tasks_gets_header_only_files(tmp_path):
    root = copy_mini(tmp_path)
    with (root / "reports.csv").open("a", encoding="utf-8", newline="") as handle:
        row = [
            "liandu-2024",
            "liandu",
            "2024",
            "空文件",
            "",
            "work-plan",
            "",
            "",
            "",
            "",
            "",
            "x.txt",
            "",
        ]
        csv.writer(handle, lineterminator="\n").writerow(row)
    dest = tmp_path / "out"
    files = write_all(load(root / "datapackage.json"), dest, EPOCH)
    assert {f.path for f in files if f.report_id == "liandu-2024"} == {
        "reports/liandu-2024/tasks.csv",
        "reports/liandu-2024/tasks.xlsx",
    }
    assert slice_rows(dest, "liandu-2024") == []
    sheet = openpyxl.load_workbook(dest / "reports" / "liandu-2024" / "tasks.xlsx").active
    assert sheet.max_row == 1 and sheet["A1"].value == "任务标识"


# -- Data dictionary ------------------------------------------------------------


def test_data_dictionary_lists_every_field_with_its_description(mini):
    tables = {table.name: table for table in dictionary.tables(mini.descriptor)}
    assert list(tables) == [name for name, _ in resources(mini)]
    for name, fields in resources(mini):
        table = tables[name]
        assert table.title == mini.resource(name)["title"]
        assert [f.name for f in table.fields] == [f["name"] for f in fields]
        for got, field in zip(table.fields, fields, strict=True):
            assert got.description == field["description"]
            assert got.title == field["title"]
            assert got.type == field["type"]


def test_data_dictionary_renders_constraints_and_keys(mini):
    tables = {table.name: table for table in dictionary.tables(mini.descriptor)}
    fields = {f.name: f for f in tables["assignments"].fields}
    assert fields["role"].constraints == (
        "必填;取值:lead / lead-or-collect / co-organiser / responsible"
    )
    assert fields["id"].constraints == "必填;唯一;格式:^[a-z0-9]+(-[a-z0-9]+)*$"
    assert fields["group"].constraints == "必填;最小值 1"
    assert fields["ambiguous"].example == "false"
    assert fields["note"].constraints == "" and fields["note"].example == ""
    year = next(f for f in tables["reports"].fields if f.name == "year")
    assert (year.constraints, year.example) == ("必填;最小值 1949;最大值 2100", "2023")
    assert tables["unit_aliases"].primary_key == ("jurisdiction_id", "alias")
    keys = [fk.text for fk in tables["jurisdictions"].foreign_keys]
    assert keys == ["parent_id → jurisdictions.id"]
    keys = [fk.text for fk in tables["assignments"].foreign_keys]
    assert "unit_id → units.id" in keys


def test_the_downloads_page_shows_the_data_dictionary(mini_site, mini):
    """The page lays out luoshi.dictionary, cell for cell: there is no other dictionary."""
    page = mini_site.html("downloads/")
    for table in dictionary.tables(mini.descriptor):
        heading = page.by_id(f"表-{table.name}")
        assert heading.find("code").text() == table.name
        section = heading.parent.children
        at = section.index(heading)
        shown = next(n for n in section[at:] if not isinstance(n, str) and n.tag == "div")
        rows = [[td.text() for td in tr.find_all("td")] for tr in shown.find_all("tr")[1:]]
        assert rows == [
            [f.name, f.title, f.type, f.description, f.constraints, f.example] for f in table.fields
        ]
    status = page.by_id("表-progress-latest").parent
    cells = [[td.text() for td in tr.find_all("td")] for tr in status.find_all("tr")]
    expected = [[c.name, c.type, c.description] for c in dictionary.status_columns()]
    assert all(row in cells for row in expected) and expected[0][0] == "任务标识"
