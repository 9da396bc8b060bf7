"""The contract every saved query keeps, so that its Cypher twin can be held against it:
a name, keyword-only parameters that the CLI mirrors, fixed columns, plain JSON values."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import click
import pytest
from detnet.graph.errors import DetnetError
from detnet.queries.registry import all_queries, networkx_only
from detnet.queries.rows import Rows

import detnet
from detnet.cli import cli

QUERIES = all_queries()
NETWORKX_ONLY = networkx_only()  # no Cypher twin

# Values for the parameters that have no default, on the synthetic sample.
REQUIRED = {
    "day": "2022-06-30",
    "official": "F0002",
    "person_a": "P000001",
    "person_b": "P000002",
    "node": "P000001",
    "institution": "I-MININT",  # a ministry with services, members and facilities
}

# The command behind each query, and how a parameter is spelled there.
COMMANDS = {
    "revolving_door": "revolving-door",
    "rearrests_by_official": "revolving-door",
    "timeline": "timeline",
    "detained_on": "detained-on",
    "detained_on_by_facility": "detained-on",
    "official_profile": "official",
    "family_reprisals": "family-reprisals",
    "custody_gaps": "custody-gaps",
    "rank_officials": "rank",
    "shortest_path": "path",
    "ego_nodes": "ego",
    "reconcile": "reconcile",
    "rearrests_by_institution": "revolving-door",
    "institution_profile": "institution",
    "rearrest_conditions_by_official": "release-conditions",
    "rearrest_conditions_by_institution": "release-conditions",
}


def test_the_registry_holds_the_named_queries():
    assert {
        "revolving_door",
        "rearrests_by_official",
        "same_official_rearrests",
        "facilities_by_rearrests",
        "timeline",
        "detained_on",
        "official_profile",
        "official_orders_by_year",
        "official_co_officials",
        "family_reprisals",
        "custody_gaps",
        "shortest_path",
    } <= set(QUERIES)
    assert not set(NETWORKX_ONLY) & set(QUERIES)
    for name, query in QUERIES.items():
        assert query.name == name
        assert getattr(detnet, name) is query  # `import detnet` gives every verb


@pytest.mark.parametrize("name", sorted({**QUERIES, **NETWORKX_ONLY}))
def test_parameters_are_keyword_only_after_the_graph(name):
    query = {**QUERIES, **NETWORKX_ONLY}[name]
    signature = inspect.signature(query).parameters
    assert list(signature)[0] == "graph"
    for parameter in list(signature.values())[1:]:
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parameter


def is_json_value(value) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


@pytest.mark.parametrize("name", sorted({**QUERIES, **NETWORKX_ONLY}))
def test_rows_have_the_declared_columns_and_plain_values(name, synthetic_graph):
    query = {**QUERIES, **NETWORKX_ONLY}[name]
    needed = {p.name: REQUIRED[p.name] for p in query.params() if p.required}
    rows = query(synthetic_graph, **needed)
    assert isinstance(rows, Rows) and rows.columns == query.columns
    assert rows, f"{name} found nothing in the synthetic sample: the test would prove nothing"
    for row in rows:
        assert tuple(row) == query.columns
        assert all(is_json_value(v) for v in row.values()), row
    assert query(synthetic_graph, **needed) == rows  # deterministic


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_cli_mirrors_the_parameters(name):
    query = {**QUERIES, **NETWORKX_ONLY}[name]
    command = cli.commands[COMMANDS[name]]
    spelled = {p.name for p in command.params}
    for parameter in [p.name for p in query.params()]:
        assert parameter in spelled, f"{COMMANDS[name]} has no {parameter}"
        option = next(p for p in command.params if p.name == parameter)
        if isinstance(option, click.Option):
            assert f"--{parameter.replace('_', '-')}" in option.opts


def test_to_dataframe_keeps_the_columns_even_when_empty(synthetic_graph):
    frame = detnet.revolving_door(synthetic_graph, max_days=0, since="2099-01-01").to_dataframe()
    assert list(frame.columns) == list(detnet.revolving_door.columns) and len(frame) == 0
    frame = detnet.rearrests_by_official(synthetic_graph).to_dataframe()
    assert frame["rearrests"].sum() == len(detnet.revolving_door(synthetic_graph))


def test_to_dataframe_without_pandas_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(DetnetError, match=r"pip install 'detnet\[pandas\]'"):
        Rows([], ["a"]).to_dataframe()


def test_queries_accept_a_graph_file(tmp_path, synthetic_graph):
    from detnet.graph.store import write_graph

    path = write_graph(synthetic_graph, tmp_path / "g.json")
    assert detnet.revolving_door(path) == detnet.revolving_door(synthetic_graph)
    assert detnet.revolving_door(str(path), official="F0005") == detnet.revolving_door(
        synthetic_graph, official="F0005"
    )


ANALYSIS_COMMANDS = sorted(
    name for name, c in cli.commands.items() if c.callback.__module__ == "detnet.cli.analysis"
)


@pytest.mark.parametrize("command", ANALYSIS_COMMANDS)
def test_every_analysis_command_is_documented(command):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text()
    assert re.search(rf"^#+ `detnet {re.escape(command)}`", docs, re.M), command


def test_the_analysis_commands_are_all_there():
    assert ANALYSIS_COMMANDS == sorted(
        ["revolving-door", "timeline", "detained-on", "official", "family-reprisals",
         "custody-gaps", "rank", "path", "ego", "export", "reconcile", "institution",
         "release-conditions"]
    )  # fmt: skip
