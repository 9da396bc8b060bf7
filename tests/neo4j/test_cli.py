"""`detnet query` and `detnet neo4j push` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from detnet.graph import neo4j
from detnet.queries import registry

from detnet.cli import cli
from detnet.cli.neo4j import push as push_command

MESSY = "tests/data/messy"


def run(*args: str, **env: str | None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def messy_file(tmp_path):
    graph = tmp_path / "messy.json"
    assert run("load", MESSY, "--graph", str(graph)).exit_code == 1  # 9 rows rejected
    return str(graph)


def test_query_list_names_every_saved_query():
    result = run("query", "list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [q["name"] for q in listed] == sorted(registry.saved_queries())
    door = next(q for q in listed if q["name"] == "revolving_door")
    assert door["parameters"] == (
        "official: Official = null, institution: Institution = null, max_days: int = null, "
        "since: date = null, until: date = null, include_claimed: bool = false, "
        "exact_dates: bool = false, recorded_only: bool = false, as_known_on: date = null"
    )


def test_query_show_prints_the_query_with_its_fragments_in_place():
    result = run("query", "show", "timeline")
    assert result.exit_code == 0
    assert result.stdout == registry.query("timeline").cypher.rstrip("\n") + "\n"
    assert '// :params {period: "month", official: null, facility: null, ' in result.stdout
    assert "// include:" not in result.stdout
    assert "// custody_steps: each fact of `events`" in result.stdout


def test_query_run_on_the_embedded_graph(messy_file):
    result = run("query", "run", "revolving_door", "--graph", messy_file, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("person_id,person_name,release_order_id")
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    "args, message",
    [
        (["nope"], "Error: no saved query named 'nope'; saved queries: custody_gaps"),
        (["revolving_door", "--param", "days=3"], "Error: revolving_door has no parameter 'days'"),
        (["revolving_door", "--param", "max_days"], "Error: --param: expected NAME=VALUE, not 'max_days'"),
        (["revolving_door", "--param", "max_days=1", "--param", "max_days=2"],
         "Error: --param: max_days is given twice"),
        (["revolving_door", "--param", "since=soon"], "Error: since: not a date: 'soon'"),
        (["official_profile"], "Error: official_profile needs the parameter 'official' (Official)"),
    ],
)  # fmt: skip
def test_query_run_refuses_bad_input_before_anything_is_sent(args, message):
    # NEO4J_URI points nowhere: anything sent would fail as unreachable, with exit 4.
    result = run("query", "run", *args, "--backend", "neo4j", NEO4J_URI="bolt://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_unknown_ids_are_refused_on_both_backends(messy_file, neo4j_db):
    neo4j.push(messy_file, connection=neo4j_db)
    for backend in ("embedded", "neo4j"):
        result = run("query", "run", "official_profile", "--param", "official=MF9",
                     "--backend", backend, "--graph", messy_file)  # fmt: skip
        assert (result.exit_code, result.stderr) == (2, "Error: unknown official 'MF9'\n")


def test_push_then_revolving_door_on_neo4j_gives_the_same_json(messy_file, neo4j_db):
    """The issue's "done when", on the messy folder."""
    pushed = run("neo4j", "push", "--graph", messy_file)
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout.splitlines()[1:] == [
        "nodes: Person 3, Official 2, Facility 2, Order 9, Source 1",
        "relationships: ISSUED 8, CONCERNS 9, AT 8, FAMILY 2, IS_PERSON 1, CITES 3",
        "created: 17 nodes, 31 relationships; deleted: 0 relationships the graph no longer has",
    ]
    embedded = run("revolving-door", "--graph", messy_file, "--format", "json")
    assert embedded.exit_code == 0
    for name in ("revolving_door", "rearrests_by_official"):
        on_neo4j = run("query", "run", name, "--backend", "neo4j", "--format", "json")
        on_file = run("query", "run", name, "--graph", messy_file, "--format", "json")
        assert on_neo4j.exit_code == on_file.exit_code == 0
        assert on_neo4j.stdout == on_file.stdout
    on_neo4j = run("revolving-door", "--backend", "neo4j", "--format", "json")
    assert on_neo4j.exit_code == 0
    assert on_neo4j.stdout == embedded.stdout
    assert json.loads(embedded.stdout)  # some rows: equal empty outputs would prove little


def test_push_default_batch_size_is_the_library_s():
    option = next(p for p in push_command.params if p.name == "batch_size")
    assert option.default == neo4j.DEFAULT_BATCH_SIZE


ANALYSES = [
    ["revolving-door"],
    ["revolving-door", "--by-official", "--include-claimed"],
    ["revolving-door", "--official", "F0002", "--since", "01/01/2019", "--max-days", "400"],
    ["timeline", "--period", "year", "--facility", "C004"],
    ["detained-on", "2021-06-30"],
    ["official", "F0006", "--include-claimed"],
    ["family-reprisals", "--within", "365"],
    ["custody-gaps", "--min-days", "10"],
    ["path", "P000010", "P000172"],
]


@pytest.fixture(scope="module")
def synthetic_pushed(neo4j_server, tmp_path_factory):
    from .helpers import wipe

    graph = tmp_path_factory.mktemp("synthetic") / "g.json"
    assert run("load", "samples/synthetic", "--graph", str(graph)).exit_code == 0
    wipe(neo4j_server)
    neo4j.push(str(graph), connection=neo4j_server)
    return str(graph)


@pytest.mark.parametrize("args", ANALYSES, ids=" ".join)
def test_analysis_commands_give_the_same_json_on_neo4j(args, synthetic_pushed):
    embedded = run(*args, "--graph", synthetic_pushed, "--format", "json")
    on_neo4j = run(*args, "--backend", "neo4j", "--format", "json")
    assert embedded.exit_code == on_neo4j.exit_code == 0, on_neo4j.output
    assert on_neo4j.stdout == embedded.stdout
    assert json.loads(embedded.stdout)  # something found: equal empty outputs prove little


def test_timeline_plot_needs_the_embedded_graph(tmp_path):
    result = run("timeline", "--backend", "neo4j", "--plot", str(tmp_path / "t.svg"))
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --plot: only with the embedded graph (`detnet neo4j pull` first)\n",
    )


def test_cypher_returning_other_columns_than_declared_is_an_error(neo4j_db, tmp_path):
    path = tmp_path / "q.cypher"
    path.write_text("// name: q\n// columns: a, b\nMATCH (n:Nothing) RETURN n.a AS a, n.c AS c")
    q = registry.parse(path.read_text(), path)
    with pytest.raises(registry.QueryFileError, match=r"returns \['a', 'c'\], not the declared"):
        registry.run_cypher(q, {}, neo4j_db)  # no rows at all: the columns are still checked
