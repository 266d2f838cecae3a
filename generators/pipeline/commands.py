"""The pipeline's commands: `luoshi extract`, `luoshi add`, `luoshi corrections`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

datasets_option = click.option(
    "--datasets",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("datasets"),
    show_default=True,
    help="The data package folder (datapackage.json, the CSVs and sources/).",
)


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.command("extract")
@datasets_option
def extract_command(datasets: Path) -> None:
    """Re-extract every catalogued document into the CSVs (progress.csv is kept)."""
    from luoshi.pipeline.corrections import StaleCorrection
    from luoshi.pipeline.extract import extract
    from luoshi.validate import format_errors

    try:
        errors = extract(datasets)
    except StaleCorrection as error:
        fail(f"stale correction: {error}\nrun `luoshi corrections` to review them")
    if errors:
        fail(format_errors(errors) + f"\n{len(errors)} error(s); nothing written")
    click.echo(f"{datasets}: extracted and valid")


@click.command("add")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@datasets_option
@click.option("--jurisdiction", required=True, help="Jurisdiction id, e.g. liandu.")
@click.option("--year", required=True, type=click.IntRange(1949, 2100), help="The report's year.")
@click.option("--title", help="Title as published (default: read from the notice).")
@click.option("--kind", help="government-work-report, work-plan, … (default for a new report: "
              "government-work-report).")  # fmt: skip
@click.option("--issuer", help="Issuing office (default: the notice's signature).")
@click.option("--doc-number", help="Document number, e.g. 莲政办发〔2024〕1号.")
@click.option("--dated", help="成文日期, YYYY-MM-DD.")
@click.option("--published", help="发布时间, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS.")
@click.option("--source-url", help="Address of the published page.")
@click.option("--name", help="New jurisdiction only: its full name, e.g. 丽水市青田县.")
@click.option("--parent", help="New jurisdiction only: the parent jurisdiction's id.")
@click.option("--code", help="New jurisdiction only: its GB/T 2260 six-digit code.")
def add_command(path: Path, datasets: Path, jurisdiction: str, year: int, **options: str) -> None:
    """Add a notice (text, HTML, DOCX) as a report: copy, catalogue, extract, validate."""
    from luoshi.pipeline.add import AddFailed, add
    from luoshi.pipeline.corrections import StaleCorrection

    try:
        added = add(datasets, path, jurisdiction, year, options)
    except (AddFailed, StaleCorrection) as error:
        fail(f"{path}: {error}\nnothing written")
    for line in added.lines():
        click.echo(line)


@click.command("corrections")
@datasets_option
@click.option("--prune", is_flag=True, help="Remove the corrections the importer now makes itself.")
@click.option(
    "--rebase",
    is_flag=True,
    help="Rewrite every report's corrections so the pipeline reproduces the committed CSVs "
    "(after an importer change); reasons are kept where a correction stays.",
)
def corrections_command(datasets: Path, prune: bool, rebase: bool) -> None:
    """List corrections that are stale or no longer needed; --prune removes the latter."""
    from luoshi.pipeline.stale import prune as prune_file
    from luoshi.pipeline.stale import review_all

    if rebase:
        from luoshi.pipeline.rebase import rebase as rebase_all

        for failure in rebase_all(datasets):
            click.echo(f"not rebased: {failure}", err=True)

    stale = 0
    for found in review_all(datasets / "sources"):
        for c in found.outgrown:
            click.echo(f"{found.file.name}: {c.where()}: the importer now gives {c.corrected!r}")
        for c in found.stale:
            click.echo(f"{found.file.name}: {c.where()}: STALE, importer value {c.importer!r} "
                       "no longer produced; review it")  # fmt: skip
        stale += len(found.stale)
        if prune and found.outgrown:
            prune_file(found)
            click.echo(f"{found.file.name}: pruned {len(found.outgrown)}")
    if stale:
        fail(f"{stale} stale correction(s)")
