"""The package as a closed world, and the rules the site's structure relies on.

A package is sent in by many offices, some careless, some hostile. Before any
CSV is read, its descriptor is checked: every resource path stays inside the
package (no absolute path, no "..", no URL, no symlink leaving it), every field
type is one the loader knows, and the tables and fields the site reads are there
with the types it reads them as. Their constraints are the project's own
(luoshi/schema.json, the schema of datasets/datapackage.json): a descriptor can
add constraints, never loosen them, so what the validator accepts the build can
build. The structure rules then keep ids safe as file names, numbers in range
and parent chains free of cycles.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luoshi.package import RESOURCES, OutsidePackage, inside, source_files

if TYPE_CHECKING:
    from luoshi.validate import Table, ValidationError

FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum")
MAX_ID_LENGTH = 120
MAX_SOURCE_NAME = 200
PARENT = "parent_id"
MAX_DEPTH = 12  # sections and key tasks nest a few levels; a deeper chain is a mistake
# Ids become file names and URL segments (jurisdictions/<id>/, reports/<id>/ …):
# none may be a page or folder the site already has, or a name Windows reserves.
RESERVED_IDS = frozenset(
    {"index", "assets", "search", "pagefind", "sources", "downloads", "about", "sitemap"}
    | {"404", "feed", "feeds", "rss", "atom", "javascripts", "stylesheets", "vendor"}
    | {"con", "prn", "aux", "nul", "clock$"}
    | {f"{name}{n}" for name in ("com", "lpt") for n in range(10)}
)
# Resource names become download file names, field names CSV and XLSX headers.
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# Text fields of the descriptor the site prints, and the types they must have.
DESCRIPTOR_TEXTS = ("name", "title", "description", "homepage", "version")


@cache
def project_schema() -> dict[str, dict]:
    """The schema of every resource the site reads (luoshi/schema.json)."""
    return json.loads((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"))


def schema_of(descriptor: dict) -> dict[str, dict]:
    """The project schema (luoshi/schema.json) as read from a descriptor: each
    resource's fields (name, type, constraints), primary and foreign keys.
    Regenerate it after changing datasets/datapackage.json:
    python -c 'from luoshi.structure import write_project_schema; write_project_schema()'"""
    return {
        res["name"]: {
            "fields": [
                {k: f[k] for k in ("name", "type", "constraints") if k in f}
                for f in res["schema"]["fields"]
            ],
            "primaryKey": res["schema"].get("primaryKey"),
            "foreignKeys": res["schema"].get("foreignKeys", []),
        }
        for res in descriptor["resources"]
    }


def write_project_schema(datapackage: Path = Path("datasets/datapackage.json")) -> None:
    descriptor = json.loads(Path(datapackage).read_text(encoding="utf-8"))
    text = json.dumps(schema_of(descriptor), ensure_ascii=False, indent=1)
    (Path(__file__).parent / "schema.json").write_text(text, encoding="utf-8")


def _error(
    file: str, message: str, kind: str = "descriptor-error", **where: Any
) -> ValidationError:
    from luoshi.validate import ValidationError

    return ValidationError(kind, file, where.get("row"), where.get("field"), message)


def check_descriptor(
    descriptor: Any, datapackage: Path
) -> tuple[list[ValidationError], list[dict]]:
    """Findings in the descriptor, and the resources that are safe to read, each with
    its effective schema (the project's constraints added to the descriptor's)."""
    file = str(datapackage)
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [_error(file, "the descriptor must be an object with a list of resources")], []
    errors = [
        _error(file, f"{key!r} must be a string", field=key)
        for key in DESCRIPTOR_TEXTS
        if key in descriptor and not isinstance(descriptor[key], str)
    ]
    errors += _check_licenses(file, descriptor.get("licenses", []))
    readable, seen = [], set()
    for number, resource in enumerate(descriptor["resources"], 1):
        found, effective = check_resource(file, number, resource, datapackage.parent)
        errors += found
        if effective is not None:
            if effective["name"] in seen:
                errors.append(_error(file, f"resource {effective['name']!r} appears twice"))
                continue
            seen.add(effective["name"])
            readable.append(effective)
    names = {r.get("name") for r in descriptor["resources"] if isinstance(r, dict)}
    for name in RESOURCES:
        if name not in names:
            errors.append(_error(file, f"the resource {name!r} is missing", "missing-resource"))
    errors += check_sources(datapackage.parent)
    return errors, readable


def _check_licenses(file: str, licenses: Any) -> list[ValidationError]:
    if isinstance(licenses, list) and all(
        isinstance(item, dict) and all(isinstance(v, str) for v in item.values())
        for item in licenses
    ):
        return []
    return [_error(file, "'licenses' must be a list of objects of strings", field="licenses")]


def check_resource(
    file: str, number: int, resource: Any, root: Path
) -> tuple[list[ValidationError], dict | None]:
    """One resource's findings, and its effective form (None: do not read it)."""
    where = f"resource {number}"
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        return [_error(file, f"{where} needs a name")], None
    name = resource["name"]
    where = f"resource {name!r}"
    if not _NAME.fullmatch(name):
        message = f"{where}: a resource name is lower-case letters, digits, '-' and '_'"
        return [_error(file, message, "name-error")], None
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
    ):
        return [_error(file, f"{where} needs a schema with a list of named fields")], None
    path = resource.get("path")
    if not isinstance(path, str):
        return [_error(file, f"{where}: 'path' must be one relative path", "path-error")], None
    try:
        inside(root, path)
    except OutsidePackage as problem:
        return [_error(file, f"{where}: {problem}", "path-error")], None
    errors = []
    for field in fields:
        errors += _check_field(file, where, field)
    errors += _check_contract(file, where, name, fields)
    if errors:
        return errors, None
    return errors, {"name": name, "path": path, "schema": effective_schema(name, schema)}


