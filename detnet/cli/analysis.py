"""Commands that question the graph: the revolving door, the timeline, custody, officials,
family reprisals, and network views. Each calls the query a notebook would call.
"""

from __future__ import annotations

import sys

import click

from detnet import api
from detnet.graph import store, summary
from detnet.graph.errors import UsageError
from detnet.graph.export import FORMATS
from detnet.graph.redact import key_map, redact
from detnet.graph.schema import PERSON, node_key, split_key
from detnet.output import json_bytes, one_line, render_rows, to_json, to_table
from detnet.queries import (
    claims,
    custody,
    family,
    institutions,
    network,
    officials,
    revolving,
    timeline,
)

from .base import (
    cli,
    facts_for,
    format_option,
    given_to,
    graph_for,
    graph_option,
    not_the_graph,
    query_options,
    redact_option,
)
from .query import backend_option, rows_of


def echo_rows(rows, columns, fmt: str) -> None:
    # JSON goes out as orjson's bytes: a million orders give 75 MB of rows, which click
    # would otherwise scan for terminal escapes and encode again
    click.echo(json_bytes(list(rows)) if fmt == "json" else render_rows(rows, columns, fmt))


def redacted_with(G, named: list[tuple[str | None, str]]):
    """The redacted graph, and the ids the user gave translated to their pseudonyms.

    An id the redaction leaves alone (an official's, a facility's) stays as given.
    """
    new_keys = key_map(G)
    translated = []
    for label, id in named:
        key = network.resolve_node(G, id if label is None else node_key(label, id))
        translated.append(
            new_keys.get(key, key) if label is None else split_key(new_keys.get(key, key))[1]
        )
    return redact(G), translated


@cli.command("revolving-door")
@graph_option
@query_options(revolving.revolving_door)
@click.option("--by-official", is_flag=True, help="One row per official instead.")
@click.option("--by-institution", is_flag=True, help="One row per issuing body (as given) instead.")
@backend_option
@redact_option
@format_option("table", "json", "csv")
def revolving_door(graph, by_official, by_institution, backend, redact, fmt, **params):
    """Persons released and arrested again: one row per re-arrest.

    An exile counts as a release; a death ends a person's history; house arrest and a
    disappearance are custody, not releases. Rules: docs/analysis.md. Dates are a day, a month, a year or a range (docs/RECORDS.md).
    """
    if by_official and by_institution:
        raise UsageError("--by-official and --by-institution: give one or the other")
    query = revolving.revolving_door
    if by_official:
        query = revolving.rearrests_by_official
    elif by_institution:
        query = revolving.rearrests_by_institution
    rows = rows_of(query, backend, given_to(graph, redact, backend), **params)
    echo_rows(rows, query.columns, fmt)


@cli.command("timeline")
@graph_option
@query_options(timeline.timeline)
@format_option("table", "json", "csv")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also draw the releases-versus-arrests chart to FILE (.png or .svg).",
)
@backend_option
def timeline_command(graph, fmt, plot, backend, **params):
    """Arrests, re-arrests, releases and the number held, per week, month or year.

    A fact falls in the period of its first possible day; `imprecise` counts the orders
    whose date spans more than that day. House arrests, disappearances, exiles and
    deaths have columns of their own (an exile is not counted again as a release).
    --plot draws the claims in the graph (see `detnet reconcile`) on the same axes,
    unless --official or --facility is given.
    """
    if plot is not None and backend != "embedded":
        raise UsageError("--plot: only with the embedded graph (`detnet neo4j pull` first)")
    # The chart's title and claims read the graph; the counts alone, the facts file.
    G = store.open_graph(graph) if plot is not None else graph
    rows = rows_of(timeline.timeline, backend, G, **params)
    if plot is not None:
        period = params["period"]
        title = f"Arrests and releases per {period}"
        filters = timeline.describe_filters(
            G, official=params["official"], facility=params["facility"]
        )
        last = summary.stats(G)["dates"]["last"]
        note = f"Date (records up to {last}; the last {period} may be incomplete)"
        title = f"{title}, {filters}" if filters else title
        # Claims count everyone: drawn only beside counts of everyone.
        claimed = None if filters else claims.reconcile(G, as_known_on=params["as_known_on"])
        if claimed:
            title += ", and the claims announced"
        timeline.plot_timeline(rows, plot, period=period, title=title, note=note, claims=claimed)
        click.echo(one_line(f"chart: {plot}"), err=True)
    echo_rows(rows, timeline.timeline.columns, fmt)


