"""Synthetic data packages for benchmarks: the real seed data recombined across invented places.

Every text (task, indicator, section, unit name) comes from the real package in
datasets/; only the places, years, people and report metadata are invented.
Each invented jurisdiction is modelled on one real one of its level (its
*base*): its main task list is a fresh sample of the base's main list every
year, and lists borrowed from other real documents have their units mapped
onto the base's units, so a jurisdiction keeps about as many units as a real
one. Everything is drawn from one random.Random(seed) in a fixed order, so the
same seed writes the same bytes.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import luoshi
import pandas as pd
from luoshi.package import load
from luoshi.seeds.assemble import Tables, slug, write_tables
from luoshi.vocab import STATUS_LABELS as STATUSES

Row = dict[str, str]

REAL_PACKAGE = Path(luoshi.__file__).resolve().parents[1] / "datasets" / "datapackage.json"
SYNTHETIC_NOTE = "合成数据:由真实样本重组生成,仅用于规模测试,不是真实文件。"


@dataclass(frozen=True)
class Preset:
    cities: int
    children: int  # districts and counties under each city
    years: tuple[int, ...]


PRESETS = {
    "city": Preset(cities=1, children=9, years=(2021, 2022, 2023)),
    "province": Preset(cities=10, children=9, years=(2019, 2020, 2021, 2022, 2023)),
}

# Sizes, tuned so a report averages ~150 tasks and ~70 indicator rows, as the
# scale targets (500 reports, 75,000 tasks, 35,000 indicators) require.
MAIN_MIN_TASKS = 50  # a "tasks" list this long can be a report's main list
MAIN_TOP_LEVEL = (58, 100)  # top-level tasks sampled from the main list
EXTRAS = {  # list kind -> (chance a report has such a list, share of its items kept)
    "tasks": (0.2, 1.0),
    "livelihood": (0.5, 1.0),
    "indicators": (0.6, 0.75),
    "key-results": (0.3, 0.5),
    "key-works": (0.3, 0.45),
    "reforms": (0.3, 0.45),
}
WORK_PLAN_SHARE = 0.05  # reports that are work plans: no main list, only the extras
PROGRESS_SHARE = 0.08  # top-level tasks (and indicators) with published progress
SECOND_SPELLING = 0.1  # a borrowed unit mention uses the unit's other spelling
OWN_UNIT = 0.3  # a borrowed unit with no namesake in the base becomes a unit of its own

PLACE_CHARS = (
    "青云泽安平江山河湖林丰宁永和兴华阳川溪梅桃松石金玉龙凤鹤清明德嘉定乐昌临长文源泉"
    "峰岭桥湾洲沙岩竹兰荷柳樟枫栖霞碧潭瑞祥康泰"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "建国华明伟俊丽军强平红志勇杰涛斌超秀英玲芳敏静磊洋艳海波宁春晓东亮"
LEVEL_CHAR = {"province": "省", "city": "市", "district": "区", "county": "县"}
HALF_YEAR = (("on-schedule", 6), ("ahead", 2), ("behind", 1), ("not-started", 1))
FULL_YEAR = (("completed", 8), ("behind", 1), ("adjusted", 1))
PROGRESS_NOTES = ("", "", "按计划推进。", "已完成年度目标任务。", "受要素制约,进度滞后。")


# --- the real package, indexed ----------------------------------------------------


def _cell(value: object) -> str:
    """A typed pandas value back to its CSV text (integers without a decimal point)."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else repr(float(value))
    text = str(value)
    return {"True": "true", "False": "false"}.get(text, text)


