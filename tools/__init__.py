"""luoshi_tools: developer tooling kept out of the `luoshi` product package.

- `synth`: synthetic data packages recombining the real seed data (city, province);
- `bench`: builds a synthetic preset, edits one task, rebuilds, and records the figures;
- `cli`: the `luoshi-tools` command (`python -m luoshi_tools`).

Nothing in `luoshi` imports this package; it is installed with it, and the benchmark's
own dependencies come with the `bench` extra.
"""
