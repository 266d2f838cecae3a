"""Invented places and what a real text becomes in one of them: place names, unit
names and ids, officials' names (the texts themselves stay real)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from luoshi.seeds.assemble import Tables, slug
from luoshi_tools.synth.real import Real, Row

SECOND_SPELLING = 0.1  # a borrowed unit mention uses the unit's other spelling
OWN_UNIT = 0.3  # a borrowed unit with no namesake in the base becomes a unit of its own

PLACE_CHARS = (
    "青云泽安平江山河湖林丰宁永和兴华阳川溪梅桃松石金玉龙凤鹤清明德嘉定乐昌临长文源泉"
    "峰岭桥湾洲沙岩竹兰荷柳樟枫栖霞碧潭瑞祥康泰"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "建国华明伟俊丽军强平红志勇杰涛斌超秀英玲芳敏静磊洋艳海波宁春晓东亮"
LEVEL_CHAR = {"province": "省", "city": "市", "district": "区", "county": "县"}


@dataclass(frozen=True)
class Preset:
    cities: int
    children: int  # districts and counties under each city
    years: tuple[int, ...]


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
