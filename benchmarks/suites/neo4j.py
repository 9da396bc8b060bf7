"""Neo4j: the batched push against one transaction per row, and the saved Cypher
revolving-door query against the networkx one, on NEO4J_URI's server or one of our own;
on our own, the first load by the importer (`detnet neo4j bulk`) against the push."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from detnet.graph.neo4j import DEFAULT_BATCH_SIZE

from benchmarks.harness import (
    ROOT,
    BenchError,
    Results,
    compare_rows,
    dataset,
    log,
    run_child,
    task,
)
from benchmarks.suites import embedded

# The figure targets read by name.
PUSH = "neo4j push: detnet neo4j push (batched)"
CYPHER = "revolving door: saved Cypher query (Neo4j)"

ROWS_PER_PERSON = 21  # nodes + relationships per generated person, for the sample


def measure(
    graphs: dict[str, Path],
    folders: dict[str, Path],
    args,
    results: Results,
    detnet: list[str],
    work: Path,
):
    """The push and the query at every size (`graphs`), the push one row at a time on a
    sample graph, the importer from each size's records (`folders`); or, when Neo4j
    cannot run, why not."""
    try:
        persons = max(1, round(args.neo4j_sample_rows / ROWS_PER_PERSON))
        sample = dataset(args.data_dir, persons, args.seed, "sample", detnet)
        sample_graph = work / "graph-sample.json"
        sample_graph.unlink(missing_ok=True)
        run_child([*detnet, "load", str(sample.folder), "--graph", str(sample_graph)])
        with server(args) as env:
            measure_on(env, graphs, folders, sample_graph, args, results, detnet, work)
    except BenchError as e:
        results.skipped.append(f"neo4j: not measured: {e}")


# The server's heap and page cache by the largest dataset: at 1M orders the saved
# queries need a 4 GB heap (docs/neo4j.md), at 10M the page cache should hold more.
SERVER_MEMORY = ((10_000_000, ("8g", "6g")), (1_000_000, ("4g", "2g")), (0, ("2g", "1g")))


@contextmanager
def server(args) -> Iterator[dict]:
    """The environment naming a Neo4j server: NEO4J_URI's, or one started for the run
    with tools/neo4j/server.sh (in its own folder, stopped and wiped at the end)."""
    if os.environ.get("NEO4J_URI"):
        held = task("neo4j-count").result["nodes"]
        if held and not args.neo4j_wipe:
            raise BenchError(
                f"the database of NEO4J_URI holds {held:,} nodes and each push starts by "
                "emptying it: give --neo4j-wipe, or unset NEO4J_URI to use a server of our own"
            )
        yield dict(os.environ)
        return
    script = ROOT / "tools" / "neo4j" / "server.sh"
    largest = max([*args.sizes, *args.neo4j_only], default=0)
    heap, pagecache = next(m for n, m in SERVER_MEMORY if largest >= n)
    env = {
        **os.environ,
        "DETNET_NEO4J_HOME": str(args.data_dir.resolve() / "neo4j"),
        "DETNET_NEO4J_PYTHON": sys.executable,
        "DETNET_NEO4J_HEAP": os.environ.get("DETNET_NEO4J_HEAP", heap),
        "DETNET_NEO4J_PAGECACHE": os.environ.get("DETNET_NEO4J_PAGECACHE", pagecache),
    }
    if largest >= 10_000_000:  # the importer's id map of 13M nodes
        env.setdefault("DETNET_NEO4J_IMPORT_MEMORY", "4g")
    log("starting Neo4j: tools/neo4j/server.sh start")
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        raise BenchError("tools/neo4j/server.sh start failed: " + started.stderr.strip()[-300:])
    exports = dict(
        word.split("=", 1) for word in shlex.split(started.stdout) if "=" in word
    )  # the lines are `export NAME=value`
    try:
        yield {**env, **exports, "DETNET_BENCH_SERVER": str(script)}
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)


def measure_on(env, graphs, folders, sample: Path, args, results: Results, detnet, work: Path):
    """Batched push against one transaction per row, and the saved Cypher query."""
    results.versions["Neo4j"] = task("neo4j-version", env=env).result["version"]

    def push(graph: Path, batch_size: int, times: int) -> tuple[int, list[float]]:
        done = []
        for _ in range(times):
            task("neo4j-wipe", env=env)
            done.append(task("neo4j-push", graph, batch_size, env=env).result)
        return done[0]["rows"], [r["rows"] / r["seconds"] for r in done]

    rows, rates = push(sample, 1, args.repeat)
    baseline = results.add(
        "sample",
        "neo4j push: one transaction per row",
        "rows/s",
        rates,
        note=f"a graph of {rows:,} rows (nodes + relationships)",
    )
    _, rates = push(sample, DEFAULT_BATCH_SIZE, args.repeat)
    results.add("sample", "neo4j push: batched, same sample", "rows/s", rates, baseline)
    for size, graph in graphs.items():
        times = 1 if size == "1M" else args.repeat  # a million-order push takes minutes
        rows, rates = push(graph, DEFAULT_BATCH_SIZE, times)
        results.add(
            size,
            PUSH,
            "rows/s",
            rates,
            baseline,
            note=f"{rows:,} rows; graph already open" + ("; 1 run" if times == 1 else ""),
        )
        cypher_rows = work / f"rows-{size}-cypher.json"
        query = task("cypher-revolving", cypher_rows, args.repeat, env=env).result
        results.add(
            size,
            CYPHER,
            "s",
            query["runs"],
            results.find(size, embedded.REVOLVING_DOOR),
            note=f"{query['rows']:,} rows",
        )
        results.checks.append(
            f"{size}: revolving door, networkx vs Cypher: "
            + compare_rows(embedded.networkx_rows(work, size), cypher_rows)
        )
        if "DETNET_BENCH_SERVER" in env:  # our own server: the importer can stop it
            bulk(env, size, folders[size], detnet, results, work)
    for size in folders.keys() - graphs.keys():  # too large for the embedded store: 10M
        if "DETNET_BENCH_SERVER" not in env:
            raise BenchError(f"{size}: the importer needs a server of our own; unset NEO4J_URI")
        bulk(env, size, folders[size], detnet, results, work)


BULK = "neo4j bulk: detnet neo4j bulk --records + server.sh import"


def bulk(env: dict, size: str, records: Path, detnet: list[str], results: Results, work: Path):
    """The first load by the importer, straight from the record files (one run: it
    replaces the database), against the push of the graph already loaded; then the
    saved query on the database it made, against networkx's rows where there are some."""
    folder = work / f"neo4j-import-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    files = run_child([*detnet, "neo4j", "bulk", "--records", str(records), str(folder)], env)
    rows = written_rows(files.stdout)
    start = time.perf_counter()
    imported = subprocess.run(
        [env["DETNET_BENCH_SERVER"], "import", str(folder)], env=env, capture_output=True, text=True
    )
    seconds = files.seconds + time.perf_counter() - start
    # A push of a graph too large to open cannot be measured: the largest push is the
    # reference (pushes run at a steady rate from 10k to 1M: benchmarks/NOTES.md).
    pushes = [f for f in results.figures if f.what == PUSH]
    push = results.find(size, PUSH) or (pushes[-1] if pushes else None)
    shutil.rmtree(folder, ignore_errors=True)
    if imported.returncode != 0:
        raise BenchError("tools/neo4j/server.sh import failed: " + imported.stderr.strip()[-300:])
    env.update(word.split("=", 1) for word in shlex.split(imported.stdout) if "=" in word)
    against = f"against the push at {push.size}; " if push and push.size != size else ""
    results.add(
        size,
        BULK,
        "rows/s",
        [rows / seconds],
        push,
        note=f"{rows:,} rows from the records; {against}files {files.seconds:.0f} s "
        f"(peak RSS {files.rss_mb:,.0f} MB), import, restart and constraints included; 1 run",
    )
    cypher_rows = work / f"rows-{size}-cypher-bulk.json"
    if results.find(size, embedded.REVOLVING_DOOR):
        query = task("cypher-revolving", cypher_rows, 1, env=env).result
        results.checks.append(
            f"{size}: revolving door, networkx vs Cypher on the imported database: "
            + compare_rows(embedded.networkx_rows(work, size), cypher_rows)
        )
        log(f"{size} revolving door on the imported database: {query['runs'][0]:.1f} s")
        return
    try:  # too large for the embedded store: the saved query's time is the figure
        query = task("cypher-revolving", cypher_rows, 1, env=env).result
    except BenchError as e:  # at 10M, the server's memory may not hold it: say so
        results.skipped.append(f"{size}: saved Cypher revolving door failed: {e}")
        return
    results.add(size, CYPHER, "s", query["runs"], note=f"{query['rows']:,} rows; 1 run")


def written_rows(stdout: str) -> int:
    """The nodes and relationships `detnet neo4j bulk` says it wrote.

    >>> written_rows("rejected: 0\\nnodes: Person 2, Order 3\\nrelationships: CONCERNS 3\\n")
    8
    """
    lines = [line for line in stdout.splitlines() if line.startswith(("nodes:", "relationships:"))]
    return sum(int(n) for line in lines for n in re.findall(r" (\d+)", line))
