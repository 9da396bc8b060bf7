"""Commands over records and the embedded store: load, stats, generate, demo."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from detnet import api
from detnet.graph.errors import UsageError
from detnet.graph.summary import stats as count
from detnet.loaders.load import LoadReport, StrictAbort
from detnet.output import one_line, to_json, to_table

from .base import cli, format_option, graph_option, progress_bar

SHOWN_REJECTIONS = 20


def _counts(counter) -> str:
    return ", ".join(f"{label} {n}" for label, n in sorted(counter.items())) or "none"


def print_report(report: LoadReport) -> None:
    print_passed_over(report)
    if report.graph:
        click.echo(one_line(f"graph: {report.graph}"))
    click.echo(f"added: {_counts(report.added)}")
    click.echo(f"unchanged: {_counts(report.unchanged)}")
    click.echo(f"replaced: {_counts(report.replaced)}")
    click.echo(rejected_line(report))


def print_passed_over(report: LoadReport) -> None:
    """On stderr, what a load did not take: the files it ignored, the rows it rejected."""
    # Each line one line, whatever a file name or a record holds (see `one_line`).
    for ignored in report.ignored:
        click.echo(one_line(f"ignored: {ignored} (not a record file)"), err=True)
    print_rejections(report)


def rejected_line(report: LoadReport) -> str:
    line = f"rejected: {len(report.rejections)}"
    if report.rejects_file:
        line += f" (rows and reasons in {report.rejects_file})"
    return one_line(line)


def print_rejections(report: LoadReport) -> None:
    for rejection in report.rejections[:SHOWN_REJECTIONS]:
        click.echo(one_line(f"rejected: {rejection}"), err=True)
    if len(report.rejections) > SHOWN_REJECTIONS:
        more = len(report.rejections) - SHOWN_REJECTIONS
        line = f"rejected: ... and {more} more, all in {report.rejects_file}"
        click.echo(one_line(line), err=True)


# The options `load` and `load-list` share: one rule for rejected rows.
strict_option = click.option(
    "--strict", is_flag=True, help="Any rejected row aborts the load; nothing is written."
)
rejects_option = click.option(
    "--rejects",
    type=click.Path(dir_okay=False),
    help="Where rejected rows go, as JSON Lines [default: beside the graph, *.rejects.jsonl].",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@graph_option
@strict_option
@click.option(
    "--replace", is_flag=True, help="Overwrite records whose id exists with other values."
)
@rejects_option
def load(paths, graph, strict, replace, rejects):
    """Load record files (a directory, .csv or .jsonl) into the graph.

    Exit status: 0 all loaded; 1 some rows rejected, the rest loaded; 2 nothing
    could be loaded (unreadable input, --strict abort).
    """
    run_load(api.load, *paths, graph=graph, strict=strict, replace=replace, rejects=rejects)


@cli.command()
@graph_option
@format_option("table", "json")
def stats(graph, fmt):
    """Count what the graph holds: nodes, relationships, orders, dates."""
    click.echo(format_stats(api.stats(graph), fmt))


def format_stats(result: dict, fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    rows = [{"what": f"nodes {k}", "count": v} for k, v in result["nodes"].items()]
    rows += [{"what": f"relationships {k}", "count": v} for k, v in result["relationships"].items()]
    rows += [
        {"what": f"orders kind={k}", "count": v} for k, v in result["orders"]["by_kind"].items()
    ]
    rows += [
        {"what": f"orders status={k}", "count": v} for k, v in result["orders"]["by_status"].items()
    ]
    table = to_table(rows, ["what", "count"])
    dates = result["dates"]
    return f"{table}\norder dates: {dates['first'] or '-'} to {dates['last'] or '-'}"


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--persons", type=click.IntRange(min=1), required=True, help="How many persons.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same records.")
@click.option(
    "--lists",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="MONTHS",
    help="Write a group's monthly status lists for the last MONTHS months, and only the part "
    "of the orders the group recorded (the lists reveal the rest).",
)
@click.option(
    "--rosters",
    is_flag=True,
    help="With --lists: write each list as a roster for `detnet load-list` (rosters/*.csv).",
)
@click.option(
    "--imprecise",
    type=click.FloatRange(0, 1),
    default=0,
    show_default=True,
    metavar="SHARE",
    help="Write this share of order dates and birth dates as people do: a month, a year, "
    "a range, approximately, in words.",
)
@click.option(
    "--duplicates",
    type=click.FloatRange(0, 1),
    default=0.0,
    metavar="SHARE",
    help="Also record this share of persons a second time, as another group would "
    "(other ids and spellings), with homonyms; the truth in .truth-duplicates.csv.",
)
def generate(out_dir, persons, seed, lists, rosters, imprecise, duplicates):
    """Write synthetic records (invented names) for PERSONS persons into OUT_DIR."""
    if rosters and not lists:
        raise UsageError("--rosters: only with --lists (the lists are what rosters hold)")
    counts = api.generate(
        out_dir,
        persons,
        seed,
        lists=lists,
        rosters=rosters,
        imprecise=imprecise,
        duplicates=duplicates,
    )
    click.echo(f"wrote {out_dir}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@cli.command()
@click.option(
    "--graph",
    type=click.Path(dir_okay=False),
    help="Keep the demo graph in this file [default: a temporary folder].",
)
def demo(graph):
    """Load the bundled samples and show what detnet finds in them.

    Prints what was loaded, who ordered the re-arrests, the seed article's claims
    against what its sample documents, and where the interactive graph of the
    revolving door was written.
    """
    from detnet.casefile import DEMO_DOSSIER, dossier
    from detnet.queries.revolving import rearrests_by_official
    from detnet.viz import write_demo

    folder = (
        Path(graph).resolve().parent if graph else Path(tempfile.mkdtemp(prefix="detnet-demo-"))
    )
    graph = graph or str(folder / "demo-graph.json")
    for sample in ("seed-article", "synthetic"):
        report = api.load(api.sample_path(sample), graph=graph)
        click.echo(f"loaded sample {sample}: added {_counts(report.added)}")
    click.echo(f"graph: {graph}")
    G = api.open_graph(graph)
    click.echo("")
    click.echo(format_stats(count(G), "table"))
    rows = rearrests_by_official(G)
    total = sum(r["rearrests"] for r in rows)
    click.echo("")
    click.echo(f"The revolving door: {total} re-arrests after a verified release, by official")
    click.echo(to_table(rows, rearrests_by_official.columns))
    click.echo("")
    click.echo(claims_against_the_sample())
    html = write_demo(G, folder)
    click.echo("")
    click.echo(f"interactive graph: {html}")
    click.echo("open it in a browser: it works offline and loads nothing from the network")
    if rows and rows[0]["official_id"] is not None:
        case = dossier(G, official=rows[0]["official_id"], out=folder / DEMO_DOSSIER)
        click.echo(f"case file of the official with the most re-arrests: {case.path}")


def claimed(row: dict) -> str:
    """A claim's figure as announced: `170`, `130-150`, `201 or more`.

    >>> claimed({"count_min": 201, "count_max": None}), claimed({"count_min": 130, "count_max": 150})
    ('201 or more', '130-150')
    """
    low, high = row["count_min"], row["count_max"]
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}-{high}"


def claims_against_the_sample() -> str:
    """The seed article's claims next to what its sample documents, and what that means."""
    from detnet.queries.claims import reconcile

    rows = [{**r, "claimed": claimed(r)} for r in reconcile(api.load_sample("seed-article"))]
    columns = ["claim_id", "date", "claimant", "kind", "claimed", "documented"]
    columns += ["documented_then", "gap"]
    return "\n".join(
        [
            "The seed article's claims against its sample (detnet reconcile):",
            to_table(rows, columns),
            "The sample holds only the few named persons the article mentions (one release,",
            "one arrest), so the gap shown is the gap in the sample, not a finding.",
        ]
    )


