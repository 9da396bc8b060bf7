"""The `detnet viz` command: a focused view of the graph as one offline HTML file."""

from __future__ import annotations

import click

from detnet import viz as views

from .base import cli, graph_option, not_the_graph


@cli.command()
@graph_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    required=True,
    metavar="FILE.html",
    help="Where to write the page.",
)
@click.option("--person", metavar="ID", help="Centre the view on this person.")
@click.option("--official", metavar="ID", help="Centre the view on this official.")
@click.option("--facility", metavar="ID", help="Centre the view on this facility.")
@click.option(
    "--hops",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Steps from the focus; a step goes through an order, or along a family tie.",
)
@click.option(
    "--revolving-door",
    is_flag=True,
    help="Only the arrest → release → re-arrest chains (with --official: those it ordered).",
)
@click.option("--since", metavar="DATE", help="Only orders on or after DATE.")
@click.option("--until", metavar="DATE", help="Only orders on or before DATE.")
@click.option("--include-claimed", is_flag=True, help="Count announced, unverified releases.")
@click.option(
    "--redact",
    is_flag=True,
    help="Persons become pseudonyms; their names and identifying details are left out.",
)
def viz(
    graph,
    out,
    person,
    official,
    facility,
    hops,
    revolving_door,
    since,
    until,
    include_claimed,
    redact,
):
    """Write a view of the graph as one HTML file that works offline.

    With no focus the view holds every order (in the --since/--until window).
    A view above 1,000 nodes is refused: narrow it with a focus or a window.
    Dates are YYYY-MM-DD or DD/MM/YYYY. Details: docs/viz.md.
    """
    not_the_graph(out, graph, "--out")
    view = views.render(
        graph,
        person=person,
        official=official,
        facility=facility,
        hops=hops,
        revolving_door=revolving_door,
        since=since,
        until=until,
        redact=redact,
        out=out,
        include_claimed=include_claimed,
    )
    click.echo(f"wrote {view.path}: {view.nodes} nodes, {view.edges} edges")
