"""The build's code digest covers what shapes the output, and only that (luoshi.codekey)."""

import ast
import shutil
from pathlib import Path

from luoshi import codekey
from luoshi.codekey import (
    BUILD_ONLY,
    NOT_IN_BUILD,
    PACKAGE_DIR,
    SHAPES_OUTPUT,
    classify,
    code_digest,
    output_files,
    package_files,
)

PROJECT = PACKAGE_DIR.parent
ENTRIES = SHAPES_OUTPUT | BUILD_ONLY | NOT_IN_BUILD


def test_every_package_file_is_classified():
    """A new module must be declared as shaping the output or not (see luoshi.codekey)."""
    unclassified = [name for name in package_files() if classify(name) is None]
    assert unclassified == [], f"classify these in luoshi/codekey.py: {unclassified}"


def test_entries_are_disjoint_and_none_is_stale():
    assert len(ENTRIES) == len(SHAPES_OUTPUT) + len(BUILD_ONLY) + len(NOT_IN_BUILD)
    used = {classify(name) for name in package_files()}
    assert ENTRIES - used == set(), "entries that match no file of the package"


def test_classify_takes_the_longest_entry():
    assert classify("pages/home.py") == "pages"
    assert classify("progress/pace.py") == "progress/pace"
    assert classify("progress/apply.py") == "progress/apply"
    assert classify("templates/home.html") == "templates"
    assert classify("build/keys.py") == "build"  # a module become a package stays classified
    assert classify("progress/unheard_of.py") is None
    assert classify("unheard_of.py") is None


def test_output_files_hold_rendering_not_tooling():
    files = set(output_files())
    assert {
        "render.py",
        "pages/home.py",
        "templates/home.html",
        "downloads/files.py",
        "build/part.py",
    } <= files
    assert {"cli.py", "validate/cross.py", "importer/read.py", "progress/apply.py"}.isdisjoint(
        files
    )
    assert not any(name.startswith(("bench", "synth")) for name in package_files())


def _imports(path: Path) -> set[str]:
    """Every `luoshi.*` module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("luoshi.")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("luoshi"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _module_file(module: str) -> str | None:
    """The package file of a dotted module name (None for a name that is no module)."""
    relative = "/".join(module.split(".")[1:])
    for name in (f"{relative}.py", f"{relative}/__init__.py"):
        if relative and (PACKAGE_DIR / name).is_file():
            return name
    return None


def test_what_shapes_the_output_imports_nothing_left_out():
    """Code the output is made with runs only code that is hashed, or that only checks."""
    wrong = set()
    for name in output_files():
        if name.endswith(".py"):
            for module in _imports(PACKAGE_DIR / name):
                found = _module_file(module)
                entry = classify(found) if found else None
                if found and entry not in SHAPES_OUTPUT | BUILD_ONLY:
                    wrong.add(f"{name} imports {found} ({entry})")
    assert wrong == set()


def _copy_package(tmp_path: Path) -> Path:
    copy = tmp_path / "luoshi"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_editing_tooling_keeps_the_digest_editing_rendering_changes_it(tmp_path):
    copy = _copy_package(tmp_path)
    before = code_digest(PROJECT, copy)
    assert before == code_digest(PROJECT, PACKAGE_DIR)  # the copy hashes as the original
    for name in ("cli.py", "validate/cross.py", "importer/read.py", "progress/apply.py"):
        _append(copy / name, "\n# an edit that cannot change a page\n")
    assert code_digest(PROJECT, copy) == before
    _append(copy / "templates" / "home.html", "\n{# a template edit #}\n")
    after_template = code_digest(PROJECT, copy)
    assert after_template != before
    _append(copy / "pages" / "home.py", "\n# an edit to how the home page is made\n")
    assert code_digest(PROJECT, copy) not in (before, after_template)


def test_an_unclassified_module_is_hashed(tmp_path):
    copy = _copy_package(tmp_path)
    before = code_digest(PROJECT, copy)
    (copy / "newcomer.py").write_text("RULE = 1\n", encoding="utf-8")
    assert "newcomer.py" in codekey.output_files(copy)
    assert code_digest(PROJECT, copy) != before