@cli.command("detained-on")
@query_options(custody.detained_on, arguments=("day",))
@graph_option
@backend_option
@redact_option
@format_option("table", "json", "csv")
def detained_on(graph, backend, redact, fmt, **params):
    """Who was held where at the end of DATE, per facility and by name.

    `custody` is `held`, `house_arrest` (at home), `whereabouts_unknown` (after a
    disappearance) or `release_claimed` (a release announced but not verified); an exile
    frees a person, a death ends custody. `from_list` marks a detention that rests on a
    status list. A fact
    counts from its first possible day; a month or a year as DATE means its last day.
    CSV gives the list only.
    """
    G = facts_for(graph, redact, backend)
    rows = rows_of(custody.detained_on, backend, G, **params)
    counts = rows_of(custody.detained_on_by_facility, backend, G, **params)
    if fmt == "json":
        listed = sum(r["from_lists"] for r in counts)
        click.echo(
            to_json(
                {"day": params["day"], "by_facility": counts, "persons": rows, "from_lists": listed}
            )
        )
    elif fmt == "csv":
        echo_rows(rows, custody.detained_on.columns, fmt)
    else:
        echo_rows(counts, custody.detained_on_by_facility.columns, fmt)
        click.echo()
        echo_rows(rows, custody.detained_on.columns, fmt)


@cli.command("reconcile")
@graph_option
@query_options(claims.reconcile)
@backend_option
@redact_option
@format_option("table", "json", "csv")
def reconcile(graph, backend, redact, fmt, **params):
    """Each claim (a count announced without names) next to what the records document.

    documented: persons with a verified release or arrest whose first possible day is
    within the claim's period, or in custody at the end of its as_of day;
    documented_then: the same from the records known on the claim's date. Rules:
    docs/analysis.md.
    """
    G = given_to(graph, redact, backend)
    rows = rows_of(claims.reconcile, backend, G, **params)
    echo_rows(rows, claims.reconcile.columns, fmt)


@cli.command("official")
@query_options(officials.official_profile, arguments=("official",))
@graph_option
@backend_option
@redact_option
@format_option("table", "json")
def official_command(graph, backend, redact, fmt, **params):
    """An official's profile: orders, persons, facilities, re-arrests, co-officials.

    An order counts in the year of its first possible day; first and last order dates
    are shown as stored (a month, a year or a range where that is all the records say).
    """
    G = graph_for(graph, redact, backend)
    official = params["official"]
    profile = rows_of(officials.official_profile, backend, G, **params)
    results = section_rows(G, backend, OFFICIAL_SECTIONS, official=official)
    reference = _reference_lines(graph, official)
    echo_profile(fmt, profile[0], results, OFFICIAL_SECTIONS, reference)


# A profile's sections: title (its key in JSON) -> (heading, query)
OFFICIAL_SECTIONS = {
    "orders_by_year": ("Orders by year", officials.official_orders_by_year),
    "facilities": ("Facilities named in their orders", officials.official_facilities),
    "persons": ("Persons their orders concerned", officials.official_persons),
    "co_officials": ("Officials with orders on the same persons", officials.official_co_officials),
}


@cli.command("institution")
@query_options(institutions.institution_profile, arguments=("institution",))
@graph_option
@backend_option
@redact_option
@format_option("table", "json")
def institution_command(graph, backend, redact, fmt, **params):
    """An institution's profile, its parts included: orders, parts, officials, facilities,
    persons, re-arrests."""
    G = graph_for(graph, redact, backend)
    institution = params["institution"]
    profile = rows_of(institutions.institution_profile, backend, G, **params)
    results = section_rows(G, backend, INSTITUTION_SECTIONS, institution=institution)
    # The re-arrests the profile counts: as claimed releases and the known day say.
    results["rearrests"] = rows_of(revolving.revolving_door, backend, G, **params)
    shown = {"rearrests": REARREST_COLUMNS}  # of the revolving door's columns
    echo_profile(fmt, profile[0], results, INSTITUTION_SECTIONS, columns=shown)


