"""The one graph schema both engines use (shared/design/GRAPH.md), declared as data.

Everything that needs to know a label, a property or a relationship type reads it
from here: the embedded store, the Neo4j constraints and writers, the loaders and
the renderers. Labels and relationship types never come from input text.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSON, OFFICIAL, FACILITY, ORDER, SOURCE = "Person", "Official", "Facility", "Order", "Source"

ISSUED, CONCERNS, AT, FAMILY, IS_PERSON, CITES = (
    "ISSUED",
    "CONCERNS",
    "AT",
    "FAMILY",
    "IS_PERSON",
    "CITES",
)


@dataclass(frozen=True)
class Label:
    name: str
    properties: tuple[str, ...]
    date_properties: tuple[str, ...] = ()
    list_properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relationship:
    type: str
    source: str | None  # None: any label
    target: str
    properties: tuple[str, ...] = ()


LABELS: dict[str, Label] = {
    label.name: label
    for label in (
        Label(
            PERSON,
            (
                "name",
                "national_id",
                "birth_date",
                "sex",
                "nationality",
                "occupation",
                "affiliation",
                "aliases",
                "notes",
            ),
            date_properties=("birth_date",),
            list_properties=("aliases",),
        ),
        Label(OFFICIAL, ("name", "position", "institution", "jurisdiction", "notes")),
        Label(
            FACILITY,
            ("name", "kind", "operator", "state", "city", "latitude", "longitude", "notes"),
        ),
        Label(
            ORDER,
            ("kind", "date", "status", "case_number", "court", "charges", "conditions", "notes"),
            date_properties=("date",),
            list_properties=("charges",),
        ),
        Label(
            SOURCE,
            ("title", "publisher", "url", "published", "notes"),
            date_properties=("published",),
        ),
    )
}

RELATIONSHIPS: dict[str, Relationship] = {
    rel.type: rel
    for rel in (
        Relationship(ISSUED, OFFICIAL, ORDER),
        Relationship(CONCERNS, ORDER, PERSON),
        Relationship(AT, ORDER, FACILITY),
        Relationship(FAMILY, PERSON, PERSON, ("relation", "sources")),
        Relationship(IS_PERSON, OFFICIAL, PERSON),
        Relationship(CITES, None, SOURCE),
    )
}

ORDER_KINDS = ("arrest", "release", "transfer", "sentence")
ORDER_STATUSES = ("verified", "claimed", "disputed")
FACILITY_KINDS = ("prison", "police", "military", "intelligence", "court", "other")
FAMILY_RELATIONS = ("parent", "child", "spouse", "sibling", "in_law", "relative")

# Attributes the store itself sets on every node; a record's extra column may not use them.
RESERVED_ATTRIBUTES = frozenset({"label", "id", "sources"})


def node_key(label: str, id: str) -> str:
    """The networkx node key of a record.

    >>> node_key("Person", "P000123")
    'Person:P000123'
    """
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return f"{label}:{id}"


def split_key(key: str) -> tuple[str, str]:
    """The label and id of a networkx node key.

    >>> split_key("Order:O1")
    ('Order', 'O1')
    """
    label, _, id = key.partition(":")
    return label, id
