"""The code half of the build's cache keys: a digest of what shapes the built output.

A cached part (and a cached download) is reused while its key is unchanged, and the
key hashes its rows and this digest. Hash too little and a part made by older
rendering code is served again; hash too much and an edit to the importer or the CLI
rebuilds every part for nothing. So every file of the `luoshi` package is classified,
module by module:

- SHAPES_OUTPUT: code that runs while the bytes of a part or a download are made
  (loading the package, pages and templates, downloads, feeds, search, the build with
  its staging config and placing of files, which rows a part holds), and the modules
  it imports. Hashed, with site_src/, mkdocs.yml, Python's and the engines' versions.
- BUILD_ONLY: run during a build but cannot change a byte of its output for the same
  data: validation and the closed-world checks decide only whether the build goes on;
  locks, manifests and this module decide only what is reused. Not hashed.
- NOT_IN_BUILD: never runs in a build: the command line, the importer, the extraction
  pipeline and the seed assembler, the progress importer. What they write is data,
  hashed as data. Not hashed.

An entry names a module ("render") or a folder ("pages"); a folder entry, or a module
that becomes a package of the same name, covers every file below it, and the longest
entry matching a file wins. A file no entry matches is hashed, so a module nobody
classified costs a rebuild, never a stale part; tests/test_codekey.py fails on it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

SHAPES_OUTPUT = frozenset(
    {
        "__init__",  # runs before any module of the package
        "build",
        "dictionary",
        "downloads",
        "feeds",
        "package",
        "pages",
        "parts",
        "progress/__init__",
        "progress/pace",
        "progress/status",
        "render",
        "search",
        "searchpage",
        "searchtext",
        "status_table",
        "templates",
        "trees",
        "urls",
        "values",
        "vocab",
    }
)
BUILD_ONLY = frozenset({"codekey", "guard", "schema.json", "structure", "validate"})
NOT_IN_BUILD = frozenset(
    {
        "cli",
        "importer",
        "pipeline",
        "progress/apply",
        "progress/figures",
        "progress/match",
        "progress/model",
        "progress/narrative",
        "progress/read",
        "progress/tables",
        "seeds",
    }
)
ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "properdocs",
    "pagefind",
    "pagefind-bin",
    "jinja2",
    "pandas",
)


def package_files(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Every file of the package (posix paths relative to it), bytecode aside."""
    return sorted(
        path.relative_to(package_dir).as_posix()
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )


def classify(relative: str) -> str | None:
    """The entry that classifies a package file ('pages' for pages/home.py), or None."""
    parts = relative.split("/")
    names = [relative, relative.removesuffix(".py")]
    names += ["/".join(parts[:depth]) for depth in range(1, len(parts))]
    matching = [name for name in names if name in SHAPES_OUTPUT | BUILD_ONLY | NOT_IN_BUILD]
    return max(matching, key=len, default=None)


def output_files(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The package files the digest covers: those shaping the output, and the unclassified."""
    return [
        relative
        for relative in package_files(package_dir)
        if (entry := classify(relative)) is None or entry in SHAPES_OUTPUT
    ]


def code_digest(project: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """The code and configuration every page depends on, and the engines' versions."""
    digest = hashlib.sha256(sys.version.encode())
    files = [(f"luoshi/{name}", package_dir / name) for name in output_files(package_dir)]
    files += [(str(p.relative_to(project)), p) for p in (project / "site_src").rglob("*")]
    files.append(("mkdocs.yml", project / "mkdocs.yml"))
    for name, path in sorted(files):
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for name in ENGINE_PACKAGES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}: absent".encode())
    return digest.hexdigest()
