"""Seed 004: 衢州市 关于印发2021年政府工作报告重点工作责任分解的通知 (衢政办发〔2021〕3号).

Layout: page metadata, the notice, then three lists. The two task lists hold
numbered paragraphs "N.text", each followed by a "牵头市领导:" line (named city
leaders; missing on a few tasks) and a "责任单位:" line. The document does not
say which responsible unit leads, so every unit is RESPONSIBLE. The livelihood
list holds ten projects "一、name。details" with a "牵头单位:…。" line.
"""

from __future__ import annotations

import re

from luoshi.importer.units import split_top
from luoshi.seeds.ir import (
    LEAD,
    RESPONSIBLE,
    ListDraft,
    Mention,
    Official,
    ReportDraft,
    TaskDraft,
)

SOURCE_FILE = "004_86e2bb104d962bab.txt"
TITLE = "关于印发2021年政府工作报告重点工作责任分解的通知"
DOC_NUMBER = "衢政办发〔2021〕3号"
ISSUER = "衢州市人民政府办公室"

# The fyp14 heading is printed over two lines; the flattening split it.
HEADINGS = {
    "政府工作报告“十四五”时期": ("fyp14", "tasks"),
    "政府工作报告2021年重点工作责任分解": ("y2021", "tasks"),
    "2021年市政府民生实事项目责任分解": ("livelihood", "livelihood"),
}
HEADING_CONTINUATION = "重点工作责任分解"
BODY_START = "(此件公开发布)"
BODY_END = "附件:"

CN_NUM = "一二三四五六七八九十"
TASK_RE = re.compile(r"^(\d+)\.(.*)$")
PROJECT_RE = re.compile(rf"^([{CN_NUM}]+)、(.*)$")
OFFICIALS_LABEL = "牵头市领导"
GENERIC_OFFICIAL = "市政府相关领导"

OPEN = "(（〔"
CLOSE = ")）〕"
UNIT_SEPARATORS = "、,，;；"


def split_top_level(cell: str, separators: str) -> list[str]:
    """Split at separators outside brackets, so 各县(市、区)政府 stays one unit."""
    return split_top(cell, separators)


def parse_units(cell: str, role: str, label: str) -> tuple[list[Mention], str]:
    """Mentions of a unit line's value, and a task note on its irregularities."""
    notes = []
    if cell.endswith("。"):
        # The sentence stop is punctuation, not part of the last unit's name.
        cell = cell[:-1]
        if role == RESPONSIBLE:
            notes.append("责任单位行末尾多出一个“。”(已从单位名称中去掉)")
    mentions = []
    for name in split_top_level(cell, UNIT_SEPARATORS):
        note = "名称末尾的“等”予以保留:实际单位多于所列" if name.endswith("等") else ""
        mentions.append(Mention(name=name, role=role, label=label, note=note))
    if any(m.note for m in mentions):
        notes.append("有单位名称以“等”结尾")
    return mentions, ";".join(notes)


def add_note(task: TaskDraft, note: str) -> None:
    if note:
        task.note = ";".join(filter(None, [task.note, note]))


def project_draft(number: str, body: str) -> TaskDraft:
    """A livelihood project: its name is the paragraph up to the first 。."""
    title = body.split("。", 1)[0]
    return TaskDraft(number=number, text=body, kind="livelihood", title=title)


def handle_label(task: TaskDraft, label: str, value: str) -> None:
    """Attach a "label:value" line to the task it follows."""
    if label == OFFICIALS_LABEL:
        task.officials = [
            Official(name=name, label=OFFICIALS_LABEL) for name in split_top_level(value, "、")
        ]
        if GENERIC_OFFICIAL in value:
            add_note(task, f"牵头市领导为泛称“{GENERIC_OFFICIAL}”,并非具体人员")
        return
    role = LEAD if label == "牵头单位" else RESPONSIBLE
    task.units_text = f"{label}:{value}"
    task.mentions, note = parse_units(value, role, label)
    add_note(task, note)


def extract_lists(lines: list[str]) -> list[ListDraft]:
    lists: list[ListDraft] = []
    task: TaskDraft | None = None
    for line in lines:
        if line in HEADINGS:
            code, kind = HEADINGS[line]
            lists.append(ListDraft(code=code, title=line, kind=kind))
            task = None
            continue
        if line == HEADING_CONTINUATION and lists and not lists[-1].tasks:
            lists[-1].title += line
            continue
        labelled = re.match(r"^(牵头市领导|责任单位|牵头单位)[:：](.*)$", line)
        if labelled and task:
            handle_label(task, labelled[1], labelled[2].strip())
            continue
        numbered = TASK_RE.match(line) or PROJECT_RE.match(line)
        if not numbered or not lists:
            raise ValueError(f"unexpected line: {line}")
        if lists[-1].kind == "livelihood":
            task = project_draft(numbered[1], numbered[2].strip())
        else:
            task = TaskDraft(number=numbered[1], text=numbered[2].strip())
        lists[-1].tasks.append(task)
    for listing in lists:
        for item in listing.tasks:
            if listing.kind == "tasks" and not item.officials:
                add_note(item, "未列牵头市领导")
    return lists


def extract(text: str) -> ReportDraft:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = lines[lines.index(BODY_START) + 1 :]
    body = body[: next(i for i, line in enumerate(body) if line.startswith(BODY_END))]
    header = "\n".join(lines[: lines.index(BODY_START)])
    if f"文件编号: {DOC_NUMBER}" not in header or "成文日期: 2021-03-24" not in header:
        raise ValueError("page metadata not as expected")
    if "发布日期:2021-03-26 14:35" not in header:
        raise ValueError("publication date not as expected")
    return ReportDraft(
        source_file=SOURCE_FILE,
        title=TITLE,
        issuer=ISSUER,
        doc_number=DOC_NUMBER,
        dated="2021-03-24",
        published="2021-03-26T14:35:00",
        lists=extract_lists(body),
        note=(
            "页面注明“本文有删减”;附件“2021年市政府民生实事项目任务分解表”(.doc文件)"
            "不在页面正文中;页面所列发布机构为“市政府办公室”,落款为“衢州市人民政府办公室”"
        ),
    )
