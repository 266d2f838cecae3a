"""The hand-written pages and assets (site_src/) as the global part publishes them.

Our own scripts are minified with rjsmin (comments and spaces out, nothing renamed):
a reader downloads what runs, not what explains it (search.js, 33 KB as written, is
20 KB so). The vendored scripts come minified already.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import rjsmin

SCRIPTS = "assets/javascripts"


def copy_hand_written(source: Path, docs: Path) -> None:
    """site_src/ (but the theme's overrides) into `docs`, its scripts minified."""
    shutil.copytree(source, docs, ignore=shutil.ignore_patterns("overrides"))
    for script in sorted((docs / SCRIPTS).glob("*.js")):
        text = script.read_text(encoding="utf-8")
        script.write_text(rjsmin.jsmin(text), encoding="utf-8")
