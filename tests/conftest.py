"""Shared fixtures: the mini fixture built once per session, variants of it, and a
small HTML tree parser (stdlib html.parser) for asserting on page content."""

from __future__ import annotations

import csv
import fcntl
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from luoshi.build import build_site

MINI = Path(__file__).parent / "fixtures" / "mini"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"
EPOCH = "1700000000"  # 2023-11-14 UTC
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# -- HTML ----------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Elements by tag and attributes; `class_` matches one class among several."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(_attr_matches(node, key, value) for key, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def by_id(self, element_id: str) -> Node:
        return self.find(id=element_id)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _attr_matches(node: Node, key: str, value: str) -> bool:
    if key == "class":
        return value in node.attrs.get("class", "").split()
    return node.attrs.get(key) == value


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@dataclass
class Built:
    """A built site and its source package."""

    site: Path
    package: Path

    def html(self, url: str) -> Node:
        """The page at a directory URL such as "reports/liandu-2023/"."""
        return parse_html(self.page_path(url).read_text(encoding="utf-8"))

    def page_path(self, url: str) -> Path:
        return self.site / url.split("#")[0] / "index.html"

    def rows(self, table: str) -> list[dict[str, str]]:
        with (self.package / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


# -- packages and builds -------------------------------------------------------


def copy_package(dest: Path) -> Path:
    shutil.copytree(MINI, dest)
    return dest


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    """Rewrite one CSV of a package copy through `change(rows) -> rows`."""
    header, rows = read_csv(path)
    write_csv(path, header, change(rows))


def trim_package(source: Path, dest: Path, keep: int) -> Path:
    """A copy of the package at `source` with only the first `keep` tasks and indicators
    of every list (and of every parent task): every jurisdiction, report, list and source
    document stays, with the units, aliases, assignments, officials and progress the
    kept rows name. For tests of mechanisms (parts, caches) that need real shapes, not
    the real size."""
    shutil.copytree(source, dest)
    tables = {path.stem: read_csv(path) for path in dest.glob("*.csv")}

    def first(rows: list[dict[str, str]], owner: str, kept_owners: set[str]) -> set[str]:
        return {
            r["id"]
            for r in rows
            if int(r["position"]) <= keep and (r[owner] == "" or r[owner] in kept_owners)
        }

    tasks = tables["tasks"][1]
    top = first([t for t in tasks if t["parent_id"] == ""], "parent_id", set())
    kept_tasks = top | first([t for t in tasks if t["parent_id"]], "parent_id", top)
    kept_indicators = first(tables["indicators"][1], "task_id", kept_tasks)
    owned = {
        "tasks": lambda r: r["id"] in kept_tasks,
        "indicators": lambda r: r["id"] in kept_indicators,
        "assignments": lambda r: r["task_id"] in kept_tasks or r["indicator_id"] in kept_indicators,
        "task_officials": lambda r: r["task_id"] in kept_tasks,
        "progress": lambda r: r["task_id"] in kept_tasks or r["indicator_id"] in kept_indicators,
    }
    for name, wanted in owned.items():
        header, rows = tables[name]
        tables[name] = (header, [r for r in rows if wanted(r)])
    parent = {u["id"]: u["parent_id"] for u in tables["units"][1]}
    units: set[str] = set()
    for unit in (a["unit_id"] for a in tables["assignments"][1]):
        while unit and unit not in units:  # a named unit and the units above it
            units.add(unit)
            unit = parent[unit]
    for name in ("units", "unit_aliases"):
        header, rows = tables[name]
        key = "id" if name == "units" else "unit_id"
        tables[name] = (header, [r for r in rows if r[key] in units])
    for name, (header, rows) in tables.items():
        write_csv(dest / f"{name}.csv", header, rows)
    return dest


def build(package: Path, out: Path, **options: object) -> Built:
    build_site(package / "datapackage.json", out, progress=False, **options)  # type: ignore[arg-type]
    return Built(out, package)


def copy_built(built: Built, out: Path, with_cache: bool = True) -> Path:
    """A copy of a built site (and of the part cache beside it) at `out`, for tests that
    change a site the session shares: what a first build there would have left."""
    shutil.copytree(built.site, out)
    cache = built.site.parent / ".luoshi-cache"
    if with_cache:
        shutil.copytree(cache, out.parent / ".luoshi-cache")
    return out


@pytest.fixture(scope="session")
def epoch_env() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


def shared(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Built]
) -> Built:
    """`make(root)` run once for the whole run, even with several xdist workers: the
    first worker to need it builds it under a lock in the run's shared temporary
    folder; the others wait for it and read it. Only for sites tests do not change."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the workers' folders are siblings under the run's folder
    root = base / f"shared-{name}"
    with (base / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / f"shared-{name}.done"
        if done.exists():
            return Built(*(Path(line) for line in done.read_text("utf-8").splitlines()))
        if root.exists():  # a worker that died while building
            shutil.rmtree(root)
        root.mkdir()
        built = make(root)
        done.write_text(f"{built.site}\n{built.package}\n", encoding="utf-8")
        return built


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Built:
    """tests/fixtures/mini as it is, built once for the run."""
    return shared(tmp_path_factory, "mini", lambda root: build(MINI, root / "site"))


# Text the rich variant adds so search has more real words to find, and a source file.
RICH_TASKS = [
    {
        "id": "liandu-2023-main-004",
        "section_id": "liandu-2023-main-s002",
        "number": "4",
        "text": "持续优化营商环境,深化“最多跑一次”改革,推动民营经济高质量发展。",
    },
    {
        "id": "liandu-2023-main-005",
        "section_id": "liandu-2023-main-s002",
        "number": "5",
        "text": "实施乡村振兴战略,建设未来乡村和共同富裕示范带。",
    },
]
SOURCE_TEXT = "2023年莲都区政府工作报告重点工作责任分解(测试用原文副本)\n"


def long_tasks(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Fourteen more tasks in the second section of liandu-2023-main: a long page, whose
    filters (test_a11y) have something to filter."""
    template = next(r for r in rows if r["id"] == "liandu-2023-main-002")
    extra = []
    for n in range(6, 20):
        extra.append(
            template
            | {
                "id": f"liandu-2023-main-{n:03d}",
                "section_id": "liandu-2023-main-s002",
                "number": str(n),
                "position": str(n),
                "text": f"第{n}项测试任务,推进重点项目建设。",
                "units_text": "",
                "note": "",
            }
        )
    return rows + extra


