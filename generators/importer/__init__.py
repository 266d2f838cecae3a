"""`luoshi import PATH`: turn a published notice into draft tasks and tables.

JSON output: {"tasks": [...], "lists": [...], "warnings": [...]}. Each task has
`no` (printed number without punctuation), `section` (a list of the headings
above it as printed, outermost first), `list` (ordinal of the numbered list it
belongs to: numbering that restarts without a heading starts a new list),
`line` (its line in the flattened input), `text`, `lead`, `units`, `roles`
([name, role, label] per mention), `officials`, `deadline`.

A lead rule stated anywhere in the notice ("列第一位为牵头或汇总单位") applies to
every 责任单位 value of the notice; without a label or a rule no unit leads.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from luoshi.importer.indicator_tables import find_tables
from luoshi.importer.model import Result, Task
from luoshi.importer.paragraphs import parse_paragraphs
from luoshi.importer.read import Line, ReadError, read_lines
from luoshi.importer.tables import parse_table
from luoshi.importer.units import lead_rule

__all__ = ["ImportFailed", "Result", "Task", "import_lines", "import_path", "run_import"]


class ImportFailed(Exception):
    """The notice cannot be imported; the message says why."""


def document_rule(lines: list[Line]) -> str | None:
    return next((rule for _, text in lines if (rule := lead_rule(text))), None)


def import_lines(lines: list[Line]) -> Result:
    """Indicator tables first, then task tables (their lines are taken out), then
    numbered paragraphs in the rest."""
    indicator_tables = find_tables(lines)
    spans = [t.span for t in indicator_tables]
    lines = [(n, t) for n, t in lines if not any(a <= n <= b for a, b in spans)]
    table = Result()
    span = parse_table(lines, table, list_no=1)
    rest = [(n, t) for n, t in lines if not span or not span[0] <= n <= span[1]]
    prose = Result()
    parse_paragraphs(rest, document_rule(lines), prose)
    shift = 1 if table.tasks else 0
    for task in prose.tasks:
        task.list_no += shift
    result = Result(
        tasks=sorted(table.tasks + prose.tasks, key=lambda task: task.line),
        warnings=table.warnings + prose.warnings,
        list_titles={**table.list_titles, **{n + shift: t for n, t in prose.list_titles.items()}},
        indicator_tables=indicator_tables,
    )
    result.warnings += [w for t in indicator_tables for w in t.warnings]
    note_dropped(result)
    return result


def note_dropped(result: Result) -> None:
    for task in result.tasks:
        for mention in task.mentions:
            if mention.note:
                result.warnings.append(f"line {task.line}: item {task.no}: {mention.note}")


def import_path(path: Path) -> Result:
    try:
        lines = read_lines(path)
    except ReadError as error:
        raise ImportFailed(str(error)) from error
    result = import_lines(lines)
    if not result.tasks and not result.indicator_tables:
        raise ImportFailed(f"{path}: no numbered tasks with units found")
    return result


def run_import(path: Path, *, as_json: bool, out: Path | None, echo: Callable[[str], None]) -> None:
    result = import_path(path)
    if out is not None:
        from luoshi.importer.draft import write_draft

        write_draft(result, out)
    if as_json:
        echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        for task in result.tasks:
            lead = "、".join(task.as_json()["lead"])
            echo(f"{task.list_no}/{task.no}\t{lead}\t{task.text[:40]}")
        for warning in result.warnings:
            echo(f"warning: {warning}")
