"""Measure detnet at 10k, 100k (and 1M) orders against the floor and the peers.

    python -m benchmarks.run [--sizes 10k,100k] [--with-1m] [--repeat 3]
                             [--skip-neo4j] [--skip-browser] [--before REV]

Datasets come from `detnet generate` and are kept under benchmarks/data/ by size and
seed. Every measurement runs in its own process, several times; the table printed and
benchmarks/RESULTS.md give min, median and max, and each figure's ratio to its
reference measured in the same run. Targets are goals reported with where we stand,
never asserted. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
NOTES = HERE / "NOTES.md"

ORDERS_PER_PERSON = 3.7  # what `detnet generate` writes on average (loaders/synthetic.py)
ROWS_PER_PERSON = 21  # nodes + relationships per generated person, for Neo4j's sample
VIZ_MAX_NODES = 1_000  # detnet viz refuses larger views (graph/render.py)


class BenchError(Exception):
    """A measurement could not be taken; its message says why."""


# Sizes and datasets


def parse_size(text: str) -> int:
    """Orders in a size label.

    >>> parse_size("10k"), parse_size("1M"), parse_size("2500")
    (10000, 1000000, 2500)
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 100k, 1M)")
    number, unit = float(match[1]), match[2].lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit])


def size_label(orders: int) -> str:
    """>>> size_label(10_000), size_label(1_000_000), size_label(2_500)
    ('10k', '1M', '2.5k')
    """
    if orders >= 1_000_000:
        return f"{orders / 1_000_000:g}M"
    return f"{orders / 1_000:g}k" if orders >= 1_000 else str(orders)


@dataclass
class Dataset:
    label: str
    folder: Path
    counts: dict[str, int]  # rows per record file, as `detnet generate` reported them

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def orders(self) -> int:
        return self.counts["orders"]


def dataset(data_dir: Path, persons: int, seed: int, label: str, detnet: list[str]) -> Dataset:
    """The records `detnet generate --persons P --seed S` writes, made once and kept."""
    folder = data_dir / f"records-p{persons}-s{seed}"
    counts_file = data_dir / f"{folder.name}.counts.json"  # written last: the folder is whole
    if not counts_file.exists():
        tmp = data_dir / f".{folder.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"generating {label} orders: detnet generate --persons {persons} --seed {seed}")
        out = run_child(
            [*detnet, "generate", str(tmp), "--persons", str(persons), "--seed", str(seed)]
        )
        counts = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", out.stdout.partition(":")[2])}
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        counts_file.write_text(json.dumps(counts), encoding="utf-8")
    return Dataset(label, folder, json.loads(counts_file.read_text(encoding="utf-8")))


# Child processes


@dataclass
class Run:
    seconds: float  # wall time, seen from here
    rss_mb: float  # the child's peak resident memory
    stdout: str

    @property
    def result(self) -> dict:
        """The JSON object a task prints on its last line."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_child(args: list[str], env: dict | None = None) -> Run:
    """Run a process to its end; its wall time and, from `os.wait4`, its own peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.stdout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-5:]
            raise BenchError(f"`{shlex.join(args)}` exited {proc.returncode}: " + " | ".join(tail))
    return Run(seconds, usage.ru_maxrss / 1024, out.decode())


def task(name: str, *args: object, env: dict | None = None) -> Run:
    return run_child([sys.executable, "-m", "benchmarks.tasks", name, *map(str, args)], env)


def detnet_command() -> list[str]:
    script = Path(sys.executable).with_name("detnet")
    found = str(script) if script.exists() else shutil.which("detnet")
    if not found:
        raise SystemExit("detnet is not installed in this Python: pip install -e '.[bench]'")
    return [found]


