"""`luoshi-tools bench`: build a synthetic preset from scratch and measure it.

The build runs as the real CLI in a subprocess, so its wall time and the peak
memory of its whole process tree (the build and the mkdocs and Pagefind
processes it starts) are what a user would see. Then: pages and their sizes,
what one search costs a browser on a cold cache, and how much of the site one
edited task rewrites. On the `city` preset the same generated Markdown is also
built two reference ways (mkdocs-material with automatic navigation, and plain
Python-Markdown into a Jinja2 template) to show the cost of the theme and nav.

Modules: `run` (the build as a measured subprocess), `files` (the site's files and the
edit), `browser` (search on a cold cache), `references` (the city preset's references).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from luoshi_tools.bench.browser import MORE_WORDS, brief, measure_search
from luoshi_tools.bench.files import compare, edit_one_task, site_figures, snapshot
from luoshi_tools.bench.references import references
from luoshi_tools.bench.run import Run, build


def run_bench(preset: str, out: Path) -> dict:
    from luoshi_tools.synth import write_synthetic

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
        _attempt(lambda word=word: brief(measure_search(site, word))) for word in MORE_WORDS
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
            f"{search['search_data_bytes'] / 1024:.1f} KiB of search data, "
            f"{search['search_bytes'] / 1024:.1f} KiB after typing "
            f"({search['settled_search_bytes'] / 1024:.1f} KiB settled), "
            f"{search['total_bytes'] / 1024:.1f} KiB with the page load"
        )
    for more in result.get("more_searches", []):
        if "error" not in more:
            lines.append(
                f"  {more['word']!r}: {more['seconds_to_first_results']}s, "
                f"{more['search_data_bytes'] / 1024:.1f} KiB of search data, "
                f"{more['search_bytes'] / 1024:.1f} KiB after typing "
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
