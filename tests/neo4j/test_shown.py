"""`detnet query show NAME` prints the text an analyst pastes into Neo4j Browser after its
`:params` line: the query with its fragments in place. Run as it is, with those
parameters, it gives the saved query's rows."""

from __future__ import annotations

import pytest
from detnet.graph import neo4j
from detnet.queries import registry

import detnet

from .helpers import wipe

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def samples_in_neo4j(neo4j_server):
    """Both samples, whose ids the `:params` lines use as examples."""
    wipe(neo4j_server)
    G = detnet.load_sample("synthetic")
    detnet.load(detnet.sample_path("seed-article"), graph=G)
    neo4j.push(G, connection=neo4j_server)
    return neo4j_server


@pytest.mark.parametrize("name", sorted(registry.saved_queries()))
def test_the_shown_text_runs_unchanged_with_its_params_line(samples_in_neo4j, name):
    q = registry.query(name)
    example = q.example_params()
    columns, records = samples_in_neo4j.table(q.cypher, example)
    shown = [{c: neo4j.plain(r[c]) for c in columns} for r in records]
    rows = registry.run(name, example, backend="neo4j", connection=samples_in_neo4j)
    assert shown == list(rows)
    assert shown, "an example that finds nothing proves little"
