"""`luoshi import PATH`: turn a published notice into draft tasks and tables.

JSON output: {"tasks": [...], "lists": [...], "warnings": [...]}. Each task has
`no` (printed number without punctuation), `section` (a list of the headings
above it as printed, outermost first), `list` (ordinal of the numbered list it
belongs to: numbering that restarts without a heading starts a new list),
`line` (its line in the flattened input), `text`, `lead`, `units`, `roles`
([name, role, label] per mention), `officials`, `deadline`, `detail` (a second text
column such as 主要内容 beside 项目名称, else "").

Layouts: every task table (one cell a line, or one row a line with `|` or tabs; see
tables.py and pipes.py), one list each, then numbered paragraphs in the rest with
inline brackets, label lines or a heading naming the lead (paragraphs.py). A notice
that names no unit at all (a 民生实事 list) is imported as tasks without units.

A lead rule stated anywhere in the notice ("列第一位为牵头或汇总单位") applies to
every 责任单位 value of the notice; without a label or a rule no unit leads, and one
warning lists the tasks that name several units but no lead.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from luoshi.importer.indicator_tables import find_tables
from luoshi.importer.model import Result, Task
from luoshi.importer.paragraphs import NO_LEAD, parse_paragraphs
from luoshi.importer.pipes import parse_pipes
from luoshi.importer.read import Line, ReadError, read_lines
from luoshi.importer.tables import parse_table
from luoshi.importer.traditional import Restorer, fold_lines, restore
from luoshi.importer.units import lead_rule, split_top
from luoshi.vocab import RESPONSIBLE, leads

__all__ = ["ImportFailed", "Result", "Task", "import_lines", "import_path", "run_import"]


class ImportFailed(Exception):
    """The notice cannot be imported; the message says why."""


def document_rule(lines: list[Line]) -> str | None:
    return next((rule for _, text in lines if (rule := lead_rule(text))), None)


# "各乡、镇人民政府,人民大垸、荒湖管理区,市政府各部门:" - the notice's addressees.
_ADDRESSEES = re.compile(r"^[^。:：]{4,200}[:：]$")


def addressee_groups(lines: list[Line]) -> set[str]:
    """Groups of the addressee line whose 、 joins a shared suffix ("各乡、镇人民政府").

    The addressee line separates its groups with commas; a 、 inside a group is not a
    list separator, so the same group in a unit list is one collective, kept whole.
    """
    for _, text in lines[:60]:
        if _ADDRESSEES.match(text) and re.search("[,，]", text):
            groups = split_top(text[:-1], ",，")
            return {group for group in groups if len(split_top(group, "、")) > 1}
    return set()


def join_collectives(result: Result, groups: set[str]) -> None:
    """Merge mentions split at a 、 that belongs to an addressee group."""
    for task in result.tasks:
        mentions, index = task.mentions, 0
        while index < len(mentions):
            for group in groups:
                size = len(split_top(group, "、"))
                run = mentions[index : index + size]
                same = len({(m.role, m.label, m.group) for m in run}) == 1
                if same and "、".join(m.name for m in run) == group:
                    run[0].name = group
                    del mentions[index + 1 : index + size]
                    break
            index += 1


def import_lines(lines: list[Line]) -> Result:
    """Read a notice; one in traditional characters is read folded, names as printed."""
    folded = fold_lines(lines)
    if folded == lines:
        return import_simplified(lines)
    result = import_simplified(folded)
    restore(result, Restorer(lines, folded))
    return result


def import_simplified(lines: list[Line]) -> Result:
    """Indicator tables first, then task tables (their lines are taken out), then
    numbered paragraphs in the rest."""
    indicator_tables = find_tables(lines)
    spans = [t.span for t in indicator_tables]
    lines = [(n, t) for n, t in lines if not any(a <= n <= b for a, b in spans)]
    table = Result()
    rest = parse_tables(lines, table)
    apply_rule_to_tables(table, document_rule(lines))
    prose = Result()
    # Beside a task table, paragraphs without units are its covering letter.
    parse_paragraphs(rest, document_rule(lines), prose, unit_free=not table.tasks)
    shift = len({task.list_no for task in table.tasks})
    for task in prose.tasks:
        task.list_no += shift
    result = Result(
        tasks=sorted(table.tasks + prose.tasks, key=lambda task: task.line),
        warnings=table.warnings + prose.warnings,
        list_titles={**table.list_titles, **{n + shift: t for n, t in prose.list_titles.items()}},
        indicator_tables=indicator_tables,
    )
    result.warnings += [w for t in indicator_tables for w in t.warnings]
    join_collectives(result, addressee_groups(lines))
    note_dropped(result)
    summarise_no_lead(result)
    return result


def parse_tables(lines: list[Line], table: Result) -> list[Line]:
    """Every task table, one list each, in order; the lines left for paragraphs."""
    rest, list_no = lines, 1
    while span := parse_pipes(rest, table, list_no) or parse_table(rest, table, list_no):
        rest = [(n, t) for n, t in rest if not span[0] <= n <= span[1]]
        list_no += 1
    return rest


def apply_rule_to_tables(table: Result, rule: str | None) -> None:
    """A stated rule ("列第一位为牵头单位") makes the first 责任单位 of each sub-row lead."""
    for task in table.tasks if rule else []:
        for group in sorted({m.group for m in task.mentions}):
            own = [m for m in task.mentions if m.group == group]
            if own and own[0].role == RESPONSIBLE and not any(leads(m.role) for m in own):
                own[0].role = rule or RESPONSIBLE


def summarise_no_lead(result: Result) -> None:
    """One warning for the notice where tasks list several units and none leads."""
    no_lead = [t for t in result.tasks if len(t.mentions) > 1]
    no_lead = [t for t in no_lead if not any(leads(m.role) for m in t.mentions)]
    lists = len({t.list_no for t in result.tasks}) > 1  # then "list/number"
    items = [f"{t.list_no}/{t.no}" if lists else t.no for t in no_lead]
    if len(items) == 1:
        result.warnings.append(f"item {items[0]} {NO_LEAD}")
    elif items:
        result.warnings.append(
            f"{len(items)} items list several units and the notice states no lead (no 牵头 label, "
            f"no rule such as 列第一位为牵头单位): lead left empty for items {', '.join(items)}"
        )


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
        raise ImportFailed(f"{path}: no numbered tasks found (is this a task-breakdown notice?)")
    return result


def run_import(path: Path, *, as_json: bool, out: Path | None, echo: Callable[[str], None]) -> None:
    """Import, then write: a failure leaves nothing behind."""
    if out is not None and out.exists() and not out.is_dir():
        raise ImportFailed(f"--out {out} is a file, not a folder")
    result = import_path(path)
    if out is not None:
        write_out(result, out)
    if as_json:
        echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        for task in result.tasks:
            lead = "、".join(task.as_json()["lead"])
            echo(f"{task.list_no}/{task.no}\t{lead}\t{task.text[:40]}")
        for warning in result.warnings:
            echo(f"warning: {warning}")


def write_out(result: Result, out: Path) -> None:
    """Draft tables written in a staging folder first, so a failure leaves no half draft."""
    from luoshi.importer.draft import write_draft

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as error:
        raise ImportFailed(f"cannot write {out}: {error.strerror}") from error
    try:
        write_draft(result, staging)
        out.mkdir(exist_ok=True)
        for written in sorted(staging.iterdir()):
            written.replace(out / written.name)
    except OSError as error:
        raise ImportFailed(f"cannot write {out}: {error.strerror}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
