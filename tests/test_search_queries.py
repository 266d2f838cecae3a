"""Queries citizens type, on the real datasets/ site in Chromium: success@5 and bytes.
(Time to results is not measured here: the queries run side by side.)

Each query's expected results are computed from the CSVs by a plain rule (the tasks
whose text holds all these words, the page of the unit with this published spelling,
the tasks naming this unit that hold this word), not from what search returns. A
query succeeds when one of its first five results is expected. Bytes are those of
every /pagefind/ response of one query as on a cold cache (Pagefind started afresh for
it), and of the place names search.js reads a query with (search/places.json, counted
for every query); pagefind.js, Pagefind's script, cached like the UI's, is not counted.
"""

from __future__ import annotations

import csv
import re
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import Built, QuietHandler, build, serve
from luoshi.pages.model import indicator_slug
from luoshi.vocab import leads

playwright = pytest.importorskip("playwright.sync_api")

DATASETS = Path(__file__).parents[1] / "datasets"
MAX_BYTES = 250_000  # search data of one query: index chunks, fragments, metadata, wasm
LANES = 3  # queries run at once: most of a query is waiting for the network to settle

# (query, what is expected): ("words", [...]) tasks holding every word; ("unit",
# jurisdiction, spelling) that unit's page; ("unit+", jurisdiction, spelling, word)
# tasks naming the unit and holding the word; ("number", text) tasks holding the
# number (and only those among the first five); ("place", id); ("indicator", name);
# ("place+", jurisdiction, year, [...]) tasks of that place's and year's documents (""
# any) holding every word in their text or their units' names, or that place's units
# so named (only those among the first five); ("lead", jurisdiction, spelling) the
# tasks that unit leads; ("status", status) the tasks whose latest progress has it;
# ("report", id) that report's page; ("numbered", jurisdiction, number) that place's
# ("" any) tasks of that number; ("measured", text) tasks holding the number with its
# measure word (the first result must be one).
QUERIES: list[tuple[str, tuple]] = [
    ("托育", ("words", ["托育"])),
    ("养老服务", ("words", ["养老服务"])),
    ("营商环境", ("words", ["营商环境"])),
    ("乡村振兴", ("words", ["乡村振兴"])),
    ("共同富裕", ("words", ["共同富裕"])),
    ("污水", ("words", ["污水"])),
    ("停车", ("words", ["停车"])),
    ("旅游", ("words", ["旅游"])),
    ("食品安全", ("words", ["食品安全"])),
    ("义务教育", ("words", ["义务教育"])),
    ("数字化改革", ("words", ["数字化改革"])),
    ("防汛", ("words", ["防汛"])),
    ("垃圾分类", ("words", ["垃圾分类"])),
    ("地质灾害", ("words", ["地质灾害"])),
    ("招商引资", ("words", ["招商引资"])),
    ("推进老旧小区改造", ("words", ["推进", "老旧小区", "改造"])),
    ("老旧小区 改造", ("words", ["老旧小区", "改造"])),
    ("中小学建设", ("words", ["中小学", "建设"])),
    ("养老 中心", ("words", ["养老", "中心"])),
    ("招商引资 制造业", ("words", ["招商引资", "制造业"])),
    ("乡村旅游", ("words", ["乡村", "旅游"])),
    ("营商环境改革", ("words", ["营商环境", "改革"])),
    ("養老服務", ("words", ["养老服务"])),
    ("營商環境", ("words", ["营商环境"])),
    ("鄉村振興", ("words", ["乡村振兴"])),
    ("食品安全　示范", ("words", ["食品安全", "示范"])),  # an ideographic space
    ("区卫健局", ("unit", "liandu", "区卫健局")),
    ("区卫生健康局", ("unit", "liandu", "区卫生健康局")),
    ("区商金中心", ("unit", "liandu", "区商金中心")),
    ("区自规分局", ("unit", "liandu", "区自规分局")),
    ("市自然资源和规划局莲都分局", ("unit", "liandu", "市自然资源和规划局莲都分局")),
    ("区发改局", ("unit", "liandu", "区发改局")),
    ("区经济商务局", ("unit", "liandu", "区经济商务局")),
    ("区人社局", ("unit", "liandu", "区人社局")),
    ("综合执法莲都分局", ("unit", "liandu", "综合执法莲都分局")),
    ("市双招双引办", ("unit", "lishui", "市双招双引办")),
    ("教体局", ("unit", "guangfeng", "教体局")),
    ("區衛健局", ("unit", "liandu", "区卫健局")),
    ("市发改委 招商", ("unit+", "lishui", "市发改委", "招商")),
    ("区卫健局 托育", ("unit+", "liandu", "区卫健局", "托育")),
    ("区发改局 投资", ("unit+", "liandu", "区发改局", "投资")),
    ("6.5%", ("number", "6.5%")),
    ("６．５％", ("number", "6.5%")),
    ("25%", ("number", "25%")),
    ("莲都", ("place", "liandu")),
    ("衢州市", ("place", "quzhou")),
    ("广丰", ("place", "guangfeng")),
    ("人均生产总值", ("indicator", "人均生产总值")),
    ("基本养老保险参保率", ("indicator", "基本养老保险参保率")),
    ("莲都 养老", ("place+", "liandu", "", ["养老"])),
    ("莲都区托育", ("place+", "liandu", "", ["托育"])),
    ("丽水 营商环境", ("place+", "lishui", "", ["营商环境"])),
    ("衢州 人才", ("place+", "quzhou", "", ["人才"])),
    ("2023年 托育", ("place+", "", "2023", ["托育"])),
    ("广丰 2021 招商", ("place+", "guangfeng", "2021", ["招商"])),
    ("莲都区的养老", ("place+", "liandu", "", ["养老"])),
    ("托育机构有哪些", ("words", ["托育机构"])),
    ("今年莲都区有哪些养老服务", ("place+", "liandu", "", ["养老服务"])),
    # A role or a status typed against the word before it (the browser cuts neither out).
    ("市发改委牵头", ("lead", "lishui", "市发改委")),
    ("区经商局牵头的任务", ("lead", "liandu", "区经商局")),
    ("已完成", ("status", "completed")),
    ("2023年丽水市政府工作报告", ("report", "lishui-2023")),
    # A number with its measure word moved (the text prints 学位540个); a task by its
    # number as a result line names it.
    ("540个学位", ("words", ["540个", "学位"])),
    ("莲都区第82项", ("numbered", "liandu", "82")),
    ("第65项", ("numbered", "", "65")),  # every document's task 65, not a 65 of a text
    # A number with its measure word: a task printing them together comes first (not
    # task 25 of every document, nor 25家).
    ("25个", ("measured", "25个")),
    ("3所", ("measured", "3所")),
    ("35家", ("measured", "35家")),
    ("1000亿元", ("measured", "1000亿元")),
    ("1.48万人", ("measured", "1.48万人")),
    ("100亿元", ("measured", "100亿元")),  # 100 and 亿元 (not 元): 10亿元 … 100个 is not it
    ("2万人", ("measured", "2万人")),
    ("区卫健局托育", ("unit+", "liandu", "区卫健局", "托育")),  # a unit glued to a topic
    # Questions as a reader types them: how they end is not what they ask about.
    ("托育怎么样了", ("words", ["托育"])),
    ("垃圾分类做得怎么样", ("words", ["垃圾分类"])),
    ("医院什么时候建好", ("words", ["医院"])),
    ("学校建设进展", ("words", ["学校", "建设"])),
    ("请问托育", ("words", ["托育"])),
    ("我想知道莲都区养老的情况", ("place+", "liandu", "", ["养老"])),
    ("莲都区今年要做什么", ("place", "liandu")),
    # Who answers for it, and when: the question words are not what it asks about.
    ("谁负责垃圾分类", ("words", ["垃圾分类"])),
    ("垃圾分类由谁负责", ("words", ["垃圾分类"])),
    ("养老服务是哪个部门负责的", ("words", ["养老服务"])),
    ("什么时候完成老旧小区改造", ("words", ["老旧小区", "改造"])),
    ("区发改局负责的任务", ("unit", "liandu", "区发改局")),
    ("区教育局负责哪些工作", ("unit", "liandu", "区教育局")),
    ("莲都区谁负责垃圾分类", ("place+", "liandu", "", ["垃圾分类"])),
    ("地区生产总值目标是多少", ("words", ["地区生产总值"])),
    ("2021年衢州", ("place", "quzhou")),  # a place and a year alone: the place's page
    # Nothing holds these whole: the results of a part of them (the documents say 高速,
    # 新能源), said so.
    ("新能源汽车", ("words", ["新能源"])),
    # …of the longest run as typed, within the place named (not 共同 of 共同富裕).
    ("衢州 共同富裕 示范", ("place+", "quzhou", "", ["共同富裕"])),
    ("高速公路", ("words", ["高速"])),
    # A sentence pasted from a document, its common words looked up last.
    ("加快公办园建设,完成2所配套幼儿园改造工程", ("words", ["公办园建设", "配套幼儿园改造工程"])),
]


