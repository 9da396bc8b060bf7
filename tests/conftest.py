"""Fixtures shared by every area's tests."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import networkx as nx
import pytest

import detnet

ROOT = Path(__file__).resolve().parent.parent

# Notebooks run on this environment's own kernel, even if the user has another
# "python3" kernel in ~/.local/share/jupyter: JUPYTER_PATH is searched first.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    p for p in (f"{sys.prefix}/share/jupyter", os.environ.get("JUPYTER_PATH")) if p
)

# Graph files found fine are remembered in the user's cache (detnet.graph.checked): the
# suite, and the commands it runs, keep theirs apart and leave nothing behind.
os.environ["DETNET_CACHE"] = tempfile.mkdtemp(prefix="detnet-test-cache-")
atexit.register(shutil.rmtree, os.environ["DETNET_CACHE"], ignore_errors=True)


@pytest.fixture(scope="session")
def seed_graph() -> nx.MultiDiGraph:
    """The seed-article sample, in memory. Do not modify: copy it first."""
    return detnet.load_sample("seed-article")


@pytest.fixture(scope="session")
def synthetic_graph() -> nx.MultiDiGraph:
    """The committed synthetic sample, in memory. Do not modify: copy it first."""
    return detnet.load_sample("synthetic")


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    """A path for a graph file that does not exist yet."""
    return tmp_path / "graph.json"
