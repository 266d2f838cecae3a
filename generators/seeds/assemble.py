"""The one assembler: report drafts into the data package's CSV tables.

This is where ids are given and unit spellings are resolved. Everything
editorial that is not in the documents themselves is data in
`datasets/sources/`: `catalog.json` (jurisdictions and which document is which
report) and `unit_merges.csv` (which published spellings name the same unit,
and unit kinds the name alone does not tell).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.package import read_descriptor
from luoshi.seeds.ir import IndicatorDraft, ListDraft, Mention, ReportDraft, TaskDraft
from luoshi.values import parse_value, split_measure_unit
from pypinyin import lazy_pinyin

Row = dict[str, str]


def slug(text: str, limit: int = 40) -> str:
    """A readable ASCII id part: pinyin of the Chinese, letters and digits only."""
    joined = "".join(lazy_pinyin(text)).lower()
    plain = re.sub(r"[^a-z0-9]+", "", joined)
    if len(plain) <= limit:
        return plain or hashlib.sha1(text.encode()).hexdigest()[:8]
    return plain[:limit] + hashlib.sha1(text.encode()).hexdigest()[:4]


_COLLECTIVE = re.compile(r"^(各|有关|相关|其他)|成员单位$|各单位$|有关单位$|相关单位$|等.*单位$")
_GOVERNMENT = re.compile(r"(人民)?政府$|^[\u4e00-\u9fff]{1,4}[县市区]$")
_SECOND_TITLE = re.compile(r"^(.+?)[(（]([^()（）]+)[)）]$")
_ENTERPRISE = re.compile(r"(公司|集团|银行|支行|分行)(\(.*\))?$")


def one_line(cells: str) -> str:
    """Table cells flattened one a line are joined with " | ", so a record stays on one line."""
    return " | ".join(cell.strip() for cell in cells.splitlines() if cell.strip())


def unit_kind(name: str) -> str:
    """Classify a unit by its name; `unit_merges.csv` overrides where this is wrong."""
    if _COLLECTIVE.search(name):
        return "collective"
    if _GOVERNMENT.search(name):
        return "government"
    if _ENTERPRISE.search(name):
        return "enterprise"
    return "department"


@dataclass
class Tables:
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, name: str, row: Row) -> None:
        self.rows.setdefault(name, []).append(row)


@dataclass
class Units:
    """Resolves published spellings to one unit per jurisdiction."""

    merges: dict[tuple[str, str], str]  # (jurisdiction, published) -> canonical
    kinds: dict[tuple[str, str], str]  # (jurisdiction, canonical) -> kind override
    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (jur, canonical) -> id
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # (jur, alias) -> id

    def resolve(self, jurisdiction: str, published: str) -> str:
        canonical = self.merges.get((jurisdiction, published), published)
        key = (jurisdiction, canonical)
        if key not in self.ids:
            base = f"{jurisdiction}-{slug(canonical)}"
            taken = set(self.ids.values())
            unit_id, n = base, 2
            while unit_id in taken:
                unit_id, n = f"{base}-{n}", n + 1
            self.ids[key] = unit_id
        self.aliases[(jurisdiction, published)] = self.ids[key]
        return self.ids[key]

    def parent(self, jurisdiction: str, canonical: str) -> str:
        """A bracketed second title (区委组织部(区委人才办)) belongs to the unit named before
        the bracket, where that unit is one of the jurisdiction's units; else ""."""
        match = _SECOND_TITLE.match(canonical)
        if not match:
            return ""
        head = self.merges.get((jurisdiction, match[1]), match[1])
        return self.ids.get((jurisdiction, head), "")

    def tables(self, tables: Tables) -> None:
        for (jurisdiction, canonical), unit_id in self.ids.items():
            kind = self.kinds.get((jurisdiction, canonical)) or unit_kind(canonical)
            tables.add(
                "units",
                {
                    "id": unit_id,
                    "jurisdiction_id": jurisdiction,
                    "name": canonical,
                    "kind": kind,
                    "parent_id": self.parent(jurisdiction, canonical),
                    "note": "",
                },
            )
        for (jurisdiction, alias), unit_id in self.aliases.items():
            tables.add(
                "unit_aliases",
                {"jurisdiction_id": jurisdiction, "alias": alias, "unit_id": unit_id},
            )