def rows(name: str) -> list[dict[str, str]]:
    with (DATASETS / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


class Data:
    def __init__(self) -> None:
        report_of = {r["id"]: r["report_id"] for r in rows("lists")}
        reports = {r["id"]: (r["jurisdiction_id"], r["year"]) for r in rows("reports")}
        self.where = {t["id"]: reports[report_of[t["list_id"]]] for t in rows("tasks")}
        self.number = {t["id"]: t["number"] for t in rows("tasks")}
        self.tasks = {
            t["id"]: (f"/reports/{report_of[t['list_id']]}/#{t['id']}", t["title"] + t["text"])
            for t in rows("tasks")
        }
        self.aliases = {
            (a["jurisdiction_id"], a["alias"]): a["unit_id"] for a in rows("unit_aliases")
        }
        self.names: dict[str, str] = {}  # a unit's published spellings, one string
        for (_, alias), unit in self.aliases.items():
            self.names[unit] = self.names.get(unit, "") + " " + alias
        self.units_of: dict[str, set[str]] = {}
        self.led_by: dict[str, set[str]] = {}
        for a in rows("assignments"):
            if a["task_id"]:
                self.units_of.setdefault(a["task_id"], set()).add(a["unit_id"])
                if leads(a["role"]):
                    self.led_by.setdefault(a["unit_id"], set()).add(a["task_id"])
        self.latest: dict[str, tuple[str, str]] = {}  # task: (as_of, status)
        for p in rows("progress"):
            if p["task_id"]:
                self.latest[p["task_id"]] = max(
                    self.latest.get(p["task_id"], ("", "")), (p["as_of"], p["status"])
                )
        self.indicators = {i["base_name"]: i["name"] for i in rows("indicators")}

    def expected(self, spec: tuple) -> set[str]:
        kind, *args = spec
        if kind == "words":
            return {url for url, text in self.tasks.values() if all(w in text for w in args[0])}
        if kind == "unit":
            return {f"/units/{self.aliases[(args[0], args[1])]}/"}
        if kind == "unit+":
            unit = self.aliases[(args[0], args[1])]
            return {
                url
                for task, (url, text) in self.tasks.items()
                if unit in self.units_of.get(task, ()) and args[2] in text
            }
        if kind == "place+":  # and, with no year, that place's units named so
            place, year, words = args
            units = {
                f"/units/{unit}/"
                for (where, alias), unit in self.aliases.items()
                if not year and place in ("", where) and all(w in alias for w in words)
            }
            return units | {
                url  # a task is found by its text and by its units' names
                for task, (url, text) in self.tasks.items()
                if all(
                    w in text + "".join(self.names.get(u, "") for u in self.units_of.get(task, ()))
                    for w in words
                )
                and place in ("", self.where[task][0])
                and year in ("", self.where[task][1])
            }
        if kind == "lead":  # the tasks the unit leads
            unit = self.aliases[(args[0], args[1])]
            return {self.tasks[task][0] for task in self.led_by.get(unit, ())}
        if kind == "status":  # the tasks whose latest progress has this status
            return {self.tasks[t][0] for t, (_, status) in self.latest.items() if status == args[0]}
        if kind == "numbered":
            return {
                url
                for task, (url, _) in self.tasks.items()
                if self.number[task] == args[1] and args[0] in ("", self.where[task][0])
            }
        if kind == "report":  # the report page's head
            return {f"/reports/{args[0]}/"}
        if kind in ("number", "measured"):
            number = re.compile(r"(?<![\d.])" + re.escape(args[0]))
            return {url for url, text in self.tasks.values() if number.search(text)}
        if kind == "place":
            return {f"/jurisdictions/{args[0]}/"}
        name = self.indicators[args[0]]
        return {f"/indicators/{indicator_slug(name, args[0])}/"}


class Tally:
    """What one lane's server has sent of Pagefind's data since `clear`: (path, bytes)
    of each response, and how many responses it is still writing."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.sent: list[tuple[str, int]] = []
        self.writing = 0

    def clear(self) -> None:
        with self.lock:
            self.sent = []

    def wait_until_written(self, timeout: float) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: self.writing == 0, timeout), "a response hung"


def tallied(tally: Tally) -> type[QuietHandler]:
    """A handler that never lets search data be cached, so that every query fetches it
    as on a cold cache (the pages and the UI's scripts and styles are cached as a
    reader's browser caches them), and counts into `tally` what it sends of Pagefind's
    data: the lane's bytes are counted where they are sent, without the browser
    reporting every request to the test."""

    class Handler(QuietHandler):
        length = 0

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            with tally.lock:
                tally.writing += 1
            try:
                self.length = 0
                super().do_GET()
                path = urlsplit(self.path).path  # Pagefind's data; its script is cached
                if "/pagefind/" in path and not path.endswith("/pagefind.js"):
                    with tally.lock:
                        tally.sent.append((path, self.length))
            finally:
                with tally.lock:
                    tally.writing -= 1
                    tally.lock.notify_all()

        def send_header(self, keyword: str, value: str) -> None:
            if keyword == "Content-Length":
                self.length = int(value)
            super().send_header(keyword, value)

        def end_headers(self) -> None:
            if is_search_data(self.path):
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

    return Handler


def is_search_data(url: str) -> bool:
    path = urlsplit(url).path
    return "/pagefind/" in path or path.endswith("/search/places.json")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Built:
    return build(DATASETS, tmp_path_factory.mktemp("real") / "site")


@dataclass
class Outcome:
    links: list[str]  # result links (paths with their anchors), in order
    data: int  # bytes of search data (under /pagefind/ but pagefind.js; the place names)


# Pagefind started afresh, as search.js starts it (its `load`): every index chunk, fragment,
# the metadata and the wasm are fetched again, as on a cold cache. Then the query is typed
# into the search box and sent, as a reader sends it. Pagefind runs on the page's thread
# (`noWorker`), not in the web worker a reader's Pagefind starts: the same wasm fetches
# the same files and finds the same results (checked on all these queries: the same links
# and bytes), and a new worker for every query was half of this test's CPU. The worker
# itself is what test_search_browser searches with.
FRESH_QUERY = """async term => {
  const root = new URL("..", location.href).pathname;
  const pf = await import(root + "pagefind/pagefind.js");  // the module search.js uses
  await pf.destroy();
  await pf.options({ baseUrl: root, noWorker: true });
  const html = document.documentElement;
  const lang = html.getAttribute("lang");
  html.setAttribute("lang", "und");
  await pf.init();
  html.setAttribute("lang", lang);
  document.querySelector(".ls-search__message").textContent = "";
  const input = document.querySelector("#ls-search-input");
  input.value = term;
  input.form.requestSubmit();
}"""


class Lane:
    """One browser tab on the search page, served by a server of its own, where each
    query starts Pagefind afresh (FRESH_QUERY) and the server forbids caching search
    data: the query fetches everything it needs from the server, as on a cold cache,
    without the cost of loading the page again (which was most of this test's time).
    `start` sends a query without waiting for its results, so that the lanes run side
    by side; `finish` waits for its results and its last byte."""

    def __init__(self, browser: object, site: Built, stack: ExitStack) -> None:
        self.tally = Tally()
        self.base = stack.enter_context(contextmanager(serve)(site.site, tallied(self.tally)))
        self.places = (site.site / "search" / "places.json").stat().st_size
        self.context = browser.new_context()  # type: ignore[attr-defined]
        stack.callback(self.context.close)
        self.tab = self.context.new_page()
        # the empty search page starts Pagefind as its box takes the focus (`ready`)
        self.tab.goto(self.base + "search/", wait_until="commit")

    def ready(self) -> None:
        self.tab.wait_for_load_state("networkidle")

    def start(self, term: str) -> None:
        self.tally.clear()
        self.tab.evaluate(FRESH_QUERY, term)

    def finish(self) -> Outcome:
        self.tab.wait_for_function(
            "() => document.querySelector('.ls-search__message').textContent.includes('”:')",
            timeout=30_000,
            polling=50,
        )
        links = self.tab.eval_on_selector_all(
            ".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))"
        )
        # search.js shows its message once it has every result's data: what the server
        # may still be writing then is the last of those responses, not another request.
        self.tally.wait_until_written(timeout=30)
        sent = self.tally.sent
        assert any("/pagefind/wasm." in path for path, _ in sent), "Pagefind not fresh"
        # the place names are fetched once per page: counted for every query, as the
        # first query of a reader's visit fetches them
        data = sum(size for _, size in sent) + self.places
        paths = [
            unquote(urlsplit(link).path + ("#" + urlsplit(link).fragment if "#" in link else ""))
            for link in links
        ]
        return Outcome(paths, data)


@pytest.fixture(scope="module")
def outcomes(browser: object, real_site: Built) -> dict[str, Outcome]:
    """Every query of QUERIES, run once, LANES at a time."""
    found: dict[str, Outcome] = {}
    with ExitStack() as stack:
        lanes = [Lane(browser, real_site, stack) for _ in range(LANES)]
        for lane in lanes:  # the pages open side by side
            lane.ready()
        terms = [term for term, _ in QUERIES]
        for start in range(0, len(terms), LANES):
            running = list(zip(lanes, terms[start : start + LANES], strict=False))
            for lane, term in running:
                lane.start(term)
            found |= {term: lane.finish() for lane, term in running}
    return found


@pytest.fixture(scope="module")
def data() -> Data:
    return Data()


def test_realistic_queries_succeed_at_five_within_the_byte_budget(
    outcomes: dict[str, Outcome], data: Data
) -> None:
    report = []
    successes = 0
    for term, spec in QUERIES:
        expected = data.expected(spec)
        assert expected, f"{term}: the data holds nothing to find"
        outcome = outcomes[term]
        top = outcome.links[:5]
        success = bool(expected & set(top))
        if spec[0] in ("number", "place+"):  # nothing else on top: numbers match as
            success = success and set(top) <= expected  # numbers, places as filters
        if spec[0] == "measured":  # a number with its measure word is a phrase
            success = bool(top) and top[0] in expected
        successes += success
        report.append(
            f"{'ok ' if success else 'MISS'} {outcome.data / 1024:6.1f} KiB {term} {top[:2]}"
        )
    print("\n".join(report))
    rate = successes / len(QUERIES)
    print(f"success@5 = {rate:.3f} over {len(QUERIES)} queries")
    assert len(QUERIES) >= 40
    assert rate >= 0.9, "\n".join(report)
    assert max(o.data for o in outcomes.values()) <= MAX_BYTES, "\n".join(report)


def test_a_jurisdiction_name_brings_its_own_page_first(outcomes: dict[str, Outcome]) -> None:
    assert outcomes["莲都"].links[0] == "/jurisdictions/liandu/"
    assert outcomes["区卫健局"].links[0] == "/units/liandu-quweishengjiankangju/"


def test_numbers_find_texts_and_a_task_number_finds_tasks(
    outcomes: dict[str, Outcome], data: Data
) -> None:
    """A number with its measure word brings first a task printing them together (not task
    25 of a document, nor 25家); 第65项 brings tasks numbered 65, not a 65 of a text."""
    for term, spec in QUERIES:
        if spec[0] == "measured":
            top = outcomes[term].links[:1]
            assert top and top[0] in data.expected(spec), (term, top)
    numbered = outcomes["第65项"].links
    assert numbered and set(numbered) <= data.expected(("numbered", "", "65")), numbered