@contextmanager
def checkout(rev: str) -> Iterator[dict]:
    """The environment that runs detnet as it was at `rev` (read from git, not checked
    out): its source laid out as the installed package, first on PYTHONPATH."""
    with tempfile.TemporaryDirectory(prefix="detnet-before-") as tmp:
        archive = Path(tmp) / "src.tar"
        with open(archive, "wb") as f:
            subprocess.run(["git", "archive", rev], cwd=ROOT, stdout=f, check=True)
        src = Path(tmp) / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(src, filter="data")
        package = Path(tmp) / "detnet"
        shutil.copytree(src / "detnet", package)
        for part in ("graph", "loaders", "queries", "samples"):
            if (src / part).is_dir():
                shutil.copytree(src / part, package / part)
        # Safe path: the current folder (this checkout, where `detnet/` lives too) must
        # not come before the old tree; this checkout comes after it, for `benchmarks`.
        yield {**os.environ, "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}", "PYTHONSAFEPATH": "1"}


# Figures


@dataclass
class Figure:
    size: str
    what: str
    unit: str
    values: list[float]
    reference: Figure | None = None  # measured in the same run
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float | None:
        """This figure's median over its reference's median."""
        if self.reference is None or not self.reference.values or not self.reference.median:
            return None
        return self.median / self.reference.median


@dataclass
class Target:
    goal: str
    size: str
    what: str  # the Figure it is read from
    met: Callable[[Figure], bool]
    shown: Callable[[Figure], str]
    fallback: bool = False  # may be read at the largest size run, when its own was not
    figure: Figure | None = None
    missing: str = ""  # why it was not measured


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "what: not measured: why"
    checks: list[str] = field(default_factory=list)  # row comparisons and the like
    versions: dict[str, str] = field(default_factory=dict)

    def add(self, size: str, what: str, unit: str, values: list[float], reference=None, **kw):
        figure = Figure(size, what, unit, values, reference, **kw)
        self.figures.append(figure)
        log(f"{figure.size} {figure.what}: median {fmt(figure.median)} {figure.unit}")
        return figure

    def find(self, size: str, what: str) -> Figure | None:
        return next((f for f in self.figures if f.size == size and f.what == what), None)


def fmt(value: float | None) -> str:
    """>>> fmt(0.01234), fmt(12.345), fmt(123456.7)
    ('0.0123', '12.3', '123,457')
    """
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def per_second(rows: int, seconds: list[float]) -> list[float]:
    return [rows / s for s in seconds]


# The measurements


def bench_embedded(ds: Dataset, args, results: Results, detnet: list[str], work: Path) -> Path:
    """Load against the floor, opening, the revolving door against DuckDB, the CLI call."""
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
    load_s = results.add(size, "load: detnet load", "s", [r.seconds for r in loads], floor_s)
    floor_rate = Figure(size, "floor rows/s", "rows/s", per_second(ds.rows, floor_s.values))
    results.add(size, "load: rows/s", "rows/s", per_second(ds.rows, load_s.values), floor_rate)
    load_rss = results.add(size, "load: peak RSS", "MB", [r.rss_mb for r in loads], floor_rss)

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
    if args.before:
        bench_before(ds, args, results, work, load_s, load_rss, opened)

    nx_rows, duck_rows = work / f"rows-{size}-networkx.json", work / f"rows-{size}-duckdb.json"
    query = task("revolving", graph, nx_rows, args.repeat).result
    duck = task("duckdb", ds.folder, duck_rows, args.repeat).result
    note = f"{duck['threads']} threads; reading orders.csv took {fmt(duck['read_s'])} s more"
    duck_s = results.add(
        size, "revolving door: DuckDB SQL (window functions)", "s", duck["runs"], note=note
    )
    results.add(
        size,
        "revolving door: networkx query",
        "s",
        query["runs"],
        duck_s,
        note=f"{query['rows']:,} rows; graph already open",
    )
    results.checks.append(
        f"{size}: revolving door, networkx vs DuckDB: " + compare_rows(nx_rows, duck_rows)
    )
    calls = [
        run_child([*detnet, "revolving-door", "--format", "json", "--graph", str(graph)])
        for _ in range(args.repeat)
    ]
    results.add(
        size,
        "CLI: detnet revolving-door --format json",
        "s",
        [r.seconds for r in calls],
        note="start, open, query, print",
    )
    return graph


def bench_before(ds: Dataset, args, results, work: Path, load_s, load_rss, opened) -> None:
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


