"""Intermediate representation of one published document, as extracted.

The pipeline (luoshi.pipeline) turns the importer's reading of one source, with its
reviewed corrections, into a `ReportDraft`: every list, section, task, indicator and
unit mention worded exactly as published. The assembler (`assemble.py`) turns drafts
into the data package's tables: it gives ids, resolves unit spellings to units and
writes the CSVs. Drafts never hold ids or canonical names; they say what the
document says.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """One unit named once in the document."""

    name: str  # exactly as published, e.g. "区经商局", "各县(市、区)政府"
    role: str  # one of luoshi.vocab.ROLES
    label: str  # the published label or column, e.g. "责任单位", "主办单位", "牵头单位"
    group: int = 1  # sub-row of the task (000: parts with their own units/lead)
    ambiguous: bool = False  # the flattened table cannot tell which cell this was
    note: str = ""  # why it is ambiguous, or anything else a reviewer should know


@dataclass
class Official:
    """A person named as responsible (牵头市领导), never a unit."""

    name: str
    label: str  # e.g. "牵头市领导"


@dataclass
class IndicatorDraft:
    """One indicator row: a measure with a baseline and/or target."""

    name: str  # as published, measurement unit included: "人均生产总值(万元)"
    target: str = ""  # as published ("≥94.1", "增长1.3%", "稳步提升"), "" if none
    baseline: str = ""  # as published (2022 actual), "" if the table has none
    number: str = ""  # as printed ("37"), "" where the table prints none
    sub_number: str = ""  # "1", "2" for the two sub-indicators of table 1 items 37/53
    shared_name: str = ""  # the merged name cell the sub-indicators share, as published
    attribute: str = ""  # 评价指标 / 特色指标 / 观察指标, "" if none
    section: tuple[str, ...] = ()  # category headings as published, outermost first
    mentions: list[Mention] = field(default_factory=list)  # responsible units
    units_text: str = ""  # the responsible-units cell as published ("/" means none)
    note: str = ""


@dataclass
class TaskDraft:
    """One numbered item of a list, worded as published."""

    number: str  # as printed, without punctuation: "12", "一", "(3)" -> "3"
    text: str  # the task text as published ("" where the item has none, e.g. 000 #83)
    kind: str = "task"  # task / target / key-result / key-work / reform / livelihood / key-task
    title: str = ""  # a short name where the list gives one (key results, works, reforms)
    section: tuple[str, ...] = ()  # headings as published, outermost first
    mentions: list[Mention] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    units_text: str = ""  # the unit annotation as published, for provenance
    children: list[TaskDraft] = field(default_factory=list)  # numbered key tasks inside
    indicators: list[IndicatorDraft] = field(default_factory=list)  # indicator rows of this item
    note: str = ""  # known garbling etc.


@dataclass
class ListDraft:
    """A numbered list inside the document (a document may hold several)."""

    code: str  # short stable code, e.g. "main", "fyp14", "y2021", "livelihood"
    title: str  # the list's heading as published
    kind: str  # tasks / indicators / key-results / key-works / reforms / livelihood
    tasks: list[TaskDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)  # list-level indicators


@dataclass
class Deadline:
    """A reporting deadline the document sets."""

    applies_to: str  # who reports, as published: "区直各责任单位", "各牵头单位"
    period: str  # "half-year" / "full-year"
    due: str  # ISO date "2021-06-15"
    text: str  # the sentence as published
    note: str = ""


@dataclass
class ReportDraft:
    source_file: str  # the seed's file name
    title: str  # the document's title as published
    lists: list[ListDraft] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    page_title: str = ""  # the web page's title where it differs from the document title
    issuer: str = ""  # 发布机构 / 信息来源 / signing office
    doc_number: str = ""  # 衢政办发〔2021〕3号
    dated: str = ""  # 成文日期, ISO date
    published: str = ""  # 发布时间, ISO date or datetime
    source_url: str = ""
    note: str = ""