def _check_field(file: str, where: str, field: dict) -> list[ValidationError]:
    errors = []
    if not _FIELD_NAME.fullmatch(field["name"]):
        message = f"{where}: the field name {field['name']!r} is not letters, digits and '_'"
        errors.append(_error(file, message, "name-error"))
    kind = field.get("type", "string")
    if kind not in FIELD_TYPES:
        message = f"{where}: field {field['name']!r} has the unknown type {kind!r}"
        message += f" (known: {', '.join(FIELD_TYPES)})"
        errors.append(_error(file, message, "field-type-error", field=field["name"]))
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return errors + [_error(file, f"{where}: constraints must be an object")]
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as problem:
            message = f"{where}: field {field['name']!r}: the pattern is not valid ({problem})"
            errors.append(_error(file, message, field=field["name"]))
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        errors.append(_error(file, f"{where}: field {field['name']!r}: enum must be a list"))
    for bound in ("minimum", "maximum"):
        value = constraints.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            message = f"{where}: field {field['name']!r}: {bound} must be a number"
            errors.append(_error(file, message))
    return errors


def _check_contract(file: str, where: str, name: str, fields: list[dict]) -> list[ValidationError]:
    """The fields the site reads are there, with the type it reads them as."""
    wanted = project_schema().get(name)
    if wanted is None:
        return []
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    errors = []
    for field in wanted["fields"]:
        kind = kinds.get(field["name"])
        if kind is None:
            message = f"{where} lacks the field {field['name']!r}, which the site reads"
            errors.append(_error(file, message, "missing-field", field=field["name"]))
        elif kind != field.get("type", "string"):
            message = f"{where}: field {field['name']!r} must be of type {field.get('type')}"
            errors.append(_error(file, message, "field-type-error", field=field["name"]))
    return errors


def effective_schema(name: str, schema: dict) -> dict:
    """The descriptor's schema with the project's constraints, keys and foreign keys
    for the fields the site reads (a descriptor's own constraints are kept too)."""
    wanted = project_schema().get(name)
    if wanted is None:
        return schema
    project = {f["name"]: f for f in wanted["fields"]}
    fields = []
    for field in schema["fields"]:
        own = {k: v for k, v in field.get("constraints", {}).items() if k in CONSTRAINTS}
        if field["name"] in project:
            own |= project[field["name"]].get("constraints", {})
        fields.append(
            {"name": field["name"], "type": field.get("type", "string")}
            | ({"constraints": own} if own else {})
        )
    keys = [fk for fk in wanted["foreignKeys"]]
    keys += [fk for fk in schema.get("foreignKeys", []) if fk not in keys and _valid_fk(fk)]
    return {"fields": fields, "primaryKey": wanted["primaryKey"], "foreignKeys": keys}


