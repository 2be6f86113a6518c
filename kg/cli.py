"""The `kg` command: a thin layer over the library, one command per public function."""

from __future__ import annotations

import click

from kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn AI-industry news into a sourced knowledge graph of corporate relationships."""


# --- neo4j server commands (kg neo4j ...) ---

# --- extraction commands (kg extract, kg eval) ---

# --- graph commands (kg build, kg query, kg show, kg path, kg conflicts, kg moves, kg export) ---

# --- view commands (kg view) ---
