"""What one search costs a browser on a cold cache: bytes and time to first results,
in Debian's chromium (never a browser downloaded at run time)."""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SEARCH_WORD = "养老"
# More queries, each on a cold cache: longer phrases and characters common in unit
# names fetch more of the index, so one word alone would flatter the figure.
MORE_WORDS = (
    *("托育", "营商环境", "乡村振兴", "区发改局"),
    *("推进老旧小区改造", "中小学建设", "養老服務", "6.5%", "市发改委 招商"),  # issue 12's
    *("碧溪 养老", "2021年 托育"),  # a place or a year beside a word: a Pagefind filter
)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the benchmark's output is its summary, not an access log


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure_search(site: Path, word: str = SEARCH_WORD) -> dict:
    """Bytes and time for one search on a cold cache, in Debian's chromium."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return _search_once(browser, f"{base}/search/", word)
            finally:
                browser.close()
    finally:
        server.shutdown()


def _search_once(browser, url: str, word: str) -> dict:
    context = browser.new_context()  # a fresh profile: nothing cached
    page = context.new_page()
    requests: list[tuple[str, object]] = []  # (phase, request)
    phase = ["load"]
    page.on("requestfinished", lambda request: requests.append((phase[0], request)))
    page.goto(url, wait_until="networkidle")
    box = page.locator(".pagefind-ui__search-input").first
    box.wait_for(state="visible")
    phase[0] = "search"
    begin = time.perf_counter()
    box.fill(word)
    box.press("End")
    page.locator(".pagefind-ui__result").first.wait_for(state="visible", timeout=30000)
    first_results = time.perf_counter() - begin
    phase[0] = "after"
    page.wait_for_load_state("networkidle")
    results = page.locator(".pagefind-ui__result").count()
    titles = page.locator(".pagefind-ui__result-title").all_inner_texts()[:3]
    sizes = {"load": 0, "search": 0, "after": 0}
    counts = {"load": 0, "search": 0, "after": 0}
    detail = []
    data = 0  # issue 12's figure: every search file of the query, loaded early or not
    for when, request in requests:
        size = _body_size(request)
        sizes[when] += size
        counts[when] += 1
        if _search_data(request.url):
            data += size
        if when != "load" or _search_data(request.url):
            detail.append([request.url.split("/", 3)[-1], size])
    context.close()
    return {
        "word": word,
        "seconds_to_first_results": round(first_results, 3),
        "search_data_bytes": data,
        "search_bytes": sizes["search"],
        "search_requests": counts["search"],
        "settled_search_bytes": sizes["search"] + sizes["after"],
        "page_load_bytes": sizes["load"],
        "total_bytes": sum(sizes.values()),
        "results_shown": results,
        "first_titles": titles,
        "search_request_bytes": detail,
    }


def _search_data(url: str) -> bool:
    """Pagefind's index chunks, filters, fragments, metadata and wasm, and the place
    names search.js reads a query with; not Pagefind's scripts, which are cached like
    the UI's (search.js loads the metadata and wasm as the page opens)."""
    if urlsplit(url).path.endswith("/search/places.json"):
        return True
    return "/pagefind/" in url and not url.endswith((".js", ".css"))


def brief(measured: dict) -> dict:
    keys = ("word", "seconds_to_first_results", "search_data_bytes", "search_bytes")
    keys += ("settled_search_bytes",)
    return {key: measured[key] for key in keys} | {"results_shown": measured["results_shown"]}


def _body_size(request) -> int:
    try:
        size = request.sizes().get("responseBodySize", -1)
    except Exception:
        size = -1
    if size is not None and size >= 0:
        return int(size)
    response = request.response()
    return len(response.body()) if response else 0
