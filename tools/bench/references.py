"""References on the same Markdown (city only): mkdocs-material with automatic navigation,
and plain Python-Markdown into a Jinja2 template, against this project's mkdocs config."""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

from luoshi_tools.bench.run import Run, run_measured


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
