"""One measurement per process: `python -m benchmarks.tasks NAME ARG...`.

Each task prints one JSON object on its last line of output. The suites start each in
its own process (`benchmarks.harness.task`), so that the peak RSS read with `os.wait4`
belongs to that measurement alone. A task leaves with `os._exit`: freeing a graph of a
million orders takes seconds that no figure here should include.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
REVOLVING_SQL = HERE / "revolving_door.sql"
LISTS_SQL = HERE / "revolving_door_lists.sql"  # with status lists and imprecise dates
T = TypeVar("T")

# How detnet's revolving-door rows and the references' rows are compared: as sets of these.
ROW_KEY = ("person_id", "release_order_id", "rearrest_order_id", "days_free", "same_official")


def floor(data_dir: str) -> dict:
    """What Python can do at best: `csv.reader` over the record files, each row turned
    into the same node or relationship tuples detnet makes (as the contract declares
    them; no checks, text as given, node keys as `schema.node_key` spells them), and one
    bare networkx `add_nodes_from` / `add_edges_from`. The cyclic GC is paused, as
    detnet's load pauses it."""
    import networkx as nx
    from detnet.graph.schema import LIST, REFS
    from detnet.loaders.contract import KINDS

    gc.disable()
    start = time.perf_counter()
    nodes, edges, rows = [], [], 0
    for kind in KINDS:
        path = Path(data_dir) / f"{kind.name}.csv"
        if not path.exists():  # a kind the generator wrote no records of
            continue
        tie = kind.schema.edge  # records that are a relationship (a family tie), not a node
        if tie is not None:
            source_label, target_label = (kind.by_name[end].ref for end in (tie.source, tie.target))
        with open(path, newline="", encoding="utf-8") as file:
            reader = csv.reader(file)
            header = next(reader)
            fields = [kind.by_name[name] for name in header]
            for cells in reader:
                rows += 1
                values = {f.name: cell for f, cell in zip(fields, cells, strict=True) if cell}
                if tie is not None:
                    u = f"{source_label}:{values.pop(tie.source)}"
                    v = f"{target_label}:{values.pop(tie.target)}"
                    edges.append((u, v, tie.type, values))
                    continue
                key = f"{kind.label}:{values['id']}"
                attrs = {"label": kind.label}
                for f in fields:
                    value = values.get(f.name)
                    if value is None:
                        continue
                    targets = value.split(";") if f.type in (LIST, REFS) else value
                    if f.relationship is None or f.type == REFS:
                        attrs[f.name] = targets
                    if f.relationship is None:
                        continue
                    for target in targets if f.type == REFS else [targets]:
                        other = f"{f.ref}:{target}"
                        edge = (other, key) if f.incoming else (key, other)
                        edges.append((*edge, f.relationship, {}))
                nodes.append((key, attrs))
    read = time.perf_counter() - start
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "read_s": read,
        "build_s": seconds - read,
        "rows": rows,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


def open_graph(graph: str) -> dict:
    """Reading the stored graph: what every command pays before its own work."""
    from detnet.graph import store

    start = time.perf_counter()
    G = store.read_graph(graph)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}


def open_facts(graph: str) -> dict:
    """Opening for an order query: the facts file read and checked (`open_ledger`), what
    the revolving door, timeline, detained-on and reconcile pay before their own walk.
    The facts file must exist (the first question after a write makes it)."""
    from detnet.graph.store import facts_path
    from detnet.queries.ledger import open_ledger

    kept = facts_path(Path(graph))
    if not kept.is_file():
        raise SystemExit(f"{kept}: no facts file to open")
    start = time.perf_counter()
    ledger = open_ledger(graph)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "persons": len(ledger.columns.persons)}


def revolving(graph: str, rows_out: str, repeat: str) -> dict:
    """The networkx revolving-door query on an open graph, `repeat` times."""
    from detnet.graph import store
    from detnet.queries.revolving import revolving_door

    G = store.read_graph(graph)
    runs, rows = _timed(repeat, lambda: revolving_door(G))
    _save_rows(rows, rows_out)
    return {"runs": runs, "rows": len(rows)}


def duckdb_revolving(data_dir: str, rows_out: str, repeat: str) -> dict:
    """The DuckDB reference: orders.csv read into a table, then the SQL of
    benchmarks/revolving_door.sql (window functions), `repeat` times. Records with
    status lists (statuses.csv) are read with their dates' first and last possible days
    and questioned with benchmarks/revolving_door_lists.sql instead."""
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    sql = _duckdb_tables(con, Path(data_dir))
    read = time.perf_counter() - start

    def query() -> list[dict]:
        result = con.execute(sql)
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]

    runs, rows = _timed(repeat, query)
    _save_rows(rows, rows_out)
    return {"runs": runs, "read_s": read, "rows": len(rows), "threads": _duckdb_threads(con)}


