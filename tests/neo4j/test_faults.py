"""A server that dies under a running query, or is down when a command starts: one
clear line, a distinct exit status, and nothing else. Uses a throwaway server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

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
