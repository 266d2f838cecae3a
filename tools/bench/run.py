"""Running a build as the real CLI in a subprocess, measuring its wall time, CPU time and
the peak memory of its whole process tree, and reading its per-phase seconds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

EPOCH = "1700000000"  # fixed so the first build and the rebuild are comparable
_PHASE_DONE = re.compile(r"(\S+) done in ([0-9.]+)s")
_PHASE_LINE = re.compile(r"^phase (\S+) ([0-9.]+)$")
# "  2/16: 615 pages (downloads 0.1s render 4.7s mkdocs 9.2s search copies 1.5s)"
_PART_LINE = re.compile(r"^\s*(?:\[[^]]*\])?\s*(\S+): \d+ pages \((.*)\)\s*$")
_PART_STEP = re.compile(r"([a-z][a-z ]*?) ([0-9.]+)s")


@dataclass
class Run:
    seconds: float
    peak_rss_tree: int  # bytes: the largest sum over the build and its children at once
    peak_rss_one: int  # bytes: the largest single process
    phases: dict[str, float] = field(default_factory=dict)
    returncode: int = 0
    log: str = ""
    cpu_seconds: float = 0.0  # user + system time of the build and every descendant


def luoshi_command() -> list[str]:
    script = Path(sys.executable).with_name("luoshi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "luoshi.cli"]


def run_measured(command: list[str], log_path: Path, poll: float = 0.05) -> Run:
    """Run `command`, polling the RSS of it and every descendant until it exits."""
    import psutil

    env = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
    peak_tree = peak_one = 0
    cpu_before = _children_cpu()
    begin = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        root = psutil.Process(process.pid)
        while process.poll() is None:
            sizes = []
            try:
                for member in [root, *root.children(recursive=True)]:
                    try:
                        sizes.append(member.memory_info().rss)
                    except psutil.Error:
                        continue
            except psutil.Error:
                pass
            if sizes:
                peak_tree, peak_one = max(peak_tree, sum(sizes)), max(peak_one, max(sizes))
            time.sleep(poll)
    seconds = time.perf_counter() - begin
    cpu = _children_cpu() - cpu_before
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, peak_tree, peak_one, parse_phases(text), process.returncode, text, cpu)


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (each was waited for by its parent)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_phases(log: str, site: Path | None = None) -> dict[str, float]:
    """Per-phase seconds: the build's JSON record if it writes one, else its log lines."""
    record = site / ".luoshi-build.json" if site else None
    if record and record.is_file():
        data = json.loads(record.read_text(encoding="utf-8"))
        phases = data.get("phases", data)
        return {str(k): float(v) for k, v in phases.items() if isinstance(v, int | float)}
    phases: dict[str, float] = {}
    for line in log.splitlines():
        part = _PART_LINE.match(line)
        if part:  # steps inside the parts: seconds summed over every part built
            for step, seconds in _PART_STEP.findall(part.group(2)):
                key = f"parts: {step.strip()}"
                phases[key] = round(phases.get(key, 0.0) + float(seconds), 1)
            continue
        match = _PHASE_LINE.match(line.strip()) or _PHASE_DONE.search(line)
        if match:
            phases[match.group(1)] = float(match.group(2))
    return phases


def build(package: Path, site: Path, work: Path, name: str) -> Run:
    command = [*luoshi_command(), "build", "--datasets", str(package), "--out", str(site)]
    run = run_measured(command, work / f"{name}.log")
    record = parse_phases("", site)
    if record:
        run.phases = record
    if run.returncode != 0:
        tail = "\n".join(run.log.splitlines()[-30:])
        raise RuntimeError(f"luoshi build exited {run.returncode}:\n{tail}")
    return run
