"""`luoshi bench`: build a synthetic preset from scratch and measure it.

The build runs as the real CLI in a subprocess, so its wall time and the peak
memory of its whole process tree (the build and the mkdocs and Pagefind
processes it starts) are what a user would see. Then: pages and their sizes,
what one search costs a browser on a cold cache, and how much of the site one
edited task rewrites. On the `city` preset the same generated Markdown is also
built two reference ways (mkdocs-material with automatic navigation, and plain
Python-Markdown into a Jinja2 template) to show the cost of the theme and nav.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EPOCH = "1700000000"  # fixed so the first build and the rebuild are comparable
SEARCH_WORD = "养老"
# More queries, each on a cold cache: longer phrases and characters common in unit
# names fetch more of the index, so one word alone would flatter the figure.
MORE_WORDS = ("托育", "营商环境", "乡村振兴", "区发改局")
EDIT_MARK = "(基准测试修改)"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
_PHASE_DONE = re.compile(r"(\S+) done in ([0-9.]+)s")
_PHASE_LINE = re.compile(r"^phase (\S+) ([0-9.]+)$")
# "  2/16: 615 pages (downloads 0.1s render 4.7s mkdocs 9.2s search copies 1.5s)"
_PART_LINE = re.compile(r"^\s*(?:\[[^]]*\])?\s*(\S+): \d+ pages \((.*)\)\s*$")
_PART_STEP = re.compile(r"([a-z][a-z ]*?) ([0-9.]+)s")


# --- running the build ----------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss_tree: int  # bytes: the largest sum over the build and its children at once
    peak_rss_one: int  # bytes: the largest single process
    phases: dict[str, float] = field(default_factory=dict)
    returncode: int = 0
    log: str = ""
    cpu_seconds: float = 0.0  # user + system time of the build and every descendant


def luoshi_command() -> list[str]:
    script = Path(sys.executable).with_name("luoshi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "luoshi.cli"]


def run_measured(command: list[str], log_path: Path, poll: float = 0.05) -> Run:
    """Run `command`, polling the RSS of it and every descendant until it exits."""
    import psutil

    env = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
    peak_tree = peak_one = 0
    cpu_before = _children_cpu()
    begin = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        root = psutil.Process(process.pid)
        while process.poll() is None:
            sizes = []
            try:
                for member in [root, *root.children(recursive=True)]:
                    try:
                        sizes.append(member.memory_info().rss)
                    except psutil.Error:
                        continue
            except psutil.Error:
                pass
            if sizes:
                peak_tree, peak_one = max(peak_tree, sum(sizes)), max(peak_one, max(sizes))
            time.sleep(poll)
    seconds = time.perf_counter() - begin
    cpu = _children_cpu() - cpu_before
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, peak_tree, peak_one, parse_phases(text), process.returncode, text, cpu)


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (each was waited for by its parent)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_phases(log: str, site: Path | None = None) -> dict[str, float]:
    """Per-phase seconds: the build's JSON record if it writes one, else its log lines."""
    record = site / ".luoshi-build.json" if site else None
    if record and record.is_file():
        data = json.loads(record.read_text(encoding="utf-8"))
        phases = data.get("phases", data)
        return {str(k): float(v) for k, v in phases.items() if isinstance(v, int | float)}
    phases: dict[str, float] = {}
    for line in log.splitlines():
        part = _PART_LINE.match(line)
        if part:  # steps inside the parts: seconds summed over every part built
            for step, seconds in _PART_STEP.findall(part.group(2)):
                key = f"parts: {step.strip()}"
                phases[key] = round(phases.get(key, 0.0) + float(seconds), 1)
            continue
        match = _PHASE_LINE.match(line.strip()) or _PHASE_DONE.search(line)
        if match:
            phases[match.group(1)] = float(match.group(2))
    return phases


def build(package: Path, site: Path, work: Path, name: str) -> Run:
    command = [*luoshi_command(), "build", "--datasets", str(package), "--out", str(site)]
    run = run_measured(command, work / f"{name}.log")
    record = parse_phases("", site)
    if record:
        run.phases = record
    if run.returncode != 0:
        tail = "\n".join(run.log.splitlines()[-30:])
        raise RuntimeError(f"luoshi build exited {run.returncode}:\n{tail}")
    return run


