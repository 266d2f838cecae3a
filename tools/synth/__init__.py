"""Synthetic data packages for benchmarks: the real seed data recombined across invented places.

Every text (task, indicator, section, unit name) comes from the real package in
datasets/; only the places, years, people and report metadata are invented.
Each invented jurisdiction is modelled on one real one of its level (its
*base*): its main task list is a fresh sample of the base's main list every
year, and lists borrowed from other real documents have their units mapped
onto the base's units, so a jurisdiction keeps about as many units as a real
one. Everything is drawn from one random.Random(seed) in a fixed order, so the
same seed writes the same bytes.

Modules: `real` (the real package as lookups), `places` (invented places, and what a
real unit, official or name becomes in one), `reports` (one synthetic report),
`numbering` (samples and their printed numbers).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import luoshi
from luoshi.seeds.assemble import write_tables
from luoshi_tools.synth.numbering import renumber
from luoshi_tools.synth.places import Local, Preset, invent_places
from luoshi_tools.synth.real import Real
from luoshi_tools.synth.reports import Writer

__all__ = ["PRESETS", "REAL_PACKAGE", "renumber", "synthesize", "write_synthetic"]

REAL_PACKAGE = Path(luoshi.__file__).resolve().parents[1] / "datasets" / "datapackage.json"

PRESETS = {
    "city": Preset(cities=1, children=9, years=(2021, 2022, 2023)),
    "province": Preset(cities=10, children=9, years=(2019, 2020, 2021, 2022, 2023)),
}
WORK_PLAN_SHARE = 0.05  # reports that are work plans: no main list, only the extras


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
