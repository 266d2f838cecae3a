"""Before anything is built: the package loaded and validated (in a forked process,
beside loading and planning), the source date, the setup and each part's key."""

from __future__ import annotations

import calendar
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from luoshi.build.base import MIN_EPOCH, BuildFailed, Planned, Progress, Setup
from luoshi.build.pools import forking_pool
from luoshi.parts import Part

if TYPE_CHECKING:
    from luoshi.package import Package


def validated_package(
    datapackage: Path, log: Progress, plan: Callable[[Package], Planned]
) -> tuple[Package, Planned]:
    """The package and `plan(package)`, once validation has found nothing wrong.

    Loading and planning only read, so they run while a forked process validates;
    nothing is rendered before validation has passed. Its errors win over any
    failure of loading or planning, which invalid data can cause.
    """
    datapackage = Path(datapackage).resolve()
    check_closed_world(datapackage)
    checking = Validation(datapackage)
    try:
        with log.phase("load"):
            package = load_package(datapackage)
        with log.phase("plan"):
            planned = plan(package)
    except BaseException:
        checking.check(log)
        raise
    finally:
        checking.close()
    checking.check(log)
    return package, planned


def check_closed_world(datapackage: Path) -> None:
    """Before anything reads the package: its descriptor is sound and every path in it
    stays inside it. Otherwise the whole validation report, and nothing is read."""
    from luoshi.structure import check_descriptor
    from luoshi.validate import format_errors, read_descriptor, validate_package

    descriptor, errors = read_descriptor(datapackage)
    if not errors:
        errors, _ = check_descriptor(descriptor, datapackage)
    if errors:
        errors = validate_package(datapackage)
        raise BuildFailed(
            f"{len(errors)} error(s) in {datapackage}; the site was not built:\n"
            + format_errors(errors)
        )


class Validation:
    """`luoshi.validate` of one package, in a forked process where fork exists."""

    def __init__(self, datapackage: Path) -> None:
        self.datapackage = datapackage
        self.pool = forking_pool(1)
        if self.pool is not None:
            self.future = self.pool.submit(_validate_timed, datapackage)

    def check(self, log: Progress) -> None:
        """Raise BuildFailed with every error found, if any."""
        try:
            found = self.future.result() if self.pool else _validate_timed(self.datapackage)
        except Exception as error:  # a failure of the validator itself, named once
            raise BuildFailed(f"validate failed: {type(error).__name__}: {error}") from error
        errors, seconds = found
        log.say(f"validate done in {seconds:.1f}s (beside load and plan)")
        if errors:
            from luoshi.validate import format_errors

            raise BuildFailed(
                f"{len(errors)} error(s) in {self.datapackage}; the site was not built:\n"
                + format_errors(errors)
            )

    def close(self) -> None:
        """Let the validating process go; the build does not wait for it to exit (it
        holds a copy of the package, which takes a moment to free)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _validate_timed(datapackage: Path) -> tuple[list, float]:
    from luoshi.validate import validate_package

    begin = time.monotonic()
    errors = validate_package(datapackage, with_frictionless=False)
    return errors, time.monotonic() - begin


def load_package(datapackage: Path) -> Package:
    from luoshi.package import load

    return load(datapackage)


def make_setup(package: Package, engine: str, project: Path, downloads_cache: Path | None) -> Setup:
    from luoshi.parts import code_digest

    epoch, build_date = source_date(package)
    return Setup(epoch, build_date, code_digest(project), engine, project, downloads_cache)


def source_date(package: Package) -> tuple[int, str]:
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
    from luoshi.package import latest_report_date

    latest = latest_report_date(package)
    if not latest:
        return MIN_EPOCH, ""
    return max(calendar.timegm(time.strptime(latest, "%Y-%m-%d")), MIN_EPOCH), ""


def part_keys(
    package: Package, count: int, setup: Setup, only: Part | None = None
) -> dict[Part, str]:
    """Each part's key: a hash of everything its files are made from."""
    import hashlib

    from luoshi import parts as partition

    parts = [only] if only else partition.all_parts(count)
    if any(part.index > 0 for part in parts):
        digests = partition.part_digests(package, count)
    if any(part.index <= 0 for part in parts):  # the global and downloads parts read it all
        whole = partition.inputs_digest(package, whole=True)
    keys = {}
    for part in parts:
        if part.index <= 0:
            rows = whole
            dated = f"{setup.epoch}|{setup.build_date}"
        else:
            rows = digests[part.index]
            dated = ""  # a jurisdiction part's files never carry the build's time
        text = f"{part.spec}|{setup.code}|{setup.engine}|{rows}|{dated}"
        keys[part] = hashlib.sha256(text.encode()).hexdigest()[:20]
    return keys
