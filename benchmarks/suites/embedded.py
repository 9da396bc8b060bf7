"""The embedded store: `detnet load` against the floor, opening the graph (again, and
the first time, when the schema's checks run), the revolving-door query against
DuckDB, and the whole CLI call; with `--before`, load and open as they were at an
earlier revision."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from detnet.graph.store import facts_path

from benchmarks.harness import (
    Dataset,
    Figure,
    Results,
    checkout,
    compare_rows,
    fmt,
    per_second,
    run_child,
    task,
)
from benchmarks.tasks import ROW_KEY

# The figures targets (and the Neo4j suite) read by name.
LOAD = "load: detnet load"
LOAD_RSS = "load: peak RSS"
REVOLVING_DOOR = "revolving door: networkx query"
CLI = "CLI: detnet revolving-door --format json"
CLI_FIRST = "CLI: the first call after a write (facts file built)"
DUCKDB_PROCESS = "CLI reference: a DuckDB process answering from its database file"
OPEN_FACTS = "open for an order query: the facts file"


def networkx_rows(work: Path, size: str) -> Path:
    """The networkx query's rows at `size`: the reference's rows are compared to them."""
    return work / f"rows-{size}-networkx.json"


def measure(ds: Dataset, args, results: Results, detnet: list[str], work: Path) -> Path:
    """Load against the floor, opening, the revolving door against DuckDB, the CLI call.
    Returns the graph file, for the suites that follow."""
    size, graph = ds.label, work / f"graph-{ds.label}.json"
    loads = []
    for _ in range(args.repeat):
        graph.unlink(missing_ok=True)
        loads.append(run_child([*detnet, "load", str(ds.folder), "--graph", str(graph)]))
    floors = [task("floor", ds.folder) for _ in range(args.repeat)]
    floor_s = results.add(
        size, "load floor: csv.reader + networkx add_*_from", "s", [r.seconds for r in floors]
    )
    floor_rss = results.add(size, "load floor: peak RSS", "MB", [r.rss_mb for r in floors])
    load_s = results.add(size, LOAD, "s", [r.seconds for r in loads], floor_s)
    floor_rate = Figure(size, "floor rows/s", "rows/s", per_second(ds.rows, floor_s.values))
    results.add(size, "load: rows/s", "rows/s", per_second(ds.rows, load_s.values), floor_rate)
    load_rss = results.add(size, LOAD_RSS, "MB", [r.rss_mb for r in loads], floor_rss)

    opens = [task("open", graph) for _ in range(args.repeat)]
    shape, floor_shape = opens[0].result, floors[0].result
    if (shape["nodes"], shape["edges"]) != (floor_shape["nodes"], floor_shape["edges"]):
        results.checks.append(
            f"{size}: NOT THE SAME GRAPH: the floor built {floor_shape['nodes']} nodes and "
            f"{floor_shape['edges']} edges, detnet {shape['nodes']} and {shape['edges']}"
        )
    note = (
        f"{shape['nodes']:,} nodes, {shape['edges']:,} edges, {graph.stat().st_size / 1e6:,.0f} MB"
    )
    opened = results.add(
        size, "open graph: read_graph", "s", [r.result["seconds"] for r in opens], note=note
    )
    results.add(size, "open graph: peak RSS", "MB", [r.rss_mb for r in opens])
    # The first open of bytes not seen before runs the schema's checks; later ones not.
    unchecked = {**os.environ, "DETNET_CACHE": ""}
    firsts = [task("open", graph, env=unchecked) for _ in range(args.repeat)]
    results.add(
        size,
        "open graph: first time (schema checks run)",
        "s",
        [r.result["seconds"] for r in firsts],
        opened,
    )
    if args.before:
        measure_before(ds, args, results, work, load_s, load_rss, opened)

    nx_rows, duck_rows = networkx_rows(work, size), work / f"rows-{size}-duckdb.json"
    query = task("revolving", graph, nx_rows, args.repeat).result
    duck = task("duckdb", ds.folder, duck_rows, args.repeat).result
    note = f"{duck['threads']} threads; reading orders.csv took {fmt(duck['read_s'])} s more"
    duck_s = results.add(
        size, "revolving door: DuckDB SQL (window functions)", "s", duck["runs"], note=note
    )
    results.add(
        size,
        REVOLVING_DOOR,
        "s",
        query["runs"],
        duck_s,
        note=f"{query['rows']:,} rows; graph already open",
    )
    results.checks.append(
        f"{size}: revolving door, networkx vs DuckDB: " + compare_rows(nx_rows, duck_rows)
    )
    # The first call after a write reads the graph and keeps its facts (queries/ledger.py);
    # every later call opens the facts file instead.
    call = [*detnet, "revolving-door", "--format", "json", "--graph", str(graph)]
    firsts = []
    for _ in range(args.repeat):
        facts_path(graph).unlink(missing_ok=True)
        firsts.append(run_child(call))
    # The same question from a process of DuckDB's, answering from its own database file;
    # the two in turn, so that a drift of the shared machine's speed reaches both.
    database = work / f"duckdb-{size}.duckdb"
    made = task("duckdb-database", ds.folder, database).result
    calls, answers = [], []
    for _ in range(args.repeat):
        calls.append(run_child(call))
        answers.append(task("duckdb-answer", database))
    kept = facts_path(graph).stat().st_size / 1e6
    duck_process = results.add(
        size,
        DUCKDB_PROCESS,
        "s",
        [r.seconds for r in answers],
        note=f"start, open its database file ({made['bytes'] / 1e6:,.0f} MB), query, print",
    )
    opens = [task("open-facts", graph) for _ in range(args.repeat)]
    results.add(
        size,
        OPEN_FACTS,
        "s",
        [r.result["seconds"] for r in opens],
        note=f"read and checked, {kept:,.0f} MB; each query then makes the facts it walks",
    )
    cli_s = results.add(
        size,
        CLI,
        "s",
        [r.seconds for r in calls],
        duck_process,
        note=f"start, open the facts file ({kept:,.0f} MB), query, print",
    )
    results.add(
        size,
        CLI_FIRST,
        "s",
        [r.seconds for r in firsts],
        cli_s,
        note="start, open the graph, read and keep its facts, query, print",
    )
    cli_rows = work / f"rows-{size}-cli.json"
    cli_rows.write_text(json.dumps([[r[k] for k in ROW_KEY] for r in json.loads(calls[-1].stdout)]))
    results.checks.append(
        f"{size}: revolving door, the CLI from the facts file vs networkx: "
        + compare_rows(cli_rows, nx_rows)
    )
    process_rows = work / f"rows-{size}-duckdb-process.json"
    answered = json.loads(answers[-1].stdout.splitlines()[0])
    process_rows.write_text(json.dumps([[r[k] for k in ROW_KEY] for r in answered]))
    results.checks.append(
        f"{size}: revolving door, DuckDB's process vs the CLI: "
        + compare_rows(process_rows, cli_rows)
    )
    return graph


def measure_before(ds: Dataset, args, results, work: Path, load_s, load_rss, opened) -> None:
    """`detnet load` and opening the graph as they were at git revision `--before`."""
    size, graph = ds.label, work / f"graph-{ds.label}-before.json"
    command = [sys.executable, "-c", "from detnet.cli import main; main()"]
    with checkout(args.before) as env:
        loads = []
        for _ in range(args.repeat):
            graph.unlink(missing_ok=True)
            loads.append(run_child([*command, "load", str(ds.folder), "--graph", str(graph)], env))
        opens = [task("open", graph, env=env) for _ in range(args.repeat)]
    graph.unlink(missing_ok=True)
    before = f"before ({args.before})"
    old_s = results.add(size, f"{before}: detnet load", "s", [r.seconds for r in loads])
    old_rss = results.add(size, f"{before}: load peak RSS", "MB", [r.rss_mb for r in loads])
    old_open = results.add(size, f"{before}: open graph", "s", [r.result["seconds"] for r in opens])
    load_s.note = f"{fmt(old_s.median / load_s.median)}x faster than before"
    load_rss.note = f"{fmt(old_rss.median / load_rss.median)}x less than before"
    opened.note += f"; {fmt(old_open.median / opened.median)}x faster than before"