def long_assignments(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """区经商局 leads the even tasks and co-organises the odd ones; 区发改局 is named
    for the odd ones only."""
    template = next(r for r in rows if r["id"] == "liandu-2023-main-001-u03")
    extra = []
    for n in range(6, 20):
        task = f"liandu-2023-main-{n:03d}"
        role = "lead" if n % 2 == 0 else "co-organiser"
        extra.append(
            template
            | {
                "id": f"{task}-u01",
                "task_id": task,
                "indicator_id": "",
                "unit_id": "liandu-qujingshangju",
                "name_as_published": "区经商局",
                "role": role,
                "label": "牵头单位" if role == "lead" else "协办单位",
                "group": "1",
                "position": "1",
                "ambiguous": "false",
                "note": "",
            }
        )
        if n % 2:
            extra.append(
                extra[-1]
                | {
                    "id": f"{task}-u02",
                    "unit_id": "liandu-qufagaiju",
                    "name_as_published": "区发改局",
                    "role": "lead",
                    "label": "牵头单位",
                    "position": "2",
                }
            )
    return rows + extra


def noted(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A note on the first indicator: small print in a table."""
    return [rows[0] | {"note": "原表此格印作“—”。"}] + rows[1:]


def make_rich_package(dest: Path) -> Path:
    package = copy_package(dest)

    def add_tasks(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        template = next(r for r in rows if r["id"] == "liandu-2023-main-002")
        extra = [
            template | task | {"position": task["number"], "note": "", "units_text": ""}
            for task in RICH_TASKS
        ]
        return rows + extra

    def assign(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        template = next(r for r in rows if r["id"] == "liandu-2023-main-001-u03")
        task = {"task_id": "liandu-2023-main-004"}
        return rows + [
            template | task | {"id": "liandu-2023-main-004-u01"},
            template
            | task
            | {
                "id": "liandu-2023-main-004-u02",
                "unit_id": "liandu-qujingshangju",
                "name_as_published": "区经济商务局",
                "role": "co-organiser",
                "label": "协办单位",
                "group": "2",
                "position": "2",
            },
            template  # a document's 列第一位为牵头或汇总单位: leads (luoshi.vocab)
            | {
                "id": "liandu-2023-main-005-u01",
                "task_id": "liandu-2023-main-005",
                "unit_id": "liandu-qujingshangju",
                "name_as_published": "区经商局",
                "role": "lead-or-collect",
                "label": "牵头或汇总单位",
            },
        ]

    def official(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return rows + [{"id": "liandu-zhangsan", "jurisdiction_id": "liandu", "name": "张三"}]

    def lead_official(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        link = {"task_id": "liandu-2023-main-004", "official_id": "liandu-zhangsan"}
        return rows + [
            link | {"id": "liandu-2023-main-004-o01", "label": "牵头区领导", "position": "1"}
        ]

    edit_csv(package / "tasks.csv", add_tasks)
    edit_csv(package / "assignments.csv", assign)
    edit_csv(package / "officials.csv", official)
    edit_csv(package / "task_officials.csv", lead_official)
    edit_csv(package / "tasks.csv", long_tasks)
    edit_csv(package / "assignments.csv", long_assignments)
    edit_csv(package / "indicators.csv", noted)  # a note in a table: small print
    (package / "sources").mkdir()
    (package / "sources" / "000_39c49c8ad27c7f18.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return package


@pytest.fixture(scope="session")
def rich_site(tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Built:
    """mini plus two tasks (one with two groups of units and a leading official, one
    with a 牵头或汇总 unit), a source file, and a long report (fourteen more tasks, a note
    in an indicator table) for the reader's site in a browser (test_a11y)."""
    return shared(
        tmp_path_factory,
        "rich",
        lambda root: build(make_rich_package(root / "package"), root / "site"),
    )


# -- a browser and a local server, shared by every browser test ------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    site: Path,
    handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
    prefix: str = "/",
) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 while the generator is open; yields its base URL."""
    bound = functools.partial(handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, launched once for the whole session."""
    playwright = pytest.importorskip("playwright.sync_api")
    from luoshi_tools.bench.browser import CHROMIUM, CHROMIUM_ARGS

    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def module_tab(browser: object) -> Iterator[object]:
    """One tab, in a browser context of its own, for a test module: a new context and
    tab cost about 0.7 CPU-s more than one more page in an open tab, so a module's tests
    share them and each sets what it looks at (size, colour scheme, page)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


# The search page has shown a query's outcome: its message names the query and says
# what was found (not 正在搜索…).
SEARCH_SETTLED = (
    "() => { const m = document.querySelector('.ls-search__message').textContent;"
    " return /”:(?!$)/.test(m) && !m.startsWith('正在'); }"
)


# -- order ------------------------------------------------------------------------------

# The slowest modules first: xdist hands out whole modules in this order, so that the
# workers finish together instead of one waiting for the last long module.
SLOW_FIRST = (
    "test_a11y.py",
    "test_search_queries.py",
    "test_parts.py",
    "test_hostile.py",
    "test_search_browser.py",
    "test_site.py",
    "test_add.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))