# Rosters: one list as a group publishes it (docs/RECORDS.md, "Rosters").


@cli.command("load-list")
@click.argument("file", type=click.Path())
@click.option(
    "--as-of", required=True, metavar="DATE", help="The list's day: who was held on that day."
)
@click.option(
    "--source", required=True, metavar="ID", help="The id of the source that published the list."
)
@click.option(
    "--source-title",
    metavar="TEXT",
    help="Create the source with this title when the graph does not hold it.",
)
@click.option(
    "--status",
    metavar="STATUS",
    help="The status of rows that give none [default: detained]; Spanish words are accepted.",
)
@graph_option
@strict_option
@click.option(
    "--replace", is_flag=True, help="Overwrite a status or arrest of this list loaded before."
)
@rejects_option
def load_list(file, as_of, source, source_title, status, graph, strict, replace, rejects):
    """Load a roster (.csv or .jsonl): one row per person a source listed on one day.

    Each row becomes a person (found by its id, else by national id, else new), a
    status on the list's day, and with a detention date, an arrest. Exit status as
    for `detnet load`: 0 all loaded; 1 some rows rejected; 2 nothing could be loaded.
    """
    run_load(
        api.load_list,
        file,
        as_of=as_of,
        source=source,
        source_title=source_title,
        status=status,
        graph=graph,
        strict=strict,
        replace=replace,
        rejects=rejects,
    )


def run_load(load, *args, **options) -> None:
    """Run `detnet load` or `load-list`: print the report (under `--strict`, the rows that
    stopped it), and leave with the report's exit status."""
    try:
        report = load(*args, progress=progress_bar, **options)
    except StrictAbort as abort:
        print_rejections(abort.report)
        raise
    print_report(report)
    click.get_current_context().exit(report.exit_code)
