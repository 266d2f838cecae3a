"""The rules across tables: owners, numbering, spellings, jurisdictions, parsed values,
lists and indicator slugs (ids, source names and trees: luoshi.structure)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pandas as pd
from luoshi.package import lookup
from luoshi.validate.errors import MAX_PER_CHECK, Table, ValidationError, _report
from luoshi.values import parse_value, split_measure_unit


def check_cross_table(tables: dict[str, Table]) -> list[ValidationError]:
    from luoshi.structure import check_ids, check_source_names, check_trees

    errors: list[ValidationError] = []
    for check in (
        check_ids,
        check_source_names,
        check_trees,
        check_owners,
        check_numbering,
        check_aliases,
        check_unit_jurisdictions,
        check_parsed_values,
        check_same_list,
        check_slugs,
    ):
        errors += check(tables)
    return errors


def _frames(tables: dict[str, Table], *names: str) -> Iterator[Table] | None:
    if all(name in tables for name in names):
        return iter(tables[name] for name in names)
    return None


def check_owners(tables: dict[str, Table]) -> list[ValidationError]:
    """An assignment or progress row belongs to exactly one task or one indicator."""
    errors = []
    for name in ("assignments", "progress"):
        if name not in tables:
            continue
        table = tables[name]
        frame = table.frame
        bad = (frame["task_id"] == "") == (frame["indicator_id"] == "")
        message = "give exactly one of task_id and indicator_id"
        errors += _report(table, {"name": "task_id"}, bad, "owner-error", message)
    return errors


def check_numbering(tables: dict[str, Table]) -> list[ValidationError]:
    """Positions run 1..N without gaps or repeats inside each list (and each parent)."""
    scopes = {
        "lists": ["report_id"],
        "sections": ["list_id"],
        "tasks": ["list_id", "parent_id"],
        "indicators": ["list_id", "task_id"],
    }
    errors = []
    for name, scope in scopes.items():
        if name not in tables:
            continue
        table = tables[name]
        frame = table.frame[table.frame["position"].str.fullmatch(r"[0-9]{1,15}").fillna(False)]
        positions = frame["position"].astype(int)
        expected = frame.assign(_p=positions).groupby(scope)["_p"].rank(method="first")
        bad = positions != expected
        message = "position breaks the 1..N numbering of its list (gap or repeat)"
        errors += _report(table, {"name": "position"}, bad, "numbering-error", message, positions)
    return errors


def check_aliases(tables: dict[str, Table]) -> list[ValidationError]:
    """Each published spelling resolves, within its jurisdiction, to the unit it names."""
    found = _frames(tables, "assignments", "units", "unit_aliases")
    if found is None:
        return []
    assignments, units, aliases = found
    spellings = dict(  # (jurisdiction, spelling) → unit; the last row wins, as in a dict
        zip(
            aliases.frame["jurisdiction_id"] + "\x1f" + aliases.frame["alias"],
            aliases.frame["unit_id"],
            strict=True,
        )
    )
    frame = assignments.frame
    jurisdiction = _lookup(frame["unit_id"], units.frame, "jurisdiction_id")
    # \x1f (unit separator) joins the two: no id or spelling contains it
    spelled = jurisdiction.fillna("") + "\x1f" + frame["name_as_published"].astype(object)
    resolved = lookup(spelled, pd.Series(list(spellings)), pd.Series(list(spellings.values())))
    bad = jurisdiction.notna() & (resolved.fillna("") != frame["unit_id"].astype(object))
    errors = []
    for line in frame.index[bad.to_numpy(dtype=bool)][: MAX_PER_CHECK * 2]:
        name, unit_id = frame.at[line, "name_as_published"], frame.at[line, "unit_id"]
        message = f"{name!r} is not listed in unit_aliases.csv as a spelling of {unit_id}"
        errors.append(
            ValidationError(
                "alias-error", assignments.file, int(line), "name_as_published", message
            )
        )
    wrong = _lookup(aliases.frame["unit_id"], units.frame, "jurisdiction_id")
    bad = wrong.notna() & (wrong != aliases.frame["jurisdiction_id"])
    message = "the unit belongs to another jurisdiction"
    errors += _report(aliases, {"name": "unit_id"}, bad, "alias-error", message)
    return errors[: MAX_PER_CHECK * 2]


def check_unit_jurisdictions(tables: dict[str, Table]) -> list[ValidationError]:
    """A unit is assigned only in its own jurisdiction's documents.

    Spellings resolve to units within the document's jurisdiction, so this holds
    for every imported row; the site relies on it, since each part of the build
    is made from one group of jurisdictions' rows alone (luoshi.parts.subset).
    """
    frames = _frames(tables, "assignments", "tasks", "indicators", "lists", "reports", "units")
    if frames is None:
        return []
    assignments, tasks, indicators, lists, reports, units = (t.frame for t in frames)
    owner = assignments["task_id"].where(assignments["task_id"] != "", assignments["indicator_id"])
    list_id = _lookup(owner, tasks, "list_id").fillna(_lookup(owner, indicators, "list_id"))
    report = _lookup(list_id, lists, "report_id")
    expected = _lookup(report, reports, "jurisdiction_id")
    actual = _lookup(assignments["unit_id"], units, "jurisdiction_id")
    bad = expected.notna() & actual.notna() & (expected != actual)
    message = "the unit belongs to another jurisdiction than the document naming it"
    table = tables["assignments"]
    return _report(
        table, {"name": "unit_id"}, bad, "unit-jurisdiction", message, table.frame["unit_id"]
    )


def _lookup(ids: pd.Series, frame: pd.DataFrame, column: str) -> pd.Series:
    """`column` of the rows of `frame` whose id is each of `ids` (None if none is)."""
    return lookup(ids, frame["id"], frame[column])


def check_parsed_values(tables: dict[str, Table]) -> list[ValidationError]:
    """Parsed comparators and numbers agree with the published text they come from."""
    if "indicators" not in tables:
        return []
    table = tables["indicators"]
    frame = table.frame
    found: list[tuple[int, int, ValidationError]] = []  # (line, check) keeps row order
    for order, side in enumerate(("baseline", "target")):
        fields = ["comparator", "value", "value_max"] + (["value_unit"] if side == "target" else [])
        stored_columns = [
            f"{side}_{f}" if f != "value_unit" else "target_value_unit" for f in fields
        ]
        parsed = frame[f"{side}_text"].map(_parse)  # each distinct text parsed once
        bad = pd.Series(False, index=frame.index)
        for field, column in zip(fields, stored_columns, strict=True):
            expected = parsed.map(lambda value, field=field: getattr(value, field))
            bad |= ~_same_values(frame[column], expected)
        for line in frame.index[bad.to_numpy(dtype=bool)][:MAX_PER_CHECK]:
            text = frame.at[line, f"{side}_text"]
            stored = tuple(frame.at[line, column] for column in stored_columns)
            expected = tuple(getattr(parsed[line], field) for field in fields)
            message = f"{text!r} reads as {expected}, the row says {stored}"
            error = ValidationError(
                "parsed-value-error", table.file, int(line), f"{side}_comparator", message
            )
            found.append((int(line), order, error))
    split = frame["name"].map(_split)
    bad = (frame["base_name"] != split.str[0]) | (frame["measure_unit"] != split.str[1])
    for line in frame.index[bad.to_numpy(dtype=bool)][:MAX_PER_CHECK]:
        message = f"base_name/measure_unit do not split the name {frame.at[line, 'name']!r}"
        error = ValidationError("parsed-value-error", table.file, int(line), "name", message)
        found.append((int(line), 2, error))
    return [error for _, _, error in sorted(found, key=lambda item: item[:2])][:MAX_PER_CHECK]


# Published values repeat (增长6%, 100%): each distinct text is parsed once.
_parse = functools.cache(parse_value)
_split = functools.cache(split_measure_unit)


def _same_values(stored: pd.Series, expected: pd.Series) -> pd.Series:
    """Equal as text, or as numbers (a stored 6.0 matches a parsed 6)."""
    stored, expected = stored.astype(object), expected.astype(object)
    numbers = pd.to_numeric(stored, errors="coerce") == pd.to_numeric(expected, errors="coerce")
    return (stored == expected) | numbers.fillna(False).astype(bool)


def check_same_list(tables: dict[str, Table]) -> list[ValidationError]:
    """A task's, section's or indicator's section, parent or task belongs to its own
    list (a page shows each list's rows under that list alone)."""
    found = _frames(tables, "tasks", "sections", "indicators")
    if found is None:
        return []
    tasks, sections, indicators = found
    errors = []
    for table, column, owners in (
        (tasks, "section_id", sections),
        (tasks, "parent_id", tasks),
        (sections, "parent_id", sections),
        (indicators, "task_id", tasks),
        (indicators, "section_id", sections),
    ):
        other = _lookup(table.frame[column], owners.frame, "list_id")
        bad = other.notna() & (other != table.frame["list_id"])
        message = f"the {column} belongs to another list"
        errors += _report(table, {"name": column}, bad, "list-error", message)
    return errors


def check_slugs(tables: dict[str, Table]) -> list[ValidationError]:
    """Each indicator name gets its own page: no two names share a URL slug."""
    from luoshi.pages.model import indicator_slug

    if "indicators" not in tables:
        return []
    table = tables["indicators"]
    first = table.frame.drop_duplicates("name")
    seen: dict[str, str] = {}
    errors = []
    for line, name, base in zip(first.index, first["name"], first["base_name"], strict=True):
        slug = indicator_slug(name, base)
        if slug in seen and seen[slug] != name:
            message = f"{name!r} and {seen[slug]!r} would share the page indicators/{slug}/"
            errors.append(ValidationError("slug-error", table.file, int(line), "name", message))
        seen.setdefault(slug, name)
    return errors[:MAX_PER_CHECK]