# --- the built site -----------------------------------------------------------------


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.name == "index.html"]
    html = [p.stat().st_size for p in files if p.suffix == ".html"]
    return {
        "pages": len(pages),
        "files": len(files),
        "site_bytes": sum(p.stat().st_size for p in files),
        "html_files": len(html),
        "html_bytes": sum(html),
        "median_page_bytes": int(statistics.median(html)) if html else 0,
        "largest_page_bytes": max(html, default=0),
        "pagefind_bytes": sum(p.stat().st_size for p in files if "pagefind" in p.parts),
    }


def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    """Every file's content hash and mtime, by path under the site."""
    state = {}
    for path in site.rglob("*"):
        if path.is_file():
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
            state[path.relative_to(site).as_posix()] = (digest, path.stat().st_mtime_ns)
    return state


def compare(before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]) -> dict:
    common = before.keys() & after.keys()
    changed = sorted(p for p in common if before[p][0] != after[p][0])
    touched = sorted(p for p in common if before[p][1] != after[p][1])
    return {
        "files_before": len(before),
        "files_after": len(after),
        "changed_bytes": len(changed),
        "changed_mtime": len(touched),
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
        "changed_by_folder": dict(sorted(Counter(_folder(p) for p in changed).items())),
        "changed_paths": changed[:300],
    }


def _folder(path: str) -> str:
    """Where a changed file sits: units, reports, downloads, pagefind/fragment, …"""
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "pagefind" and len(parts) > 2 else parts[0]


# --- the edit -------------------------------------------------------------------------


def edit_one_task(package: Path) -> dict:
    """Append a mark to one task's text, rewriting tasks.csv the way synth writes it."""
    path = package / "tasks.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    # A top-level task in the middle of the file: an ordinary page, not the first one.
    candidates = [row for row in rows if row["text"] and not row["parent_id"]]
    target = candidates[len(candidates) // 2]
    target["text"] += EDIT_MARK
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return {"task_id": target["id"], "list_id": target["list_id"]}


# --- search in a browser ------------------------------------------------------------


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
    for when, request in requests:
        size = _body_size(request)
        sizes[when] += size
        counts[when] += 1
        if when != "load":
            detail.append([request.url.split("/", 3)[-1], size])
    context.close()
    return {
        "word": word,
        "seconds_to_first_results": round(first_results, 3),
        "search_bytes": sizes["search"],
        "search_requests": counts["search"],
        "settled_search_bytes": sizes["search"] + sizes["after"],
        "page_load_bytes": sizes["load"],
        "total_bytes": sum(sizes.values()),
        "results_shown": results,
        "first_titles": titles,
        "search_request_bytes": detail,
    }


def _brief(measured: dict) -> dict:
    keys = ("word", "seconds_to_first_results", "search_bytes", "settled_search_bytes")
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


# --- references on the same Markdown (city only) -----------------------------------


def generate_docs(package: Path, work: Path) -> tuple[Path, Path]:
    """Every page a build renders, in one docs dir, and a staging config for it."""
    from luoshi import build as builder
    from luoshi import pages
    from luoshi.downloads import write_downloads, write_report_slices
    from luoshi.package import load
    from luoshi.pages.model import Site

    site = Site.from_package(load(package))
    epoch, build_date = builder.source_date(site.package)
    downloads = write_downloads(site.package, work / "downloads", epoch)
    downloads += write_report_slices(site.package, work / "downloads")
    docs = work / "docs"
    shutil.copytree(builder.PROJECT / "site_src", docs, ignore=shutil.ignore_patterns("overrides"))
    sources = builder.copy_sources(site, docs)
    builder.write_pages(
        docs,
        pages.shard_pages(site, sorted(site.jurisdictions), downloads, sources),
        pages.global_pages(site, build_date),
        pages.downloads_pages(site, downloads, build_date),
    )
    config = builder.write_config(builder.PROJECT, work, docs, work / "site")
    return docs, config


def without_nav(config: Path, project: Path) -> Path:
    """A copy of the staging config whose base drops `nav` and `not_in_nav` (automatic nav)."""
    base = config.with_name("mkdocs-auto-nav-base.yml")
    kept, skipping = ["strict: false  # a reference run: warnings are not the point"], False
    for line in (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        top_level = line and not line[0].isspace() and not line.startswith("#")
        if top_level:
            skipping = line.split(":")[0] in ("nav", "not_in_nav", "strict")
        if not skipping:
            kept.append(line)
    base.write_text("\n".join(kept) + "\n", encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^INHERIT: .*$", f"INHERIT: {json.dumps(str(base))}", text, flags=re.M)
    text = text.replace(
        json.dumps(str(config.parent / "site")), json.dumps(str(base.parent / "auto-nav-site"))
    )
    auto = config.with_name("mkdocs-auto-nav.yml")
    auto.write_text(text, encoding="utf-8")
    return auto


def mkdocs_seconds(config: Path, work: Path, name: str) -> Run:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    run = run_measured(command, work / f"{name}.log")
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs exited {run.returncode}:\n{run.log[-3000:]}")
    return run


def raw_floor(docs: Path, out: Path) -> dict:
    """The same Markdown through Python-Markdown into a bare Jinja2 template."""
    import markdown
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ title }}</title>'
        "</head><body>{{ body | safe }}</body></html>"
    )
    converter = markdown.Markdown(
        extensions=["toc", "tables", "admonition", "attr_list", "def_list"]
    )
    begin = time.perf_counter()
    count = 0
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs).with_suffix("")
        parts = relative.parts if relative.name != "index" else relative.parts[:-1]
        target = out.joinpath(*parts, "index.html")
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n"):  # front matter is mkdocs' business, not Markdown's
            text = text.split("\n---\n", 1)[-1]
        body = converter.reset().convert(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(title=relative.as_posix(), body=body), encoding="utf-8")
        count += 1
    return {"seconds": round(time.perf_counter() - begin, 2), "pages": count}


