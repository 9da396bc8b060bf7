"""The claims examples of tests/analysis/test_claims.py give the same rows in Cypher: each
claim's period, kind and `as_of` selecting different orders (claimed, inferred, imprecise,
reported late), and every command's `--as-known-on`."""

from __future__ import annotations

import orjson
import pytest
from detnet.graph import neo4j, store
from detnet.queries import registry

import detnet

from ..analysis.test_claims import CLAIMS, LATE, ORDERS, PERSONS, STATUSES
from ..records.helpers import SOURCES, write
from .helpers import wipe

pytestmark = pytest.mark.neo4j

KNOWN = (None, "2024-03-15", "2024-03-28", "2024-04-09", "2024-06-30", "2024-09")
CASES = {
    "reconcile": [{"as_known_on": k} for k in KNOWN],
    "revolving_door": [{"as_known_on": k} for k in KNOWN],
    "detained_on": [
        {"day": d, "as_known_on": k} for d in ("2024-03-25", "2024-04-30") for k in KNOWN
    ],
    "timeline": [{"as_known_on": k, "late_days": n} for k in KNOWN for n in (5, 30)],
}


@pytest.fixture(scope="module", params=["claims", "late"])
def pushed(request, neo4j_server, tmp_path_factory):
    files = {"claims": dict(orders_csv=ORDERS, statuses_csv=STATUSES, claims_csv=CLAIMS),
             "late": dict(orders_csv=LATE)}[request.param]  # fmt: skip
    folder = write(
        tmp_path_factory.mktemp(request.param) / "r",
        sources_csv=SOURCES,
        persons_csv=PERSONS,
        facilities_csv="id,name\nC1,Invented Centre\n",
        **files,
    )
    G = store.new_graph()
    detnet.load(folder, graph=G, strict=True)
    wipe(neo4j_server)
    neo4j.push(G, connection=neo4j_server)
    return G


@pytest.mark.parametrize("name", sorted(CASES))
def test_claims_and_late_reports_give_the_same_rows_in_cypher(pushed, name, neo4j_server):
    for params in CASES[name]:
        embedded = registry.run(name, params, graph=pushed)
        cypher = registry.run(name, params, backend="neo4j", connection=neo4j_server)
        assert orjson.dumps(list(cypher)) == orjson.dumps(list(embedded)), f"{name} {params}"
