"""`luoshi-tools` (or `python -m luoshi_tools`): the benchmark and the synthetic-package
generator, kept out of the `luoshi` product. `bench` needs the `bench` extra
(`pip install -e '.[bench]'`: psutil, and playwright for the search figures)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

PRESETS = ("city", "province")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Tools for luoshi's developers: synthetic packages and the benchmark."""


@main.command()
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    required=True,
    help="city: 10 jurisdictions x 3 years; province: 100 jurisdictions x 5 years.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write datapackage.json and its CSVs into.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
def synth(preset: str, out: Path, seed: int) -> None:
    """Write a synthetic data package recombining the real seed data (for benchmarks)."""
    from luoshi_tools.synth import write_synthetic

    counts = write_synthetic(preset, out, seed=seed)
    for name, count in counts.items():
        click.echo(f"{name}: {count}")


@main.command()
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default="city",
    show_default=True,
    help="Which synthetic package to build and measure.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench-results"),
    show_default=True,
    help="Folder for the results JSON (PRESET.json) and the work files.",
)
def bench(preset: str, out: Path) -> None:
    """Build a synthetic preset from scratch, edit one task, rebuild; print and save figures."""
    # Checked before minutes of work: the memory figures cannot be taken without it.
    if importlib.util.find_spec("psutil") is None:
        raise click.ClickException("bench needs psutil: pip install -e '.[bench]'")
    from luoshi_tools.bench import run_bench

    run_bench(preset, out)
