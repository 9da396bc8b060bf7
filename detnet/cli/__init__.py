"""The `detnet` command: one module of commands per area, all on one click group."""

import os
import sys

from detnet.graph import store

from . import analysis, ftm, neo4j, query, records, resolve, viz  # noqa: F401  (each registers its commands)
from .base import cli


def main() -> None:
    """The console script: run one command, then leave without tearing the graph down.

    Freeing an open graph's millions of dicts one by one takes most of a second at 100k
    orders and several seconds at 1M, memory the OS takes back at once. Every file a
    command writes is closed (and a graph file synced) before it returns, so only the
    standard streams are left to flush. Graphs stay referenced until then: a graph
    dropped by a command would be freed there, dict by dict.
    """
    store.kept_until_exit = []
    try:
        cli(prog_name="detnet")
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, int | None):
            print(e.code, file=sys.stderr)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (`| head`) has gone: as in DetnetGroup.main
        code = code or 1
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)