INSTITUTION_SECTIONS = {
    "parts": ("The institution and its parts", institutions.institution_parts),
    "officials": ("Officials who belong to it or to a part", institutions.institution_officials),
    "facilities": ("Facilities it or a part runs", institutions.institution_facilities),
    "persons": ("Persons its orders concerned", institutions.institution_persons),
    "rearrests": ("Re-arrests it or a part issued", revolving.revolving_door),
}


def section_rows(G, backend: str, sections: dict, **key) -> dict[str, list]:
    """The rows of a profile's sections that take only the profiled record's id."""
    return {
        title: rows_of(query, backend, G, **key)
        for title, (_, query) in sections.items()
        if {p.name for p in query.params()} == set(key)
    }


def echo_profile(
    fmt: str,
    profile: dict,
    results: dict[str, list],
    sections: dict[str, tuple],
    reference: list[str] | None = None,
    columns: dict[str, tuple[str, ...]] | None = None,
) -> None:
    """A profile command's output: its one row as field/value pairs (and the reference
    lists' lines that name it), then each section's rows under its heading, in its
    query's columns (or those `columns` gives); in JSON, one object."""
    if fmt == "json":
        more = {} if reference is None else {"reference": reference}
        click.echo(to_json({"profile": profile, **results, **more}))
        return
    pairs = [{"field": k, "value": v} for k, v in profile.items()]
    pairs += [{"field": "reference", "value": line} for line in reference or ()]
    click.echo(to_table(pairs, ["field", "value"]))
    for title, rows in results.items():
        heading, query = sections[title]
        click.echo(f"\n{heading}")
        echo_rows(rows, (columns or {}).get(title, query.columns), fmt)


# The revolving-door columns an institution's profile shows in a table.
REARREST_COLUMNS = ("person_id", "person_name", "release_date", "rearrest_date", "days_free",
                    "official_id", "institution_id", "release_conditions")  # fmt: skip


@cli.command("release-conditions")
@graph_option
@query_options(revolving.rearrest_conditions_by_official)
@click.option("--by-institution", is_flag=True, help="One row per issuing body instead.")
@backend_option
@redact_option
@format_option("table", "json", "csv")
def release_conditions(graph, by_institution, backend, redact, fmt, **params):
    """Of the re-arrested, how many had been released under a gag order or a reporting
    regime: one row per official who ordered the re-arrest (or per issuing body).

    The conditions are those of the release each re-arrest followed (coded from the
    order's `conditions`: docs/RECORDS.md). Filters and rules as `revolving-door`.
    """
    query = revolving.rearrest_conditions_by_official
    if by_institution:
        query = revolving.rearrest_conditions_by_institution
    rows = rows_of(query, backend, given_to(graph, redact, backend), **params)
    echo_rows(rows, query.columns, fmt)
    if fmt == "table" and rows:
        under = sum(r["after_gag_order_or_reporting"] for r in rows)
        total = sum(r["rearrests"] for r in rows)
        click.echo(
            f"\n{under} of {total} re-arrests followed a release under a gag order or a "
            "reporting regime"
        )


def _reference_lines(graph, official: str) -> list[str]:
    """ "sanctioned by: ..." lines of the reference entities judged the same as the
    official, from the table beside the graph file (officials are never redacted)."""
    from detnet.graph.reference import attach, read_reference
    from detnet.graph.store import new_graph
    from detnet.queries.reference import sanction_lines

    key = f"Official:{official}"
    return sanction_lines(attach(new_graph(), read_reference(graph)), key)


@cli.command("family-reprisals")
@graph_option
@query_options(family.family_reprisals)
@backend_option
@redact_option
@format_option("table", "json", "csv")
def family_reprisals(graph, backend, redact, fmt, **params):
    """Relatives arrested within DAYS after a person's own arrest or release."""
    G = graph_for(graph, redact, backend)
    rows = rows_of(family.family_reprisals, backend, G, **params)
    echo_rows(rows, family.family_reprisals.columns, fmt)


