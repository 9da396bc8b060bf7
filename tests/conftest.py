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


# Tests that use the one Neo4j database of NEO4J_URI (each empties it first). With
# several workers (pytest-xdist: tools/test.sh), they all run in one worker, in turn,
# and first, since they take longest; other tests go out a file at a time.
SHARED_NEO4J = ("tests/neo4j/", "tests/test_notebooks.py", "tests/test_benchmarks.py")


def pytest_collection_modifyitems(items) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(SHARED_NEO4J))  # stable


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist is not installed: the suite runs in one process
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:

    class SharedNeo4jTogether(LoadScopeScheduling):
        """One unit of work for the tests of the shared database, one per other file."""

        def _split_scope(self, nodeid: str) -> str:
            return "neo4j" if nodeid.startswith(SHARED_NEO4J) else nodeid.split("::", 1)[0]

    def pytest_xdist_make_scheduler(config, log):
        return SharedNeo4jTogether(config, log)


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
