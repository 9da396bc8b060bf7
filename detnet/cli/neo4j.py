"""`detnet neo4j check|push|bulk|pull`: the same graph in a Neo4j server.

The server is named by the environment only (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE): no option takes a password, so that it never shows in shell history
or in the process list. The Neo4j driver is imported inside each command, so that
commands that never touch Neo4j do not pay for loading it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from detnet.graph.errors import InputError, UsageError
from detnet.graph.schema import LABELS
from detnet.output import to_json

from .base import cli, format_option, graph_option, progress_bar


def quiet_driver() -> None:
    """Keep the driver's own log lines (retries, server notices) off the terminal:
    the command reports what matters in one line of its own."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _counts(counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.items() if v) or "none"


@cli.group("neo4j")
def neo4j_group() -> None:
    """Keep the graph in a Neo4j server too: check, push, bulk, pull.

    \b
    The server comes from the environment: NEO4J_URI (e.g. bolt://localhost:7687),
    NEO4J_USER (default neo4j), NEO4J_PASSWORD and NEO4J_DATABASE (default neo4j).
    Exit status: 4 the server cannot be reached, 5 it refused the user or password,
    6 it has no such database, 7 it refused a query or a write.
    """
    quiet_driver()


@neo4j_group.command()
@format_option("table", "json")
def check(fmt):
    """Connect, and print the server's version and what its database holds."""
    from detnet.graph import neo4j

    result = neo4j.check()
    if fmt == "json":
        click.echo(to_json(result))
        return
    click.echo(f"server: Neo4j {result['version']} ({result['edition']}) at {result['address']}")
    click.echo(f"database: {result['database']}")
    click.echo(f"nodes: {result['nodes']}, relationships: {result['relationships']}")
    click.echo(f"detnet constraints: {result['constraints']} of {len(LABELS)}")


@neo4j_group.command()
@graph_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows per transaction.",
)
def push(graph, batch_size):
    """Write the embedded graph into Neo4j; pushing it twice changes nothing.

    Uniqueness constraints on each label's id come first, then batched MERGE writes.
    Every node's properties and outgoing relationships become what the graph file
    says (so `load --replace` carries over); what only Neo4j holds is left alone.
    A push cut short can be run again: nothing is doubled.
    """
    from detnet.graph import neo4j

    report = neo4j.push(graph, batch_size=batch_size, progress=progress_bar)
    click.echo(f"pushed to {report.address} (database {report.database})")
    click.echo(f"nodes: {_counts(report.nodes)}")
    click.echo(f"relationships: {_counts(report.relationships)}")
    click.echo(
        f"created: {report.created_nodes} nodes, {report.created_relationships} relationships; "
        f"deleted: {report.deleted_relationships} relationships the graph no longer has"
    )


@neo4j_group.command()
@graph_option
@click.option(
    "--query",
    "query_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A Cypher file: pull only the nodes, relationships and paths it returns.",
)
@click.option("--overwrite", is_flag=True, help="Replace a graph file that already holds a graph.")
def pull(graph, query_file, overwrite):
    """Read the graph (or a query's subgraph) from Neo4j into a graph file.

    Every networkx analysis then works on data that lives in Neo4j. Only detnet's
    labels and relationship types are read. The query runs read-only.
    """
    from detnet.graph import neo4j

    query = None
    if query_file is not None:
        try:
            query = Path(query_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            reason = getattr(e, "strerror", None) or "not UTF-8 text"
            raise InputError(f"{query_file}: cannot read: {reason}") from None
    report = neo4j.pull(graph, query=query, overwrite=overwrite)
    click.echo(f"pulled from {report.address} (database {report.database}) into {report.graph}")
    click.echo(f"nodes: {_counts(report.nodes)}")
    click.echo(f"relationships: {_counts(report.relationships)}")
    if report.skipped_nodes or report.skipped_relationships:
        click.echo(
            f"skipped: {report.skipped_nodes} nodes without an id, "
            f"{report.skipped_relationships} relationships without both ends"
        )


@neo4j_group.command()
@graph_option
@click.option(
    "--records",
    multiple=True,
    type=click.Path(),
    help="Write record files or folders (what `detnet load` reads) straight into the "
    "files, with the load's checks but no graph: for datasets too large to hold as one. "
    "Repeatable.",
)
@click.argument("folder", type=click.Path(file_okay=False))
def bulk(graph, records, folder):
    """Write the files of `neo4j-admin database import full` for a first load.

    \b
    For millions of orders: the importer writes Neo4j's store files directly, an order
    of magnitude faster than push, into a stopped database whose content it replaces.
    FOLDER (new or empty) gets a CSV file per label and relationship type (and per set
    of property types), `import.args` (the importer's arguments) and `schema.cypher`
    (the constraints push creates); with --records, also `rejected.jsonl`, the rows
    rejected. With the local server of tools/neo4j:
    `eval "$(tools/neo4j/server.sh import FOLDER)"`; docs/neo4j.md shows other servers.
    Talks to no server. Exit status with --records is load's: 0 every row written,
    1 some rows rejected, 2 nothing could be.
    """
    from detnet.graph.neo4j.bulk import write_import
    from detnet.loaders.bulk import bulk_records

    from .records import print_passed_over, rejected_line

    if not records:
        report = write_import(graph, folder)
    elif click.get_current_context().get_parameter_source("graph").name == "COMMANDLINE":
        raise UsageError("give --graph or --records, not both")
    else:
        loaded, report = bulk_records(records, folder)
        print_passed_over(loaded)
        click.echo(rejected_line(loaded))
    click.echo(f"wrote {report.files} files into {report.folder}")
    click.echo(f"nodes: {_counts(report.nodes)}")
    click.echo(f"relationships: {_counts(report.relationships)}")
    click.echo(f"next: tools/neo4j/server.sh import {report.folder} (see docs/neo4j.md)")
    if records:
        click.get_current_context().exit(loaded.exit_code)
