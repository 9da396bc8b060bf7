"""FollowTheMoney: reference entities in (`import-ftm`), and officials ranked with their
matches (`sanctioned-officials`). `export --format ftm` is the export command's. Needs
the ftm extra (docs/ftm.md)."""

from __future__ import annotations

import click

from detnet.graph import reference
from detnet.graph.store import graph_path, open_graph
from detnet.queries.reference import sanctioned_officials

from .base import cli, format_option, graph_for, graph_option, query_options, redact_option
from .query import backend_option, rows_of
from .records import _counts


@cli.command("import-ftm")
@click.argument("file", type=click.Path(dir_okay=False))
@graph_option
def import_ftm(file, graph):
    """Read FollowTheMoney entities (JSON Lines: an OpenSanctions or PEP export, an
    Aleph export) into the reference entities beside the graph, never into its records.

    Persons and organisations are kept, with the sanctions and positions the file holds
    about them; match them with `detnet resolve candidates --against reference`
    (docs/ftm.md). Needs the ftm extra: pip install 'detnet[ftm]'.
    """
    from detnet.loaders.ftm import import_ftm as read_in

    if graph_path(graph).exists():  # a graph file from someone else is checked like records
        open_graph(graph)
    report = read_in(file, graph=graph)
    click.echo(f"kept: {_counts(report.kept)}")
    click.echo(f"folded in: {_counts(report.folded)}")
    click.echo(f"left out: {_counts(report.left_out)}")
    click.echo(f"reference entities: {report.total} in {reference.reference_path(graph)}")


@cli.command("sanctioned-officials")
@graph_option
@query_options(sanctioned_officials)
@backend_option
@redact_option
@format_option("table", "json", "csv")
def sanctioned_officials_command(graph, backend, redact, fmt, **params):
    """Officials ranked by re-arrests, with the reference entities (sanctions lists,
    PEPs) judged the same as them: authorities, programmes, since when, datasets.

    On Neo4j, the reference entities and matches `detnet neo4j push` wrote. Officials
    and reference entities are never redacted; --redact changes nothing else here.
    """
    from detnet.output import render_rows

    G = graph_for(graph, redact, backend)
    if G is not None and redact:
        G = reference.attach(G, reference.read_reference(graph_path(graph)))
    rows = rows_of(sanctioned_officials, backend, G, **params)
    click.echo(render_rows(rows, sanctioned_officials.columns, fmt))