def references(package: Path, work: Path, mkdocs_phase: float | None) -> dict:
    from luoshi import build as builder

    ref = work / "reference"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir(parents=True)
    docs, config = generate_docs(package, ref)
    ours = mkdocs_seconds(config, ref, "mkdocs-luoshi-config")
    auto = mkdocs_seconds(without_nav(config, builder.PROJECT), ref, "mkdocs-auto-nav")
    floor = raw_floor(docs, ref / "floor-site")
    result = {
        "luoshi_config_mkdocs_seconds": round(ours.seconds, 2),
        "build_mkdocs_phase_seconds": mkdocs_phase,
        "auto_nav_mkdocs_seconds": round(auto.seconds, 2),
        "auto_nav_peak_rss_mb": round(auto.peak_rss_tree / 2**20),
        "raw_floor_seconds": floor["seconds"],
        "raw_floor_pages": floor["pages"],
    }
    result["auto_nav_over_luoshi"] = round(auto.seconds / ours.seconds, 2)
    result["luoshi_over_raw_floor"] = round(ours.seconds / max(floor["seconds"], 0.01), 2)
    result["auto_nav_over_raw_floor"] = round(auto.seconds / max(floor["seconds"], 0.01), 2)
    return result


# --- the whole benchmark ------------------------------------------------------------


def run_bench(preset: str, out: Path) -> dict:
    from luoshi.synth import write_synthetic

    out = Path(out).resolve()  # the staging config the build writes needs absolute paths
    work = out / preset
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    package, site = work / "package", work / "site"
    result: dict = {"preset": preset, "python": sys.version.split()[0], "cpus": os.cpu_count()}

    begin = time.perf_counter()
    result["counts"] = write_synthetic(preset, package)
    result["synth_seconds"] = round(time.perf_counter() - begin, 2)
    say(f"synth {preset}: {result['counts']} in {result['synth_seconds']}s")

    first = build(package / "datapackage.json", site, work, "build")
    result["build"] = _run_figures(first)
    result["site"] = site_figures(site)
    result["site"]["pages_per_second"] = round(result["site"]["pages"] / first.seconds, 1)
    say(f"build: {first.seconds:.1f}s, {result['site']['pages']} pages")
    _save(out, preset, result)

    result["search"] = _attempt(lambda: measure_search(site))
    result["more_searches"] = [
        _attempt(lambda word=word: _brief(measure_search(site, word))) for word in MORE_WORDS
    ]
    say(f"search: {result['search']}")

    before = snapshot(site)
    result["edit"] = edit_one_task(package)
    again = build(package / "datapackage.json", site, work, "rebuild")
    result["rebuild"] = _run_figures(again)
    result["rebuild"]["files"] = compare(before, snapshot(site))
    say(f"rebuild: {again.seconds:.1f}s")

    if preset == "city":
        result["references"] = _attempt(
            lambda: references(
                package / "datapackage.json", work, first.phases.get("parts: mkdocs")
            )
        )
    _save(out, preset, result)
    print(summary(result))
    return result


