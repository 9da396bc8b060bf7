"""What a graph must hold before any command reads it: the schema's rules, checked.

A graph file is input from another person (or from a Neo4j database anyone could
write to): without these checks a node with no `id`, an order whose date is a number
or whose kind is unknown, a list where text belongs, would each crash some command far
from the file. Everything is derived from `detnet.graph.schema`: a label, a property
or a relationship type declared there is checked with no edit here.

- Every node: its key is `<label>:<id>` with a non-empty text id; each property the
  schema declares has its type (text, a date in the form detnet stores, a number, a
  list of text, one of an enumeration's values); a required property, or one with a
  default, is there; a field that the schema makes a relationship (`person_id` on an
  order) is not a property; any other property (an extra column) is text, a number,
  true/false, or a list of those.
- Every relationship: its type is the schema's, it joins labels the schema says it
  joins, and its properties follow the same rules (a family tie has its `relation`).

Not checked, because commands handle them and a subgraph pulled from Neo4j has them:
an order with no person, a `sources` list naming a source the graph does not hold.

Fast: a graph file can hold a million orders, so the rules run over whole columns in
C loops, each node and relationship read in one pass that gives their few distinct
shapes (names, types, enumerations' values, the labels a relationship joins), and the
graph is walked one by one only to name what is at fault once something is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from itertools import chain, compress, repeat
from operator import concat, eq, itemgetter

from .dates import BadDate, parse_date
from .schema import (
    BOOL,
    CODES,
    DATE,
    ENUM,
    LABELS,
    LIST,
    NUMBER,
    REFS,
    RELATIONSHIPS,
    RESERVED_ATTRIBUTES,
    SCHEMATA,
    TEXT,
    Property,
    Schema,
)

SCALARS = (str, int, float, bool)  # what an extra column may hold, alone or in a list
ABSENT = type(None)
# The value types each type of property allows.
DAY, WHOLE = "day", "whole"  # what a date's first and last days, a count's ends, are
TYPES = {TEXT: (str,), DATE: (str,), ENUM: (str,), NUMBER: (int, float), LIST: (list,)}
TYPES |= {REFS: (list,), BOOL: (bool,), CODES: (str,), DAY: (str,), WHOLE: (int,)}
# The type of each value the schema derives from a field (`DERIVED`): a date's first and
# last possible days, a count's two ends, coded text's codes.
DERIVED_TYPES = {"_start": DAY, "_end": DAY, "_min": WHOLE, "_max": WHOLE, "_codes": LIST}


def stored_properties(schema: Schema) -> dict[str, Property]:
    """Each property a node (or relationship) of `schema` stores, as a `Property` of the
    type its stored value has: a field, or a value derived from one (`date_start`)."""
    found = {}
    for name in schema.stored:
        field = schema.stored_from[name]
        if name == field.name:
            found[name] = field
            continue
        suffix = name[len(field.name) :]
        # Derived values may be missing (a graph built by hand): commands work them out
        # from the field then. When there, they are checked.
        found[name] = replace(
            field, name=name, type=DERIVED_TYPES[suffix], required=False, default=None, values=()
        )
    return found


STORED = {s.name: stored_properties(s) for s in SCHEMATA}
# The relationship types records of their own make (a family tie), and their schema.
EDGE_SCHEMATA = {s.edge.type: s for s in SCHEMATA if s.edge}
# The (source label, target label) pairs each relationship type may join.
PAIRS = {t: frozenset(r.pairs) for t, r in RELATIONSHIPS.items()}
# Enough of a node key to hold its label: `Facility:` of `Facility:C001`.
LABEL_PREFIX = slice(0, max(map(len, LABELS)) + 1)
MALFORMED_EDGE = "malformed edge (no type, or attributes not an object)"


def _names(*types: str, required: bool = False) -> list[str]:
    """The names of the stored properties of these types, of any label, in order."""
    found = {}
    for label in LABELS:
        for name, prop in STORED[label].items():
            if prop.type in types and (prop.required or not required):
                found[name] = True
    return list(found)


# The properties the quick checks read as whole columns, by what they check.
ENUMS = _names(ENUM)
REQUIRED_TEXTS = _names(TEXT, required=True)
DATES, DAYS = _names(DATE), _names(DAY)
NUMBERS, LISTS = _names(NUMBER), set(_names(LIST, REFS))


def graph_problem(nodes: dict, succ: dict) -> str | None:
    """The first thing in a graph that breaks the schema, in words; None if nothing does.

    `nodes` and `succ` are networkx's dicts (`G._node`, `G._succ`), already known to
    hold only the schema's labels and edges between nodes the graph holds (see
    `detnet.graph.store`).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person:P1", label="Person", id="P1", name="Ana")
    >>> G.add_node("Order:O1", label="Order", id="O1", kind="arrest", date=2024)
    >>> G.add_edge("Order:O1", "Person:P1", "CONCERNS")
    'CONCERNS'
    >>> graph_problem(G._node, G._succ)
    "node 'Order:O1': date: expected text, not 2024"
    >>> G.nodes["Order:O1"].update(date="2024-01-31", status="verified")
    >>> G.nodes["Order:O1"].update(date_start="2024-01-31", date_end="2024-01-31")
    >>> graph_problem(G._node, G._succ) is None
    True
    >>> G.add_edge("Person:P1", "Order:O1", "CONCERNS")
    'CONCERNS'
    >>> graph_problem(G._node, G._succ)
    "relationship 'Person:P1 -[CONCERNS]-> Order:O1': CONCERNS joins ... not Person to Order"
    """
    keys, attrs = list(nodes), list(nodes.values())
    labels = list(map(itemgetter("label"), attrs))
    # networkx keeps a node's entries in the same place in both dicts (see
    # store.nodes_with_edges): read side by side, no lookups are needed.
    targets = list(succ.values()) if list(succ) == keys else list(map(succ.__getitem__, keys))
    edges, values, problem = _edge_shapes(labels, targets)
    if problem:  # malformed relationships are told before anything about nodes
        return problem
    if not _nodes_fine(keys, attrs, labels):
        found = _first(map(node_problem, map(LABELS.__getitem__, labels), keys, attrs))
        if found:
            return found
    if not _edges_fine(edges, values):
        found = _first(_edge_problems(keys, targets, nodes, RELATIONSHIPS.keys()))
        if found:
            return found
    # A relationship with a schema of its own (a family tie) has properties to check.
    types = {t for _, types_, _ in edges for t in types_} & EDGE_SCHEMATA.keys()
    sources = {label for label, types_, _ in edges if types & set(types_)}
    if types:
        chosen = list(map(sources.__contains__, labels))
        return _first(
            _edge_problems(compress(keys, chosen), compress(targets, chosen), nodes, types)
        )
    return None


def node_problem(schema: Schema, key: str, attrs: dict) -> str | None:
    """What is wrong with one node, in words, if anything.

    >>> from detnet.graph.schema import LABELS
    >>> node_problem(LABELS["Person"], "Person:P1", {"label": "Person", "id": "P2"})
    "node 'Person:P1': the key is not Person:P2, its label and id"
    """
    id = attrs.get("id")
    if id is None or id == "":
        return f"node {key!r}: id: missing"
    if type(id) is not str:
        return f"node {key!r}: id: expected text, not {_shown(id)}"
    if key != f"{schema.name}:{id}":
        return f"node {key!r}: the key is not {schema.name}:{id}, its label and id"
    reason = properties_problem(schema, attrs)
    return f"node {key!r}: {reason}" if reason else None


def edge_problem(u: str, v: str, type_: str, attrs: dict, nodes: dict) -> str | None:
    """What is wrong with one relationship, in words, if anything."""
    ends = (nodes[u]["label"], nodes[v]["label"])
    where = f"relationship {f'{u} -[{type_}]-> {v}'!r}: "
    if ends not in PAIRS[type_]:
        joined = ", ".join(f"{s} to {t}" for s, t in RELATIONSHIPS[type_].pairs)
        return where + f"{type_} joins {joined}, not {ends[0]} to {ends[1]}"
    schema = EDGE_SCHEMATA.get(type_)
    if schema is not None:
        reason = properties_problem(schema, attrs)
    else:
        reason = next((f"{n}: {r}" for n, x in attrs.items() if (r := _extra_problem(x))), None)
    return where + reason if reason else None


def properties_problem(schema: Schema, attrs: dict) -> str | None:
    """What is wrong with the properties of one node or relationship, if anything."""
    for name, prop in STORED[schema.name].items():
        reason = value_problem(prop, attrs.get(name))
        if reason:
            return f"{name}: {reason}"
    for name, value in attrs.items():
        if name in schema.stored or (name in ("label", "id") and not schema.edge):
            continue
        if name in _not_properties(schema):
            relationship = " (a relationship)" if name in schema.by_name else ""
            return f"{name}: not a property{relationship}"
        reason = _extra_problem(value)
        if reason:
            return f"{name}: {reason}"
    return None


def value_problem(prop: Property, value: object) -> str | None:
    """What is wrong with one stored value of a declared property, if anything.

    >>> from detnet.graph.schema import BY_NAME
    >>> value_problem(BY_NAME["Order"].by_name["date"], "12/01/2026")
    "not a date as detnet stores one: '12/01/2026'"
    """
    if value is None:
        return None if _optional(prop) else "missing"
    if type(value) not in TYPES[prop.type]:
        return f"expected {_expected(prop)}, not {_shown(value)}"
    if prop.type in (LIST, REFS) and not all(type(v) is str for v in value):
        return f"expected a list of text, not {_shown(value)}"
    if prop.type == NUMBER and not math.isfinite(value):
        return f"expected a number, not {value!r}"
    if prop.required and value == "":
        return "empty"
    if prop.type == ENUM and value not in {v.name for v in prop.values}:
        allowed = ", ".join(v.name for v in prop.values)
        return f"unknown {prop.name} {value!r} (expected one of {allowed})"
    if prop.type == DATE and not _canonical_date(value):
        return f"not a date as detnet stores one: {value!r}"
    if prop.type == DAY and not _iso_day(value):
        return f"not a day as detnet stores one (YYYY-MM-DD): {value!r}"
    return None


# The quick checks, over whole columns. Each may take a graph for wrong that is not (an
# extra column sharing a name with another label's property); the node by node walk
# above then has the last word.


def _nodes_fine(keys: list[str], attrs: list[dict], labels: list[str]) -> bool:
    """Whether every node is right, found in C loops: one pass gives the distinct shapes
    of nodes (their label, whether the key is `<label>:<id>`, property names and value
    types, enumerations' values and whether required text is empty: these combine in
    few ways), then one pass per date and per list property checks their values."""
    try:
        key_fine = map(eq, keys, map(concat, map(concat, labels, repeat(":")), _ids(attrs)))
        columns = [
            labels,
            key_fine,
            map(tuple, attrs),
            map(tuple, map(map, repeat(type), map(dict.values, attrs))),
            *(_column(attrs, name) for name in ENUMS),
            *(map(eq, _column(attrs, name), repeat("")) for name in REQUIRED_TEXTS),
        ]
        shapes = set(zip(*columns, strict=True))
    except TypeError:  # an id that is not text
        return False
    if not all(_shape_fine(*shape) for shape in shapes):
        return False
    for name in DATES:
        if not all(map(_canonical_date, set(_column(attrs, name)) - {None})):
            return False
    for name in DAYS:
        if not all(map(_iso_day, set(_column(attrs, name)) - {None})):
            return False
    for name in NUMBERS:
        if not all(map(math.isfinite, set(_column(attrs, name)) - {None})):
            return False
    for name in LISTS:
        items = chain.from_iterable(filter(None, _column(attrs, name)))
        if not set(map(type, items)) <= {str}:
            return False
    extras = {n for shape in shapes for n, t in zip(shape[2], shape[3], strict=True) if t is list}
    for name in extras - LISTS:
        if not _items_are(_column(attrs, name), set(SCALARS)):
            return False
    return True


def _shape_fine(label: str, key_fine: bool, names: tuple, types: tuple, *values) -> bool:
    """Whether nodes of this shape (see `_nodes_fine`) can be right."""
    schema = LABELS[label]
    types_of = dict(zip(names, types, strict=True))
    if not key_fine or types_of.get("id") is not str:
        return False
    for name, prop in STORED[label].items():
        allowed = TYPES[prop.type] + ((ABSENT,) if _optional(prop) else ())
        if types_of.get(name, ABSENT) not in allowed:
            return False
    values_of = dict(zip(ENUMS, values, strict=False))
    if any(
        value_problem(STORED[label][n], values_of[n]) for n in ENUMS if _declares(schema, n, ENUM)
    ):
        return False
    empties = dict(zip(REQUIRED_TEXTS, values[len(ENUMS) :], strict=True))
    if any(empties[n] for n in REQUIRED_TEXTS if _declares(schema, n, TEXT, required=True)):
        return False
    extras = types_of.keys() - schema.stored - {"label", "id"}
    if extras & _not_properties(schema):
        return False
    return all(types_of[name] in (*SCALARS, list, ABSENT) for name in extras)


def _edge_shapes(labels: list[str], targets: list[dict]) -> tuple[set[tuple], list, str | None]:
    """The distinct (label of the start, types, start of the end's key) of every
    relationship, the values of their properties, and what is wrong with their
    structure: an unknown type, no type, properties that are not an object."""
    try:
        attrs = list(
            chain.from_iterable(map(dict.values, chain.from_iterable(map(dict.values, targets))))
        )
    except TypeError as e:  # {type: attributes} is not an object
        return set(), [], f"malformed node or edge ({e})"
    starts = chain.from_iterable(map(repeat, labels, map(len, targets)))
    types = map(tuple, chain.from_iterable(map(dict.values, targets)))
    ends = map(itemgetter(LABEL_PREFIX), chain.from_iterable(targets))
    shapes = {
        (start, types_, end.partition(":")[0])
        for start, types_, end in set(zip(starts, types, ends, strict=True))
    }
    unknown = {t for _, types_, _ in shapes for t in types_} - RELATIONSHIPS.keys()
    if unknown:
        return shapes, [], f"unknown relationship type {sorted(map(str, unknown))[0]!r}"
    if not all(types_ for _, types_, _ in shapes) or set(map(type, attrs)) - {dict}:
        return shapes, [], MALFORMED_EDGE
    # Most relationships have no properties at all.
    return shapes, list(chain.from_iterable(map(dict.values, filter(None, attrs)))), None


def _edges_fine(shapes: set[tuple], values: list) -> bool:
    """Whether every relationship joins labels its type joins, and holds properties of
    the types a property may have (see `_edge_shapes`)."""
    if not all((start, end) in PAIRS[t] for start, types, end in shapes for t in types):
        return False
    return set(map(type, values)) <= {*SCALARS, list, ABSENT} and _items_are(values, set(SCALARS))


def _edge_problems(keys: Iterable[str], targets: Iterable[dict], nodes: dict, types) -> Iterator:
    """What is wrong with each relationship of `types` from these nodes (None if nothing)."""
    for u, targets_of_u in zip(keys, targets, strict=True):
        for v, types_of_edge in targets_of_u.items():
            for type_ in types & types_of_edge.keys():
                yield edge_problem(u, v, type_, types_of_edge[type_], nodes)


# Small helpers


def _column(attrs: list[dict], name: str) -> Iterator:
    """The values of one property, None where a node has none."""
    return map(dict.get, attrs, repeat(name))


def _ids(attrs: list[dict]) -> Iterator:
    """The id of each node, "" where a node has none."""
    return map(dict.get, attrs, repeat("id"), repeat(""))


def _first(problems: Iterable[str | None]) -> str | None:
    return next(filter(None, problems), None)


def _declares(schema: Schema, name: str, type_: str, required: bool = False) -> bool:
    prop = STORED[schema.name].get(name)
    return prop is not None and prop.type == type_ and (prop.required or not required)


def _items_are(values: Iterable, types: set[type]) -> bool:
    """Whether every item of the lists among `values` is of one of `types`."""
    values = list(values)
    items = chain.from_iterable(compress(values, map(isinstance, values, repeat(list))))
    return set(map(type, items)) <= types


def _optional(prop: Property) -> bool:
    return not prop.required and prop.default is None


def _not_properties(schema: Schema) -> set[str]:
    """Names no property may have: the schema's fields that are relationships, and the
    attributes the store keeps for itself."""
    return ({p.name for p in schema.properties} - set(schema.stored)) | RESERVED_ATTRIBUTES


def _extra_problem(value: object) -> str | None:
    """What is wrong with the value of a property the schema does not declare."""
    if value is None or type(value) in SCALARS:
        return None
    if type(value) is list and all(type(v) in SCALARS for v in value):
        return None
    return f"expected text, a number, true/false or a list of those, not {_shown(value)}"


def _canonical_date(value: str) -> bool:
    """Whether a date is in the form detnet stores: the one parsing gives back.

    An ISO date, or an ISO date and time to the second, is (the quick test first: a
    graph holds thousands of distinct dates).
    """
    try:
        if len(value) == 10 and date.fromisoformat(value).isoformat() == value:
            return True
        if len(value) == 19 and datetime.fromisoformat(value).isoformat() == value:
            return True
    except ValueError:
        pass
    try:
        return parse_date(value) == value
    except BadDate:
        return False


def _iso_day(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _expected(prop: Property) -> str:
    expected = {NUMBER: "a number", LIST: "a list of text", REFS: "a list of text"}
    return (expected | {BOOL: "true or false", WHOLE: "a whole number"}).get(prop.type, "text")


def _shown(value: object) -> str:
    return repr(value) if type(value) in (int, float, bool) else type(value).__name__