@cli.command("custody-gaps")
@graph_option
@query_options(custody.custody_gaps)
@backend_option
@redact_option
@format_option("table", "json", "csv")
def custody_gaps(graph, backend, redact, fmt, **params):
    """Custody with whereabouts unknown, longest first: possible enforced disappearance.

    A gap opens with an arrest or transfer naming no facility, a disappearance, or a
    list entry saying whereabouts unknown (or held at no facility while none is known).
    Days run between first possible days: a gap opened in `2024-03` counts from 1 March.
    A facility, house arrest, a verified release or exile, or a death closes it.
    """
    G = given_to(graph, redact, backend)
    rows = rows_of(custody.custody_gaps, backend, G, **params)
    echo_rows(rows, custody.custody_gaps.columns, fmt)


@cli.command("rank")
@click.argument("what", type=click.Choice(["officials"]))
@graph_option
@query_options(network.rank_officials)
@format_option("table", "json", "csv")
def rank(what, graph, by, limit, fmt):
    """Rank officials by re-arrests, orders, persons affected or betweenness."""
    rows = network.rank_officials(graph, by=by, limit=limit)
    echo_rows(rows, network.rank_officials.columns, fmt)


@cli.command("path")
@query_options(network.shortest_path, arguments=("person_a", "person_b"))
@graph_option
@backend_option
@redact_option
@format_option("chain", "table", "json", "csv", default="chain")
def path(person_a, person_b, graph, backend, redact, fmt):
    """The shortest connection between two persons (family, orders, officials, facilities)."""
    G = graph_for(graph, False, backend)
    if redact:
        # The persons are named by their real ids; the path is found and shown redacted.
        G, (person_a, person_b) = redacted_with(G, [(PERSON, person_a), (PERSON, person_b)])
    rows = rows_of(network.shortest_path, backend, G, person_a=person_a, person_b=person_b)
    if not rows and fmt in ("chain", "table"):
        click.echo(f"no connection between {person_a!r} and {person_b!r}")
    elif fmt == "chain":
        click.echo(network.format_chain(rows))
    else:
        echo_rows(rows, network.shortest_path.columns, fmt)


@cli.command("ego")
@query_options(network.ego_nodes, arguments=("node",))
@graph_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the subgraph to FILE as a detnet graph, instead of listing its nodes.",
)
@redact_option
@format_option("table", "json", "csv")
def ego(node, graph, hops, out, redact, fmt):
    """The neighbourhood of a node (a key like Person:P1, or a bare id) within N hops."""
    G = store.open_graph(graph)
    if redact:
        G, (node,) = redacted_with(G, [(None, node)])
    if out is None:
        echo_rows(network.ego_nodes(G, node=node, hops=hops), network.ego_nodes.columns, fmt)
        return
    not_the_graph(out, graph, "--out")
    H = network.ego(G, node=node, hops=hops)
    with store.locked(out):
        store.write_graph(H, out)
    click.echo(f"wrote {out}: {H.number_of_nodes()} nodes, {H.number_of_edges()} relationships")


@cli.command("export")
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="graphml or gexf for Gephi, igraph and others; json is the store's own format; "
    "ftm: FollowTheMoney entities for Aleph (needs detnet[ftm]).",
)
@click.option("--ego", metavar="ID", help="Only the neighbourhood of this node.")
@click.option("--hops", type=int, metavar="N", help="With --ego: how many hops [default: 2].")
@click.option(
    "--out", type=click.Path(dir_okay=False), metavar="FILE", help="[default: standard output]"
)
@redact_option
def export(graph, fmt, ego, hops, out, redact):
    """Export the graph (or a neighbourhood) for other graph tools; lists joined with ';'."""
    if out is None:
        sys.stdout.flush()
        api.export(graph, out=sys.stdout.buffer, format=fmt, ego=ego, hops=hops, redact=redact)
        sys.stdout.buffer.flush()
        return
    not_the_graph(out, graph, "--out")
    api.export(graph, out=out, format=fmt, ego=ego, hops=hops, redact=redact)
    click.echo(f"wrote {out}", err=True)
