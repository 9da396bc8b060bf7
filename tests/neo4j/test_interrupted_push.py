"""A push cut short by the server dying (SIGKILL, mid-batch) fails with a clear error,
and running it again completes it with no duplicates. Uses a throwaway server of its
own (tools/neo4j/server.sh with its own DETNET_NEO4J_HOME), never the shared one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from detnet.graph import neo4j, store
from detnet.graph.errors import Neo4jUnreachableError

import detnet

from .helpers import graph_as_sets

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

SERVER = Path(__file__).resolve().parents[2] / "tools" / "neo4j" / "server.sh"


def server(home: Path, command: str) -> str:
    env = {**os.environ, "DETNET_NEO4J_HOME": str(home), "DETNET_NEO4J_PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(SERVER), command], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def settings_of(exports: str) -> neo4j.Settings:
    env = dict(
        line.removeprefix("export ").split("=", 1) for line in exports.splitlines() if "=" in line
    )
    return neo4j.Settings.from_env(env)


def killed_after(pid: int, batches: int):
    """A progress callback that SIGKILLs the server once `batches` batches are written."""

    def progress(items, length, label):
        for done, item in enumerate(items):
            if done == batches:
                os.kill(pid, signal.SIGKILL)
                while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid):
                    time.sleep(0.05)
            yield item

    return progress


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return "Z"


def test_a_push_killed_midway_completes_when_run_again(neo4j_server, tmp_path):
    folder = tmp_path / "records"
    detnet.generate(folder, persons=1500, seed=3)
    G = store.new_graph()
    detnet.load(folder, graph=G, strict=True)
    home = tmp_path / "throwaway-neo4j"
    try:
        settings = settings_of(server(home, "start"))
        pid = int((home / "server.pid").read_text())
        with neo4j.connect(settings, max_transaction_retry_time=1.0) as conn:
            with pytest.raises(Neo4jUnreachableError, match=r"after 4 of \d+ batches.*again"):
                neo4j.push(G, batch_size=300, connection=conn, progress=killed_after(pid, 4))

        settings = settings_of(server(home, "start"))  # the same data, on a new port
        with neo4j.connect(settings) as conn:
            written = conn.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
            assert 0 < written < G.number_of_nodes()  # killed mid-push indeed
            neo4j.push(G, batch_size=300, connection=conn)
            assert conn.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == G.number_of_nodes()
            assert graph_as_sets(neo4j.fetch(connection=conn)[0]) == graph_as_sets(G)
    finally:
        if home.exists():
            server(home, "stop")
