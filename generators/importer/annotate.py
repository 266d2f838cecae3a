"""Attach unit annotations (inline brackets or label lines) to a task."""

from __future__ import annotations

from luoshi.importer.model import Mention, Task
from luoshi.importer.units import (
    CLOSE,
    LABEL_AT,
    LABELS,
    OPEN,
    STATED_LEAD,
    UNIT_SEPS,
    bracket_spans,
    is_annotation,
    labelled,
    mentions_of,
    official_names,
    responsible,
    segments,
    split_top,
    unlabelled_tail,
)
from luoshi.vocab import LEAD, RESPONSIBLE, leads


def trailing_annotation(text: str) -> tuple[str, str]:
    """Split "text(主办单位:…)" into (text, inner annotation); ("text", "") if none."""
    body = text.rstrip("。;； ")
    if not body or body[-1] not in CLOSE:
        return trailing_labels(text)
    spans = bracket_spans(body)
    if not spans or spans[-1][1] != len(body):
        return text, ""
    start, end = spans[-1]
    inner = body[start + 1 : end - 1]
    if not is_annotation(inner):
        return text, ""
    return body[:start].rstrip(), inner


def trailing_labels(text: str) -> tuple[str, str]:
    """ "text。牵头单位:a;责任单位:b" - labels after the last sentence, without brackets."""
    for match in LABEL_AT.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] in "。;；" and LABELS[match[1]] not in ("person", "requirement"):
            return before, text[match.start() :].rstrip("。;； ")
    return text, ""


def add_segment(task: Task, label: str, value: str, rule: str | None, inline: bool) -> None:
    kind = LABELS.get(label)
    if kind == "official":
        task.officials += [(name, label) for name in official_names(value)]
        return
    if kind == "deadline":
        task.deadline = value.strip("。") or None
        return
    if kind == "person":
        return  # persons responsible per unit: kept in units_text only
    if kind == "requirement":
        stated_leads(task, value, label)
        return
    tail = ""
    if inline and label:
        value, tail = unlabelled_tail(value)
    if any(leads(m.role) for m in task.mentions):
        rule = None  # a label already names the lead
    if label:
        task.mentions += labelled(label, value, rule)
    else:
        task.mentions += responsible(value, "", rule if not task.mentions else None)
    if tail:
        task.mentions += mentions_of(split_top(tail, UNIT_SEPS), RESPONSIBLE, "")


def stated_leads(task: Task, value: str, label: str) -> None:
    """ "工作要求:由市发改委牵头": the named unit leads (moved to lead if already listed)."""
    for match in STATED_LEAD.finditer(value):
        for name in split_top(match[1], "、"):
            listed = [m for m in task.mentions if m.name == name]
            for mention in listed:
                mention.role = LEAD
            if not listed:
                task.mentions.append(Mention(name=name, role=LEAD, label=label))


def annotate(task: Task, text: str, rule: str | None, inline: bool) -> None:
    """Read "主办单位:a;协办单位:b" (inline) or one label line into the task."""
    published = f"({text})" if inline else text
    task.units_text = "\n".join(filter(None, [task.units_text, published]))
    for label, value in segments(text):
        add_segment(task, label, value, rule, inline)


def is_annotation_line(line: str) -> bool:
    """A line that is only a bracketed annotation, e.g. "(主办单位:…;协办单位:…)"."""
    if not line or line[0] not in OPEN:
        return False
    spans = bracket_spans(line.rstrip("。;； "))
    return len(spans) == 1 and spans[0][0] == 0 and is_annotation(line.rstrip("。;； ")[1:-1])
