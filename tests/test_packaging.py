"""The wheel carries what an installed detnet needs: samples, templates, saved queries."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_holds_the_packages_and_their_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("detnet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "detnet/cli/__init__.py",
        "detnet/graph/store.py",
        "detnet/graph/neo4j/push.py",
        "detnet/loaders/load.py",
        "detnet/queries/__init__.py",
        "detnet/samples/seed-article/orders.csv",
        "detnet/samples/synthetic/persons.csv",
    }
    queries = ROOT / "queries"
    expected |= {f"detnet/queries/{p.relative_to(queries)}" for p in queries.rglob("*.cypher")}
    assert any("fragments/" in name for name in expected)
    templates = sorted((ROOT / "detnet" / "templates").glob("*.html"))
    assert templates
    expected |= {f"detnet/templates/{p.name}" for p in templates}
    assert expected <= names
    assert not any(n.startswith(("tests/", "benchmarks/", "tools/")) for n in names)
