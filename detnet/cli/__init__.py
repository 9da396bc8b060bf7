"""The `detnet` command: one module of commands per area, all on one click group."""

from . import analysis, neo4j, query, records, viz  # noqa: F401  (each registers its commands)
from .base import cli


def main() -> None:
    cli(prog_name="detnet")
