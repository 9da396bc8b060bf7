"""detnet: trace revolving-door patterns in political detention records.

The verbs are the same as the CLI's (see README.md, "Python API"). Each is imported on
first use, so that `import detnet.graph.schema` (or any lower layer) loads only itself
and what it needs.

>>> import detnet
>>> G = detnet.load_sample("seed-article")
>>> detnet.stats(G)["nodes"]["Person"]
4
"""

from importlib import import_module

# Every public name, and the module that holds it.
_HOMES = {
    "DetnetError": "detnet.graph.errors",
    "Rows": "detnet.queries.rows",
    "export": "detnet.api",
    "generate": "detnet.api",
    "load": "detnet.api",
    "load_list": "detnet.api",
    "load_sample": "detnet.api",
    "open_graph": "detnet.api",
    "sample_path": "detnet.api",
    "stats": "detnet.api",
    "reconcile": "detnet.queries.claims",
    "custody_gaps": "detnet.queries.custody",
    "detained_on": "detnet.queries.custody",
    "detained_on_by_facility": "detnet.queries.custody",
    "family_reprisals": "detnet.queries.family",
    "institution_facilities": "detnet.queries.institutions",
    "institution_officials": "detnet.queries.institutions",
    "institution_parts": "detnet.queries.institutions",
    "institution_persons": "detnet.queries.institutions",
    "institution_profile": "detnet.queries.institutions",
    "ego": "detnet.queries.network",
    "ego_nodes": "detnet.queries.network",
    "rank_officials": "detnet.queries.network",
    "shortest_path": "detnet.queries.network",
    "official_co_officials": "detnet.queries.officials",
    "official_facilities": "detnet.queries.officials",
    "official_orders_by_year": "detnet.queries.officials",
    "official_persons": "detnet.queries.officials",
    "official_profile": "detnet.queries.officials",
    "sanctioned_officials": "detnet.queries.reference",
    "run_query": "detnet.queries.registry:run",
    "saved_queries": "detnet.queries.registry",
    "facilities_by_rearrests": "detnet.queries.revolving",
    "rearrest_conditions_by_institution": "detnet.queries.revolving",
    "rearrest_conditions_by_official": "detnet.queries.revolving",
    "rearrests_by_institution": "detnet.queries.revolving",
    "rearrests_by_official": "detnet.queries.revolving",
    "revolving_door": "detnet.queries.revolving",
    "same_official_rearrests": "detnet.queries.revolving",
    "plot_timeline": "detnet.queries.timeline",
    "timeline": "detnet.queries.timeline",
    "render": "detnet.viz",
    "dossier": "detnet.casefile",
    # The Neo4j verbs import the Neo4j driver, which takes half a second.
    "push": "detnet.graph.neo4j",
    "pull": "detnet.graph.neo4j",
    "fetch_neo4j": "detnet.graph.neo4j:fetch",
    "check_neo4j": "detnet.graph.neo4j:check",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'detnet' has no attribute {name!r}")
    module, _, attribute = _HOMES[name].partition(":")
    value = getattr(import_module(module), attribute or name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
