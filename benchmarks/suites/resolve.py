"""`detnet resolve candidates` at scale: N generated persons, a share planted twice.

    python -m benchmarks.suites.resolve [--persons 100000] [--duplicates 0.05] [--seed 1]

Generates the records (`detnet generate --duplicates`), loads them, then measures in a
child process of its own the candidates at the default threshold: the time of the
query alone (the graph already open), the peak memory while it runs (the open graph
included; the higher peak of reading the graph file is reported apart), and recall and precision against the planted truth. Prints the figures and writes them to
benchmarks/RESULTS.md under "Resolution". Goals (issue 15): under 60 s and 2 GB,
recall >= 0.95, precision >= 0.9; reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SECTION = "## Resolution"

CHILD = """
import json, resource, sys, time
from detnet.graph.store import read_graph
from detnet.loaders.synthetic import read_truth
from detnet.queries.resolve import candidates
folder, graph = sys.argv[1], sys.argv[2]
def vm(field):  # this process's memory, from /proc (Linux), in MB
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":")) / 1024
G = read_graph(graph)
opened = vm("VmRSS")
with open("/proc/self/clear_refs", "w") as f:  # the peak from now on: reading's is past
    f.write("5")
start = time.perf_counter()
rows = candidates(G, label="Person")
seconds = time.perf_counter() - start
truth = read_truth(folder)
same = {tuple(sorted((r["left"], r["right"]))) for r in truth if r["truth"] == "same"}
homonyms = {tuple(sorted((r["left"], r["right"]))) for r in truth if r["truth"] == "different"}
found = {(r["left"], r["right"]) for r in rows}
true = len(found & same)
print(json.dumps({
    "seconds": seconds, "rows": len(rows), "true_pairs": len(same),
    "recall": true / len(same), "precision": true / max(1, len(found)),
    "homonyms_found": len(found & homonyms),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "graph_open_mb": opened, "candidates_peak_mb": vm("VmHWM"),
}))
"""


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suites.resolve")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    folder = args.data_dir / f"resolve-{args.persons}-{args.duplicates}-{args.seed}"
    graph = folder.parent / f"{folder.name}.json"
    detnet = [sys.executable, "-c", "from detnet.cli import main; main()"]
    if not (folder / ".truth-duplicates.csv").exists():
        subprocess.run([*detnet, "generate", str(folder), "--persons", str(args.persons),
                        "--seed", str(args.seed), "--duplicates", str(args.duplicates)],
                       check=True)  # fmt: skip
    if not graph.exists():
        subprocess.run([*detnet, "load", str(folder), "--graph", str(graph)], check=True)
    load = os.getloadavg()[0]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(graph)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(child.stdout)
    figures.update(persons=args.persons, duplicates=args.duplicates, load_average=load)
    print(json.dumps(figures, indent=2))
    write(args.out, figures)
    return figures


def write(out: Path, f: dict) -> None:
    """Replace (or add) the Resolution section of RESULTS.md."""
    goal = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    text = f"""{SECTION}

`python -m benchmarks.suites.resolve --persons {f["persons"]} --duplicates {f["duplicates"]}`
({time.strftime("%Y-%m-%d")}, load average {f["load_average"]:.1f} on 2 cores at the start)

| figure | value | goal |
|---|---|---|
| candidates at the default threshold (graph open) | {f["seconds"]:.1f} s | < 60 s: {goal(f["seconds"] < 60)} |
| peak memory while candidates run (open graph included) | {f["candidates_peak_mb"]:.0f} MB | < 2 GB: {goal(f["candidates_peak_mb"] < 2048)} |
| of which the open graph (resident before) | {f["graph_open_mb"]:.0f} MB | |
| peak of the whole process (reading the graph's JSON included) | {f["peak_mb"]:.0f} MB | |
| pairs listed | {f["rows"]:,} | |
| true pairs planted | {f["true_pairs"]:,} | |
| recall | {f["recall"]:.3f} | >= 0.95: {goal(f["recall"] >= 0.95)} |
| precision | {f["precision"]:.3f} | >= 0.9: {goal(f["precision"] >= 0.9)} |
| homonyms listed (another national id) | {f["homonyms_found"]} | 0 |

The persons are named from a space of invented names with real heads (the commonest
surname 4.5% of all, the ten commonest 22%, `detnet.loaders.synthetic._pools`): a copy
written without its national id and second surname often fits several persons, and
each such pair listed counts as false here. A homonym has the same name and another
national id. Only the planted pairs are true: every generated person has a national id
of its own, so no two generated persons are one by accident.
"""
    old = out.read_text() if out.exists() else ""
    if SECTION in old:
        old = re.sub(rf"{SECTION}\n.*?(?=\n## |\Z)", text.rstrip("\n") + "\n", old, flags=re.S)
    else:
        old = old.rstrip("\n") + "\n\n" + text
    out.write_text(old)


if __name__ == "__main__":
    main()
