"""detnet: trace revolving-door patterns in political detention records.

>>> import detnet
>>> G = detnet.load_sample("seed-article")
>>> detnet.stats(G)["nodes"]["Person"]
4
"""

from detnet.api import generate, load, load_sample, open_graph, sample_path, stats
from detnet.graph.errors import DetnetError
from detnet.queries.custody import custody_gaps, detained_on, detained_on_by_facility
from detnet.queries.family import family_reprisals
from detnet.queries.network import ego, ego_nodes, export, rank_officials, shortest_path
from detnet.queries.officials import (
    official_co_officials,
    official_facilities,
    official_orders_by_year,
    official_persons,
    official_profile,
)
from detnet.queries.registry import run as run_query
from detnet.queries.registry import saved_queries
from detnet.queries.revolving import (
    facilities_by_rearrests,
    rearrests_by_official,
    revolving_door,
    same_official_rearrests,
)
from detnet.queries.timeline import plot_timeline, timeline
from detnet.results import Rows
from detnet.viz import render

__all__ = [
    "DetnetError",
    "Rows",
    "check_neo4j",
    "custody_gaps",
    "detained_on",
    "detained_on_by_facility",
    "ego",
    "ego_nodes",
    "export",
    "facilities_by_rearrests",
    "family_reprisals",
    "fetch_neo4j",
    "generate",
    "load",
    "load_sample",
    "official_co_officials",
    "official_facilities",
    "official_orders_by_year",
    "official_persons",
    "official_profile",
    "open_graph",
    "plot_timeline",
    "pull",
    "push",
    "rank_officials",
    "rearrests_by_official",
    "render",
    "revolving_door",
    "run_query",
    "same_official_rearrests",
    "sample_path",
    "saved_queries",
    "shortest_path",
    "stats",
    "timeline",
]

# The Neo4j verbs import the Neo4j driver, which takes half a second: only on first use.
_NEO4J_VERBS = {"push": "push", "pull": "pull", "fetch_neo4j": "fetch", "check_neo4j": "check"}


def __getattr__(name: str):
    if name in _NEO4J_VERBS:
        from detnet.graph import neo4j_store

        return getattr(neo4j_store, _NEO4J_VERBS[name])
    raise AttributeError(f"module 'detnet' has no attribute {name!r}")
