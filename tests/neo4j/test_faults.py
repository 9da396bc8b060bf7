"""A server that dies under a running query, or is down when a command starts: one
clear line, a distinct exit status, and nothing else. Uses a throwaway server."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from detnet.graph import neo4j, store

import detnet

from .helpers import graph_as_sets
from .test_interrupted_push import server

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

DETNET = [sys.executable, "-c", "from detnet.cli import main; main()"]
# A read that runs for minutes: long enough to kill the server under it.
SLOW_QUERY = "UNWIND range(1, 20000000000) AS x WITH x WHERE x < 0 RETURN x"


def test_a_server_killed_mid_query_is_one_line_and_exit_4(neo4j_server, tmp_path):
    home = tmp_path / "throwaway-neo4j"
    exports = server(home, "start")
    env = dict(os.environ)
    for line in exports.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value
    query = tmp_path / "slow.cypher"
    query.write_text(SLOW_QUERY)
    try:
        running = subprocess.Popen(
            [*DETNET, "neo4j", "pull", "--query", str(query), "--graph", str(tmp_path / "g.json")],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)  # the query is running on the server by now
        assert running.poll() is None
        os.kill(int((home / "server.pid").read_text()), signal.SIGKILL)
        _, stderr = running.communicate(timeout=120)
    finally:
        subprocess.run(["bash", "-c", f"kill -9 $(cat {home}/server.pid) 2>/dev/null"], check=False)
    assert running.returncode == 4
    [line] = stderr.splitlines()
    assert line.startswith("Error: ") and "Traceback" not in stderr
    assert env["NEO4J_PASSWORD"] not in stderr
    assert not (tmp_path / "g.json").exists()  # nothing half-pulled was written

    # The server is gone now: a command that starts finds it down, and says so.
    down = subprocess.run([*DETNET, "neo4j", "check"], env=env, capture_output=True, text=True)
    assert down.returncode == 4
    assert down.stderr.startswith("Error: ") and len(down.stderr.splitlines()) == 1


def test_a_push_killed_at_random_points_completes_with_no_duplicates(neo4j_db, tmp_path):
    """SIGKILL the `detnet neo4j push` process itself, again and again; then rerun it."""
    records = tmp_path / "records"
    detnet.generate(records, persons=1200, seed=9)
    graph = tmp_path / "g.json"
    detnet.load(records, graph=graph, strict=True)
    push = [*DETNET, "neo4j", "push", "--graph", str(graph), "--batch-size", "400"]
    rng = random.Random(4)
    for _ in range(5):
        proc = subprocess.Popen(push, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert store.read_graph(graph).number_of_nodes() > 0  # the graph file is untouched
    done = subprocess.run(push, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    G = store.read_graph(graph)
    with neo4j.connect() as connection:
        assert fetched_as_sets(connection) == graph_as_sets(G)
        # Sets would hide a duplicate: count what Neo4j holds, too.
        nodes = connection.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        rels = connection.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert (nodes, rels) == (G.number_of_nodes(), G.number_of_edges())


def fetched_as_sets(connection) -> tuple[set, set]:
    G, _ = neo4j.fetch(connection=connection)
    return graph_as_sets(G)
