"""The `luoshi` command: a thin layer over the library.

Every command prints errors once, at this edge, and exits non-zero on failure.
Heavy imports happen inside the commands so that `luoshi --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click
from luoshi.vocab import STATUSES

DEFAULT_PACKAGE = Path("datasets/datapackage.json")

package_option = click.option(
    "--datasets",
    "datapackage",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PACKAGE,
    show_default=True,
    help="Path to the data package's datapackage.json.",
)

quiet_option = click.option("--quiet", is_flag=True, help="Print no progress.")

site_out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder the finished site is swapped into.",
)


class _NamedErrors(click.Group):
    """No input ends in a Python traceback: a failure nobody foresaw is printed as one
    named error line (its type and the first line of its message), exit 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("luoshi: interrupted", err=True)
            sys.exit(130)
        except RecursionError:
            click.echo("luoshi: internal-error: RecursionError: input nested too deeply", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - the one edge where anything is caught
            click.echo(f"luoshi: internal-error: {_one_line(error)}", err=True)
            sys.exit(1)


def _one_line(error: BaseException) -> str:
    from luoshi.render import one_line

    first = one_line(str(error).split("\n", 1)[0])[:300]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


@click.group(cls=_NamedErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="luoshi")
def main() -> None:
    """落实 luoshi: validate a data package of government commitments and build its site."""


@main.command()
@package_option
@click.option(
    "--frictionless/--no-frictionless",
    "with_frictionless",
    default=True,
    show_default=True,
    help="Also run frictionless-py's own validator (slower on large packages).",
)
def validate(datapackage: Path, with_frictionless: bool) -> None:
    """Check the data package against its schemas and the cross-table rules."""
    from luoshi.validate import format_errors, validate_package

    errors = validate_package(datapackage, with_frictionless=with_frictionless)
    if errors:
        click.echo(format_errors(errors), err=True)
        click.echo(f"{len(errors)} error(s) in {datapackage}", err=True)
        sys.exit(1)
    click.echo(f"{datapackage}: valid")


@main.command()
@package_option
@site_out_option
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Parts built at once, each in its own process (0: one per core).",
)
@click.option(
    "--parts",
    type=click.IntRange(min=0),
    default=0,
    help="Jurisdiction parts to split the site into (0: about 6 jurisdictions a part, at most 16).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where built parts are kept for the next build [default: .luoshi-cache beside OUT].",
)
@click.option("--no-cache", "no_cache", is_flag=True, help="Build every part afresh and keep none.")
@quiet_option
def build(
    datapackage: Path,
    out: Path,
    jobs: int,
    parts: int,
    cache: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Validate the package, then build the whole site into OUT (swapped in at the end).

    Parts whose data, code and engine are unchanged since the last build are reused.
    """
    from luoshi.build import build_site

    _run_build(
        build_site,
        datapackage,
        out,
        jobs=jobs,
        parts=parts,
        cache=cache,
        use_cache=not no_cache,
        progress=not quiet,
    )


@main.command("build-part")
@package_option
@click.option(
    "--part",
    "spec",
    required=True,
    help="Which part: 'global', 'downloads', or K/N for the K-th of N jurisdiction parts.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the part into (one folder per part).",
)
@quiet_option
def build_part(datapackage: Path, spec: str, out: Path, quiet: bool) -> None:
    """Build one part of the site, as one job of a CI matrix; `luoshi merge` joins them."""
    from luoshi.build import build_one_part

    _run_build(build_one_part, datapackage, spec, out, progress=not quiet)


@main.command()
@package_option
@click.option(
    "--parts-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="Folder holding one subfolder per part, as written by `luoshi build-part`.",
)
@site_out_option
@quiet_option
def merge(datapackage: Path, parts_dir: Path, out: Path, quiet: bool) -> None:
    """Validate the package, check every part was built from it, index them and publish."""
    from luoshi.build import merge_site

    _run_build(merge_site, datapackage, parts_dir, out, progress=not quiet)


def _run_build(function, *args, **options) -> None:  # noqa: ANN001
    from luoshi.build import BuildFailed

    try:
        function(*args, **options)
    except BuildFailed as failure:
        click.echo(str(failure), err=True)
        sys.exit(1)


@main.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extracted tasks as JSON.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write draft CSVs in the data package's schema into this folder.",
)
def import_notice(path: Path, as_json: bool, out: Path | None) -> None:
    """Read a published notice (text, HTML or DOCX) and extract its tasks as a draft.

    Unreadable input (missing, a folder, empty, binary, unknown encoding, no tasks)
    ends with one line on stderr and exit status 1; nothing is written.
    """
    from luoshi.importer import ImportFailed, run_import

    try:
        run_import(path, as_json=as_json, out=out, echo=click.echo)
    except ImportFailed as failure:
        click.echo(f"luoshi import: {' '.join(str(failure).split())}", err=True)
        sys.exit(1)


@main.command("import-progress")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--report", "report_id", required=True, help="Id of the report whose tasks it reports on."
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Reporting date (YYYY-MM-DD) when the document prints none [default: the document's].",
)
@click.option(
    "--source", default=None, help="Source address of the document [default: its file name]."
)
@click.option(
    "--list", "list_id", default=None, help="Match only the tasks and indicators of this list."
)
@click.option(
    "--default-status",
    type=click.Choice(list(STATUSES)),
    default=None,
    help="Status for rows that print no status words (recorded in each row's note).",
)
@package_option
def import_progress(
    path: Path,
    report_id: str,
    as_of: datetime | None,
    source: str | None,
    default_status: str | None,
    list_id: str | None,
    datapackage: Path,
) -> None:
    """Read a progress report (text, HTML, DOCX), match its rows to the report's tasks and
    indicators, and write them into progress.csv (validated first; rows that match no task
    with confidence are printed with their best candidates and not written)."""
    from luoshi.progress.apply import ProgressImportError, import_progress, print_outcome

    try:
        outcome = import_progress(
            path,
            report_id,
            datapackage,
            as_of=as_of.date() if as_of else None,
            source=source,
            default_status=default_status,
            list_id=list_id,
        )
    except ProgressImportError as failure:
        click.echo(f"luoshi import-progress: {failure}", err=True)
        sys.exit(1)
    print_outcome(outcome, click.echo)


def run() -> None:
    """The `luoshi` command: main(), then the process ends without Python freeing its
    heap object by object. A province's build holds gigabytes of tables and pages,
    which Python's own exit took about 0.4 s to free and the operating system frees
    at once. By then every file is closed and every pool shut down (the commands use
    context managers throughout); only the output buffers are left, flushed here."""
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":
    run()


def _pipeline_commands() -> None:
    from luoshi.pipeline.commands import add_command, corrections_command, extract_command

    main.add_command(extract_command)
    main.add_command(extract_command, name="extract-seeds")  # the former name
    main.add_command(add_command)
    main.add_command(corrections_command)


_pipeline_commands()
