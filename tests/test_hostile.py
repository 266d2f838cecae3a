"""Broken and hostile packages (tests/hostile_cases.py): every one a named error from
`luoshi validate` and from the build, no traceback, nothing built, nothing from
outside the package in any message; hostile text rendered literally on every page
kind, no script run in a browser, no live formula in a download; and the faults a
build meets (a kill, a second build, a damaged cache, a failing disk)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    MINI,
    SEARCH_SETTLED,
    Built,
    build,
    copy_built,
    copy_package,
    edit_csv,
    parse_html,
    serve,
)
from hostile_cases import CASES, SECRET, Case
from luoshi import guard
from luoshi.build import BuildFailed, build_site
from luoshi.cli import main
from luoshi.downloads import neutralise
from luoshi.render import CONTROL
from luoshi.validate import format_errors, validate_package
from luoshi.values import split_measure_unit

# -- the corpus: named errors -----------------------------------------------------------


@pytest.fixture(params=CASES, ids=[f"{c.kind}-{c.name}" for c in CASES])
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Case, Path]:
    package = copy_package(tmp_path / "package")
    request.param.make(package)
    return request.param, package


def test_validate_names_the_error(broken: tuple[Case, Path]) -> None:
    case, package = broken
    errors = validate_package(package / "datapackage.json", with_frictionless=False)
    assert case.error in {error.type for error in errors}
    assert all(error.file and error.message for error in errors)
    printed = format_errors(errors)
    assert f" {case.error}: " in printed and SECRET not in printed  # file:row [field] type: message


# `luoshi validate` prints format_errors' lines and exits 1; run on the first case of
# each kind (the validator's findings are checked on every case above).
FIRST_OF_KIND = list({c.kind: c for c in reversed(CASES)}.values())


@pytest.mark.parametrize("case", FIRST_OF_KIND, ids=[c.kind for c in FIRST_OF_KIND])
def test_validate_command_exits_naming_the_error(case: Case, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    case.make(package)
    result = CliRunner().invoke(
        main, ["validate", "--no-frictionless", "--datasets", str(package / "datapackage.json")]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    assert f" {case.error}: " in result.output


# The build's gate is the validator itself, so a build is tried on every case whose
# refusal comes before loading (descriptor, paths) and on two cases of each other kind.
BUILT = [c for c in CASES if c.kind in ("descriptor", "path")]
BUILT += [
    c
    for kind in ("encoding", "value", "structure")
    for c in [x for x in CASES if x.kind == kind][:2]
]


@pytest.mark.parametrize("case", BUILT, ids=[f"{c.kind}-{c.name}" for c in BUILT])
def test_build_refuses_what_validate_refuses(case: Case, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    case.make(package)
    out = tmp_path / "site"
    with pytest.raises(BuildFailed) as failure:
        build_site(package / "datapackage.json", out, progress=False, use_cache=False, jobs=1)
    assert case.error in str(failure.value) and SECRET not in str(failure.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_row_numbers_are_the_files_lines(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "line-number-after-multiline-cell")
    package = copy_package(tmp_path / "package")
    case.make(package)
    lines = (package / "tasks.csv").read_text(encoding="utf-8").split("\n")
    [error] = validate_package(package / "datapackage.json")
    assert error.field == "position" and lines[error.row - 1].split(",")[4] == "x"


# -- accepted spellings build and load as the validator reads them ----------------------


def test_boolean_spellings_and_bom_load_as_validated(tmp_path: Path) -> None:
    from luoshi.package import load

    package = copy_package(tmp_path / "package")
    edit_csv(
        package / "assignments.csv",
        lambda rows: [
            r | {"ambiguous": ("TRUE", "True", "1", "FALSE")[i % 4]} for i, r in enumerate(rows)
        ],
    )
    path = package / "units.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_package(package / "datapackage.json") == []
    loaded = load(package / "datapackage.json")
    assert loaded["assignments"]["ambiguous"].tolist()[:4] == [True, True, True, False]
    assert "id" in loaded["units"].columns


# -- hostile text on every page kind ---------------------------------------------------

CANARY = "window.__pwned=1"
PAYLOAD = (
    f'<img src=x onerror="{CANARY}"><script>{CANARY}</script>'
    f"\u0085\u0080\u009b{{: onerror='{CANARY}' }}\u2028[x](javascript:{CANARY})\u202e"
    f"</script><svg onload={CANARY}>\x1b]]>{{{{7*7}}}}\x0b"
)
FORMULA = '=HYPERLINK("http://evil.example","x")'
# Fields whose values another field must match (aliases, parsed values) or that a
# pattern or vocabulary constrains are left; every other text field gets PAYLOAD.
COUPLED = {"name_as_published", "alias", "base_name", "measure_unit", "source_file"}
COUPLED |= {"baseline_text", "baseline_comparator", "target_text", "target_value_unit"}
COUPLED |= {"source_url"}


def poison(package: Path) -> None:
    data = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("title", "description"):
        data[key] = PAYLOAD + data.get(key, "")
    for res in data["resources"]:
        res["title"] = PAYLOAD + res.get("title", "")
        texts = [
            f["name"]
            for f in res["schema"]["fields"]
            if f.get("type", "string") == "string"
            and not {"pattern", "enum"} & set(f.get("constraints", {}))
            and f["name"] not in COUPLED
        ]
        for f in res["schema"]["fields"]:
            f["description"] = PAYLOAD + f.get("description", "")
        edit_csv(package / res["path"], lambda rows, t=texts: [_poisoned(r, t) for r in rows])
    (package / "datapackage.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    edit_csv(
        package / "unit_aliases.csv",
        lambda rows: [r | {"alias": PAYLOAD + r["alias"]} for r in rows],
    )
    edit_csv(
        package / "assignments.csv",
        lambda rows: [
            r | {"name_as_published": PAYLOAD + r["name_as_published"], "ambiguous": "TRUE"}
            for r in rows
        ],
    )
    edit_csv(package / "indicators.csv", lambda rows: [_named(r) for r in rows])
    edit_csv(
        package / "tasks.csv",
        lambda rows: [
            r | {"title": FORMULA} if r["id"] == "liandu-2023-main-001" else r for r in rows
        ],
    )
    (package / "sources").mkdir()
    (package / "sources" / "000_39c49c8ad27c7f18.txt").write_text("原文", encoding="utf-8")
    (package / "sources" / "evil.html").write_text(f"<script>{CANARY}</script>", encoding="utf-8")
    edit_csv(
        package / "reports.csv",
        lambda rows: [
            r | {"source_file": "evil.html"} if r["id"] == "liandu-2023-gongfu" else r for r in rows
        ],
    )


def _poisoned(row: dict[str, str], texts: list[str]) -> dict[str, str]:
    return row | {name: PAYLOAD + row[name] for name in texts if name in row}


def _named(row: dict[str, str]) -> dict[str, str]:
    name = PAYLOAD + row["name"]
    base, unit = split_measure_unit(name)
    return row | {"name": name, "base_name": base, "measure_unit": unit}


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Built:
    root = tmp_path_factory.mktemp("poisoned")
    package = copy_package(root / "package")
    poison(package)
    errors = validate_package(package / "datapackage.json")
    assert errors == [], errors
    return build(package, root / "site", use_cache=False)


def live_elements(path: Path) -> list[str]:
    """Anything on the page that could run the canary (text in a title attribute is
    only text)."""
    found = []
    for node in parse_html(path.read_text(encoding="utf-8")).iter():
        for name, value in node.attrs.items():
            link = name in ("href", "src", "action", "formaction", "data")
            if name.startswith("on") or (link and ("__pwned" in value or "javascript:" in value)):
                found.append(f"<{node.tag} {name}>")
        live = node.tag in ("script", "svg", "img", "iframe", "object", "embed")
        data = node.attrs.get("type") in ("application/json", "application/ld+json")
        if live and "__pwned" in node.text() and not data:
            found.append(f"<{node.tag}>")
        if node.tag == "script" and data:
            json.loads(node.text())  # the data stayed whole inside its element
    return found


def test_no_page_holds_live_markup(poisoned: Built) -> None:
    pages = poisoned.html_files()
    kinds = {p.relative_to(poisoned.site).parts[0] for p in pages}
    assert {"jurisdictions", "reports", "units", "indicators", "downloads"} <= kinds
    for path in pages:
        assert live_elements(path) == [], path
        raw = path.read_text(encoding="utf-8")
        assert not CONTROL.search(raw.replace("\t", "").replace("\n", "")), path


def test_titles_render_literally(poisoned: Built) -> None:
    shown = " ".join(CONTROL.sub("", PAYLOAD.replace("\u2028", "\n")).split())
    for url in ("jurisdictions/liandu/", "units/liandu-qufagaiju/", "reports/liandu-2023/", ""):
        page = poisoned.html(url)
        assert " ".join(page.find("h1").text().split()).startswith(shown), url
        assert page.find("title").text().startswith(shown), url
    assert "存疑" in poisoned.html("reports/liandu-2023/").text()  # ambiguous=TRUE is loaded


def test_html_source_is_published_as_text(poisoned: Built) -> None:
    sources = poisoned.site / "sources"
    assert sorted(p.name for p in sources.iterdir()) == [
        "000_39c49c8ad27c7f18.txt",
        "evil.html.txt",
    ]
    page = poisoned.html("reports/liandu-2023-gongfu/")
    assert any(
        a.attrs.get("href", "").endswith("sources/evil.html.txt") for a in page.find_all("a")
    )


def test_search_copies_hold_no_markup(poisoned: Built) -> None:
    staged = list((poisoned.site / "pagefind").rglob("*"))
    assert staged  # the index was built over the poisoned pages
    for path in poisoned.html_files():
        assert "<script>window.__pwned" not in path.read_text(encoding="utf-8")


def test_no_live_formula_in_downloads(poisoned: Built) -> None:
    downloads = poisoned.site / "downloads"
    slices = sorted(downloads.glob("reports/*/tasks.csv"))
    tables = [downloads / "tasks.csv", *slices]
    zipped = zipfile.ZipFile(downloads / "luoshi-data.zip")
    tables_text = [p.read_text(encoding="utf-8-sig") for p in tables]
    tables_text.append(zipped.read("luoshi-data/tasks.csv").decode("utf-8-sig"))
    holding = ("tasks.csv", "reports/liandu-2023/tasks.csv")
    assert [
        str(p.relative_to(downloads))
        for p in tables
        if "liandu-2023/" in str(p) or p.name == str(p.relative_to(downloads))
    ] == list(holding)
    for number, text in enumerate(tables_text):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        if number == len(tables_text) - 1 or str(tables[number].relative_to(downloads)) in holding:
            assert "'" + FORMULA in cells
        assert not [c for c in cells if c != neutralise(c) and not c.startswith("'")]
    from openpyxl import load_workbook

    for book in [downloads / "tasks.xlsx", *downloads.glob("reports/*/tasks.xlsx")]:
        values = [c.value for row in load_workbook(book).active.iter_rows() for c in row]
        text = [v for v in values if isinstance(v, str)]
        assert not [v for v in text if v[:1] in ("=", "@")], book
    numbers = list(
        csv.DictReader(io.StringIO((downloads / "indicators.csv").read_text("utf-8-sig")))
    )
    source = list(
        csv.DictReader(io.StringIO((poisoned.package / "indicators.csv").read_text("utf-8")))
    )
    assert [r["target_value"] for r in numbers] == [r["target_value"] for r in source]
    assert "单引号" in poisoned.html("downloads/").text()


def test_neutralise_keeps_numbers_and_is_reversible() -> None:
    for value in ("-3.5", "+20%", "12", "", "正常文本", "1e5", "=", "-"):
        assert neutralise(value) == value
    for value in ("=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0", "\t=1", "\r=1"):
        assert neutralise(value) == "'" + value and neutralise(value)[1:] == value


# -- the browser: no script from the data runs -------------------------------------------


@pytest.fixture(scope="module")
def poisoned_server(poisoned: Built) -> Iterator[str]:
    yield from serve(poisoned.site)


def test_no_script_runs_in_a_browser(
    browser: object, poisoned: Built, poisoned_server: str
) -> None:
    urls = sorted({str(p.relative_to(poisoned.site).parent) + "/" for p in poisoned.html_files()})
    urls = [u.removeprefix("./") for u in urls] + ["sources/evil.html.txt"]
    tab = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in urls:
        tab.goto(poisoned_server + url)
        tab.wait_for_load_state("load")
        assert tab.evaluate("window.__pwned") is None, url
    tab.goto(poisoned_server + "search/")
    box = tab.locator(".pagefind-ui__search-input")
    box.fill("onerror")
    tab.wait_for_function(SEARCH_SETTLED)  # the results: excerpts of the payload
    assert tab.locator(".ls-search__result").count() > 0
    assert tab.evaluate("window.__pwned") is None
    tab.context.close()
    assert dialogs == []


# -- faults during a build ---------------------------------------------------------------


def test_second_build_into_the_same_output_refuses(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with guard.exclusive(guard.lock_path(out), out), pytest.raises(BuildFailed) as failure:
        build_site(MINI / "datapackage.json", out, progress=False, use_cache=False)
    assert "another luoshi build is writing into" in str(failure.value)
    assert not out.exists()


def test_killed_build_leftovers_are_cleaned_and_the_site_put_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    aside = tmp_path / ".site.old-abcd1234"
    (aside / "site").mkdir(parents=True)
    (aside / "site" / "index.html").write_text("published", encoding="utf-8")
    work = tmp_path / ".site-site-zz9_ab12"
    (work / "site").mkdir(parents=True)
    other = tmp_path / ".site-site-other-abcd1234"  # another output's: not ours to delete
    other.mkdir()
    guard.clean_after_killed(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "published"
    _gone_soon(aside, work)
    assert other.is_dir()


def _gone_soon(*paths: Path) -> None:
    for _ in range(100):
        if not any(p.exists() for p in paths):
            return
        time.sleep(0.05)
    raise AssertionError(f"still there: {[p for p in paths if p.exists()]}")


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import os, sys, time
        from luoshi.build import forking_pool
        pool = forking_pool(1)
        print(pool.submit(os.getpid).result(), flush=True)
        pool.submit(time.sleep, 600)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())  # type: ignore[union-attr]
    assert _alive(worker)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(100):
        if not _alive(worker):
            return
        time.sleep(0.05)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the worker outlived the killed build")


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_cache_recovers_from_damaged_entries(
    mini_site: Built, tmp_path: Path, epoch_env: None
) -> None:
    out, cache = tmp_path / "site", tmp_path / ".luoshi-cache"
    copy_built(mini_site, out)  # the site and cache a first build of mini leaves
    expected = {
        p.relative_to(out): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and "pagefind" not in p.parts
    }
    manifests = sorted((cache / "parts").glob("*/*/part.json"))
    assert len(manifests) >= 2
    manifests[0].write_text("{broken", encoding="utf-8")  # a manifest cut short
    page = next(
        p
        for p in (cache / "parts").glob("*/*/site/**/index.html")
        if p.parents[0] != manifests[0].parent
    )
    page.write_text("", encoding="utf-8")  # a page truncated
    for entry in (cache / "downloads").rglob("*"):
        if entry.is_file() and not entry.name.endswith(".sha256"):
            entry.write_bytes(entry.read_bytes()[:10])  # every cached download truncated
    (cache / "parts" / "global" / ".abc-zz9_ab12").mkdir(parents=True)  # a killed part's temp
    build_site(MINI / "datapackage.json", out, progress=False, jobs=1)
    rebuilt = {
        p.relative_to(out): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and "pagefind" not in p.parts
    }
    assert rebuilt == expected
    # the damaged entries were found under the same keys and replaced, none added
    assert sorted((cache / "parts").glob("*/*/part.json")) == manifests
    json.loads(manifests[0].read_text(encoding="utf-8"))
    _gone_soon(cache / "parts" / "global" / ".abc-zz9_ab12")


def test_unwritable_output_is_a_named_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--quiet",
            "--datasets",
            str(MINI / "datapackage.json"),
            "--out",
            str(blocker / "site"),
        ],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot write in" in result.output


def test_full_disk_leaves_the_published_site(
    mini_site: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch_env: None
) -> None:
    out = copy_built(mini_site, tmp_path / "site", with_cache=False)  # the published site
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import luoshi.build.part

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(luoshi.build.part, "write_pages", full)
    edited = copy_package(tmp_path / "edited")
    edit_csv(edited / "units.csv", lambda rows: [r | {"note": "改"} for r in rows])
    with pytest.raises(BuildFailed) as failure:
        build_site(edited / "datapackage.json", out, progress=False, use_cache=False, jobs=1)
    assert "No space left on device" in str(failure.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_an_unforeseen_failure_is_one_named_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import luoshi.validate

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("something nobody foresaw\nsecond line")

    monkeypatch.setattr(luoshi.validate, "validate_package", broken)
    result = CliRunner().invoke(main, ["validate", "--datasets", str(MINI / "datapackage.json")])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "luoshi: internal-error: ZeroDivisionError: something nobody foresaw"
    )


@pytest.mark.parametrize("name", ["absolute-resource-path", "task-own-parent"])
def test_build_part_and_merge_refuse_what_validate_refuses(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    package = copy_package(tmp_path / "package")
    case.make(package)
    descriptor = str(package / "datapackage.json")
    (tmp_path / "parts").mkdir()
    runner = CliRunner()
    for args in (
        ["build-part", "--quiet", "--part", "1/1", "--out", str(tmp_path / "parts" / "1")],
        [
            "merge",
            "--quiet",
            "--parts-dir",
            str(tmp_path / "parts"),
            "--out",
            str(tmp_path / "site"),
        ],
    ):
        result = runner.invoke(main, [*args, "--datasets", descriptor])
        assert result.exit_code == 1 and f" {case.error}: " in result.output, args
        assert "Traceback" not in result.output and SECRET not in result.output
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == []
    assert not (tmp_path / "site").exists()


def test_project_schema_is_the_datasets_schema() -> None:
    """luoshi/schema.json (the constraints no descriptor can loosen) follows
    datasets/datapackage.json; after changing that, run write_project_schema()."""
    from luoshi.structure import project_schema, schema_of

    datasets = Path(__file__).parents[1] / "datasets" / "datapackage.json"
    assert project_schema() == schema_of(json.loads(datasets.read_text(encoding="utf-8")))
