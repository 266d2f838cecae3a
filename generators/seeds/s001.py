"""Seed 001: 上饶市广丰区 2021年区政府工作报告所列重点工作责任分工.

Layout: a notice (preamble with reporting deadlines, signature, garbled date),
then the list "2021年区政府工作报告所列重点工作责任分工": numbered paragraphs
"N.text(主办单位:…;协办单位:…)" under "一、…" and "(一)…" headings. The unit
annotation is sometimes printed on its own line after the text (item 4).
"""

from __future__ import annotations

import re

from luoshi.importer.units import split_top
from luoshi.seeds.ir import (
    CO_ORGANISER,
    LEAD,
    RESPONSIBLE,
    Deadline,
    ListDraft,
    Mention,
    ReportDraft,
    TaskDraft,
)

SOURCE_FILE = "001_60d2928a38aacd54.txt"
TITLE = "2021年区政府工作报告所列重点工作责任分工"
PAGE_TITLE = "区政府办公室关于印发2021年区政府工作报告重点工作责任分工的通知"
ISSUER = "上饶市广丰区人民政府办公室"

CN_NUM = "一二三四五六七八九十"
SECTION_RE = re.compile(rf"^[{CN_NUM}]+、")
SUBSECTION_RE = re.compile(rf"^\(([{CN_NUM}]+)\)")
ITEM_RE = re.compile(r"^(\d+)\.(.*)$")
END_MARKERS = ("扫一扫在手机打开当前页", "相关阅读")

OPEN = "(（〔"
CLOSE = ")）〕"
UNIT_SEPARATORS = "、,，;；"

# Segment labels inside the annotation and the role each one gives.
LABELS = {"主办单位": LEAD, "协办单位": CO_ORGANISER}

# Remarks on items whose published numbers look garbled (kept as published).
GARBLED = {
    "40": "“840万㎡”疑有误(或为8个、40万㎡);照录原文",
    "43": "“311万伏”“1010千伏”疑有误(或为3个11万伏、10个10千伏);照录原文",
}


def split_top_level(cell: str, separators: str) -> list[str]:
    """Split at separators outside brackets, so 各乡镇(街道) stays one unit."""
    return split_top(cell, separators)


def split_annotation(body: str) -> tuple[str, str]:
    """Split "text(主办单位:…)" into (text, annotation); annotation "" if none."""
    if not body.endswith(")"):
        return body, ""
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        if body[index] in CLOSE:
            depth += 1
        elif body[index] in OPEN:
            depth -= 1
            if depth == 0:
                annotation = body[index:]
                if "单位" in annotation:
                    return body[:index].strip(), annotation
                return body, ""
    return body, ""


def parse_mentions(annotation: str) -> list[Mention]:
    """Mentions of "(主办单位:a、b;协办单位:c)"; unlabelled segments are RESPONSIBLE."""
    mentions: list[Mention] = []
    inner = annotation[1:-1]
    for segment in split_top_level(inner, ";；"):
        if not segment:
            continue  # a stray trailing ";" as in items 8, 15, 16, 17, 67
        label, role, note, names = "", RESPONSIBLE, "未标注主办/协办", segment
        match = re.match(r"^(主办单位|协办单位)[:：](.*)$", segment)
        if match:
            label, role, note, names = match[1], LABELS[match[1]], "", match[2]
        for name in split_top_level(names, UNIT_SEPARATORS):
            if not name:
                continue
            mention_note = note
            if name.endswith("等"):
                mention_note = ";".join(filter(None, [note, "名称末尾的“等”予以保留"]))
            mentions.append(Mention(name=name, role=role, label=label, note=mention_note))
    return mentions


def task_notes(task: TaskDraft, stray_semicolon: bool, own_line: bool) -> str:
    """Short remarks for a reviewer on an item's irregular layout."""
    notes = []
    if own_line:
        notes.append("责任单位标注印在任务文字的下一行")
    if not task.units_text:
        notes.append("未列出责任单位")
    if stray_semicolon:
        notes.append("责任单位标注末尾多出一个“;”")
    if any(m.note.startswith("未标注主办/协办") for m in task.mentions):
        notes.append("最后一个“;”之后的单位未标注主办/协办")
    if task.number in GARBLED:
        notes.append(GARBLED[task.number])
    return ";".join(notes)


def finish(task: TaskDraft, own_line: bool) -> None:
    """Fill mentions and note once an item's text and annotation are known."""
    task.mentions = parse_mentions(task.units_text) if task.units_text else []
    stray = task.units_text.replace(" ", "").endswith(";)")
    task.note = task_notes(task, stray, own_line)


def parse_list(lines: list[str]) -> ListDraft:
    listing = ListDraft(code="main", title=TITLE, kind="tasks")
    section: tuple[str, ...] = ()
    task: TaskDraft | None = None
    own_line = False
    for line in lines:
        if line in END_MARKERS:
            break
        item = ITEM_RE.match(line)
        if item:
            if task:
                finish(task, own_line)
            text, annotation = split_annotation(item[2].strip())
            task = TaskDraft(number=item[1], text=text, section=section, units_text=annotation)
            listing.tasks.append(task)
            own_line = False
        elif SECTION_RE.match(line):
            section = (line,)
        elif SUBSECTION_RE.match(line):
            section = (section[0], line)
        elif task and not task.units_text and line.startswith("(") and "单位" in line:
            task.units_text, own_line = line, True
    if task:
        finish(task, own_line)
    return listing


def parse_deadlines(preamble: str) -> list[Deadline]:
    """The third requirement sets half-/full-year report dates, printed without 月."""
    note = "原文日期有误,缺“月”字(印作“{}”),按{}读取"
    deadlines = []
    for applies_to, printed, dates in (
        ("区直各责任单位", "615日、1215日", ("2021-06-15", "2021-12-15")),
        ("各牵头单位", "625日、1225日", ("2021-06-25", "2021-12-25")),
    ):
        sentence = re.search(rf"[一二]是{applies_to}须分别于{printed}前[^。]*。", preamble)
        if sentence is None:
            raise ValueError(f"deadline sentence for {applies_to} not found")
        for period, due in zip(("half-year", "full-year"), dates, strict=True):
            deadlines.append(
                Deadline(
                    applies_to=applies_to,
                    period=period,
                    due=due,
                    text=sentence[0],
                    note=note.format(printed, " / ".join(dates)),
                )
            )
    return deadlines


def extract(text: str) -> ReportDraft:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index(TITLE)
    preamble = "\n".join(lines[:start])
    if "2021325" not in preamble:
        raise ValueError("signature date not found")
    return ReportDraft(
        source_file=SOURCE_FILE,
        title=TITLE,
        page_title=PAGE_TITLE,
        issuer=ISSUER,
        dated="2021-03-25",
        lists=[parse_list(lines[start + 1 :])],
        deadlines=parse_deadlines(preamble),
        note=(
            "成文日期印作“2021325”,有误,按2021-03-25读取;未刊出发布日期和网址;"
            "清单副标题为“(宏观指标与重点项目完成情况另行调度)”;"
            "第一个一级标题印作“…13项)”,缺左括号"
        ),
    )
