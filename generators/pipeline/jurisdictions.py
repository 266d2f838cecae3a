"""A jurisdiction not yet in the catalog: `--name`, `--parent` and `--code` (GB/T 2260)."""

from __future__ import annotations

import re

LEVELS = {"province": "0000", "city": "00"}


class JurisdictionError(ValueError):
    """The jurisdiction is unknown or its options do not fit GB/T 2260."""


def level_of(code: str) -> str:
    """GB/T 2260: PP0000 a province, PPCC00 a city (prefecture), PPCCDD a district or county."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "district" if code[4:] < "20" else "county"


def check_code(code: str, parent: dict | None, catalog: dict) -> None:
    if not re.fullmatch(r"[1-8]\d{5}", code) or code[2:4] == "00" and code[4:] != "00":
        raise JurisdictionError(f"--code {code!r}: not a six-digit GB/T 2260 code")
    if any(j["code"] == code for j in catalog["jurisdictions"]):
        raise JurisdictionError(f"--code {code}: already used in the catalog")
    level = level_of(code)
    if level == "province":
        if parent is not None:
            raise JurisdictionError(f"--code {code} is a province's code; give no --parent")
        return
    if parent is None:
        raise JurisdictionError(f"--code {code}: a {level} needs --parent")
    prefix = code[:2] if level == "city" else code[:4]
    want = prefix + "0" * (6 - len(prefix))
    if parent["code"] != want and not (level != "city" and parent["code"] == code[:2] + "0000"):
        raise JurisdictionError(
            f"--code {code} does not lie in --parent {parent['id']} (code {parent['code']})"
        )


def new_jurisdiction(catalog: dict, jurisdiction: str, options: dict) -> None:
    """Nothing if `jurisdiction` is catalogued; otherwise check the options and add it."""
    if any(j["id"] == jurisdiction for j in catalog["jurisdictions"]):
        return
    name, parent_id, code = options.get("name"), options.get("parent"), options.get("code")
    if not name or not code:
        raise JurisdictionError(
            f"jurisdiction {jurisdiction!r} is not in the catalog: "
            "give --name, --parent and --code (GB/T 2260) to add it"
        )
    if not re.fullmatch(r"[a-z][a-z0-9-]*", jurisdiction):
        raise JurisdictionError(f"--jurisdiction {jurisdiction!r}: lower-case letters, digits, -")
    parent = next((j for j in catalog["jurisdictions"] if j["id"] == parent_id), None)
    if parent_id and parent is None:
        raise JurisdictionError(f"--parent {parent_id!r} is not in the catalog")
    check_code(code, parent, catalog)
    short = name.removeprefix(parent["name"]) if parent and name != parent["name"] else name
    catalog["jurisdictions"].append({
        "id": jurisdiction, "name": name, "short_name": short or name, "level": level_of(code),
        "code": code, "parent_id": parent_id or "",
    })  # fmt: skip
