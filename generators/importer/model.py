"""What the importer extracts from one notice: tasks, unit mentions, officials, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from luoshi.vocab import leads


@dataclass
class Mention:
    name: str  # as published, trailing 等 removed
    role: str  # one of luoshi.vocab.ROLES, so drafts compare with the package directly
    label: str  # the published label or column ("" where none)
    group: int = 1  # sub-row of a table record
    note: str = ""


@dataclass
class Task:
    no: str  # printed number without punctuation
    text: str
    line: int  # 1-based line of the number in the flattened input
    section: tuple[str, ...] = ()
    list_no: int = 1
    mentions: list[Mention] = field(default_factory=list)
    officials: list[tuple[str, str]] = field(default_factory=list)  # (name, label)
    deadline: str | None = None
    units_text: str = ""
    detail: str = ""  # a second text column (主要内容 beside 项目名称), as printed

    def as_json(self) -> dict:
        return {
            "no": self.no,
            "section": list(self.section),
            "list": self.list_no,
            "line": self.line,
            "text": self.text,
            "lead": [m.name for m in self.mentions if leads(m.role)],
            "units": [m.name for m in self.mentions if not leads(m.role)],
            "roles": [[m.name, m.role, m.label] for m in self.mentions],
            "officials": [name for name, _ in self.officials],
            "deadline": self.deadline,
            "detail": self.detail,
        }


@dataclass
class Result:
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    list_titles: dict[int, str] = field(default_factory=dict)
    indicator_tables: list = field(default_factory=list)  # importer.indicators.IndicatorTable

    def as_json(self) -> dict:
        return {
            "tasks": [task.as_json() for task in self.tasks],
            "lists": [
                {"list": n, "title": self.list_titles.get(n, "")}
                for n in sorted({t.list_no for t in self.tasks})
            ],
            "warnings": self.warnings,
        }