def compare_rows(ours: Path, theirs: Path) -> str:
    a = {tuple(r) for r in json.loads(ours.read_text(encoding="utf-8"))}
    b = {tuple(r) for r in json.loads(theirs.read_text(encoding="utf-8"))}
    if a == b:
        return f"rows equal ({len(a):,})"
    return (
        f"ROWS DIFFER: {len(a - b)} only in detnet (e.g. {sorted(a - b)[:1]}), "
        f"{len(b - a)} only in the reference (e.g. {sorted(b - a)[:1]})"
    )


def bench_viz(graph: Path, size: str, args, results: Results, detnet: list[str], work: Path):
    """`detnet viz` for a focus of about 1,000 nodes, and the browser's time to a layout."""
    focus = task("viz-focus", graph, VIZ_MAX_NODES).result
    official = focus["official"]
    if not official:
        results.skipped.append(f"viz: not measured: no official's view in {size} fits 1,000 nodes")
        return
    html = work / f"viz-{size}.html"
    made = task("viz", graph, official, html, args.repeat).result
    note = f"--official {official}: {made['nodes']} nodes, {made['edges']} edges; graph open"
    results.add(size, "viz: HTML made and written", "s", made["runs"], note=note)
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
        "viz: browser, open to stable layout",
        "s",
        shown["runs"],
        note="headless Chromium, until the page sets data-ready",
    )


@contextmanager
def neo4j_server(args, data_dir: Path) -> Iterator[dict]:
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
    heap, pagecache = ("4g", "2g") if args.with_1m else ("2g", "1g")
    env = {
        **os.environ,
        "DETNET_NEO4J_HOME": str(data_dir.resolve() / "neo4j"),
        "DETNET_NEO4J_PYTHON": sys.executable,
        "DETNET_NEO4J_HEAP": os.environ.get("DETNET_NEO4J_HEAP", heap),
        "DETNET_NEO4J_PAGECACHE": os.environ.get("DETNET_NEO4J_PAGECACHE", pagecache),
    }
    log("starting Neo4j: tools/neo4j/server.sh start")
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        raise BenchError("tools/neo4j/server.sh start failed: " + started.stderr.strip()[-300:])
    exports = dict(
        word.split("=", 1) for word in shlex.split(started.stdout) if "=" in word
    )  # the lines are `export NAME=value`
    try:
        yield {**os.environ, **exports}
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)


def bench_neo4j(graphs: dict[str, Path], sample: Path, args, results: Results, work: Path, env):
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
    _, rates = push(sample, 10_000, args.repeat)
    results.add("sample", "neo4j push: batched, same sample", "rows/s", rates, baseline)
    for size, graph in graphs.items():
        times = 1 if size == "1M" else args.repeat  # a million-order push takes minutes
        rows, rates = push(graph, 10_000, times)
        results.add(
            size,
            "neo4j push: detnet neo4j push (batched)",
            "rows/s",
            rates,
            baseline,
            note=f"{rows:,} rows; graph already open" + ("; 1 run" if times == 1 else ""),
        )
        cypher_rows = work / f"rows-{size}-cypher.json"
        query = task("cypher-revolving", cypher_rows, args.repeat, env=env).result
        results.add(
            size,
            "revolving door: saved Cypher query (Neo4j)",
            "s",
            query["runs"],
            results.find(size, "revolving door: networkx query"),
            note=f"{query['rows']:,} rows",
        )
        results.checks.append(
            f"{size}: revolving door, networkx vs Cypher: "
            + compare_rows(work / f"rows-{size}-networkx.json", cypher_rows)
        )


# Targets (issue 7): goals, reported with where we stand.


