"""Numbered paragraphs with inline annotations or label lines (001, 002, 003 prose, 004).

A numbering style (一、 / (一) / 1. / (1) / ①) is a task style when at least half of
its paragraphs carry a unit annotation; the other styles are section headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.importer.annotate import annotate, is_annotation_line, trailing_annotation
from luoshi.importer.model import Result, Task
from luoshi.importer.units import LABEL_LINE

Line = tuple[int, str]
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_CN = "一二三四五六七八九十百零〇"
STYLES = [
    re.compile(rf"^([{_CN}]+)[、.．]\s*(.*)$"),
    re.compile(rf"^[(（]([{_CN}]+)[)）]\s*(.*)$"),
    re.compile(r"^(\d{1,3})(?:[.．、](?!\d)|\s)\s*(.*)$"),
    re.compile(r"^[(（](\d{1,3})[)）]\s*(.*)$"),
    re.compile(r"^([①-⑳])\s*(.*)$"),
]
END_MARKERS = (
    "扫一扫",
    "相关阅读",
    "附件",
    "附表",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "本文有删减",
)
TITLE_WORDS = re.compile(r"分解|分工|清单|任务|要点|实事|方案|计划|事项")
PERSON = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(\S{2,3}?)(副?(?:省|市|县|区|镇)长|书记|秘书长)牵头"
)


def cn_value(number: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, ① -> 1, "12" -> 12."""
    if number.isdigit():
        return int(number) if number.isascii() else ord(number) - ord("①") + 1
    if "十" not in number:
        return int("".join(str(CN_DIGITS[c]) for c in number if c in CN_DIGITS) or 0)
    tens, _, ones = number.partition("十")
    return (cn_value(tens) if tens else 1) * 10 + (cn_value(ones) if ones else 0)


@dataclass
class Block:
    line: int
    rank: int  # index into STYLES
    number: str
    rest: str
    raw: str = ""  # the line as printed, number included
    body: list[Line] = field(default_factory=list)

    def has_units(self) -> bool:
        if trailing_annotation(self.rest)[1]:
            return True
        return any(LABEL_LINE.match(t) or is_annotation_line(t) for _, t in self.body)


def numbered(text: str) -> tuple[int, str, str] | None:
    for rank, style in enumerate(STYLES):
        match = style.match(text)
        if match and match[2]:
            return rank, match[1], match[2].strip()
    return None


def split_blocks(lines: list[Line]) -> tuple[list[Line], list[Block]]:
    """Lines before the first numbered paragraph, and one block per numbered paragraph."""
    head: list[Line] = []
    blocks: list[Block] = []
    for number, text in lines:
        found = numbered(text)
        if found:
            blocks.append(Block(number, *found, raw=text))
        elif blocks:
            blocks[-1].body.append((number, text))
        else:
            head.append((number, text))
    return head, blocks


def task_ranks(blocks: list[Block]) -> set[int]:
    ranks = set()
    for rank in {b.rank for b in blocks}:
        own = [b for b in blocks if b.rank == rank]
        if sum(b.has_units() for b in own) * 2 >= len(own):
            ranks.add(rank)
    return ranks


def is_short(text: str) -> bool:
    return len(text) <= 40 and "。" not in text


@dataclass
class Walker:
    """State while reading blocks in order."""

    ranks: set[int]
    rule: str | None
    result: Result
    path: list[tuple[int, str]] = field(default_factory=list)
    officials: dict[int, tuple[str, str]] = field(default_factory=dict)  # rank -> person
    list_no: int = 0
    last: Task | None = None
    last_rank: int = -1
    heading_since: bool = True
    titles: list[str] = field(default_factory=list)

    def heading(self, block: Block) -> None:
        self.set_section(block.rank, block.raw)
        self.heading_since = True
        for number, text in block.body:
            self.note_title(number, text)

    def set_section(self, rank: int, title: str) -> None:
        self.path = [p for p in self.path if p[0] < rank] + [(rank, title)]
        self.officials = {r: o for r, o in self.officials.items() if r < rank}
        person = PERSON.match(title)
        if person:
            self.officials[rank] = (person[1], f"{person[2]}牵头")

    def note_title(self, number: int, text: str) -> None:
        if PERSON.match(text) and is_short(text):
            self.set_section(-1, text)  # an unnumbered heading naming a person
        elif is_short(text):
            self.titles.append(text)
        else:
            self.titles.clear()

    def start_task(self, block: Block) -> Task:
        value = cn_value(block.number)
        restarted = self.last is not None and (
            block.rank != self.last_rank or value <= cn_value(self.last.no)
        )
        if self.last is None or (restarted and not self.heading_since):
            self.list_no += 1
            title = next((t for t in reversed(self.titles) if TITLE_WORDS.search(t)), "")
            self.result.list_titles[self.list_no] = title
        elif self.last is not None and value != cn_value(self.last.no) + 1:
            self.result.warnings.append(
                f"line {block.line}: item {block.number} follows item {self.last.no}"
            )
        self.titles.clear()
        task = Task(no=block.number, text=block.rest, line=block.line, list_no=self.list_no)
        task.section = tuple(title for _, title in self.path)
        task.officials = list(self.officials.values())
        self.last, self.last_rank, self.heading_since = task, block.rank, False
        return task

    def task(self, block: Block) -> None:
        task = self.start_task(block)
        task.text, inner = trailing_annotation(block.rest)
        if inner:
            annotate(task, inner, self.rule, inline=True)
        for number, text in block.body:
            self.body_line(task, number, text)
        if not task.mentions:
            self.result.warnings.append(f"line {task.line}: item {task.no} has no units")
        self.result.tasks.append(task)

    def body_line(self, task: Task, number: int, text: str) -> None:
        if LABEL_LINE.match(text):
            annotate(task, text, self.rule, inline=False)
        elif is_annotation_line(text):
            inner = text.rstrip("。;； ")[1:-1]
            annotate(task, inner, self.rule, inline=True)
        elif not task.mentions and not task.units_text and not is_short(text):
            task.text += text  # the paragraph goes on over several lines
        elif is_short(text):
            self.note_title(number, text)
        else:
            self.result.warnings.append(f"line {number}: not placed: {text[:40]}")


def has_units(text: str) -> bool:
    return bool(LABEL_LINE.match(text) or is_annotation_line(text) or trailing_annotation(text)[1])


def cut_at_end(lines: list[Line]) -> list[Line]:
    """Drop page chrome and annexes: from the first end marker after an annotation on."""
    seen = False
    for index, (_, text) in enumerate(lines):
        if seen and text.startswith(END_MARKERS):
            return lines[:index]
        seen = seen or has_units(text)
    return lines


def parse_paragraphs(lines: list[Line], rule: str | None, result: Result) -> None:
    head, blocks = split_blocks(cut_at_end(lines))
    ranks = task_ranks(blocks)
    if not ranks:
        return
    walker = Walker(ranks=ranks, rule=rule, result=result)
    for number, text in head:
        walker.note_title(number, text)
    for block in blocks:
        if block.rank in ranks:
            walker.task(block)
        else:
            walker.heading(block)
