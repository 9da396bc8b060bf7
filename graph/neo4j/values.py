"""Values between networkx and Neo4j: dates as temporal values, and back.

The schema's date properties (`LABELS[label].date_properties`) become Neo4j `date`
values, or `localdatetime` when a time of day is given. The records carry no time
zone, and a `datetime` would have to invent one (UTC would move evening events to the
next day in Venezuelan time); `localdatetime` states exactly what is known. Reading
back, any temporal value becomes the same ISO string the embedded store holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

import neo4j.graph
import neo4j.time

from ..schema import LABELS


@lru_cache(maxsize=100_000)
def _parse_temporal(text: str) -> object:
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        return text


def to_temporal(text: object) -> object:
    """A Neo4j-ready date for an ISO date string: `date`, or a naive `datetime`
    (which the driver sends as `localdatetime`). Anything else is returned as it is.

    >>> to_temporal("2024-02-01"), to_temporal("2024-02-01T08:30:00")
    (datetime.date(2024, 2, 1), datetime.datetime(2024, 2, 1, 8, 30))
    >>> to_temporal("unknown")
    'unknown'
    """
    return _parse_temporal(text) if isinstance(text, str) else text


def plain(value: object) -> object:
    """A value read from Neo4j as plain Python/JSON: temporal values as ISO strings.

    >>> plain([neo4j.time.Date(2024, 2, 1), neo4j.time.DateTime(2024, 2, 1, 8, 30)])
    ['2024-02-01', '2024-02-01T08:30:00']
    """
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native().isoformat()
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dict, neo4j.graph.Node, neo4j.graph.Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [plain(n) for n in value.nodes]
    return value


def node_properties(label: str, attrs: Mapping) -> dict:
    """The Neo4j properties of a networkx node: its attributes but `label`, with dates
    as temporal values and None left out (Neo4j cannot store null).

    >>> node_properties("Order", {"label": "Order", "id": "O1", "date": "2024-02-01", "notes": None})
    {'id': 'O1', 'date': datetime.date(2024, 2, 1)}
    """
    dates = LABELS[label].date_properties
    return {
        k: to_temporal(v) if k in dates else (list(v) if isinstance(v, tuple) else v)
        for k, v in attrs.items()
        if k != "label" and v is not None
    }
