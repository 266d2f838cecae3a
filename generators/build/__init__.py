"""Build the site: a short, ordered list of phases.

    load → plan (validate beside them) → parts → stage → search (beside the
    downloads part and assemble) → swap

The site is split into parts (luoshi.parts): one per group of jurisdictions, one
global part and one downloads part. Each part renders its pages with Jinja2,
builds them with mkdocs and makes its search copies, on its own: parts run in
parallel processes here, or as separate jobs of a CI matrix (`luoshi
build-part`, then `luoshi merge`). A part is cached under its key, so a rebuild
redoes only the parts whose rows changed, and inside them only the pages whose
key changed. One Pagefind run then indexes every searched part's copies: the
site has one search.

The finished site is assembled in a temporary sibling of `out` from hard links
(a cached part's files keep their bytes and modification times; a rebuilt file
whose bytes did not change is linked to the published one), and only when every
phase has succeeded does it replace `out`. A failure leaves `out` as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.build.assembly import found_parts, locked, merge_parts, prune, publish
from luoshi.build.base import (
    MANIFEST,
    MIN_EPOCH,
    PROJECT,
    BuildFailed,
    Progress,
    Setup,
    check,
    check_engine,
)
from luoshi.build.part import build_part, copy_sources, write_config, write_pages
from luoshi.build.plan import make_setup, part_keys, source_date, validated_package
from luoshi.build.pools import building_parts, forking_pool, prepare, report_part
from luoshi.parts import Part

if TYPE_CHECKING:
    from luoshi.package import Package

__all__ = [
    "MANIFEST",
    "MIN_EPOCH",
    "PROJECT",
    "BuildFailed",
    "Progress",
    "Setup",
    "build_one_part",
    "build_part",
    "build_site",
    "copy_sources",
    "forking_pool",
    "merge_parts",
    "merge_site",
    "part_keys",
    "source_date",
    "write_config",
    "write_pages",
]


def build_site(
    datapackage: Path,
    out: Path,
    *,
    jobs: int = 0,
    parts: int = 0,
    cache: Path | None = None,
    use_cache: bool = True,
    progress: bool = True,
    engine: str = "mkdocs",
    project: Path = PROJECT,
) -> None:
    """Validate the package at `datapackage` and build its site into `out`.

    `jobs`: parallel processes (0: one per core). `parts`: jurisdiction parts
    (0: by the number of jurisdictions). `cache`: where parts are kept between
    builds (default: `.luoshi-cache` beside `out`); `use_cache=False` builds
    every part afresh and keeps nothing. `engine`: "mkdocs" or "properdocs".
    """
    from luoshi import parts as partition

    check_engine(engine)
    log = Progress(progress)
    out = Path(out).resolve()
    cache = (Path(cache) if cache else out.parent / ".luoshi-cache").resolve()

    def plan(package: Package) -> tuple[Setup, dict[Part, str]]:
        setup = make_setup(package, engine, project, cache / "downloads" if use_cache else None)
        count = parts or partition.default_count(len(package["jurisdictions"]))
        log.say(f"  {count} jurisdiction parts + global + downloads, {len(package['tasks'])} tasks")
        keys = part_keys(package, count, setup)
        prepare(package)  # for the parts, while validation still runs
        return setup, keys

    package, (setup, keys) = validated_package(datapackage, log, plan)

    def make(work: Path) -> Path:
        store = cache / "parts" if use_cache else work / "parts"
        with building_parts(package, keys, store, setup, jobs, log) as (folders, finish):
            made.update(folders)
            stage = cache / "search" if use_cache else None
            return merge_parts(folders, keys, work, out, setup, log, stage, finish)

    made: dict[Part, Path] = {}
    with locked(out, cache if use_cache else None):
        publish(out, make, log)
        if use_cache:
            prune(cache / "parts", made)


def build_one_part(
    datapackage: Path,
    spec: str,
    dest: Path,
    *,
    engine: str = "mkdocs",
    project: Path = PROJECT,
    progress: bool = True,
) -> None:
    """Build the part `spec` ("global" or "K/N") into `dest`, as one job of a CI matrix.

    The package is validated as `luoshi build` validates it (and `luoshi merge`
    validates it again before it publishes anything).
    """
    from luoshi import parts as partition

    check_engine(engine)
    log = Progress(progress)
    try:
        part = partition.parse_spec(spec)
    except ValueError as error:
        raise BuildFailed(str(error)) from error

    def plan(package: Package) -> tuple[Setup, str]:
        setup = make_setup(package, engine, project, None)
        return setup, part_keys(package, part.count, setup, only=part)[part]

    package, (setup, key) = validated_package(datapackage, log, plan)
    dest = Path(dest).resolve()
    with locked(dest, None), log.phase("parts"):
        report_part(log, build_part(package, part, dest, key, setup))


def merge_site(
    datapackage: Path,
    parts_dir: Path,
    out: Path,
    *,
    engine: str = "mkdocs",
    project: Path = PROJECT,
    progress: bool = True,
) -> None:
    """Validate the package, check that `parts_dir` holds every part built from it
    (one folder per part, as written by `build_one_part`), index and publish."""

    check_engine(engine)
    log = Progress(progress)
    out = Path(out).resolve()
    found = found_parts(Path(parts_dir))

    def plan(package: Package) -> tuple[Setup, dict[Part, str]]:
        counts = {part.count for part in found if part.index > 0}
        if len(counts) != 1:
            found_counts = sorted(counts)
            raise BuildFailed(f"{parts_dir}: parts of one count N needed, found {found_counts}")
        setup = make_setup(package, engine, project, None)
        return setup, part_keys(package, counts.pop(), setup)

    _, (setup, keys) = validated_package(datapackage, log, plan)
    missing = [part.spec for part in keys if part not in found]
    check([f"part {spec} is missing from {parts_dir}" for spec in missing])
    with locked(out, None):
        publish(out, lambda work: merge_parts(found, keys, work, out, setup, log), log)
