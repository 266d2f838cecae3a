"""The data dictionary: every table of the package and every column of the latest-status
table, as display-ready text. The downloads page lays it out (templates/downloads.html)
and the tests read it; there is no other.

Tables come from the package's Table Schemas (datapackage.json), so the dictionary
says what validation checks; the latest-status table's columns from status_table.COLUMNS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# The Chinese names of the latest-status table's cell kinds.
KIND_LABELS = {"string": "文本", "integer": "整数", "number": "数值"}
# Bounds in the order they are shown, with their Chinese words.
_BOUNDS = (
    ("minimum", "最小值"),
    ("exclusiveMinimum", "大于"),
    ("maximum", "最大值"),
    ("exclusiveMaximum", "小于"),
    ("minLength", "最短长度"),
    ("maxLength", "最大长度"),
)


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str  # the Table Schema type, as written in datapackage.json
    description: str
    constraints: str  # e.g. "必填;唯一;格式:^[a-z0-9]+$"
    example: str


@dataclass(frozen=True)
class ForeignKey:
    fields: str  # "unit_id" or "a, b"
    resource: str  # the referenced table (the table itself where the schema says "")
    target: str

    @property
    def text(self) -> str:
        return f"{self.fields} → {self.resource}.{self.target}"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]


@dataclass(frozen=True)
class Column:
    """One column of the latest-status table."""

    name: str
    type: str  # Chinese
    description: str


def tables(descriptor: dict) -> list[Table]:
    """Every resource of a data package descriptor, in its order."""
    return [table(resource) for resource in descriptor["resources"]]


def table(resource: dict) -> Table:
    schema = resource["schema"]
    return Table(
        name=resource["name"],
        title=resource.get("title", ""),
        description=resource.get("description", ""),
        fields=tuple(field(f) for f in schema["fields"]),
        primary_key=tuple(_as_list(schema.get("primaryKey"))),
        foreign_keys=tuple(
            foreign_key(fk, resource["name"]) for fk in schema.get("foreignKeys", [])
        ),
    )


def field(spec: dict) -> Field:
    return Field(
        name=spec["name"],
        title=spec.get("title", ""),
        type=spec.get("type", "string"),
        description=spec.get("description", ""),
        constraints=constraints_text(spec.get("constraints", {})),
        example=_plain(spec["example"]) if "example" in spec else "",
    )


def constraints_text(constraints: dict) -> str:
    """Short Chinese phrases for a field's constraints, in the schema's order."""
    bounds = dict(_BOUNDS)
    parts = []
    for key, value in constraints.items():
        if key == "required" and value:
            parts.append("必填")
        elif key == "unique" and value:
            parts.append("唯一")
        elif key == "enum":
            parts.append("取值:" + " / ".join(_plain(v) for v in value))
        elif key == "pattern":
            parts.append(f"格式:{value}")
        elif key in bounds:
            parts.append(f"{bounds[key]} {_plain(value)}")
    return ";".join(parts)


def foreign_key(fk: dict, own: str) -> ForeignKey:
    reference = fk["reference"]
    return ForeignKey(
        fields=", ".join(_as_list(fk["fields"])),
        resource=reference.get("resource") or own,  # "" means the resource itself
        target=", ".join(_as_list(reference["fields"])),
    )


def status_columns() -> list[Column]:
    """The latest-status table's columns (progress-latest.csv|xlsx)."""
    from luoshi.status_table import COLUMNS  # status_table reads pandas: only when asked

    return [Column(name, KIND_LABELS[kind], text) for name, _width, kind, text in COLUMNS]


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
