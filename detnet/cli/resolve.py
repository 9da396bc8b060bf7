"""`detnet resolve`: candidates by machine, judgements by people (RECORDS.md, C)."""

from __future__ import annotations

import click

from detnet.graph import store
from detnet.graph.reference import PREFIX as REFERENCE
from detnet.graph.schema import split_key
from detnet.loaders.judge import record_judgement
from detnet.output import render_rows, to_table
from detnet.queries import resolve as resolution
from detnet.queries.events import Clusters

from .base import cli, format_option, graph_option, query_options, redact_option


@cli.group("resolve")
def resolve_group() -> None:
    """The same person (official, facility, institution) recorded twice.

    The machine proposes pairs with its reasons (`candidates`, `review`); people
    decide (`judge`, `review`), and each decision is a judgement record in the graph.
    Records judged the same count as one in every query; nothing is ever merged in
    the records themselves. Rules: docs/RECORDS.md.
    """


def _redacted(G, rows: list[dict], keys: tuple[str, ...], names: tuple[str, ...]) -> list[dict]:
    """Rows with node keys and ids replaced by their pseudonyms, and names by what the
    redacted graph calls each record (a person's pseudonym; an official's name)."""
    from detnet.graph.redact import key_map, redact

    new_keys, R = key_map(G), redact(G)

    def key(k):
        return new_keys.get(k, k)

    out = []
    for row in rows:
        row = dict(row)
        label = row.get("label")
        for name in keys:
            value = row.get(name)
            if isinstance(value, list):
                row[name] = [split_key(key(f"{label}:{v}"))[1] for v in value]
            elif value is not None and ":" in value:
                row[name] = key(value)
            elif value is not None:
                row[name] = split_key(key(f"{label}:{value}"))[1]
        for name, source in zip(names, keys, strict=False):
            value = row.get(source)
            if isinstance(value, list):
                row[name] = [R.nodes[f"{label}:{v}"].get("name") for v in value]
            elif value is not None:
                k = value if ":" in value else f"{label}:{value}"
                row[name] = R.nodes[k].get("name")
        if "by" in row:
            row["by"] = None  # who judged: dropped by the schema's policy
        out.append(row)
    return out


@resolve_group.command("candidates")
@graph_option
@query_options(resolution.candidates)
@click.option(
    "--against",
    metavar="FILE|reference",
    help="Match officials and institutions against FtM entities instead: a file of them "
    "(JSON Lines), or `reference`, those imported beside the graph (detnet import-ftm).",
)
@redact_option
@format_option("table", "json", "csv")
def candidates_command(graph, against, redact, fmt, **params):
    """Pairs of records that may be one, not yet judged, best first, with their reasons.

    Equal national ids score 1; two different national ids or birth dates never reach
    the default --min-score; a name alone never scores 1. With --against, the pairs
    are an official (or institution) and a reference entity (docs/ftm.md).
    """
    G = store.open_graph(graph)
    if against is not None:
        click.echo(_against(G, against, fmt, **params))
        return
    rows = resolution.candidates(G, **params)
    if redact:
        rows = _redacted(G, rows, ("left", "right"), ("left_name", "right_name"))
    click.echo(render_rows(rows, resolution.CANDIDATE_COLUMNS, fmt))


def _against(G, against: str, fmt: str, label=None, **params) -> str:
    """`candidates --against`: redaction needs nothing here (officials, institutions and
    public entities are never redacted)."""
    from detnet.graph.errors import UsageError
    from detnet.loaders.ftm import table_of_file
    from detnet.queries import reference

    if label not in (None, *reference.LABELS):
        raise UsageError("--label: with --against, Official or Institution")
    table = None if against == "reference" else table_of_file(against)
    rows = reference.candidates_against(G, table, label=label, **params)
    return render_rows(rows, reference.COLUMNS, fmt)


@resolve_group.command("judge")
@click.argument("left")
@click.argument("right")
@click.argument("judgement", metavar="same|different|unsure")
@graph_option
@click.option("--by", metavar="NAME", help="Who judged (dropped by --redact).")
@click.option("--notes", metavar="TEXT", help="Why (dropped by --redact and by exports' ties).")
def judge(left, right, judgement, graph, by, notes):
    """Record that LEFT and RIGHT (node keys, or ids) are the same record, or not.

    One of them may be a reference entity, `Reference:<id>` (detnet import-ftm): the
    judgement is then kept beside the graph with the reference entities.

    The judgement is written into the graph at once, atomically, with the time it was
    made: the latest judgement on a pair wins. Spanish works too (mismo, distinto,
    dudoso).
    """
    if any(k.startswith(REFERENCE) for k in (left, right)):
        from detnet.loaders.ftm import record_reference_judgement

        found = record_reference_judgement(left, right, judgement, graph=graph, by=by, notes=notes)
    else:
        found = record_judgement(left, right, judgement, graph=graph, by=by, notes=notes)
    verb = "replaced the judgement on" if found.replaced else "judged"
    click.echo(f"{verb} {found.left} and {found.right}: {found.judgement}")


