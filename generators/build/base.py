"""What every module of the build shares: its failure, its progress log, the setup of
one build and the fixed names and paths."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from luoshi import urls

PROJECT = Path(__file__).resolve().parents[2]  # the repository (editable install)
MIN_EPOCH = 315532800  # 1980-01-01: the earliest time a zip entry can carry
ENGINES = ("mkdocs", "properdocs")
MANIFEST = "part.json"
# Nav entries of mkdocs.yml (the global part renders them, the downloads part the
# downloads page); every other part gives mkdocs a placeholder for each, so the nav
# links on its pages come out the same.
NAV_PAGES = urls.NAV_PAGES
SITEMAP = ("sitemap.xml", "sitemap.xml.gz")
Planned = TypeVar("Planned")


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


@dataclass(frozen=True)
class Setup:
    """What every part of one build shares; small, so it crosses process boundaries."""

    epoch: int
    build_date: str
    code: str  # luoshi.parts.code_digest
    engine: str = "mkdocs"
    project: Path = PROJECT
    downloads_cache: Path | None = None


def check(problems: list[str]) -> None:
    if problems:
        raise BuildFailed("\n".join(problems))


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise BuildFailed(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
