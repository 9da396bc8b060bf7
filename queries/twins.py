"""The networkx twins: Python functions that answer a query on the embedded graph.

`@query(columns...)` makes a function the twin of the saved Cypher query of the same
name (queries/*.cypher): its parameters are declared once, in that file's header, and
the twin's signature must match them (tests/neo4j/test_registry.py). A function that
has no Cypher twin (a network measure networkx computes, not Cypher) declares its
parameters in the decorator instead, in the same one-line form (see `params`).

Either way, the decorator does what every twin needs before its own work: it opens the
graph (a file, the default file, or a graph in memory), checks and converts every
parameter with the validators of `params` (defaults filled in), and checks that an id
given for a label exists. The function body receives the networkx graph and clean
values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence

import networkx as nx
from detnet.graph.store import open_graph

from .ledger import Ledger, open_ledger
from .params import Param, bind, declare, existing
from .saved import saved_queries

QUERIES: dict[str, Callable] = {}  # the twins of saved Cypher queries, by name
NETWORKX_ONLY: dict[str, Callable] = {}  # queries with no Cypher twin, by name


def query(
    *columns: str, params: Sequence[str] | None = None, facts: bool = False
) -> Callable[[Callable], Callable]:
    """Declare a function a query with these output columns.

    Without `params`, its parameters are those of the saved query of the same name;
    with them (declarations such as ``"hops: int = 2 -- steps out"``), it is a query
    with no Cypher twin. With `facts`, the query reads only persons' facts: given a
    file, its body receives the file's `ledger.Ledger` instead of the graph.

    >>> @query("a", params=["n: int = 1"])
    ... def example(G, *, n=1):
    ...     return [{"a": n}]
    >>> import networkx as nx
    >>> example.name, example.columns, example(nx.MultiDiGraph(), n="3")
    ('example', ('a',), [{'a': 3}])
    >>> example(nx.MultiDiGraph(), n=-1)
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: n: expected a whole number, 0 or more, not -1
    >>> del NETWORKX_ONLY["example"]
    """

    def register(fn: Callable) -> Callable:
        name = fn.__name__
        inline = None if params is None else tuple(declare(p, name) for p in params)

        def declared() -> tuple[Param, ...]:
            if inline is not None:
                return inline
            return saved_queries()[name].params

        @functools.wraps(fn)
        def twin(graph=None, **values):
            if facts and isinstance(graph, Ledger):  # opened once for several queries
                G = graph
            elif facts and not isinstance(graph, nx.MultiDiGraph):
                G = open_ledger(graph)
            else:
                G = open_graph(graph)
            bound = bind(name, declared(), values)
            for p in declared():
                if p.label:
                    existing(G, p.label, bound[p.name])
            return fn(G, **bound)

        # The public signature names the graph `graph`: a file, None or a graph in memory.
        # A twin that takes `**filters` gets its parameters from the declaration, and
        # their descriptions in its docstring: written once, in the header.
        signature = inspect.signature(fn)
        first, *rest = signature.parameters.values()
        if rest and rest[-1].kind is inspect.Parameter.VAR_KEYWORD:
            rest = [_parameter(p) for p in declared()]
            twin.__doc__ = (twin.__doc__ or "").replace("{parameters}", _described(declared()))
        twin.__signature__ = signature.replace(parameters=[first.replace(name="graph"), *rest])
        twin.name = name
        twin.columns = columns
        twin.params = declared
        twin.facts = facts
        (QUERIES if inline is None else NETWORKX_ONLY)[name] = twin
        return twin

    return register


def _parameter(p: Param) -> inspect.Parameter:
    default = inspect.Parameter.empty if p.required else p.default
    return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=default)


def _described(params: Sequence[Param]) -> str:
    """numpydoc lines for declared parameters, as a twin's docstring lists them."""
    lines = []
    for p in params:
        lines.append(f"{p.name} : {p.type}" + ("" if p.required else ", optional"))
        lines.append(f"    {p.description[:1].upper()}{p.description[1:]}.")
    return "\n    ".join(lines)