ANSWERS = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "q": "quit"}


@resolve_group.command("review")
@graph_option
@query_options(resolution.candidates)
@click.option("--by", metavar="NAME", help="Who is judging, recorded with each answer.")
def review(graph, by, **params):
    """Walk the candidates in the terminal: same, different, unsure, skip or quit.

    Each pair is shown side by side, with the orders and list entries of both records.
    Each answer is saved into the graph at once (as `resolve judge` does): the review
    can be stopped, or killed, at any moment and nothing answered is lost. Pairs that
    earlier answers settled (now in one cluster) are passed over.
    """
    path = store.graph_path(graph)
    G = store.read_graph(path)
    rows = resolution.candidates(G, **params)
    if not rows:
        click.echo("no candidates: nothing to review")
        return
    answered = 0
    for number, row in enumerate(rows, start=1):
        clusters = Clusters.of(G)
        label, left, right = row["label"], row["left"], row["right"]
        if clusters.of_id(label, split_key(left)[1]) == clusters.of_id(label, split_key(right)[1]):
            continue
        click.echo(_side_by_side(G, row, number, len(rows)))
        answer = _ask()
        if answer == "quit":
            break
        if answer == "skip":
            continue
        found = record_judgement(left, right, answer, graph=path, by=by)
        record_judgement(left, right, answer, graph=G, by=by, at=found.at)
        answered += 1
        click.echo(f"saved: {left} {answer} {right}")
    click.echo(f"{answered} judgement{'s' if answered != 1 else ''} saved in {path}")


def _ask() -> str:
    while True:
        try:
            given = click.prompt(
                "same, different, unsure, skip or quit? [s/d/u/k/q]",
                default="k",
                show_default=False,
            )
        except click.Abort:  # end of input: as quit
            click.echo()
            return "quit"
        answer = ANSWERS.get(given.strip().lower()[:1])
        if answer is not None:
            return answer
        click.echo("answer s, d, u, k or q")


def _side_by_side(G, row: dict, number: int, total: int) -> str:
    left, right = resolution.record_sheet(G, row["left"]), resolution.record_sheet(G, row["right"])
    fields = list(dict.fromkeys([*left[0], *right[0]]))
    table = [
        {"field": f, row["left"]: left[0].get(f), row["right"]: right[0].get(f)} for f in fields
    ]
    lines = [
        "",
        f"[{number}/{total}] score {row['score']}: " + "; ".join(row["reasons"]),
        to_table(table, ["field", row["left"], row["right"]]),
    ]
    for key, (_, facts) in ((row["left"], left), (row["right"], right)):
        lines.append(
            f"\n{key}: {len(facts)} order{'s' if len(facts) != 1 else ''} and list entries"
        )
        if facts:
            lines.append(to_table(facts, ["date", "kind", "status", "by", "facility", "id"]))
    return "\n".join(lines)


@resolve_group.command("clusters")
@graph_option
@click.option(
    "--label",
    type=click.Choice(resolution.LABELS),
    help="Only clusters of this label.",
)
@redact_option
@format_option("table", "json", "csv")
def clusters_command(graph, label, redact, fmt):
    """The records judged the same, one row per cluster (conflicts marked)."""
    G = store.open_graph(graph)
    rows = resolution.clusters(G, label=label)
    if redact:
        rows = _redacted(G, rows, ("ids", "canonical_id"), ("names",))
    click.echo(render_rows(rows, resolution.CLUSTER_COLUMNS, fmt))


@resolve_group.command("check")
@graph_option
@redact_option
@format_option("table", "json", "csv")
def check(graph, redact, fmt):
    """Conflicts: records judged the same that a `different` judgement keeps apart.

    Exit status 1 when there is one: its records are not merged until a judgement
    changes (`resolve judge` on the pair that is wrong).
    """
    G = store.open_graph(graph)
    rows = resolution.conflicts(G)
    if redact:
        rows = _redacted(G, rows, ("ids", "left", "right"), ())
    if not rows:
        click.echo("no conflicts" if fmt == "table" else render_rows(rows, (), fmt))
        return
    click.echo(render_rows(rows, resolution.CONFLICT_COLUMNS, fmt))
    click.get_current_context().exit(1)
