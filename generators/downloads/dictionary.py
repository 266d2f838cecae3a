"""The data dictionary: every resource's fields and keys as display-ready text."""

from __future__ import annotations

import json
from typing import Any

from luoshi.package import Package

TYPE_LABELS = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "boolean": "布尔值(true/false)",
    "date": "日期(YYYY-MM-DD)",
    "datetime": "日期时间(YYYY-MM-DDThh:mm:ss)",
}


def data_dictionary(package: Package) -> list[dict]:
    """Per resource: its fields (name, title, type, description, constraints, example)
    and its primary and foreign keys, all as display-ready text."""
    return [_resource_entry(resource) for resource in package.descriptor["resources"]]


def _resource_entry(resource: dict) -> dict:
    schema = resource["schema"]
    return {
        "name": resource["name"],
        "title": resource.get("title", ""),
        "description": resource.get("description", ""),
        "path": f"{resource['name']}.csv",
        "fields": [_field_entry(field) for field in schema["fields"]],
        "primary_key": _as_list(schema.get("primaryKey")),
        "foreign_keys": [
            _foreign_key(fk, resource["name"]) for fk in schema.get("foreignKeys", [])
        ],
    }


def _field_entry(field: dict) -> dict:
    kind = field.get("type", "string")
    return {
        "name": field["name"],
        "title": field.get("title", ""),
        "type": kind,
        "type_label": TYPE_LABELS.get(kind, kind),
        "description": field.get("description", ""),
        "constraints": ";".join(constraint_texts(field.get("constraints", {}))),
        "example": _plain(field["example"]) if "example" in field else "",
    }


def constraint_texts(constraints: dict) -> list[str]:
    """Short Chinese phrases for a field's constraints, in a fixed order."""
    texts = []
    if constraints.get("required"):
        texts.append("必填")
    if constraints.get("unique"):
        texts.append("唯一")
    if "enum" in constraints:
        texts.append("取值:" + ", ".join(_plain(value) for value in constraints["enum"]))
    if "pattern" in constraints:
        texts.append(f"格式:{constraints['pattern']}")
    bounds = (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
        ("minLength", "长度≥"),
        ("maxLength", "长度≤"),
    )
    texts += [f"{sign}{_plain(constraints[key])}" for key, sign in bounds if key in constraints]
    known = {"required", "unique", "enum", "pattern", *(key for key, _ in bounds)}
    texts += [f"{key}:{_plain(constraints[key])}" for key in constraints if key not in known]
    return texts


def _foreign_key(fk: dict, own: str) -> dict:
    reference = fk["reference"]
    fields, target = _as_list(fk["fields"]), _as_list(reference["fields"])
    resource = reference.get("resource") or own  # "" means the resource itself
    return {
        "fields": ", ".join(fields),
        "resource": resource,
        "target": ", ".join(target),
        "text": f"{', '.join(fields)} → {resource}.{', '.join(target)}",
    }


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
