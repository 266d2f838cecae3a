"""`datasets/sources/catalog.json`: the jurisdictions, and which source file is which report.

A report entry holds what the notice prints about itself (title, issuer, document
number, dates, source address), its lists (code, title, kind and item kind per list
of the document, in order), the reporting deadlines it sets, a `note`, its corrections
file and, for a document added with `luoshi add`, the name of the file it came from. The file is
written one jurisdiction a line and one key a line per report, so diffs stay small.
"""

from __future__ import annotations

import json
from pathlib import Path

JURISDICTION_KEYS = ("id", "name", "short_name", "level", "code", "parent_id")
REPORT_KEYS = ("id", "jurisdiction_id", "year", "kind", "source_file", "corrections", "title",
               "page_title", "issuer", "doc_number", "dated", "published", "source_url",
               "note", "lists", "deadlines", "added_from")  # fmt: skip


def load(sources: Path) -> dict:
    return json.loads((sources / "catalog.json").read_text(encoding="utf-8"))


def _line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps(catalog: dict) -> str:
    jurisdictions = sorted(catalog["jurisdictions"], key=lambda j: j["id"])
    parts = ['{\n  "jurisdictions": [']
    parts.append(",\n".join(f"    {_line({k: j[k] for k in JURISDICTION_KEYS})}"
                            for j in jurisdictions))  # fmt: skip
    parts.append('  ],\n  "reports": [')
    reports = []
    for report in catalog["reports"]:
        keys = [k for k in REPORT_KEYS if k in report] + sorted(set(report) - set(REPORT_KEYS))
        body = ",\n".join(f"      {_line(k)}: {_line(report[k])}" for k in keys)
        reports.append("    {\n" + body + "\n    }")
    parts.append(",\n".join(reports))
    parts.append("  ]\n}\n")
    return "\n".join(parts)


def save(sources: Path, catalog: dict) -> None:
    (sources / "catalog.json").write_text(dumps(catalog), encoding="utf-8")


def corrections_file(sources: Path, report: dict) -> Path:
    return sources / "corrections" / report.get("corrections", f"{report['id']}.csv")