def _duckdb_tables(con, folder: Path) -> str:
    """The records' tables, read into DuckDB; the SQL that asks them the revolving door."""
    if (folder / "statuses.csv").exists():
        _read_with_days(con, folder)
        return LISTS_SQL.read_text(encoding="utf-8")
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
        [str(folder / "orders.csv")],
    )
    return REVOLVING_SQL.read_text(encoding="utf-8")


def duckdb_database(data_dir: str, db_file: str) -> dict:
    """DuckDB's own database file of the records (the tables `duckdb_revolving` reads),
    for `duckdb_answer`; the SQL to ask is kept in it, so that the answering process
    needs nothing else."""
    import duckdb

    Path(db_file).unlink(missing_ok=True)
    start = time.perf_counter()
    con = duckdb.connect(db_file)
    sql = _duckdb_tables(con, Path(data_dir))
    con.execute("CREATE TABLE question AS SELECT ? AS sql", [sql])
    con.close()
    return {"seconds": time.perf_counter() - start, "bytes": Path(db_file).stat().st_size}


def duckdb_answer(db_file: str) -> dict:
    """The whole-process reference for `detnet revolving-door --format json`: a process
    that starts, opens DuckDB's database file (`duckdb_database`), asks it the revolving
    door and prints the rows as JSON, as detnet's CLI does from its facts file."""
    import duckdb

    con = duckdb.connect(db_file, read_only=True)
    result = con.execute(con.execute("SELECT sql FROM question").fetchone()[0])
    columns = [d[0] for d in result.description]
    rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    sys.stdout.write(json.dumps(rows, default=str) + "\n")
    return {"rows": len(rows)}