def _records(frame: pd.DataFrame) -> list[Row]:
    columns = list(frame.columns)
    return [
        {c: _cell(v) for c, v in zip(columns, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]


def _by(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    for members in grouped.values():
        members.sort(key=lambda row: int(row["position"]) if "position" in row else 0)
    return grouped


@dataclass
class Real:
    """The real package as lookups, every cell a string."""

    rows: dict[str, list[Row]]
    jurisdictions: dict[str, Row] = field(default_factory=dict)
    reports: dict[str, Row] = field(default_factory=dict)
    lists: dict[str, Row] = field(default_factory=dict)
    list_jurisdiction: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[Row]] = field(default_factory=dict)  # list -> ordered
    tasks: dict[str, list[Row]] = field(default_factory=dict)  # list -> top level
    children: dict[str, list[Row]] = field(default_factory=dict)  # task -> children
    list_indicators: dict[str, list[Row]] = field(default_factory=dict)
    task_indicators: dict[str, list[Row]] = field(default_factory=dict)
    task_assignments: dict[str, list[Row]] = field(default_factory=dict)
    indicator_assignments: dict[str, list[Row]] = field(default_factory=dict)
    task_officials: dict[str, list[Row]] = field(default_factory=dict)
    officials: dict[str, Row] = field(default_factory=dict)
    deadlines: dict[str, list[Row]] = field(default_factory=dict)
    units: dict[str, Row] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # unit -> spellings
    roster: dict[str, list[str]] = field(default_factory=dict)  # jurisdiction -> unit ids

    @classmethod
    def from_package(cls, datapackage: Path) -> Real:
        package = load(datapackage)
        rows = {name: _records(frame) for name, frame in package.tables.items()}
        real = cls(rows)
        real.jurisdictions = {r["id"]: r for r in rows["jurisdictions"]}
        real.reports = {r["id"]: r for r in rows["reports"]}
        real.lists = {r["id"]: r for r in rows["lists"]}
        real.list_jurisdiction = {
            r["id"]: real.reports[r["report_id"]]["jurisdiction_id"] for r in rows["lists"]
        }
        real.sections = _by(rows["sections"], "list_id")
        tasks = rows["tasks"]
        real.tasks = _by((t for t in tasks if not t["parent_id"]), "list_id")
        real.children = _by((t for t in tasks if t["parent_id"]), "parent_id")
        indicators = rows["indicators"]
        real.list_indicators = _by((i for i in indicators if not i["task_id"]), "list_id")
        real.task_indicators = _by((i for i in indicators if i["task_id"]), "task_id")
        assignments = rows["assignments"]
        real.task_assignments = _by((a for a in assignments if a["task_id"]), "task_id")
        real.indicator_assignments = _by(
            (a for a in assignments if a["indicator_id"]), "indicator_id"
        )
        real.task_officials = _by(rows["task_officials"], "task_id")
        real.officials = {r["id"]: r for r in rows["officials"]}
        real.deadlines = _by(rows["deadlines"], "report_id")
        real.units = {r["id"]: r for r in rows["units"]}
        for alias in sorted(rows["unit_aliases"], key=lambda r: r["alias"]):
            real.aliases.setdefault(alias["unit_id"], []).append(alias["alias"])
        for unit_id in sorted(real.units):
            real.roster.setdefault(real.units[unit_id]["jurisdiction_id"], []).append(unit_id)
        return real

    def level(self, jurisdiction: str) -> str:
        return self.jurisdictions[jurisdiction]["level"]

    def main_lists(self) -> list[str]:
        return sorted(
            list_id
            for list_id, row in self.lists.items()
            if row["kind"] == "tasks" and len(self.tasks.get(list_id, [])) >= MAIN_MIN_TASKS
        )

    def extra_lists(self, kind: str) -> list[str]:
        main = set(self.main_lists())
        return sorted(
            list_id
            for list_id, row in self.lists.items()
            if row["kind"] == kind
            and list_id not in main
            and (self.tasks.get(list_id) or self.list_indicators.get(list_id))
        )

    def stems(self) -> dict[str, str]:
        """Real place stems (丽水, 莲都, …) -> the jurisdiction each one names."""
        return {_stem(row["short_name"]): jid for jid, row in sorted(self.jurisdictions.items())}


def _stem(short_name: str) -> str:
    return short_name[:-1] if len(short_name) > 2 and short_name[-1] in "省市区县" else short_name


# --- invented places ----------------------------------------------------------------


@dataclass
class Place:
    row: Row
    stem: str
    base: str = ""  # the real jurisdiction this one is modelled on
    parent: Place | None = None

    @property
    def id(self) -> str:
        return self.row["id"]

    @property
    def char(self) -> str:
        return LEVEL_CHAR[self.row["level"]]


def invent_places(rng: random.Random, preset: Preset) -> tuple[Place, list[Place]]:
    """One province, its cities and their districts and counties (the publishers)."""
    used_stems: set[str] = set()
    used_ids: set[str] = set()

    def new_stem() -> tuple[str, str]:
        while True:
            stem = "".join(rng.sample(PLACE_CHARS, 2))
            place_id = slug(stem)
            if stem not in used_stems and place_id not in used_ids:
                used_stems.add(stem)
                used_ids.add(place_id)
                return stem, place_id

    stem, pid = new_stem()
    province = Place(_place_row(pid, f"{stem}省", f"{stem}省", "province", "930000", ""), stem)
    publishers: list[Place] = []
    for c in range(1, preset.cities + 1):
        stem, cid = new_stem()
        city_name = f"{stem}市"
        city = Place(
            _place_row(cid, city_name, city_name, "city", f"93{c:02d}00", pid), stem, "", province
        )
        publishers.append(city)
        districts = rng.randint(2, 4)
        for k in range(preset.children):
            stem, kid = new_stem()
            level = "district" if k < districts else "county"
            number = k + 2 if level == "district" else 21 + k - districts
            short = stem + LEVEL_CHAR[level]
            row = _place_row(kid, city_name + short, short, level, f"93{c:02d}{number:02d}", cid)
            publishers.append(Place(row, stem, "", city))
    return province, publishers


def _place_row(pid: str, name: str, short: str, level: str, code: str, parent: str) -> Row:
    return {
        "id": pid,
        "name": name,
        "short_name": short,
        "level": level,
        "code": code,
        "parent_id": parent,
    }


# --- one invented jurisdiction's units, officials and wording ----------------------


@dataclass
class Local:
    """What a real text becomes in one invented place: names, units, officials."""

    place: Place
    real: Real
    rng: random.Random
    tables: Tables
    rename: Callable[[str], str]
    unit_ids: dict[str, str] = field(default_factory=dict)  # real unit -> unit id
    borrowed: dict[str, str] = field(default_factory=dict)  # foreign real unit -> base unit
    spellings: dict[str, str] = field(default_factory=dict)  # spelling -> unit id
    officials: dict[str, str] = field(default_factory=dict)  # real official -> official id
    taken: set[str] = field(default_factory=set)

    @classmethod
    def make(cls, place: Place, real: Real, rng: random.Random, tables: Tables) -> Local:
        return cls(place, real, rng, tables, _renamer(place, real))

    def text(self, text: str) -> str:
        """Titles and names: real place names and level words become this place's."""
        text = self.rename(text)
        return re.sub(r"^[市区县](?=\S)|[市区县](?=政府|领导)", self.place.char, text)

    def unit(self, assignment: Row) -> tuple[str, str]:
        """(unit id, spelling) for a real mention, on this place's own unit list."""
        real_unit = assignment["unit_id"]
        spelling = assignment["name_as_published"]
        if self.real.units[real_unit]["jurisdiction_id"] != self.place.base:
            real_unit = self.borrow(real_unit)
            spellings = self.real.aliases.get(real_unit) or [self.real.units[real_unit]["name"]]
            choice = len(spellings) > 1 and self.rng.random() < SECOND_SPELLING
            spelling = spellings[1] if choice else spellings[0]
        spelling = self.text(spelling)
        if spelling not in self.spellings:
            self.spellings[spelling] = self.unit_id(real_unit)
        return self.spellings[spelling], spelling

    def borrow(self, foreign: str) -> str:
        """The unit that stands in for another real place's unit: the base's namesake, else
        either the unit itself (renamed to this place) or a base unit of the same kind."""
        if foreign not in self.borrowed:
            roster = self.real.roster[self.place.base]
            name = _plain(self.real.units[foreign]["name"])
            same = [u for u in roster if _plain(self.real.units[u]["name"]) == name]
            kind = self.real.units[foreign]["kind"]
            similar = [u for u in roster if self.real.units[u]["kind"] == kind] or roster
            if same:
                self.borrowed[foreign] = same[0]
            elif self.rng.random() < OWN_UNIT:
                self.borrowed[foreign] = foreign
            else:
                self.borrowed[foreign] = self.rng.choice(similar)
        return self.borrowed[foreign]

    def unit_id(self, real_unit: str) -> str:
        if real_unit not in self.unit_ids:
            row = self.real.units[real_unit]
            name = self.text(row["name"])
            unit_id = self.fresh_id(name)
            self.unit_ids[real_unit] = unit_id
            self.tables.add(
                "units",
                {
                    "id": unit_id,
                    "jurisdiction_id": self.place.id,
                    "name": name,
                    "kind": row["kind"],
                    "note": "",
                },
            )
        return self.unit_ids[real_unit]

    def fresh_id(self, name: str) -> str:
        base = f"{self.place.id}-{_slug(name)}"
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def official(self, real_official: str) -> str:
        if real_official not in self.officials:
            real_name = self.real.officials[real_official]["name"]
            if len(real_name) <= 3 and "领导" not in real_name:
                name = self.rng.choice(SURNAMES) + "".join(
                    self.rng.sample(GIVEN, self.rng.randint(1, 2))
                )
            else:  # a collective such as 市政府相关领导
                name = self.text(real_name)
            official_id = self.fresh_id(name)
            self.officials[real_official] = official_id
            self.tables.add(
                "officials", {"id": official_id, "jurisdiction_id": self.place.id, "name": name}
            )
        return self.officials[real_official]

    def write_aliases(self) -> None:
        for spelling, unit_id in self.spellings.items():
            self.tables.add(
                "unit_aliases",
                {"jurisdiction_id": self.place.id, "alias": spelling, "unit_id": unit_id},
            )


_SLUGS: dict[str, str] = {}


def _slug(text: str) -> str:
    if text not in _SLUGS:
        _SLUGS[text] = slug(text)
    return _SLUGS[text]


def _plain(name: str) -> str:
    return re.sub(r"^[市区县]", "", name)


def _renamer(place: Place, real: Real) -> Callable[[str], str]:
    """Replace real place stems: the base's own name, its parent's and province's by ours."""
    ours = [place, place.parent, place.parent.parent if place.parent else None]
    chain: list[str] = []
    jid = place.base
    while jid:
        chain.append(jid)
        jid = real.jurisdictions[jid]["parent_id"]
    stems = real.stems()
    mapping: dict[str, Place] = {}
    for stem, jid in stems.items():
        depth = chain.index(jid) if jid in chain else 0
        mapping[stem] = ours[min(depth, 2)] or place
    names = "|".join(re.escape(s) for s in sorted(mapping, key=len, reverse=True))
    pattern = re.compile(f"({names})([省市区县]?)")

    def replace(match: re.Match) -> str:  # 莲都区 -> 鹤源县: the level word follows the place
        target = mapping[match.group(1)]
        return target.stem + (target.char if match.group(2) else "")

    return lambda text: pattern.sub(replace, text)


# --- numbering ----------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def _from_chinese(text: str) -> int | None:
    if not text or any(c not in _DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def _to_chinese(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def renumber(numbers: list[str]) -> list[str]:
    """Printed numbers of a sample made continuous again; restarts (1, 2 | 1, 2) are kept."""
    out, previous, current, last = [], None, 0, ""
    for number in numbers:
        value = int(number) if number.isdigit() else _from_chinese(number)
        if value is None:
            out.append(number)
            continue
        if number != last:
            current = 1 if previous is None or value <= previous else current + 1
        previous, last = value, number
        out.append(str(current) if number.isdigit() else _to_chinese(current))
    return out


def _sample(rng: random.Random, items: list, count: int) -> list:
    """`count` of `items` in their original order."""
    if count >= len(items):
        return list(items)
    return [items[i] for i in sorted(rng.sample(range(len(items)), max(count, 1)))]


def _groups(indicators: list[Row]) -> list[list[Row]]:
    """Indicator rows with sub-rows under one printed number stay together."""
    groups: list[list[Row]] = []
    for row in indicators:
        if groups and row["number"] and row["number"] == groups[-1][-1]["number"]:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


# --- reports --------------------------------------------------------------------------


@dataclass
class Writer:
    real: Real
    rng: random.Random
    tables: Tables = field(default_factory=Tables)

    def report(self, local: Local, year: int, work_plan: bool, last_year: int) -> None:
        report_id = f"{local.place.id}-{year}"
        plan = self.plan(local, work_plan)
        reports = [self.real.reports[self.real.lists[list_id]["report_id"]] for list_id, _ in plan]
        kind = "work-plan" if work_plan else "government-work-report"
        template = next((r for r in reports if r["kind"] == kind), reports[0])
        self.report_row(local, report_id, year, template, kind)
        for n, deadline in enumerate(self.real.deadlines.get(template["id"], []), 1):
            self.tables.add("deadlines", {
                **deadline, "id": f"{report_id}-d{n:02d}", "report_id": report_id,
                "applies_to": local.text(deadline["applies_to"]),
                "due": f"{year}{deadline['due'][4:]}",
            })  # fmt: skip
        codes: set[str] = set()
        for position, (list_id, keep) in enumerate(plan, 1):
            code = "main" if position == 1 and not work_plan else self.real.lists[list_id]["code"]
            while code in codes:
                code += "-2"
            codes.add(code)
            self.list(local, list_id, f"{report_id}-{code}", year, code, position, keep)
            self.progress(f"{report_id}-{code}", year, last_year, local)

    def plan(self, local: Local, work_plan: bool) -> list[tuple[str, float]]:
        """The real lists this report is sampled from, with how much of each to keep."""
        plan: list[tuple[str, float]] = []
        if not work_plan:
            mains = self.real.main_lists()
            own = [m for m in mains if self.real.list_jurisdiction[m] == local.place.base]
            main = self.rng.choice(own or mains)
            count = self.rng.randint(*MAIN_TOP_LEVEL)
            plan.append((main, count / len(self.real.tasks[main])))
        for kind, (chance, share) in EXTRAS.items():
            candidates = self.real.extra_lists(kind)
            if candidates and self.rng.random() < (chance * 2 if work_plan else chance):
                plan.append((self.rng.choice(candidates), share))
        if not plan:  # a work plan needs at least one list
            plan.append((self.rng.choice(self.real.extra_lists("key-works")), 0.5))
        return plan

    def report_row(self, local: Local, report_id: str, year: int, template: Row, kind: str) -> None:
        month, day = self.rng.randint(2, 4), self.rng.randint(1, 28)
        dated = f"{year}-{month:02d}-{day:02d}"
        hour, minute = self.rng.randint(8, 17), self.rng.randint(0, 59)
        published = f"{year}-{month:02d}-{min(day + 2, 28):02d}T{hour:02d}:{minute:02d}:00"
        title = _year(local.text(template["title"]), year)
        number = self.rng.randint(1, 40)
        self.tables.add("reports", {
            "id": report_id, "jurisdiction_id": local.place.id, "year": str(year),
            "title": title, "page_title": _year(local.text(template["page_title"]), year),
            "kind": kind, "issuer": f"{local.place.row['name']}人民政府办公室",
            "doc_number": f"{local.place.stem[0]}政办发〔{year}〕{number}号",
            "dated": dated, "published": published, "source_url": "",
            "source_file": f"{report_id}.txt", "note": SYNTHETIC_NOTE,
        })  # fmt: skip

    def list(
        self, local: Local, real_list: str, list_id: str, year: int, code: str,
        position: int, keep: float,
    ) -> None:  # fmt: skip
        real = self.real
        tasks = real.tasks.get(real_list, [])
        tasks = _sample(self.rng, tasks, round(len(tasks) * keep)) if tasks else []
        groups = _groups(real.list_indicators.get(real_list, []))
        groups = _sample(self.rng, groups, round(len(groups) * keep)) if groups else []
        indicators = [row for group in groups for row in group]
        row = real.lists[real_list]
        self.tables.add("lists", {
            "id": list_id, "report_id": f"{local.place.id}-{year}", "code": code,
            "title": _year(local.text(row["title"]), year),
            "kind": row["kind"], "position": str(position),
        })  # fmt: skip
        sections = self.sections(local, real_list, list_id, tasks + indicators)
        numbers = renumber([t["number"] for t in tasks])
        for n, (task, number) in enumerate(zip(tasks, numbers, strict=True), 1):
            self.task(local, task, f"{list_id}-{n:03d}", list_id, "", n, number, sections)
        numbers = renumber([i["number"] for i in indicators])
        for n, (indicator, number) in enumerate(zip(indicators, numbers, strict=True), 1):
            self.indicator(
                local, indicator, f"{list_id}-i{n:03d}", list_id, "", n, number, sections
            )

    def sections(self, local: Local, real_list: str, list_id: str, used: list[Row]) -> dict:
        """The real list's sections that hold a kept row (and their ancestors), renumbered."""
        real_sections = self.real.sections.get(real_list, [])
        by_id = {s["id"]: s for s in real_sections}
        needed: set[str] = set()
        for item in used:
            section = item["section_id"]
            while section and section not in needed:
                needed.add(section)
                section = by_id[section]["parent_id"]
        ids: dict[str, str] = {}
        for section in real_sections:
            if section["id"] not in needed:
                continue
            ids[section["id"]] = f"{list_id}-s{len(ids) + 1:03d}"
            self.tables.add("sections", {
                **section, "id": ids[section["id"]], "list_id": list_id,
                "parent_id": ids.get(section["parent_id"], ""), "position": str(len(ids)),
                "title": local.text(section["title"]),
            })  # fmt: skip
        return ids

    def task(
        self, local: Local, task: Row, task_id: str, list_id: str, parent: str, position: int,
        number: str, sections: dict,
    ) -> None:  # fmt: skip
        mentions = self.real.task_assignments.get(task["id"], [])
        units_text = self.mentions(local, mentions, task_id, "task_id", task["units_text"])
        self.tables.add("tasks", {
            **task, "id": task_id, "list_id": list_id,
            "section_id": sections.get(task["section_id"], ""), "parent_id": parent,
            "position": str(position), "number": number, "units_text": units_text,
        })  # fmt: skip
        for n, link in enumerate(self.real.task_officials.get(task["id"], []), 1):
            self.tables.add("task_officials", {
                "id": f"{task_id}-o{n:02d}", "task_id": task_id,
                "official_id": local.official(link["official_id"]),
                "label": local.text(link["label"]), "position": str(n),
            })  # fmt: skip
        children = self.real.children.get(task["id"], [])
        for n, child in enumerate(children, 1):
            self.task(
                local, child, f"{task_id}-{n:03d}", list_id, task_id, n, child["number"], sections
            )
        for n, indicator in enumerate(self.real.task_indicators.get(task["id"], []), 1):
            self.indicator(
                local, indicator, f"{task_id}-i{n:02d}", list_id, task_id, n,
                indicator["number"], sections,
            )  # fmt: skip

    def indicator(
        self, local: Local, indicator: Row, indicator_id: str, list_id: str, task_id: str,
        position: int, number: str, sections: dict,
    ) -> None:  # fmt: skip
        mentions = self.real.indicator_assignments.get(indicator["id"], [])
        units_text = self.mentions(
            local, mentions, indicator_id, "indicator_id", indicator["units_text"]
        )
        self.tables.add("indicators", {
            **indicator, "id": indicator_id, "list_id": list_id, "task_id": task_id,
            "section_id": sections.get(indicator["section_id"], ""),
            "position": str(position), "number": number, "units_text": units_text,
        })  # fmt: skip

    def mentions(
        self, local: Local, mentions: list[Row], owner: str, column: str, units_text: str
    ) -> str:
        """Add the owner's assignments; return its units cell with the new spellings in it."""
        respelled: dict[str, str] = {}
        for n, mention in enumerate(mentions, 1):
            unit_id, spelling = local.unit(mention)
            if spelling != mention["name_as_published"]:
                respelled[mention["name_as_published"]] = spelling
            row = {"task_id": "", "indicator_id": ""}
            row[column] = owner
            self.tables.add("assignments", {
                **mention, **row, "id": f"{owner}-u{n:03d}", "unit_id": unit_id,
                "name_as_published": spelling, "position": str(n),
            })  # fmt: skip
        if not respelled:
            return units_text
        pattern = "|".join(re.escape(s) for s in sorted(respelled, key=len, reverse=True))
        return re.sub(pattern, lambda m: respelled[m.group(0)], units_text)

    def progress(self, list_id: str, year: int, last_year: int, local: Local) -> None:
        """Published progress for a few top-level tasks and indicators of a list."""
        rows = self.tables.rows
        tasks = _tail(rows.get("tasks", []), list_id)
        owners = [("task_id", t["id"]) for t in tasks if not t["parent_id"]]
        owners += [("indicator_id", i["id"]) for i in _tail(rows.get("indicators", []), list_id)]
        checkpoints = [("0630", "半年", HALF_YEAR)]
        if year < last_year:
            checkpoints.append(("1231", "全年", FULL_YEAR))
        for column, owner in owners:
            if self.rng.random() >= PROGRESS_SHARE:
                continue
            for day, period, statuses in checkpoints:
                status = self.rng.choices(
                    [s for s, _ in statuses], weights=[w for _, w in statuses]
                )[0]
                row = {"task_id": "", "indicator_id": ""}
                row[column] = owner
                self.tables.add("progress", {
                    "id": f"{owner}-p{year}{day}", **row, "as_of": f"{year}-{day[:2]}-{day[2:]}",
                    "status": status, "status_text": STATUSES[status], "value": "", "rate": "",
                    "text": self.rng.choice(PROGRESS_NOTES), "note": "",
                    "source": f"{local.place.row['name']}{year}年重点工作{period}进展情况通报",
                })  # fmt: skip


def _tail(rows: list[Row], list_id: str) -> list[Row]:
    """The rows just added for `list_id` (they are appended in one run at the end)."""
    start = len(rows)
    while start > 0 and rows[start - 1]["list_id"] == list_id:
        start -= 1
    return rows[start:]


def _year(text: str, year: int) -> str:
    return re.sub(r"(?:19|20)\d\d(?=年)", str(year), text)


# --- entry point ----------------------------------------------------------------------


def synthesize(preset: str, seed: int = 1, real_package: Path = REAL_PACKAGE) -> dict:
    """Every table of a synthetic package, as rows of strings."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; use one of {', '.join(PRESETS)}")
    config = PRESETS[preset]
    real = Real.from_package(real_package)
    rng = random.Random(seed)
    writer = Writer(real, rng)
    province, publishers = invent_places(rng, config)
    writer.tables.add("jurisdictions", province.row)
    bases = _bases(real)
    for place in publishers:
        writer.tables.add("jurisdictions", place.row)
        level = place.row["level"]
        place.base = rng.choice(bases.get(level) or bases.get("district") or bases["any"])
        local = Local.make(place, real, rng, writer.tables)
        for year in config.years:
            work_plan = rng.random() < WORK_PLAN_SHARE
            writer.report(local, year, work_plan, config.years[-1])
        local.write_aliases()
    return writer.tables.rows


def _bases(real: Real) -> dict[str, list[str]]:
    """Real jurisdictions a synthetic one can be modelled on: with a main list and units."""
    with_main = {real.list_jurisdiction[m] for m in real.main_lists()}
    usable = sorted(j for j in with_main if real.roster.get(j))
    bases: dict[str, list[str]] = {"any": usable}
    for jid in usable:
        bases.setdefault(real.level(jid), []).append(jid)
    return bases


def write_synthetic(preset: str, out: Path, seed: int = 1) -> dict[str, int]:
    """Write a synthetic package (datapackage.json and every CSV) into `out`."""
    rows = synthesize(preset, seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REAL_PACKAGE, out / "datapackage.json")
    return write_tables(rows, out)
