"""One vocabulary: the package's enums are luoshi.vocab's keys, its labels are the ones
the schema describes, and a unit's 牵头 count is the same number on every page and
download that shows it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import MINI, Built, Node
from luoshi import vocab
from luoshi.structure import schema_of

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTORS = [ROOT / "datasets" / "datapackage.json", MINI / "datapackage.json"]
# Fields whose description spells "<key> <label>" for every key.
LABELLED = {
    ("reports", "kind"): vocab.REPORT_KINDS,
    ("lists", "kind"): vocab.LIST_KINDS,
    ("tasks", "kind"): vocab.TASK_KINDS,
    ("units", "kind"): vocab.UNIT_KINDS,
    ("assignments", "role"): vocab.ROLE_LABELS,
    ("indicators", "target_comparator"): vocab.COMPARATORS,
    ("deadlines", "period"): vocab.PERIODS,
    ("progress", "status"): vocab.STATUS_LABELS,
}


def enum_fields(descriptor: dict) -> dict[tuple[str, str], dict]:
    return {
        (resource["name"], field["name"]): field
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        if "enum" in field.get("constraints", {})
    }


@pytest.mark.parametrize("path", DESCRIPTORS, ids=lambda p: p.parent.name)
def test_every_enum_of_the_package_is_the_vocabulary(path: Path) -> None:
    fields = enum_fields(json.loads(path.read_text(encoding="utf-8")))
    assert set(fields) == set(vocab.ENUMS)
    for key, field in fields.items():
        assert tuple(field["constraints"]["enum"]) == vocab.ENUMS[key], key


def test_the_project_schema_enforces_the_vocabulary() -> None:
    """generators/schema.json (what validation adds to any descriptor) is generated from
    datasets/datapackage.json and carries the same enums."""
    descriptor = json.loads(DESCRIPTORS[0].read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "generators" / "schema.json").read_text(encoding="utf-8"))
    assert shipped == schema_of(descriptor)
    for (resource, name), keys in vocab.ENUMS.items():
        field = next(f for f in shipped[resource]["fields"] if f["name"] == name)
        assert tuple(field["constraints"]["enum"]) == keys


def test_labels_are_the_ones_the_schema_describes() -> None:
    fields = enum_fields(json.loads(DESCRIPTORS[0].read_text(encoding="utf-8")))
    for key, labels in LABELLED.items():
        assert set(labels) == set(fields[key]["constraints"]["enum"]), key
        for value, label in labels.items():
            assert f"{value} {label}" in fields[key]["description"], (key, value)


def test_leading_roles() -> None:
    assert vocab.leads("lead") and vocab.leads("lead-or-collect")
    assert not vocab.leads("co-organiser") and not vocab.leads("responsible")
    assert set(vocab.OWN_ROLES) == {"lead", "lead-or-collect", "responsible"}
    assert set(vocab.LEADING_ROLES) < set(vocab.ROLES)


# -- one 牵头 count everywhere --------------------------------------------------------


def jurisdiction_leads(page: Node) -> dict[str, int]:
    """Unit name → the 牵头 cell of the jurisdiction page's unit table."""
    table = next(t for t in page.find_all("table") if "牵头" in t.find("thead").text())
    headers = [th.text() for th in table.find("thead").find_all("th")]
    column = headers.index("牵头")
    rows = [tr.find_all("td") for tr in table.find("tbody").find_all("tr")]
    return {cells[0].text(): int(cells[column].text()) for cells in rows}


def unit_page_leads(page: Node) -> int:
    """Task rows of a unit page whose role cell names a leading role."""
    leading = {vocab.ROLE_LABELS[role] for role in vocab.LEADING_ROLES}
    count = 0
    for table in page.find_all("table"):
        headers = [th.text() for th in table.find_all("th")]
        if headers[:2] != ["编号", "任务"]:
            continue
        column = headers.index("角色")
        for tr in table.find("tbody").find_all("tr"):
            count += bool(set(tr.find_all("td")[column].text().split("、")) & leading)
    return count


def download_leads(site: Path, report_ids: list[str], name: str) -> int:
    """Rows of the reports' task slices whose 牵头单位 names the unit."""
    count = 0
    for report_id in report_ids:
        with (site / "downloads" / "reports" / report_id / "tasks.csv").open(
            encoding="utf-8-sig", newline=""
        ) as f:
            count += sum(name in row["牵头单位"].split("、") for row in csv.DictReader(f))
    return count


def test_a_unit_leads_as_many_tasks_on_every_page_and_download(rich_site: Built) -> None:
    units = {u["id"]: u for u in rich_site.rows("units") if u["jurisdiction_id"] == "liandu"}
    reports = [r["id"] for r in rich_site.rows("reports") if r["jurisdiction_id"] == "liandu"]
    assignments = [a for a in rich_site.rows("assignments") if a["task_id"]]
    shown = jurisdiction_leads(rich_site.html("jurisdictions/liandu/"))
    for unit_id, unit in units.items():
        rows = [a for a in assignments if a["unit_id"] == unit_id]
        led = {a["task_id"] for a in rows if a["role"] in ("lead", "lead-or-collect")}
        page = unit_page_leads(rich_site.html(f"units/{unit_id}/"))
        download = download_leads(rich_site.site, reports, unit["name"])
        assert shown[unit["name"]] == page == download == len(led), unit_id
    # the case that used to disagree: a unit named as 牵头或汇总 leads that task (区经商局:
    # main-005 so, and the seven even tasks of the long report as 牵头单位)
    collecting = [a for a in assignments if a["role"] == "lead-or-collect"]
    assert collecting and all(a["unit_id"] == "liandu-qujingshangju" for a in collecting)
    assert shown["区经商局"] == 1 + 7
    assert shown["区发改局"] == 2 + 7  # main-001, the rich main-004, the long report's odd
