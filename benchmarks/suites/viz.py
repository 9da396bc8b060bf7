"""`detnet viz`: the HTML of an official's view of about 1,000 nodes, the CLI call, and
headless Chromium's time to a stable layout; the whole graph's overview (written, and
interactive in Chromium); `detnet dossier` of the official with the most re-arrests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from detnet.queries.views import MAX_NODES  # detnet viz refuses larger views

from benchmarks.harness import BenchError, Dataset, Results, run_child, task

# The figures targets read by name.
HTML = "viz: HTML made and written"
BROWSER = "viz: browser, open to stable layout"
OVERVIEW = "viz: overview of the whole graph written"
OVERVIEW_BROWSER = "viz: overview, open to interactive"
DOSSIER = "dossier: busiest official's case file written"

MAX_ORDERS = 200_000  # measured in the largest dataset of at most this many orders


def measure(
    datasets: list[Dataset],
    graphs: dict[str, Path],
    args,
    results: Results,
    detnet: list[str],
    work: Path,
) -> None:
    """`detnet viz` in the largest dataset up to MAX_ORDERS (else the smallest)."""
    at = [ds for ds in datasets if ds.orders <= MAX_ORDERS] or datasets[:1]
    size = at[-1].label
    graph = graphs[size]
    focus = task("viz-focus", graph, MAX_NODES).result
    official = focus["official"]
    if not official:
        results.skipped.append(
            f"viz: not measured: no official's view in {size} fits {MAX_NODES:,} nodes"
        )
        return
    html = work / f"viz-{size}.html"
    made = task("viz", graph, official, html, args.repeat).result
    note = f"--official {official}: {made['nodes']} nodes, {made['edges']} edges; graph open"
    results.add(size, HTML, "s", made["runs"], note=note)
    command = [*detnet, "viz", "--official", official, "--out", str(html), "--graph", str(graph)]
    cli = [run_child(command) for _ in range(args.repeat)]
    results.add(
        size,
        "viz: detnet viz (CLI)",
        "s",
        [r.seconds for r in cli],
        note="start, open, render, write",
    )
    chromium = os.environ.get("DETNET_CHROMIUM") or shutil.which("chromium")
    if args.skip_browser:
        results.skipped.append("viz in the browser: not measured: --skip-browser")
        return
    if not chromium:
        results.skipped.append("viz in the browser: not measured: no chromium on PATH")
        return
    try:
        shown = task("browser", html, args.repeat, chromium).result
    except BenchError as e:
        results.skipped.append(f"viz in the browser: not measured: {e}")
        return
    results.versions["Chromium"] = shown["version"]
    results.add(
        size,
        BROWSER,
        "s",
        shown["runs"],
        note="headless Chromium, until the page sets data-ready",
    )
    measure_workbench(size, graph, args, results, work, chromium)


def measure_workbench(size, graph, args, results: Results, work: Path, chromium) -> None:
    """The overview of the whole graph and the busiest official's case file."""
    page = work / f"overview-{size}.html"
    made = task("overview", graph, page, args.repeat).result
    note = f"{made['title']}: {made['nodes']} nodes, {made['edges']} edges, {made['bytes'] / 1e6:.1f} MB; graph open"
    results.add(size, OVERVIEW, "s", made["runs"], note=note)
    case = task("dossier", graph, work / f"dossier-{size}.html", args.repeat).result
    note = f"--official {case['official']}: {case['bytes'] / 1e3:.0f} kB; graph open"
    results.add(size, DOSSIER, "s", case["runs"], note=note)
    if chromium and not args.skip_browser:
        try:
            shown = task("browser", page, args.repeat, chromium).result
        except BenchError as e:
            results.skipped.append(f"viz overview in the browser: not measured: {e}")
            return
        results.add(size, OVERVIEW_BROWSER, "s", shown["runs"],
                    note="headless Chromium, until the page sets data-ready")  # fmt: skip
