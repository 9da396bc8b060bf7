"""The `detnet viz` and `detnet dossier` commands: a view of the graph as one offline
HTML file, and the case file of an official, an institution or a person."""

from __future__ import annotations

import click

from detnet import casefile
from detnet import viz as views
from detnet.i18n import LANGUAGES

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
@click.option(
    "--layout",
    type=click.Choice(("force", "time")),
    default="force",
    show_default=True,
    help="A force-directed graph, or lanes in time (one per person, orders by date).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="The page's language [default: from the locale].",
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
    layout,
    lang,
):
    """Write a view of the graph as one HTML file that works offline.

    With no focus the view holds every order (in the --since/--until window).
    A view above 1,000 nodes is drawn as an overview: its officials, institutions
    and facilities stand for their orders. Dates are YYYY-MM-DD, DD/MM/YYYY or any
    date form of the records. Details: docs/viz.md.
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
        layout=layout,
        lang=lang,
    )
    click.echo(f"wrote {view.path}: {view.nodes} nodes, {view.edges} edges")


@cli.command()
@graph_option
@click.option("--official", metavar="ID", help="The case file of this official.")
@click.option("--institution", metavar="ID", help="The case file of this institution.")
@click.option("--person", metavar="ID", help="The case file of this person.")
@click.option(
    "--out", type=click.Path(dir_okay=False), required=True, metavar="FILE",
    help="Where to write the case file.",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice(casefile.FORMATS), default="html", show_default=True,
    help="HTML (prints to PDF from a browser) or Markdown.",
)  # fmt: skip
@click.option(
    "--redact",
    is_flag=True,
    help="Persons become pseudonyms; their names and identifying details are left out.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="The case file's language [default: from the locale].",
)
def dossier(graph, official, institution, person, out, fmt, redact, lang):
    """Write the case file of one official, institution or person.

    Figures, a timeline, each re-arrest chain with its dates, every fact with its
    sources, the judgements that merged records, the date and a hash of the graph.
    Details: docs/viz.md.
    """
    not_the_graph(out, graph, "--out")
    case = casefile.dossier(
        graph,
        official=official,
        institution=institution,
        person=person,
        out=out,
        format=fmt,
        redact=redact,
        lang=lang,
    )
    click.echo(f"wrote {case.path}: {case.title}")
