"""Numbered paragraphs with inline annotations or label lines (001, 002, 003 prose, 004).

A numbering style (一、 / (一) / 1. / (1) / ①) is a task style when at least half of
its paragraphs carry a unit annotation; the other styles are section headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.importer.annotate import annotate, is_annotation_line, trailing_annotation
from luoshi.importer.model import Mention, Result, Task
from luoshi.importer.units import LABEL_LINE, normalise_label
from luoshi.vocab import LEAD, leads

Line = tuple[int, str]
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_CN = "一二三四五六七八九十百零〇"
STYLES = [
    re.compile(rf"^([{_CN}]+)[、.．]\s*(.*)$"),
    re.compile(rf"^[(（]([{_CN}]+)[)）]\s*(.*)$"),
    re.compile(r"^(\d{1,3})(?:[.．、](?!\d)|\s)\s*(.*)$"),
    re.compile(r"^[(（](\d{1,3})[)）]\s*(.*)$"),
    re.compile(r"^(\d{1,3})[)）]\s*(.*)$"),
    re.compile(r"^([①-⑳])\s*(.*)$"),
]
END_MARKERS = (
    "扫一扫",
    "分享到",
    "相关阅读",
    "附件",
    "附表",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "本文有删减",
)
TITLE_WORDS = re.compile(r"分解|分工|清单|任务|要点|实事|方案|计划|事项")
_OFFICE = r"(?:常务)?副?(?:省|市|县|区|州|镇|乡)长|书记|秘书长"
_DOES = r"(?:牵头|主抓|负责|分管|联系)"
# "王纲市长主抓重点工作", "县长王某分管工作": a heading naming the official who leads.
PERSON = re.compile(
    rf"^(?:[一二三四五六七八九十]+、)?(?:(?P<a>\S{{2,3}}?)(?P<t1>{_OFFICE})|(?P<t2>{_OFFICE})"
    rf"(?P<b>\S{{2,3}}?))(?P<does>{_DOES})"
)
# "一、县示范区管委会牵头工作(8项)": a heading naming the unit that leads its tasks.
HEADING_LEAD = re.compile(r"^(\S{2,25}?)牵头(?:的|负责)?(?:重点|主要)?(?:工作|任务|事项)")
NO_LEAD = "lists several units and the notice states no lead: lead left empty"
# Closing formulas of a notice: never the continuation of the last task.
CLOSING = re.compile(r"^(现予公告|特此通知|特此公告|特此函告|此件公开发布|[(（]此件公开发布)")
ANNEX_LIST = re.compile(r"^附\s*件\s*\d*\s*[:：]")


def cn_value(number: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, ① -> 1, "12" -> 12."""
    if number.isdecimal():  # ASCII or full-width digits
        return int(number)
    if number.isdigit():
        return ord(number) - ord("①") + 1
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
    """Lines before the first numbered paragraph, and one block per numbered paragraph.

    The numbered titles listed after "附件:" name the annexes; they are not paragraphs.
    """
    head: list[Line] = []
    blocks: list[Block] = []
    annex_list = False
    for number, text in lines:
        found = numbered(text)
        annex_list = bool(ANNEX_LIST.match(text)) or (annex_list and bool(found))
        if found and annex_list and is_short(found[2]):
            found = None
        if found:
            blocks.append(Block(number, *found, raw=text))
        elif blocks:
            blocks[-1].body.append((number, text))
        else:
            head.append((number, text))
    return head, blocks


def heading_lead(text: str) -> str:
    match = HEADING_LEAD.match(text)
    return match[1] if match and is_short(text) and not PERSON.match(text) else ""


def under_lead_heading(blocks: list[Block]) -> list[bool]:
    """Per block: does a heading above it name the unit that leads it?"""
    leads: dict[int, str] = {}
    out = []
    for block in blocks:
        out.append(any(rank < block.rank for rank in leads))
        leads = {rank: lead for rank, lead in leads.items() if rank < block.rank}
        if heading_lead(block.rest):
            leads[block.rank] = heading_lead(block.rest)
    return out


def task_ranks(blocks: list[Block]) -> set[int]:
    ranks = set()
    led = under_lead_heading(blocks)
    for rank in {b.rank for b in blocks}:
        own = [i for i, b in enumerate(blocks) if b.rank == rank]
        if sum(blocks[i].has_units() or led[i] for i in own) * 2 >= len(own):
            ranks.add(rank)
    return ranks


def unit_free_rank(blocks: list[Block]) -> int | None:
    """Where no unit is named at all (a 民生实事 list): the most frequent numbering style,
    if it numbers at least two paragraphs from 1."""
    counts = {rank: sum(b.rank == rank for b in blocks) for rank in {b.rank for b in blocks}}
    for rank in sorted(counts, key=lambda r: (-counts[r], -r)):
        first = next(b for b in blocks if b.rank == rank)
        if counts[rank] >= 2 and cn_value(first.number) == 1:
            return rank
    return None


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
    leads: dict[int, str] = field(default_factory=dict)  # rank -> unit a heading names
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
        self.leads = {r: unit for r, unit in self.leads.items() if r < rank}
        bare = numbered(title)[2] if numbered(title) else title
        person = PERSON.match(bare)
        if person:
            name = person["a"] or person["b"]
            self.officials[rank] = (name, f"{person['t1'] or person['t2']}{person['does']}")
        elif heading_lead(bare):
            self.leads[rank] = heading_lead(bare)

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
        self.check(task)
        self.result.tasks.append(task)

    def check(self, task: Task) -> None:
        """A heading's lead applies where the task names none; warn where none is stated."""
        lead = next((self.leads[r] for r in sorted(self.leads, reverse=True)), "")
        if lead and not any(leads(m.role) for m in task.mentions):
            task.mentions.insert(0, Mention(name=lead, role=LEAD, label="heading"))
        if not task.mentions:
            self.result.warnings.append(f"line {task.line}: item {task.no} has no units")

    def body_line(self, task: Task, number: int, text: str) -> None:
        if LABEL_LINE.match(text):
            annotate(task, text, self.rule, inline=False)
        elif is_annotation_line(text):
            inner = text.rstrip("。;； ")[1:-1]
            annotate(task, inner, self.rule, inline=True)
        elif CLOSING.match(text):
            self.titles.clear()
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


def join_bare_labels(lines: list[Line]) -> list[Line]:
    """ "责任单位:" alone on its line takes the next line as its value."""
    out: list[Line] = []
    for number, text in lines:
        previous = out[-1][1] if out else ""
        bare = LABEL_LINE.fullmatch(previous.strip())
        if bare and not LABEL_LINE.match(text) and not numbered(text):
            out[-1] = (out[-1][0], previous.strip() + text)
        else:
            out.append((number, text))
    return out


def parse_paragraphs(
    lines: list[Line], rule: str | None, result: Result, unit_free: bool = True
) -> None:
    """Numbered paragraphs; unit_free: a list that names no unit at all is imported."""
    lines = join_bare_labels([(number, normalise_label(text)) for number, text in lines])
    head, blocks = split_blocks(cut_at_end(lines))
    ranks = task_ranks(blocks)
    if not ranks:
        rank = unit_free_rank(blocks) if unit_free else None
        if rank is None:
            return
        ranks = {rank}
        result.warnings.append(
            "no unit is named anywhere in the notice: its numbered paragraphs "
            f"({blocks[0].raw[:12]}…) are imported as tasks without units"
        )
    walker = Walker(ranks=ranks, rule=rule, result=result)
    for number, text in head:
        walker.note_title(number, text)
    for block in blocks:
        if block.rank in ranks:
            walker.task(block)
        else:
            walker.heading(block)
