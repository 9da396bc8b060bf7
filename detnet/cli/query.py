"""`detnet query list|show|run`: the saved Cypher queries, on either engine."""

from __future__ import annotations

import click

from detnet.graph.errors import UsageError
from detnet.graph.redact import renamed_id
from detnet.output import render_rows, to_json, to_table
from detnet.queries import registry

from .base import cli, format_option, given_to, graph_option, redact_option
from .neo4j import quiet_driver

backend_option = click.option(
    "--backend",
    type=click.Choice(registry.BACKENDS),
    default="embedded",
    show_default=True,
    help="The graph file (networkx) or the Neo4j server in NEO4J_URI (Cypher).",
)


def rows_of(query, backend: str, graph, **params):
    """A saved query's rows: its networkx twin over `graph`, or its Cypher on the Neo4j
    server in the environment (see `registry.run`). The same rows either way."""
    if backend == "neo4j":
        quiet_driver()
    params = renamed_ids(graph, query.params(), params)
    return registry.run(query.name, params, backend=backend, graph=graph)


def renamed_ids(graph, declared, values: dict) -> dict:
    """The values, with each id of a record that a redacted graph renamed (a person,
    an official whose id holds a name) translated to its id there."""
    labels = {p.name: p.label for p in declared if p.label}
    return {
        name: renamed_id(graph, labels[name], value) if name in labels else value
        for name, value in values.items()
    }


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`NAME=VALUE` pairs as a dict; the value is typed later, by the query's header.

    >>> parse_params(("official=F1", "max_days=30"))
    {'official': 'F1', 'max_days': '30'}
    """
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--param: expected NAME=VALUE, not {pair!r}")
        if name in values:
            raise UsageError(f"--param: {name} is given twice")
        values[name] = value
    return values


def describe_params(q: registry.SavedQuery) -> str:
    return ", ".join(
        f"{p.name}: {p.type}" + ("" if p.required else f" = {_literal(p.default)}")
        for p in q.params
    )


def _literal(value: object) -> str:
    return (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


@cli.group("query")
def query_group() -> None:
    """Saved Cypher queries (queries/*.cypher), each with a networkx twin.

    Each runs on the embedded graph (its networkx twin) or on Neo4j (its Cypher),
    with the same rows. Parameters are checked against the query's header before
    anything runs.
    """


@query_group.command("list")
@format_option("table", "json")
def list_queries(fmt):
    """The saved queries, their parameters and what they find."""
    rows = [
        {"name": q.name, "parameters": describe_params(q), "description": q.description}
        for q in registry.saved_queries().values()
    ]
    if fmt == "json":
        click.echo(to_json(rows))
        return
    for row in rows:  # the description is too long for a table column
        row["description"] = row["description"].split(". ")[0].rstrip(".")
    click.echo(to_table(rows, ["name", "parameters", "description"]))


@query_group.command()
@click.argument("name")
def show(name):
    """Print a saved query's file: paste its `:params` line, then the query, into Neo4j Browser."""
    click.echo(registry.query(name).cypher.rstrip("\n"))


@query_group.command()
@click.argument("name")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the query (repeat for more); see `detnet query list`.",
)
@backend_option
@graph_option
@redact_option
@format_option("table", "json", "csv")
def run(name, params, backend, graph, redact, fmt):
    """Run a saved query: `detnet query run revolving_door --param max_days=30`.

    With --redact the query runs on the redacted graph: a person parameter is then a
    pseudonymous id, as shown by an earlier redacted result.
    """
    if backend == "neo4j":
        quiet_driver()
    values = parse_params(params)
    graph = given_to(graph, redact, backend)
    values = renamed_ids(graph, registry.query(name).params, values)
    rows = registry.run(name, values, backend=backend, graph=graph)
    click.echo(render_rows(rows, rows.columns, fmt))