def _run_figures(run: Run) -> dict:
    return {
        "seconds": round(run.seconds, 2),
        "peak_rss_tree_mb": round(run.peak_rss_tree / 2**20),
        "peak_rss_one_process_mb": round(run.peak_rss_one / 2**20),
        "cpu_seconds": round(run.cpu_seconds, 1),
        "cores_used": round(run.cpu_seconds / max(run.seconds, 0.01), 2),
        "phases": run.phases,
    }


def _attempt(measure) -> dict:
    """A measurement that cannot be taken is recorded as an error, not a crash."""
    try:
        return measure()
    except Exception as error:  # the rest of the figures are still worth saving
        return {"error": f"{type(error).__name__}: {error}"[:2000]}


def _save(out: Path, preset: str, result: dict) -> None:
    path = out / f"{preset}.json"
    with tempfile.NamedTemporaryFile("w", dir=out, delete=False, suffix=".tmp") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=2)
    Path(handle.name).chmod(0o644)  # mkstemp makes it private; results are for everyone
    Path(handle.name).replace(path)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def summary(result: dict) -> str:
    counts, site, first, again = (result.get(k, {}) for k in ("counts", "site", "build", "rebuild"))
    lines = [
        f"preset {result['preset']}: {counts.get('reports')} reports, {counts.get('tasks')} tasks, "
        f"{counts.get('units')} units, {counts.get('indicators')} indicators "
        f"(synth {result.get('synth_seconds')}s)",
        f"build: {first.get('seconds')}s, peak RSS {first.get('peak_rss_tree_mb')} MB (tree), "
        f"{first.get('peak_rss_one_process_mb')} MB (largest process), "
        f"{first.get('cpu_seconds')} CPU-s = {first.get('cores_used')} cores busy on average",
        "  phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in first.get("phases", {}).items()),
        f"site: {site.get('pages')} pages, {site.get('pages_per_second')} pages/s, "
        f"{site.get('site_bytes', 0) / 2**20:.1f} MiB, median page "
        f"{site.get('median_page_bytes', 0) / 1024:.1f} KiB",
    ]
    search = result.get("search", {})
    if "error" in search:
        lines.append(f"search: not measured ({search['error'][:200]})")
    elif search:
        lines.append(
            f"search {search['word']!r}: first results in {search['seconds_to_first_results']}s, "
            f"{search['search_bytes'] / 1024:.1f} KiB for the query "
            f"({search['settled_search_bytes'] / 1024:.1f} KiB settled), "
            f"{search['total_bytes'] / 1024:.1f} KiB with the page load"
        )
    for more in result.get("more_searches", []):
        if "error" not in more:
            lines.append(
                f"  {more['word']!r}: {more['seconds_to_first_results']}s, "
                f"{more['search_bytes'] / 1024:.1f} KiB "
                f"({more['settled_search_bytes'] / 1024:.1f} KiB settled)"
            )
    files = again.get("files", {})
    lines.append(
        f"rebuild after editing {result.get('edit', {}).get('task_id')}: {again.get('seconds')}s, "
        f"{files.get('changed_bytes')} of {files.get('files_after')} files changed bytes, "
        f"{files.get('changed_mtime')} changed mtime",
    )
    lines.append(
        "  phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in again.get("phases", {}).items())
    )
    ref = result.get("references")
    if ref and "error" not in ref:
        lines.append(
            f"references: luoshi config mkdocs {ref['luoshi_config_mkdocs_seconds']}s, "
            f"auto-nav mkdocs-material {ref['auto_nav_mkdocs_seconds']}s "
            f"(x{ref['auto_nav_over_luoshi']}), raw Markdown+Jinja2 floor "
            f"{ref['raw_floor_seconds']}s (luoshi is x{ref['luoshi_over_raw_floor']} the floor)"
        )
    elif ref:
        lines.append(f"references: not measured ({ref['error'][:200]})")
    return "\n".join(lines)
