"""`python -m luoshi_tools bench|synth`: the same as the `luoshi-tools` command."""

from luoshi_tools.cli import main

main(prog_name="luoshi-tools")
