"""Nothing detnet does on the embedded store opens a network connection.

Each command runs in a subprocess whose socket layer records every connection or name
lookup it is asked for (a `sitecustomize` on the path), and the record must stay empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import detnet

SITECUSTOMIZE = textwrap.dedent(
    """
    import os, socket
    _log = os.environ["DETNET_NET_LOG"]

    def _record(what, *args):
        with open(_log, "a") as f:
            f.write(f"{what} {args!r}\\n")

    _connect = socket.socket.connect
    def connect(self, address):
        if self.family != socket.AF_UNIX:
            _record("connect", address)
        return _connect(self, address)
    socket.socket.connect = connect

    _getaddrinfo = socket.getaddrinfo
    def getaddrinfo(*args, **kwargs):
        _record("getaddrinfo", *args[:2])
        return _getaddrinfo(*args, **kwargs)
    socket.getaddrinfo = getaddrinfo
    """
)


@pytest.fixture
def run(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "site"),
        "DETNET_NET_LOG": str(log),
        "DETNET_GRAPH": str(tmp_path / "g.json"),
        "DETNET_REDACT_KEY": "a-test-key-of-sixteen-chars",
    }

    def detnet_cli(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-c", "from detnet.cli import main; main()", *args],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert proc.returncode in (0, 1), proc.stderr
        return log.read_text() if log.exists() else ""

    return detnet_cli


def test_embedded_commands_open_no_connection(run, tmp_path):
    sample = str(detnet.sample_path("synthetic"))
    calls = [
        ("generate", str(tmp_path / "r"), "--persons", "50"),
        ("load", sample),
        ("stats",),
        ("revolving-door", "--format", "json"),
        ("timeline", "--plot", str(tmp_path / "t.png")),
        ("detained-on", "2020-01-01"),
        ("family-reprisals",),
        ("custody-gaps",),
        ("rank", "officials", "--by", "betweenness"),
        ("export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")),
        ("viz", "--revolving-door", "--out", str(tmp_path / "v.html")),
        ("viz", "--revolving-door", "--redact", "--out", str(tmp_path / "r.html")),
        ("demo", "--graph", str(tmp_path / "demo.json")),
    ]
    for args in calls:
        assert run(*args) == "", f"detnet {' '.join(args)} touched the network"


def test_the_recorder_works(run, tmp_path):
    """The check above can fail: a lookup made by the child is recorded."""
    (tmp_path / "site" / "sitecustomize.py").write_text(
        SITECUSTOMIZE
        + "\nimport socket\ntry:\n    socket.getaddrinfo('localhost', 9)\nexcept OSError:\n    pass\n"
    )
    assert "getaddrinfo" in run("generate", str(tmp_path / "r"), "--persons", "5")
