"""The records contract (shared/design/RECORDS.md), as the loaders apply it.

Derived from the model in `detnet.graph.schema`, where each kind of record and each
field is declared once: here they gain what reading needs, every accepted spelling of a
column and of a JSON Lines `type`, folded so that case, accents and spacing do not
matter. A field is the schema's `Property`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from detnet.graph import schema
from detnet.graph.schema import KEY, REF, REFS, node_key
from detnet.graph.schema import Property as Field
from detnet.graph.text import fold


@dataclass(frozen=True)
class Kind:
    """One kind of record, as files hold it: its file stem, its JSON Lines type, its fields.

    >>> kind = BY_TYPE["orden"]
    >>> kind.name, kind.label, kind.columns["fecha"].name
    ('orders', 'Order', 'date')
    """

    schema: schema.Schema

    @property
    def name(self) -> str:  # file stem: persons, orders, ...
        return self.schema.records

    @property
    def type(self) -> str:  # JSON Lines "type": person, order, ...
        return self.schema.type

    @property
    def type_aliases(self) -> tuple[str, ...]:
        return self.schema.spanish

    @property
    def file_stems(self) -> tuple[str, ...]:
        """The names of its CSV files: `orders.csv`, `ordenes.csv`."""
        return (self.name, *self.schema.spanish_records)

    @property
    def label(self) -> str | None:
        """The node label of its records; None for records that are a relationship."""
        return None if self.schema.edge else self.schema.name

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        return self.schema.properties

    @cached_property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def relationship_fields(self) -> dict[str, Field]:
        """The fields that become relationships, by name."""
        return {f.name: f for f in self.fields if f.relationship}

    @cached_property
    def links(self) -> dict[str, tuple[str, str, bool, bool]]:
        """What each field that becomes a relationship makes, by name: the key prefix of
        the records it names (`Person:`), the relationship type, whether it points at
        this record, and whether the field is a list (REFS). A load asks it for every
        field of every record.
        """
        return {
            f.name: (node_key(f.ref, ""), f.relationship, f.incoming, f.type == REFS)
            for f in self.relationship_fields.values()
        }

    @cached_property
    def reference_fields(self) -> tuple[Field, ...]:
        """The fields that name other records: ids (REF, REFS) and node keys (KEY)."""
        return tuple(f for f in self.fields if f.type in (REF, REFS, KEY))

    @cached_property
    def columns(self) -> dict[str, Field]:
        """Every accepted column spelling (folded) -> its field."""
        names = {}
        for f in self.fields:
            names[f.name] = f
            if f.es:
                names[fold(f.es)] = f
        return names


# In load order: a kind only references kinds before it.
KINDS: tuple[Kind, ...] = tuple(Kind(s) for s in schema.LOAD_ORDER)
BY_NAME = {k.name: k for k in KINDS}
BY_TYPE = {t: k for k in KINDS for t in (k.type, *k.type_aliases)}
BY_STEM = {stem: k for k in KINDS for stem in k.file_stems}
