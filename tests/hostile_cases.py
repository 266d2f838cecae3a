"""A corpus of broken and hostile packages, each derived from tests/fixtures/mini in a
few lines, with the named error the validator must give (and the build with it).

Cases are grouped by the KIND of fault (encoding, value, descriptor, structure,
path): each kind has several, so a new case of a known kind is caught by the same
rule. `SECRET` is written to a file outside every package: it must never appear in
a message or on a site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import edit_csv

SECRET = "SECRET-6f1c9e-outside-the-package"


@dataclass(frozen=True)
class Case:
    kind: str  # encoding | value | descriptor | structure | path
    name: str
    make: Callable[[Path], None]  # edits a copy of the mini package in place
    error: str  # the error type the validator must report


def cell(table: str, row_id: str, **values: str) -> Callable[[Path], None]:
    def make(package: Path) -> None:
        edit_csv(
            package / f"{table}.csv",
            lambda rows: [r | values if r.get("id") == row_id else r for r in rows],
        )

    return make


def raw(table: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def make(package: Path) -> None:
        path = package / f"{table}.csv"
        path.write_bytes(change(path.read_bytes()))

    return make


def descriptor(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def make(package: Path) -> None:
        path = package / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return make


def resource(data: dict, name: str) -> dict:
    return next(r for r in data["resources"] if r["name"] == name)


def field(data: dict, table: str, name: str) -> dict:
    return next(f for f in resource(data, table)["schema"]["fields"] if f["name"] in name)


def secret_file(package: Path) -> Path:
    """A CSV-looking file outside the package holding SECRET (the header of tasks.csv
    is kept, so only the closed-world rule can refuse it)."""
    outside = package.parent / "outside.csv"
    header = (package / "tasks.csv").read_text(encoding="utf-8").splitlines()[0]
    outside.write_text(f"{SECRET}\n{header}\n{SECRET},{SECRET}\n", encoding="utf-8")
    return outside


def path_to(where: Callable[[Path], str]) -> Callable[[Path], None]:
    def make(package: Path) -> None:
        target = where(package)
        descriptor(lambda d: resource(d, "tasks").update(path=target))(package)

    return make


def symlinked_resource(package: Path) -> None:
    outside = secret_file(package)
    (package / "tasks.csv").unlink()
    (package / "tasks.csv").symlink_to(outside)


def symlinked_source(package: Path) -> None:
    (package / "sources").mkdir(exist_ok=True)
    (package / "sources" / "000_39c49c8ad27c7f18.txt").symlink_to(secret_file(package))


def symlinked_sources_folder(package: Path) -> None:
    secret_file(package)
    (package / "sources").symlink_to(package.parent)


def self_parent(table: str, row_id: str) -> Callable[[Path], None]:
    return cell(table, row_id, parent_id=row_id)


def two_cycle(package: Path) -> None:
    a, b = "liandu-2023-main-s001", "liandu-2023-main-s002"
    edit_csv(
        package / "sections.csv",
        lambda rows: [r | {"parent_id": {a: b, b: a}.get(r["id"], r["parent_id"])} for r in rows],
    )


def multiline_then_bad(package: Path) -> None:
    """A cell spanning three lines, then a bad value: the error names the line."""
    edit_csv(
        package / "tasks.csv",
        lambda rows: [
            r | {"text": "第一行\n第二行\n第三行"}
            if i == 0
            else r | {"position": "x"}
            if i == 1
            else r
            for i, r in enumerate(rows)
        ],
    )


def rename_csv_header(package: Path) -> None:
    path = package / "units.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("jurisdiction_id", "jurisdiction", 1), encoding="utf-8")


TASK = "liandu-2023-main-001"
ASSIGNMENT = "liandu-2023-gongfu-annex2-001-u01"
REPORT = "liandu-2023"
INDICATOR = "liandu-2023-gongfu-annex2-001-i01"

CASES: list[Case] = [
    # encodings
    Case(
        "encoding",
        "gbk-bytes",
        raw("units", lambda b: b + "区财政局".encode("gbk")),
        "encoding-error",
    ),
    Case(
        "encoding", "utf16", raw("units", lambda b: b.decode("utf-8").encode("utf-16")), "nul-byte"
    ),
    Case(
        "encoding",
        "nul-byte",
        raw("tasks", lambda b: b.replace("青年".encode(), b"\x00", 1)),
        "nul-byte",
    ),
    Case(
        "encoding",
        "lone-surrogate-bytes",
        raw("units", lambda b: b + b"\xed\xa0\x80\n"),
        "encoding-error",
    ),
    Case("encoding", "empty-file", raw("units", lambda b: b""), "empty-file"),
    Case(
        "encoding",
        "descriptor-not-utf8",
        lambda p: (p / "datapackage.json").write_bytes(b"\xff\xfe{"),
        "encoding-error",
    ),
    Case(
        "encoding",
        "descriptor-not-json",
        lambda p: (p / "datapackage.json").write_text("{resources:", encoding="utf-8"),
        "package-error",
    ),
    # values
    Case("value", "full-width-integer", cell("tasks", TASK, position="１"), "type-error"),
    Case("value", "full-width-year", cell("reports", REPORT, year="２０２３"), "type-error"),
    Case("value", "huge-integer", cell("assignments", ASSIGNMENT, group="9" * 40), "range-error"),
    Case(
        "value", "huge-number", cell("indicators", INDICATOR, baseline_value="1e999"), "range-error"
    ),
    Case("value", "nan-number", cell("indicators", INDICATOR, target_value="nan"), "type-error"),
    Case("value", "boolean-yes", cell("assignments", ASSIGNMENT, ambiguous="yes"), "type-error"),
    Case("value", "boolean-chinese", cell("assignments", ASSIGNMENT, ambiguous="是"), "type-error"),
    Case(
        "value",
        "date-not-iso",
        cell("reports", "liandu-2023-gongfu", dated="2023/07/24"),
        "type-error",
    ),
    Case(
        "value",
        "date-full-width",
        cell("reports", "liandu-2023-gongfu", dated="２０２３-07-24"),
        "type-error",
    ),
    Case("value", "enum-outside", cell("tasks", TASK, kind="<script>"), "constraint-error"),
    Case("value", "required-empty", cell("units", "liandu-qufagaiju", name=""), "constraint-error"),
    Case("value", "line-number-after-multiline-cell", multiline_then_bad, "type-error"),
    # descriptors
    Case(
        "descriptor",
        "unknown-field-type",
        descriptor(lambda d: field(d, "tasks", "note").update(type="html")),
        "field-type-error",
    ),
    Case(
        "descriptor",
        "typed-field-retyped",
        descriptor(lambda d: field(d, "assignments", "ambiguous").update(type="string")),
        "field-type-error",
    ),
    Case(
        "descriptor",
        "missing-resource",
        descriptor(lambda d: d["resources"].remove(resource(d, "units"))),
        "missing-resource",
    ),
    Case(
        "descriptor",
        "missing-field",
        descriptor(lambda d: resource(d, "tasks")["schema"]["fields"].pop()),
        "missing-field",
    ),
    Case(
        "descriptor",
        "loosened-enum",
        lambda p: (
            descriptor(lambda d: field(d, "tasks", "kind").pop("constraints"))(p),
            cell("tasks", TASK, kind="evil")(p),
        ),
        "constraint-error",
    ),
    Case(
        "descriptor",
        "loosened-id-pattern",
        lambda p: (
            descriptor(lambda d: field(d, "units", "id").pop("constraints"))(p),
            cell("units", "liandu-gexiangzhenjiedao", id="../../evil")(p),
        ),
        "constraint-error",
    ),
    Case(
        "descriptor",
        "bad-regex",
        descriptor(lambda d: field(d, "tasks", "note").update(constraints={"pattern": "(["})),
        "descriptor-error",
    ),
    Case(
        "descriptor",
        "resources-not-list",
        descriptor(lambda d: d.update(resources={"a": 1})),
        "descriptor-error",
    ),
    Case(
        "descriptor",
        "title-not-text",
        descriptor(lambda d: d.update(title={"<b>": 1})),
        "descriptor-error",
    ),
    Case(
        "descriptor",
        "schema-missing",
        descriptor(lambda d: resource(d, "tasks").pop("schema")),
        "descriptor-error",
    ),
    Case("descriptor", "header-renamed", rename_csv_header, "incorrect-label"),
    Case(
        "descriptor",
        "resource-name-path",
        descriptor(lambda d: d["resources"].append(resource(d, "units") | {"name": "../../x"})),
        "name-error",
    ),
    Case(
        "descriptor",
        "field-name-formula",
        descriptor(lambda d: field(d, "tasks", "note").update(name="=cmd|' /C calc'!A0")),
        "name-error",
    ),
    Case(
        "descriptor",
        "duplicate-resource",
        descriptor(lambda d: d["resources"].append(resource(d, "units"))),
        "descriptor-error",
    ),
    # structure
    Case("structure", "task-own-parent", self_parent("tasks", TASK), "cycle-error"),
    Case(
        "structure",
        "section-own-parent",
        self_parent("sections", "liandu-2023-main-s001"),
        "cycle-error",
    ),
    Case("structure", "section-two-cycle", two_cycle, "cycle-error"),
    Case(
        "structure",
        "jurisdiction-own-parent",
        self_parent("jurisdictions", "liandu"),
        "cycle-error",
    ),
    Case(
        "structure",
        "reserved-id-index",
        lambda p: _rename_id(p, "units", "liandu-qufagaiju", "index"),
        "id-error",
    ),
    Case(
        "structure",
        "reserved-id-device",
        lambda p: _rename_id(p, "reports", REPORT, "con"),
        "id-error",
    ),
    Case(
        "structure",
        "id-too-long",
        lambda p: _rename_id(p, "jurisdictions", "liandu", "a" * 300),
        "id-error",
    ),
    Case(
        "structure",
        "duplicate-id",
        cell("units", "liandu-gexiangzhenjiedao", id="liandu-qufagaiju"),
        "unique-error",
    ),
    Case(
        "structure",
        "parent-in-other-list",
        cell("tasks", "liandu-2023-gongfu-annex2-001-001", parent_id=TASK),
        "list-error",
    ),
    Case(
        "structure", "dangling-reference", cell("tasks", TASK, section_id="nowhere"), "foreign-key"
    ),
    Case(
        "structure",
        "source-name-dotdot",
        cell("reports", REPORT, source_file=".."),
        "source-name-error",
    ),
    Case(
        "structure",
        "source-name-control",
        cell("reports", REPORT, source_file="a\u0085.txt"),
        "source-name-error",
    ),
    # paths: nothing outside the package is read
    Case("path", "absolute-resource-path", path_to(lambda p: str(secret_file(p))), "path-error"),
    Case(
        "path", "dotdot-resource-path", path_to(lambda p: f"../{secret_file(p).name}"), "path-error"
    ),
    Case(
        "path",
        "url-resource-path",
        path_to(lambda p: "https://example.org/tasks.csv"),
        "path-error",
    ),
    Case("path", "symlinked-resource", symlinked_resource, "path-error"),
    Case("path", "symlinked-source", symlinked_source, "path-error"),
    Case("path", "symlinked-sources-folder", symlinked_sources_folder, "path-error"),
    Case("path", "device-resource", path_to(lambda p: _device_link(p)), "path-error"),
]


def _rename_id(package: Path, table: str, old: str, new: str) -> None:
    """Rename an id everywhere it is referenced, so only the id rule can object."""
    for path in package.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")


def _device_link(package: Path) -> str:
    os.symlink("/dev/zero", package / "zero.csv")
    return "zero.csv"