def _read_with_days(con, folder: Path) -> None:
    """orders.csv and statuses.csv into tables, each date as normalised with its first
    and last possible day (`start_day`, `end_day`). Dates are read with detnet's own
    parser (graph/dates.py), written as the records give them (`marzo 2024`, `circa
    2024-03`, ...): the reference checks the rules that follow, not the reading."""
    import tempfile

    from detnet.graph.dates import parse

    with tempfile.TemporaryDirectory(prefix="detnet-bench-") as tmp:
        for table, column in (("orders", "date"), ("statuses", "as_of")):
            with open(folder / f"{table}.csv", encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                columns = [*reader.fieldnames, "start_day", "end_day"]
                rows = []
                for row in reader:
                    found = parse(row[column])
                    row[column] = found.text
                    row["start_day"], row["end_day"] = found.start, found.end
                    rows.append(row)
            read = Path(tmp) / f"{table}.csv"
            with open(read, "w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, columns)
                writer.writeheader()
                writer.writerows(rows)
            con.execute(
                f"CREATE TABLE {table} AS SELECT * REPLACE (CAST(start_day AS DATE) AS start_day, "  # noqa: S608
                "CAST(end_day AS DATE) AS end_day) "
                "FROM read_csv(?, header = true, all_varchar = true)",
                [str(read)],
            )


def _duckdb_threads(con) -> int:
    return int(con.execute("SELECT current_setting('threads')").fetchone()[0])


def neo4j_wipe() -> dict:
    """Empty the Neo4j database (NEO4J_* environment) in batches the heap can hold:
    relationships first, since detaching a node cited 100,000 times is one transaction."""
    from detnet.graph import neo4j

    with neo4j.connect() as conn, conn.session() as session:
        for statement in (
            "MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS",
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
        ):
            session.run(statement).consume()
    return {}


def neo4j_count() -> dict:
    """How many nodes the Neo4j database holds."""
    from detnet.graph import neo4j

    with neo4j.connect() as conn:
        return {"nodes": conn.read("MATCH (n) RETURN count(n) AS n")[0]["n"]}


def neo4j_push(graph: str, batch_size: str) -> dict:
    """`detnet neo4j push` of an open graph into an empty database: rows per second.
    A batch size of 1 is the baseline: one transaction per row."""
    from detnet.graph import neo4j, store

    G = store.read_graph(graph)
    with neo4j.connect() as conn:
        start = time.perf_counter()
        report = neo4j.push(G, batch_size=int(batch_size), connection=conn)
        seconds = time.perf_counter() - start
    rows = sum(report.nodes.values()) + sum(report.relationships.values())
    return {
        "seconds": seconds,
        "rows": rows,
        "created": report.created_nodes + report.created_relationships,
    }


def neo4j_version() -> dict:
    from detnet.graph import neo4j

    return {"version": neo4j.check()["version"]}


def cypher_revolving(rows_out: str, repeat: str) -> dict:
    """The saved revolving_door Cypher query on the server, `repeat` times."""
    from detnet.graph import neo4j
    from detnet.queries import registry

    # No retry: a run that fails (out of memory at 10M) is reported, not timed twice.
    with neo4j.connect(max_transaction_retry_time=0) as conn:
        runs, rows = _timed(
            repeat, lambda: registry.run("revolving_door", backend="neo4j", connection=conn)
        )
    _save_rows(rows, rows_out)
    return {"runs": runs, "rows": len(rows)}


def viz_focus(graph: str, limit: str) -> dict:
    """The official whose one-step view is largest without passing `limit` nodes."""
    from detnet.graph import store
    from detnet.queries import views

    G = store.read_graph(graph)
    reading = views.Reading(G)  # clusters found once, not once per official
    best, size = None, 0
    for key, label in G.nodes(data="label"):
        if label == "Official":
            n = len(views.neighbourhood(reading, [key]))
            if size < n <= int(limit) or (n == size and best is not None and key < best):
                best, size = key, n
    return {"official": best.partition(":")[2] if best else None, "nodes": size}


def viz(graph: str, official: str, out: str, repeat: str) -> dict:
    """`detnet viz --official ID`: the view's HTML made and written, on an open graph."""
    from detnet.graph import store

    from detnet import viz as views

    G = store.read_graph(graph)
    runs, view = _timed(repeat, lambda: views.render(G, official=official, out=out))
    return {"runs": runs, "nodes": view.nodes, "edges": view.edges}


def overview(graph: str, out: str, repeat: str) -> dict:
    """`detnet viz` with no focus: the whole graph's overview made and written, on an open
    graph."""
    from detnet.graph import store

    from detnet import viz as views

    G = store.read_graph(graph)
    runs, view = _timed(repeat, lambda: views.render(G, out=out, lang="en"))
    return {"runs": runs, "nodes": view.nodes, "edges": view.edges, "title": view.title,
            "bytes": Path(out).stat().st_size}  # fmt: skip


def dossier(graph: str, out: str, repeat: str) -> dict:
    """`detnet dossier --official ID` of the official with the most re-arrests, made and
    written, on an open graph (finding the busiest official is not timed)."""
    from detnet.graph import store
    from detnet.queries.revolving import rearrests_by_official

    from detnet.casefile import dossier as case_file

    G = store.read_graph(graph)
    official = rearrests_by_official(G)[0]["official_id"]
    runs, case = _timed(repeat, lambda: case_file(G, official=official, out=out, lang="en"))
    return {"runs": runs, "official": official, "bytes": Path(out).stat().st_size}


def browser(html: str, repeat: str, chromium: str) -> dict:
    """Headless Chromium: seconds from opening the page to a stable layout (the page
    sets `data-ready` on its body once vis-network's physics has stabilised)."""
    from playwright.sync_api import sync_playwright

    url = Path(html).resolve().as_uri()
    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        version = browser.version
        for _ in range(int(repeat)):
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("body[data-ready='true']", state="attached", timeout=120_000)
            runs.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return {"runs": runs, "version": version}


def _timed(repeat: str, call: Callable[[], T]) -> tuple[list[float], T]:
    """`call()` run `repeat` times: the seconds each run took, and the last run's result."""
    runs = []
    for _ in range(int(repeat)):
        start = time.perf_counter()
        result = call()
        runs.append(time.perf_counter() - start)
    return runs, result


def _save_rows(rows: list[dict], path: str) -> None:
    keys = sorted([row[k] for k in ROW_KEY] for row in rows)
    Path(path).write_text(json.dumps(keys), encoding="utf-8")


TASKS = {
    "floor": floor,
    "open": open_graph,
    "open-facts": open_facts,
    "revolving": revolving,
    "duckdb": duckdb_revolving,
    "duckdb-database": duckdb_database,
    "duckdb-answer": duckdb_answer,
    "neo4j-wipe": neo4j_wipe,
    "neo4j-count": neo4j_count,
    "neo4j-push": neo4j_push,
    "neo4j-version": neo4j_version,
    "cypher-revolving": cypher_revolving,
    "viz-focus": viz_focus,
    "viz": viz,
    "overview": overview,
    "dossier": dossier,
    "browser": browser,
}


def main(argv: list[str]) -> None:
    result = TASKS[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