def targets() -> list[Target]:
    def ratio(f: Figure) -> str:
        return f"{fmt(f.ratio)}x"

    def median(f: Figure) -> str:
        return f"{fmt(f.median)} {f.unit}"

    load, rss, push = (
        "load: detnet load",
        "load: peak RSS",
        "neo4j push: detnet neo4j push (batched)",
    )
    return [
        Target("load at most 1.5x the floor", "100k", load, lambda f: f.ratio <= 1.5, ratio),
        Target("load at most 1.5x the floor", "1M", load, lambda f: f.ratio <= 1.5, ratio),
        Target("1M orders loaded in under 60 s", "1M", load, lambda f: f.median < 60, median),
        Target("1M orders: load peak RSS under 3 GB", "1M", rss, lambda f: f.median < 3072, median),
        Target(
            "revolving-door within 10x DuckDB",
            "1M",
            "revolving door: networkx query",
            lambda f: f.ratio <= 10,
            ratio,
            fallback=True,
        ),
        Target(
            "whole CLI call under 2 s",
            "100k",
            "CLI: detnet revolving-door --format json",
            lambda f: f.median < 2,
            median,
        ),
        Target(
            "Neo4j push at least 20k rows/s",
            "1M",
            push,
            lambda f: f.median >= 20_000,
            median,
            fallback=True,
        ),
        Target(
            "Neo4j push at least 50x the per-row baseline",
            "1M",
            push,
            lambda f: f.ratio >= 50,
            ratio,
            fallback=True,
        ),
        Target(
            "viz HTML for 1,000 nodes written in under 1 s",
            "100k",
            "viz: HTML made and written",
            lambda f: f.median < 1,
            median,
            fallback=True,
        ),
        Target(
            "viz stable in the browser in under 5 s",
            "100k",
            "viz: browser, open to stable layout",
            lambda f: f.median < 5,
            median,
            fallback=True,
        ),
    ]


def settle(all_targets: list[Target], results: Results, sizes: list[str]) -> None:
    """Find each target's figure. A target with `fallback` whose size was not run is read
    at the largest size that was (and the table says so)."""
    for t in all_targets:
        t.figure = results.find(t.size, t.what)
        if t.figure is None and t.fallback and t.size not in sizes:
            t.figure = next(filter(None, (results.find(s, t.what) for s in reversed(sizes))), None)
        if t.figure is None and t.size not in sizes:
            t.missing = f"not measured: {t.size} not run" + (
                " (--with-1m)" if t.size == "1M" else ""
            )
        elif t.figure is None:
            t.missing = "not measured (see Checks)"


# Output


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, TypeError):
        ram = "unknown"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
    }


