"""The research notebooks: committed stripped, and run top to bottom in a real kernel.

Each notebook runs on the bundled samples as committed, and (all but the Neo4j one) on
other records through its parameters cell, as a researcher would run it on their own.
Executed copies live in pytest's tmp_path, never in the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from nbclient import NotebookClient

import detnet

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDIES = ["01-quickstart", "02-revolving-door", "03-neo4j-cypher", "04-network", "05-status-lists"]
NEEDS_NEO4J = {"03-neo4j-cypher"}
# What each notebook must show once run: tables, plots, the interactive view.
SHOWS = {
    "01-quickstart": {"table", "view"},
    "02-revolving-door": {"table", "plot"},
    "03-neo4j-cypher": {"table"},
    "04-network": {"table", "plot", "view"},
    "05-status-lists": {"table", "plot"},
}
# The bundled sample each notebook reads when given no records.
SAMPLES = {"05-status-lists": "lists"}
CELL_TIMEOUT = 180


def ids(path: Path) -> str:
    return path.stem


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def parameters_cell(nb: nbformat.NotebookNode) -> int:
    """The index of the cell tagged `parameters` (papermill's convention)."""
    return next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))


def execute(path: Path, workdir: Path, parameters: str | None = None) -> nbformat.NotebookNode:
    """Run a notebook in `workdir`; `parameters` is a cell run right after the parameters
    cell, as papermill injects one. Raises CellExecutionError on the first failing cell."""
    nb = read(path)
    if parameters is not None:
        nb.cells.insert(parameters_cell(nb) + 1, nbformat.v4.new_code_cell(parameters))
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    nbformat.write(nb, workdir / path.name)  # kept for a look when a test fails
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def shown(nb: nbformat.NotebookNode) -> set[str]:
    """What the executed notebook displays: tables, plots, interactive views."""
    kinds = set()
    for o in outputs(nb):
        data = o.get("data", {})
        html = data.get("text/html", "")
        if "<table" in html:
            kinds.add("table")
        if html.startswith("<iframe"):
            kinds.add("view")
        if "image/png" in data or "image/svg+xml" in data:
            kinds.add("plot")
    return kinds


def text_of(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs(nb)
    )


def check_tells_its_story(nb: nbformat.NotebookNode, name: str) -> None:
    assert SHOWS[name] <= shown(nb), f"{name} shows {shown(nb)}, expected {SHOWS[name]}"
    noise = [o.text for o in outputs(nb) if o.output_type == "stream" and o.name == "stderr"]
    assert not noise, (
        f"{name} writes warnings or errors under its cells: {[n[:300] for n in noise[:3]]}"
    )
    for o in outputs(nb):
        plain = o.get("data", {}).get("text/plain", "")
        if o.output_type == "execute_result" and "text/html" not in o.get("data", {}):
            assert not plain.startswith(("{", "[{")), f"{name} shows a raw dict: {plain[:80]}"


def neo4j_or_skip() -> None:
    if not os.environ.get("NEO4J_URI"):
        if os.environ.get("CI") == "true":
            pytest.fail("NEO4J_URI is not set: with CI=true the Neo4j notebook must run")
        pytest.skip("NEO4J_URI is not set (run through tools/test.sh to start Neo4j)")


def wipe_neo4j() -> None:
    """Empty the test database, so that it holds exactly what the notebook pushes."""
    import neo4j

    env = os.environ
    auth = (env.get("NEO4J_USER") or "neo4j", env.get("NEO4J_PASSWORD", ""))
    with neo4j.GraphDatabase.driver(env["NEO4J_URI"], auth=auth) as driver:
        driver.execute_query(
            "MATCH (n) DETACH DELETE n", database_=env.get("NEO4J_DATABASE") or "neo4j"
        )


# The committed notebooks


def test_the_studies_are_there():
    assert [p.stem for p in NOTEBOOKS] == STUDIES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_committed_with_outputs_stripped(path):
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {i} keeps its outputs"
            assert cell.execution_count is None, f"{path.name}: cell {i} has an execution count"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_starts_with_a_parameters_cell(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), path.name
    assert re.search(r"^RECORDS = None\b", code[0].source, re.M), path.name
    assert re.search(r"^GRAPH = None\b", code[0].source, re.M), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_credentials_in_notebooks(path):
    # Neo4j settings come from the environment: no password is ever written down.
    for cell in read(path).cells:
        for line in cell.source.splitlines():
            assert not re.search(r"password\w*\s*=\s*['\"]", line, re.I), f"{path.name}: {line}"
            if re.match(r"\s*NEO4J_\w+\s*=", line):
                assert "os.environ.get(" in line, f"{path.name}: {line}"


# Running them


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_runs_on_the_samples(path, tmp_path):
    if path.stem in NEEDS_NEO4J:
        neo4j_or_skip()
        wipe_neo4j()
    nb = execute(path, tmp_path)
    check_tells_its_story(nb, path.stem)
    sample = detnet.load_sample(SAMPLES.get(path.stem, "synthetic"))
    persons = detnet.stats(sample)["nodes"]["Person"]
    assert f"{persons} persons," in text_of(nb)
    if path.stem in NEEDS_NEO4J:  # so the notebook held every query's rows against its twin
        assert "Neo4j holds this graph and no other records" in text_of(nb)


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem not in NEEDS_NEO4J], ids=ids)
def test_runs_on_other_records_into_a_graph_file(path, tmp_path):
    records = tmp_path / "records"
    counts = detnet.generate(records, persons=60, seed=11)
    graph = tmp_path / "cases.json"
    nb = execute(path, tmp_path, f"RECORDS = {str(records)!r}\nGRAPH = {str(graph)!r}")
    check_tells_its_story(nb, path.stem)
    assert f"{counts['persons']} persons," in text_of(nb)
    assert detnet.stats(graph)["nodes"]["Person"] == counts["persons"]


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem not in NEEDS_NEO4J], ids=ids)
def test_runs_on_records_with_rejected_rows(path, tmp_path):
    messy = ROOT / "tests" / "data" / "messy"
    nb = execute(path, tmp_path, f"RECORDS = {str(messy)!r}")
    rejected = len(detnet.load(messy, graph=nx.MultiDiGraph()).rejections)
    assert rejected > 0
    assert f"{rejected} rows rejected" in text_of(nb)


@pytest.mark.slow
def test_neo4j_notebook_stops_clearly_without_a_server(tmp_path):
    path = ROOT / "notebooks" / "03-neo4j-cypher.ipynb"
    with pytest.raises(Exception, match="NEO4J_URI is not set") as failure:
        execute(path, tmp_path, "NEO4J_URI = None")
    assert type(failure.value).__name__ == "CellExecutionError"


@pytest.mark.slow
def test_neo4j_notebook_runs_on_other_records(tmp_path):
    neo4j_or_skip()
    wipe_neo4j()
    path = ROOT / "notebooks" / "03-neo4j-cypher.ipynb"
    records = tmp_path / "records"
    counts = detnet.generate(records, persons=40, seed=5)
    nb = execute(path, tmp_path, f"RECORDS = {str(records)!r}")
    check_tells_its_story(nb, path.stem)
    assert f"{counts['persons']} persons," in text_of(nb)
    assert "Neo4j holds this graph and no other records" in text_of(nb)
