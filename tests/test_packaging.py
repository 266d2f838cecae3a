"""pyproject.toml declares every package and data file, so setuptools installs them all
and warns about none ("Package would be ignored"); the product does not need the tools."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PROJECT["tool"]["setuptools"]


def _folders() -> dict[str, Path]:
    """Every folder below a mapped package, as the dotted package name it becomes."""
    found = {}
    for name, folder in SETUPTOOLS["package-dir"].items():
        top = ROOT / folder
        found[name] = top
        for path in sorted(top.rglob("*")):
            if path.is_dir() and "__pycache__" not in path.parts:
                found[".".join([name, *path.relative_to(top).parts])] = path
    return found


def test_every_package_is_declared():
    assert sorted(_folders()) == sorted(SETUPTOOLS["packages"])


def test_every_data_file_is_package_data():
    patterns = SETUPTOOLS.get("package-data", {})
    missing = [
        str(path.relative_to(ROOT))
        for package, folder in _folders().items()
        for path in sorted(folder.iterdir())
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and not any(fnmatch.fnmatch(path.name, p) for p in patterns.get(package, []))
    ]
    assert missing == []


def test_the_product_needs_neither_the_tools_nor_their_dependencies():
    assert not any(d.startswith("psutil") for d in PROJECT["project"]["dependencies"])
    bench = PROJECT["project"]["optional-dependencies"]["bench"]
    assert any(d.startswith("psutil==") for d in bench)
    product = ROOT / SETUPTOOLS["package-dir"]["luoshi"]
    importing = [
        str(path.relative_to(ROOT))
        for path in sorted(product.rglob("*.py"))
        if "luoshi_tools" in path.read_text(encoding="utf-8")
    ]
    assert importing == []


def test_license_is_an_spdx_expression():
    assert PROJECT["project"]["license"] == "MIT"
