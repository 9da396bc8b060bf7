"""The saved query files: headers that read, parameters that match the Cypher, and a
networkx twin for each. These need no server."""

from __future__ import annotations

from pathlib import Path

import pytest
from detnet.graph.errors import UsageError
from detnet.queries import registry
from detnet.queries.registry import all_queries

QUERIES = sorted(registry.saved_queries())
REQUIRED = {
    "revolving_door",
    "rearrests_by_official",
    "timeline",
    "detained_on",
    "official_profile",
    "family_reprisals",
    "custody_gaps",
    "shortest_path",
}


def test_the_issue_s_queries_are_saved_with_more_an_analyst_wants():
    assert REQUIRED <= set(QUERIES)
    assert {"facilities_by_rearrests", "same_official_rearrests"} <= set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_query_matches_its_text_and_its_twin(name):
    assert registry.problems(registry.query(name)) == []


def test_every_networkx_query_has_a_cypher_twin():
    assert set(all_queries()) <= set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_file_is_named_after_its_query_and_has_a_description(name):
    q = registry.query(name)
    assert q.path.name == f"{name}.cypher"
    assert len(q.description) > 20


def write(tmp_path: Path, text: str) -> registry.SavedQuery:
    path = tmp_path / "q.cypher"
    path.write_text(text)
    return registry.parse(text, path)


# The real header, so that its twin matches it; only the text after it varies.
HEADER = "".join(
    line + "\n"
    for line in registry.query("revolving_door").text.splitlines()
    if line.startswith("//") and not line.startswith("// include")
)
USES_ALL = "MATCH (n) WHERE $official IS NULL AND $institution IS NULL AND $max_days IS NULL\n" + (
    "AND $since IS NULL AND $until IS NULL AND $exact_dates AND $recorded_only\n"
    "AND $as_known_on IS NULL AND $include_claimed RETURN 1"
)


def test_a_consistent_file_has_no_problems(tmp_path):
    assert registry.problems(write(tmp_path, HEADER + USES_ALL)) == []


def test_a_parameter_declared_but_not_used_fails(tmp_path):
    q = write(tmp_path, HEADER + USES_ALL.replace("AND $include_claimed", ""))
    assert registry.problems(q) == [
        "revolving_door: parameter 'include_claimed' is declared but the Cypher does not use it"
    ]


def test_a_parameter_used_but_not_declared_fails(tmp_path):
    q = write(tmp_path, HEADER + USES_ALL + " + $limit")
    assert registry.problems(q) == [
        "revolving_door: the Cypher uses $limit but the header does not declare it"
    ]


def test_parameters_in_comments_and_strings_do_not_count(tmp_path):
    text = HEADER + USES_ALL + "\n// $limit\nRETURN '$limit', \"$limit\", `$limit`"
    assert registry.problems(write(tmp_path, text)) == []


def test_a_query_without_twin_fails(tmp_path):
    q = write(tmp_path, HEADER.replace("name: revolving_door", "name: no_such_twin") + USES_ALL)
    assert registry.problems(q) == [
        "no_such_twin: no networkx twin named 'no_such_twin' in detnet.queries"
    ]


def test_a_default_other_than_the_twin_s_fails(tmp_path):
    text = HEADER.replace("include_claimed: bool = false", "include_claimed: bool = true")
    problems = registry.problems(write(tmp_path, text + USES_ALL))
    assert "revolving_door: parameter 'include_claimed' has another default in the twin" in problems
    assert any("the :params line gives include_claimed" in p for p in problems)


def test_columns_other_than_the_twin_s_fail(tmp_path):
    text = HEADER.replace(", facility_id", "")
    assert any(
        "the twin's columns are" in p for p in registry.problems(write(tmp_path, text + USES_ALL))
    )


@pytest.mark.parametrize(
    "line, message",
    [
        ("// nom: x\n", "unknown header key 'nom'"),
        ("// param: x: float = 1\n", "unknown type 'float'"),
        ("// param: x: int = soon\n", "the default of 'x' is not JSON"),
        ("// param: x\n", "cannot read the parameter"),
    ],
)
def test_a_broken_header_is_a_clear_error(tmp_path, line, message):
    with pytest.raises(registry.QueryFileError, match=message):
        write(tmp_path, HEADER + line + USES_ALL)


def test_a_file_without_name_or_columns_is_an_error(tmp_path):
    with pytest.raises(registry.QueryFileError, match="must name the query"):
        write(tmp_path, "// description: x\n// columns: a\nRETURN 1 AS a")
    with pytest.raises(registry.QueryFileError, match="declares no columns"):
        write(tmp_path, "// name: x\nRETURN 1 AS a")


# Parameters are checked and typed before anything runs.


@pytest.mark.parametrize(
    "params, message",
    [
        ({"days": "3"}, "revolving_door has no parameter 'days'"),
        ({"max_days": "three"}, "max_days: expected a whole number, 0 or more, not 'three'"),
        ({"max_days": "-1"}, "max_days: expected a whole number, 0 or more, not '-1'"),
        ({"max_days": True}, "max_days: expected a whole number, 0 or more, not True"),
        ({"max_days": str(2**63)}, "max_days: expected a whole number, 0 or more, not '9223"),
        ({"include_claimed": "maybe"}, "include_claimed: expected true or false, not 'maybe'"),
        ({"since": "31/02/2024"}, "since: no such date: '31/02/2024'"),
        ({"official": 7}, "official: expected text, not 7"),
    ],
)
def test_bad_parameters_are_refused_before_anything_runs(params, message, nowhere):
    with pytest.raises(UsageError, match=message):
        registry.run("revolving_door", params, backend="neo4j")


@pytest.fixture
def nowhere(monkeypatch):
    """A NEO4J_URI where nothing listens: a query that tried to connect would fail with
    Neo4jUnreachableError, not with the UsageError the tests expect."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")


def test_a_missing_required_parameter_is_refused(nowhere):
    with pytest.raises(UsageError, match="official_profile needs the parameter 'official'"):
        registry.run("official_profile", {}, backend="neo4j")


def test_a_choice_parameter_is_checked(nowhere):
    with pytest.raises(UsageError, match="period: expected one of week, month, year, not 'day'"):
        registry.run("timeline", {"period": "day"}, backend="neo4j")


def test_unknown_query_and_backend_are_refused():
    with pytest.raises(
        UsageError, match="no saved query named 'nope'; saved queries: custody_gaps"
    ):
        registry.run("nope")
    with pytest.raises(UsageError, match="--backend: expected one of embedded, neo4j"):
        registry.run("revolving_door", backend="sqlite")


def test_bind_fills_every_default_and_types_values():
    bound = registry.query("revolving_door").bind(
        {"max_days": "30", "since": "12/01/2026", "include_claimed": "yes"}
    )
    assert bound == {
        "official": None,
        "institution": None,
        "max_days": 30,
        "since": "2026-01-12",
        "until": None,
        "include_claimed": True,
        "exact_dates": False,
        "recorded_only": False,
        "as_known_on": None,
    }


def test_the_embedded_backend_runs_the_twin(seed_graph):
    from detnet.queries.revolving import revolving_door

    rows = registry.run("revolving_door", {"include_claimed": "true"}, graph=seed_graph)
    assert rows == revolving_door(seed_graph, include_claimed=True)
    assert rows.columns == registry.query("revolving_door").columns
