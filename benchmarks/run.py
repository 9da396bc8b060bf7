"""Measure detnet at 10k, 100k (and 1M) orders against the floor and the peers.

    python -m benchmarks.run [--sizes 10k,100k] [--with-1m] [--with-10m] [--lists 100k]
                             [--repeat 3]
                             [--skip-neo4j] [--skip-browser] [--before REV]

Datasets come from `detnet generate` and are kept under benchmarks/data/ by size and
seed: orders-shaped ones by orders, list-shaped ones (`--lists`: monthly status lists,
few orders, some dates imprecise) by persons. Every measurement runs in its own process, several times; the table printed and
benchmarks/RESULTS.md give min, median and max, and each figure's ratio to its
reference measured in the same run. Targets are goals reported with where we stand,
never asserted. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from benchmarks import report
from benchmarks.harness import (
    HERE,
    Results,
    detnet_command,
    lists_dataset,
    log,
    orders_dataset,
    parse_size,
)
from benchmarks.suites import embedded, neo4j, viz
from benchmarks.targets import settle, targets

TEN_MILLION = 10_000_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes", default="10k,100k", help="Orders per dataset, comma-separated [10k,100k]."
    )
    parser.add_argument("--with-1m", action="store_true", help="Add the 1M-order dataset.")
    parser.add_argument(
        "--with-10m",
        action="store_true",
        help="Add a 10M-order dataset, into Neo4j only: the importer from its records, "
        "then the saved query (too large for the embedded store).",
    )
    parser.add_argument(
        "--lists",
        default="100k",
        help="List-shaped datasets, in persons, comma-separated; empty for none [100k].",
    )
    parser.add_argument(
        "--list-months", type=int, default=24, help="Monthly lists in each of them [24]."
    )
    parser.add_argument("--repeat", type=int, default=3, help="Runs per figure [3].")
    parser.add_argument("--seed", type=int, default=1, help="detnet generate --seed [1].")
    parser.add_argument(
        "--skip-neo4j", action="store_true", help="Leave out Neo4j push and Cypher."
    )
    parser.add_argument("--skip-browser", action="store_true", help="Leave out the browser layout.")
    parser.add_argument("--skip-viz", action="store_true", help="Leave out detnet viz altogether.")
    parser.add_argument(
        "--neo4j-sample-rows",
        type=int,
        default=10_000,
        help="Size of the graph pushed one transaction per row, in rows [10000].",
    )
    parser.add_argument(
        "--neo4j-wipe",
        action="store_true",
        help="Let the run empty the database of NEO4J_URI even if it holds data.",
    )
    parser.add_argument("--before", metavar="REV", help="Also time load and open as at git REV.")
    parser.add_argument(
        "--data-dir", type=Path, default=HERE / "data", help="Datasets and work files."
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="Results file.")
    args = parser.parse_args(argv)
    args.sizes = sorted(
        {parse_size(s) for s in args.sizes.split(",") if s.strip()}
        | ({1_000_000} if args.with_1m else set())
    )
    args.neo4j_only = [TEN_MILLION] if args.with_10m else []  # too large for the embedded store
    args.lists = sorted({parse_size(s) for s in args.lists.split(",") if s.strip()})
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    if args.list_months < 1:
        parser.error("--list-months must be 1 or more")
    return args


def main(argv: list[str] | None = None) -> Results:
    args = parse_args(argv)
    started, load_start = time.perf_counter(), report.load_average()
    detnet = detnet_command()
    work = args.data_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    # The digests of graph files found fine (detnet.graph.checked): the benchmark's own,
    # so that its figures do not depend on what the user opened before.
    os.environ["DETNET_CACHE"] = str(work / "cache")
    shutil.rmtree(work / "cache", ignore_errors=True)
    results = Results()
    results.versions = report.package_versions()

    datasets = [orders_dataset(args.data_dir, n, args.seed, detnet) for n in args.sizes]
    lists = [
        lists_dataset(args.data_dir, n, args.list_months, args.seed, detnet) for n in args.lists
    ]
    graphs = {}
    for ds in datasets + lists:
        statuses = f", {ds.counts['statuses']:,} list entries" if "statuses" in ds.counts else ""
        log(f"{ds.label}: {ds.orders:,} orders{statuses}, {ds.rows:,} rows in {ds.folder}")
        graphs[ds.label] = embedded.measure(ds, args, results, detnet, work)

    if args.skip_viz:
        results.skipped.append("viz: not measured: --skip-viz")
    else:
        viz.measure(datasets, graphs, args, results, detnet, work)

    if args.skip_neo4j:
        results.skipped.append("neo4j: not measured: --skip-neo4j")
    else:
        folders = {ds.label: ds.folder for ds in datasets + lists}
        for n in args.neo4j_only:  # records only: the embedded store is not measured there
            ds = orders_dataset(args.data_dir, n, args.seed, detnet)
            log(f"{ds.label}: {ds.orders:,} orders, {ds.rows:,} rows in {ds.folder}")
            folders[ds.label] = ds.folder
        neo4j.measure(graphs, folders, args, results, detnet, work)

    all_targets = targets()
    settle(all_targets, results, [ds.label for ds in datasets], [ds.label for ds in lists])
    command = ["python", "-m", "benchmarks.run", *(argv if argv is not None else sys.argv[1:])]
    context = report.context(
        shlex.join(command), args.repeat, load_start, time.perf_counter() - started
    )
    report.print_table(results, all_targets)
    args.out.write_text(report.results_markdown(results, all_targets, context), encoding="utf-8")
    log(f"wrote {args.out}")
    return results


if __name__ == "__main__":
    main()
