"""The built site's files: sizes, a snapshot of every file's hash and mtime, what a
rebuild changed; and the one edit the rebuild measures."""

from __future__ import annotations

import csv
import hashlib
import statistics
from collections import Counter
from pathlib import Path

EDIT_MARK = "(基准测试修改)"


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