def _valid_fk(foreign: Any) -> bool:
    return (
        isinstance(foreign, dict)
        and isinstance(foreign.get("fields"), str | list)
        and isinstance(foreign.get("reference"), dict)
        and isinstance(foreign["reference"].get("fields"), str | list)
    )


def check_sources(root: Path) -> list[ValidationError]:
    """Every file below sources/ stays inside the package (no symlink out of it)."""
    folder = root / "sources"
    try:
        inside(root, "sources")
    except OutsidePackage as problem:
        return [_error(str(folder), str(problem), "path-error")]
    if not folder.is_dir():
        return []
    kept = set(source_files(root))
    errors = []
    for path in sorted(folder.rglob("*")):
        if path in kept or (path.is_dir() and not path.is_symlink()):
            continue
        relative = path.relative_to(root).as_posix()
        message = f"{relative!r} is a link leading outside the package (or not a file)"
        errors.append(_error(str(path), message, "path-error"))
    return errors


# -- rules over the rows ---------------------------------------------------------------


def check_ids(tables: dict[str, Table]) -> list[ValidationError]:
    """Ids are safe as file names: not too long, not a name the site or Windows uses."""
    from luoshi.validate.errors import _report

    errors = []
    for table in tables.values():
        if "id" not in table.frame.columns:
            continue
        ids = table.frame["id"]
        long = ids.str.len() > MAX_ID_LENGTH
        message = f"longer than {MAX_ID_LENGTH} characters"
        errors += _report(table, {"name": "id"}, long, "id-error", message, ids)
        reserved = ids.str.lower().isin(RESERVED_IDS)
        message = "a name the site reserves (pages, folders, device names): choose another id"
        errors += _report(table, {"name": "id"}, reserved, "id-error", message, ids)
    return errors


def check_source_names(tables: dict[str, Table]) -> list[ValidationError]:
    """A report's source_file is a plain file name in sources/: no folder, not hidden,
    no control character, not too long (it is published under that name)."""
    from luoshi.render import CONTROL
    from luoshi.validate.errors import _report

    if "reports" not in tables:
        return []
    table = tables["reports"]
    names = table.frame["source_file"]
    bad = (
        names.str.startswith(".")
        | names.str.contains(r"[/\\]")
        | names.str.contains(CONTROL)
        | (names.str.len() > MAX_SOURCE_NAME)
    )
    message = f"a plain file name in sources/ (not hidden, at most {MAX_SOURCE_NAME} characters)"
    return _report(table, {"name": "source_file"}, bad, "source-name-error", message, names)


def check_trees(tables: dict[str, Table]) -> list[ValidationError]:
    """Parent chains (jurisdictions, sections, tasks) end at a top-level row: no row is
    its own ancestor, and no chain is deeper than MAX_DEPTH."""
    errors = []
    for name in ("jurisdictions", "sections", "tasks"):
        if name in tables:
            errors += _check_tree(tables[name])
    return errors


def _check_tree(table: Table) -> list[ValidationError]:
    frame = table.frame
    ids = frame["id"].tolist()  # lists: iterating Arrow-backed columns is slow
    parents = dict(zip(ids, frame["parent_id"].tolist(), strict=True))
    lines = dict(zip(ids, frame.index.tolist(), strict=True))
    depth: dict[str, int] = {}
    errors = []
    for start in parents:
        chain, node = [], start
        while node and node in parents and node not in depth and node not in chain:
            chain.append(node)
            node = parents[node]
        if node in chain:  # a cycle: every row on it is reported once
            cycle = chain[chain.index(node) :]
            for member in cycle:
                depth[member] = MAX_DEPTH + 1
                path = " → ".join(cycle[:6])
                message = f"the row is its own ancestor (parent_id cycle: {path})"
                line = int(lines[member])
                errors.append(_error(table.file, message, "cycle-error", row=line, field=PARENT))
            chain = chain[: chain.index(node)]
            node = cycle[0]
        below = depth.get(node, 0) if node in parents else 0
        for member in reversed(chain):
            below += 1
            depth[member] = below
            if below == MAX_DEPTH + 1:
                message = f"nested more than {MAX_DEPTH} levels deep"
                line = int(lines[member])
                errors.append(_error(table.file, message, "depth-error", row=line, field=PARENT))
    return sorted(errors, key=lambda e: e.row or 0)[:50]
