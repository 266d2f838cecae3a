"""The engine hook the staging config names (mkdocs and properdocs read `hooks:`).

Every engine run compiles Material's templates from source again, about half a
second of a small part's run. Jinja's file bytecode cache keeps them compiled between
runs: an entry is keyed by the template's path and checked against its source's hash
(and Jinja's version), so a changed template is compiled again and the output is
the same bytes either way. The cache lives in Jinja's per-user folder in the system's
temporary directory, which Jinja checks is the user's own.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    env.bytecode_cache = FileSystemBytecodeCache()
    return env