def package_versions() -> dict[str, str]:
    found = {}
    for name in ("detnet", "networkx", "orjson", "duckdb", "neo4j", "playwright"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{rev} (with uncommitted changes)" if dirty else rev


def figures_table(results: Results) -> list[str]:
    lines = [
        "| size | measurement | min | median | max | unit | ratio to reference | notes |",
        "|---|---|--:|--:|--:|---|---|---|",
    ]
    for f in results.figures:
        ref = f"{fmt(f.ratio)}x {f.reference.what}" if f.ratio is not None else ""
        lines.append(
            f"| {f.size} | {f.what} | {fmt(min(f.values))} | {fmt(f.median)} | "
            f"{fmt(max(f.values))} | {f.unit} | {ref} | {f.note} |"
        )
    return lines


def targets_table(all_targets: list[Target]) -> list[str]:
    lines = ["| target | at | measured | status |", "|---|---|---|---|"]
    for t in all_targets:
        if t.figure is None:
            lines.append(f"| {t.goal} | {t.size} | {t.missing} | not measured |")
            continue
        at = t.figure.size if t.figure.size == t.size else f"{t.figure.size} (1M not run)"
        status = "met" if t.met(t.figure) else "**missed**"
        lines.append(f"| {t.goal} | {at} | {t.shown(t.figure)} | {status} |")
    return lines


def results_markdown(results: Results, all_targets: list[Target], context: dict) -> str:
    out = [
        "# detnet benchmarks: results",
        "",
        "Generated by `benchmarks/run.py`; do not edit by hand (the analysis below the",
        "figures comes from benchmarks/NOTES.md).",
        "",
        f"- Command: `{context['command']}`",
        f"- Date: {context['date']}",
        f"- Code: {context['revision']}",
        f"- Repeats: each figure is min / median / max of {context['repeat']} runs "
        "(the 1M Neo4j push: 1 run)",
        f"- Load average (1 min) at start / end: {context['load_start']} / {context['load_end']} "
        "(the machine is shared: compare ratios within this run)",
        f"- Wall time of the whole run: {context['elapsed']}",
        "",
        "## Machine and versions",
        "",
        *[f"- {k}: {v}" for k, v in {**context["machine"], **results.versions}.items()],
        "",
        "## Targets",
        "",
        *targets_table(all_targets),
        "",
        "## All figures",
        "",
        "Ratios are this figure's median over its reference's median, both measured in this",
        "run (for rows/s, higher is better; for seconds and MB, lower is).",
        "",
        *figures_table(results),
        "",
        "## Checks",
        "",
        *[f"- {c}" for c in results.checks],
        *[f"- {s}" for s in results.skipped],
        "",
    ]
    if NOTES.exists():
        out += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(out)


def print_table(results: Results, all_targets: list[Target]) -> None:
    rows = [("size", "measurement", "min", "median", "max", "unit", "ratio")]
    for f in results.figures:
        ratio = f"{fmt(f.ratio)}x" if f.ratio is not None else ""
        rows.append(
            (f.size, f.what, fmt(min(f.values)), fmt(f.median), fmt(max(f.values)), f.unit, ratio)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    print()
    for t in all_targets:
        if t.figure is None:
            print(f"{t.goal} [{t.size}]: {t.missing}")
        else:
            status = "met" if t.met(t.figure) else "MISSED"
            print(f"{t.goal} [{t.figure.size}]: {t.shown(t.figure)}: {status}")
    for line in results.checks + results.skipped:
        print(line)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


# Main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes", default="10k,100k", help="Orders per dataset, comma-separated [10k,100k]."
    )
    parser.add_argument("--with-1m", action="store_true", help="Add the 1M-order dataset.")
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
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    return args


def main(argv: list[str] | None = None) -> Results:
    args = parse_args(argv)
    started, load_start = time.perf_counter(), load_average()
    detnet = detnet_command()
    work = args.data_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    results = Results()
    results.versions = package_versions()

    datasets = [
        dataset(
            args.data_dir, max(1, round(n / ORDERS_PER_PERSON)), args.seed, size_label(n), detnet
        )
        for n in args.sizes
    ]
    graphs = {}
    for ds in datasets:
        log(f"{ds.label}: {ds.orders:,} orders, {ds.rows:,} rows in {ds.folder}")
        graphs[ds.label] = bench_embedded(ds, args, results, detnet, work)

    if args.skip_viz:
        results.skipped.append("viz: not measured: --skip-viz")
    else:
        at = [ds for ds in datasets if ds.orders <= 200_000] or datasets[:1]
        bench_viz(graphs[at[-1].label], at[-1].label, args, results, detnet, work)

    if args.skip_neo4j:
        results.skipped.append("neo4j: not measured: --skip-neo4j")
    else:
        try:
            persons = max(1, round(args.neo4j_sample_rows / ROWS_PER_PERSON))
            sample = dataset(args.data_dir, persons, args.seed, "sample", detnet)
            sample_graph = work / "graph-sample.json"
            sample_graph.unlink(missing_ok=True)
            run_child([*detnet, "load", str(sample.folder), "--graph", str(sample_graph)])
            with neo4j_server(args, args.data_dir) as env:
                bench_neo4j(graphs, sample_graph, args, results, work, env)
        except BenchError as e:
            results.skipped.append(f"neo4j: not measured: {e}")

    sizes = [ds.label for ds in datasets]
    all_targets = targets()
    settle(all_targets, results, sizes)
    elapsed = time.perf_counter() - started
    context = {
        "command": shlex.join(
            ["python", "-m", "benchmarks.run", *(argv if argv is not None else sys.argv[1:])]
        ),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(),
        "repeat": args.repeat,
        "load_start": load_start,
        "load_end": load_average(),
        "elapsed": f"{elapsed / 60:.1f} min",
        "machine": machine(),
    }
    print_table(results, all_targets)
    args.out.write_text(results_markdown(results, all_targets, context), encoding="utf-8")
    log(f"wrote {args.out}")
    return results


if __name__ == "__main__":
    main()
