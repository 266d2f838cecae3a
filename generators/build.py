"""Build the site: a short, ordered list of phases (validate → load → downloads →
render → mkdocs → search → swap).

Everything is built in a temporary sibling of `out`; only when every phase has
succeeded does the finished site replace `out`. A failure leaves `out` exactly
as it was.
"""

from __future__ import annotations

import calendar
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luoshi.pages.model import Site
    from luoshi.render import Page

PROJECT = Path(__file__).resolve().parent.parent  # the repository (editable install)
MIN_EPOCH = 315532800  # 1980-01-01: the earliest time a zip entry can carry
ENGINES = ("mkdocs", "properdocs")


class BuildFailed(Exception):
    """The build stopped; the message says why (for a broken package: every error)."""


@dataclass
class Progress:
    """Phase names, counts and timings on stderr."""

    enabled: bool = True
    started: float = field(default_factory=time.monotonic)

    def say(self, message: str) -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.say(f"{name} …")
        begin = time.monotonic()
        try:
            yield
        except BuildFailed:
            raise
        except Exception as error:  # any failure names its phase, once, at this edge
            raise BuildFailed(f"{name} failed: {type(error).__name__}: {error}") from error
        self.say(f"{name} done in {time.monotonic() - begin:.1f}s")


def build_site(
    datapackage: Path,
    out: Path,
    *,
    jobs: int = 0,
    progress: bool = True,
    engine: str = "mkdocs",
    project: Path = PROJECT,
) -> None:
    """Validate the package at `datapackage` and build its site into `out`.

    `jobs` is accepted for the CLI; rendering is one process for now (see
    luoshi.pages.shard_pages for the unit a parallel build would split on).
    `engine` is the mkdocs-compatible builder to run ("mkdocs" or "properdocs").
    """
    if engine not in ENGINES:
        raise BuildFailed(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    log = Progress(progress)
    datapackage, out = Path(datapackage).resolve(), Path(out).resolve()
    with log.phase("validate"):
        validate(datapackage)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".site-{out.name}-", dir=out.parent))
    try:
        site_dir = assemble(datapackage, work, log, engine=engine, project=project)
        with log.phase("swap"):
            swap(site_dir, out)
        log.say(f"site ready in {out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate(datapackage: Path) -> None:
    from luoshi.validate import format_errors, validate_package

    errors = validate_package(datapackage, with_frictionless=False)
    if errors:
        raise BuildFailed(
            f"{len(errors)} error(s) in {datapackage}; the site was not built:\n"
            + format_errors(errors)
        )


def assemble(datapackage: Path, work: Path, log: Progress, *, engine: str, project: Path) -> Path:
    """Every phase between validation and the swap; returns the finished site folder."""
    from luoshi import pages
    from luoshi.downloads import write_downloads
    from luoshi.package import load
    from luoshi.pages.model import Site
    from luoshi.search import index_site

    docs, site_dir, downloads_dir = work / "docs", work / "site", work / "downloads"
    with log.phase("load"):
        site = Site.from_package(load(datapackage))
        log.say(f"  {len(site.reports)} reports, {len(site.tasks)} tasks, {len(site.units)} units")
        check(pages.check_slugs(site))
    epoch, build_date = source_date(site)
    with log.phase("downloads"):
        downloads = write_downloads(site.package, downloads_dir, epoch)
        log.say(f"  {len(downloads)} files")
    with log.phase("render"):
        sources = stage_docs(project, site, docs)
        written = write_pages(
            docs,
            pages.shard_pages(site, sorted(site.jurisdictions), downloads, sources),
            pages.global_pages(site, downloads, build_date),
            log=log,
        )
        log.say(f"  {written} pages")
    with log.phase(engine):
        config = write_config(project, work, docs, site_dir)
        run([sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(config)], epoch)
        shutil.copytree(downloads_dir, site_dir / "downloads", dirs_exist_ok=True)
    with log.phase("search"):
        indexed = index_site(site_dir, work / "search", build_env(epoch))
        log.say(f"  {indexed} pages indexed")
    return site_dir


def check(problems: list[str]) -> None:
    if problems:
        raise BuildFailed("\n".join(problems))


def source_date(site: Site) -> tuple[int, str]:
    """The epoch for every timestamp in the output, and the build date to print.

    SOURCE_DATE_EPOCH wins; without it the date of the newest report is used, so
    the same data still builds the same bytes (and no build date is printed).
    """
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        try:
            epoch = int(env)
        except ValueError as error:
            raise BuildFailed(f"SOURCE_DATE_EPOCH is not an integer: {env!r}") from error
        return max(epoch, MIN_EPOCH), time.strftime("%Y-%m-%d", time.gmtime(epoch))
    latest = site.latest_report_date()
    if not latest:
        return MIN_EPOCH, ""
    return max(calendar.timegm(time.strptime(latest, "%Y-%m-%d")), MIN_EPOCH), ""


def stage_docs(project: Path, site: Site, docs: Path) -> set[str]:
    """Copy the hand-written pages and the reports' source files; return the sources copied."""
    shutil.copytree(project / "site_src", docs, ignore=shutil.ignore_patterns("overrides"))
    root = site.package.root
    copied = set()
    for report in site.reports.values():
        source = root / "sources" / report["source_file"]
        if source.is_file():
            (docs / "sources").mkdir(exist_ok=True)
            shutil.copyfile(source, docs / "sources" / report["source_file"])
            copied.add(report["source_file"])
    return copied


def write_pages(docs: Path, *batches: Iterable[Page], log: Progress) -> int:
    count = 0
    for batch in batches:
        for page in batch:
            target = docs / page.path
            if target.exists():
                raise BuildFailed(f"two pages would be written to {page.path}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
            count += 1
            if count % 5000 == 0:
                log.say(f"  {count} pages")
    return count


def write_config(project: Path, work: Path, docs: Path, site_dir: Path) -> Path:
    """A staging config that inherits mkdocs.yml and points at the staging folders."""
    overrides = work / "overrides"
    shutil.copytree(project / "site_src" / "overrides", overrides)
    config = work / "mkdocs.yml"
    config.write_text(
        "\n".join(
            [
                f"INHERIT: {_yaml(project / 'mkdocs.yml')}",
                f"docs_dir: {_yaml(docs)}",
                f"site_dir: {_yaml(site_dir)}",
                "theme:",
                f"  custom_dir: {_yaml(overrides)}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def _yaml(path: Path) -> str:
    import json

    return json.dumps(str(path))


def build_env(epoch: int) -> dict[str, str]:
    """The environment of the builders: every date they print comes from `epoch`."""
    return os.environ | {
        "SOURCE_DATE_EPOCH": str(epoch),
        "PYTHONHASHSEED": "0",
        "NO_MKDOCS_2_WARNING": "1",  # Material's banner would bury a real error in the log
    }


def run(command: list[str], epoch: int) -> None:
    result = subprocess.run(command, env=build_env(epoch), capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildFailed(f"{' '.join(command[2:4])} exited {result.returncode}:\n{output}")


def swap(new: Path, out: Path) -> None:
    """Put `new` in place of `out` with two renames; the old site is deleted last."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".site-{out.name}-old-", dir=out.parent)) / "site"
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)