def read_merges(path: Path) -> tuple[dict, dict]:
    merges: dict[tuple[str, str], str] = {}
    kinds: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            jurisdiction, canonical = row["jurisdiction_id"], row["canonical"]
            if row["published"] and row["published"] != canonical:
                merges[(jurisdiction, row["published"])] = canonical
            if row.get("kind"):
                kinds[(jurisdiction, canonical)] = row["kind"]
    return merges, kinds


_SECTION_NUMBER = re.compile(r"^\s*[（(]?([一二三四五六七八九十百零〇\d]+)[)）]?[、.．]?")


def section_number(title: str) -> str:
    match = _SECTION_NUMBER.match(title)
    if not match or match.end() == 0 or match.group(0).strip() == match.group(1):
        return ""  # a heading that is only words, e.g. 发展目标
    return match.group(1)


@dataclass
class Assembler:
    tables: Tables
    units: Units
    officials: dict[tuple[str, str], str] = field(default_factory=dict)

    def report(self, draft: ReportDraft, meta: dict) -> None:
        report_id, jurisdiction = meta["id"], meta["jurisdiction_id"]
        self.tables.add("reports", {
            "id": report_id, "jurisdiction_id": jurisdiction, "year": str(meta["year"]),
            "title": draft.title, "page_title": draft.page_title, "kind": meta["kind"],
            "issuer": draft.issuer, "doc_number": draft.doc_number, "dated": draft.dated,
            "published": draft.published, "source_url": draft.source_url,
            "source_file": draft.source_file, "note": draft.note,
        })  # fmt: skip
        for n, deadline in enumerate(draft.deadlines, 1):
            self.tables.add("deadlines", {
                "id": f"{report_id}-d{n:02d}", "report_id": report_id,
                "applies_to": deadline.applies_to, "period": deadline.period,
                "due": deadline.due, "text": deadline.text, "note": deadline.note,
            })  # fmt: skip
        for position, draft_list in enumerate(draft.lists, 1):
            self.list(
                draft_list, f"{report_id}-{draft_list.code}", report_id, jurisdiction, position
            )

    def list(self, draft: ListDraft, list_id: str, report_id: str, jur: str, pos: int) -> None:
        self.tables.add("lists", {
            "id": list_id, "report_id": report_id, "code": draft.code,
            "title": draft.title, "kind": draft.kind, "position": str(pos),
        })  # fmt: skip
        sections = self.sections(list_id, _section_paths(draft))
        for position, task in enumerate(draft.tasks, 1):
            self.task(task, f"{list_id}-{position:03d}", list_id, "", position, sections, jur)
        for position, indicator in enumerate(draft.indicators, 1):
            self.indicator(
                indicator, f"{list_id}-i{position:03d}", list_id, "", position, sections, jur
            )

    def sections(self, list_id: str, paths: Iterable[tuple[str, ...]]) -> dict:
        ids: dict[tuple[str, ...], str] = {}
        for path in paths:
            for depth in range(1, len(path) + 1):
                prefix = path[:depth]
                if prefix in ids:
                    continue
                ids[prefix] = f"{list_id}-s{len(ids) + 1:03d}"
                self.tables.add("sections", {
                    "id": ids[prefix], "list_id": list_id, "parent_id": ids.get(prefix[:-1], ""),
                    "level": str(depth), "number": section_number(prefix[-1]),
                    "title": prefix[-1], "position": str(len(ids)),
                })  # fmt: skip
        return ids

    def task(
        self, draft: TaskDraft, task_id: str, list_id: str, parent: str, position: int,
        sections: dict, jur: str,
    ) -> None:  # fmt: skip
        self.tables.add("tasks", {
            "id": task_id, "list_id": list_id, "section_id": sections.get(draft.section, ""),
            "parent_id": parent, "position": str(position), "number": draft.number,
            "kind": draft.kind, "title": draft.title, "text": draft.text,
            "units_text": one_line(draft.units_text), "note": draft.note,
        })  # fmt: skip
        self.mentions(draft.mentions, task_id, "task_id", jur)
        for n, official in enumerate(draft.officials, 1):
            self.tables.add("task_officials", {
                "id": f"{task_id}-o{n:02d}", "task_id": task_id,
                "official_id": self.official(jur, official.name),
                "label": official.label, "position": str(n),
            })  # fmt: skip
        for n, child in enumerate(draft.children, 1):
            self.task(child, f"{task_id}-{n:03d}", list_id, task_id, n, sections, jur)
        for n, indicator in enumerate(draft.indicators, 1):
            self.indicator(indicator, f"{task_id}-i{n:02d}", list_id, task_id, n, sections, jur)

    def official(self, jurisdiction: str, name: str) -> str:
        key = (jurisdiction, name)
        if key not in self.officials:
            self.officials[key] = f"{jurisdiction}-{slug(name)}"
            self.tables.add(
                "officials",
                {"id": self.officials[key], "jurisdiction_id": jurisdiction, "name": name},
            )
        return self.officials[key]

    def indicator(
        self, draft: IndicatorDraft, ind_id: str, list_id: str, task_id: str, position: int,
        sections: dict, jur: str,
    ) -> None:  # fmt: skip
        base_name, measure_unit = split_measure_unit(draft.name)
        baseline, target = parse_value(draft.baseline), parse_value(draft.target)
        self.tables.add("indicators", {
            "id": ind_id, "list_id": list_id, "task_id": task_id,
            "section_id": sections.get(draft.section, ""), "position": str(position),
            "number": draft.number, "sub_number": draft.sub_number,
            "shared_name": draft.shared_name, "name": draft.name,
            "base_name": base_name, "measure_unit": measure_unit, "attribute": draft.attribute,
            "baseline_text": draft.baseline, "baseline_comparator": baseline.comparator,
            "baseline_value": baseline.value, "baseline_value_max": baseline.value_max,
            "target_text": draft.target, "target_comparator": target.comparator,
            "target_value": target.value, "target_value_max": target.value_max,
            "target_value_unit": target.value_unit, "units_text": one_line(draft.units_text),
            "note": draft.note,
        })  # fmt: skip
        self.mentions(draft.mentions, ind_id, "indicator_id", jur)

    def mentions(self, mentions: list[Mention], owner: str, column: str, jur: str) -> None:
        for n, mention in enumerate(mentions, 1):
            # A cell's closing 。 is sentence punctuation, not part of the name.
            name = mention.name.removesuffix("。")
            row = {"task_id": "", "indicator_id": ""}
            row[column] = owner
            self.tables.add("assignments", {
                "id": f"{owner}-u{n:03d}", **row,
                "unit_id": self.units.resolve(jur, name),
                "name_as_published": name, "role": mention.role, "label": mention.label,
                "group": str(mention.group), "position": str(n),
                "ambiguous": "true" if mention.ambiguous else "false", "note": mention.note,
            })  # fmt: skip


def _section_paths(draft: ListDraft) -> list[tuple[str, ...]]:
    paths = [t.section for t in draft.tasks if t.section]
    paths += [i.section for i in draft.indicators if i.section]
    return paths


def _sort_key(name: str, row: Row) -> tuple[str, ...]:
    return (row["jurisdiction_id"], row["alias"]) if name == "unit_aliases" else (row["id"],)


def write_tables(
    rows: dict[str, list[Row]], out: Path, skip: tuple[str, ...] = ()
) -> dict[str, int]:
    """Write every resource of `out/datapackage.json` as a sorted, plain UTF-8 CSV;
    resources in `skip` are left alone where their file exists (only a header is written
    where it does not)."""
    descriptor = read_descriptor(out / "datapackage.json")
    counts = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name in skip and (out / resource["path"]).exists():
            continue
        columns = [f["name"] for f in resource["schema"]["fields"]]
        table = sorted(rows.get(name, []), key=lambda row, name=name: _sort_key(name, row))
        with (out / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table)
        counts[name] = len(table)
    return counts
