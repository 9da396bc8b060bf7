"""The benchmark harness runs end to end at a tiny size, so that it never rots.

No timing is asserted: the figures belong in benchmarks/RESULTS.md, not in tests. Neo4j
and the browser take part when the environment offers them (NEO4J_URI, a chromium on
PATH); under CI=true they must.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI = os.environ.get("CI", "").strip().lower() == "true"


def test_the_harness_measures_and_writes_its_results_at_the_smallest_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    command = [
        sys.executable, "-m", "benchmarks.run", "--sizes", "1k", "--lists", "300",
        "--list-months", "6", "--repeat", "1",
        "--data-dir", str(tmp_path / "data"), "--out", str(results),
        "--neo4j-sample-rows", "300",
    ]  # fmt: skip
    neo4j = bool(os.environ.get("NEO4J_URI"))
    browser = bool(os.environ.get("DETNET_CHROMIUM") or shutil.which("chromium"))
    if CI:
        assert neo4j and browser, "CI=true: the benchmark smoke test needs Neo4j and Chromium"
    # Like the Neo4j tests, treat the server in NEO4J_URI as a throwaway one.
    command.append("--neo4j-wipe" if neo4j else "--skip-neo4j")
    if not browser:
        command.append("--skip-browser")

    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)

    assert run.returncode == 0, run.stderr[-2000:]
    assert "load: detnet load" in run.stdout  # the table
    text = results.read_text(encoding="utf-8")
    for heading in ("## Machine and versions", "## Targets", "## All figures", "## Checks"):
        assert heading in text
    for figure in (
        "load floor: csv.reader + networkx add_*_from",
        "open graph: read_graph",
        "revolving door: DuckDB SQL (window functions)",
        "CLI: detnet revolving-door --format json",
        "CLI reference: a DuckDB process answering from its database file",
        "open for an order query: the facts file",
        "viz: HTML made and written",
    ):
        assert f"| 1k | {figure} |" in text
    assert "1k: revolving door, networkx vs DuckDB: rows equal" in text
    assert "1k: revolving door, DuckDB's process vs the CLI: rows equal" in text
    assert "lists-300: revolving door, DuckDB's process vs the CLI: rows equal" in text
    # The list-shaped records, against the same references.
    for figure in ("load: detnet load", "revolving door: DuckDB SQL (window functions)",
                   "CLI: detnet revolving-door --format json"):  # fmt: skip
        assert f"| lists-300 | {figure} |" in text
    assert "lists-300: revolving door, networkx vs DuckDB: rows equal" in text
    if neo4j:
        assert "| 1k | neo4j push: detnet neo4j push (batched) |" in text
        assert "1k: revolving door, networkx vs Cypher: rows equal" in text
        assert "lists-300: revolving door, networkx vs Cypher: rows equal" in text
    if browser:
        assert "| 1k | viz: browser, open to stable layout |" in text


def test_the_resolution_suite_measures_and_writes_its_results(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\n## Other\n\nkept\n")
    command = [
        sys.executable, "-m", "benchmarks.suites.resolve", "--persons", "300",
        "--data-dir", str(tmp_path / "data"), "--out", str(results),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    text = results.read_text()
    assert "## Other\n\nkept" in text and "## Resolution" in text and "| recall |" in text
