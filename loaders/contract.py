"""The records contract (shared/design/RECORDS.md), declared once as data.

Readers, validation, the docs and the tests all derive what they need from `KINDS`:
field names, Spanish aliases, which fields are required, their types and the labels
they reference.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from detnet.graph import schema

TEXT, DATE, NUMBER, LIST, ENUM, REF, REFS = "text", "date", "number", "list", "enum", "ref", "refs"


@lru_cache(maxsize=4096)  # headers, kinds and enum values repeat on every row
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to match names and values.

    >>> fold(" Fecha Nacimiento ")
    'fecha_nacimiento'
    >>> fold("Excarcelación")
    'excarcelacion'
    """
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "_".join(text.replace("-", " ").split())


@dataclass(frozen=True)
class Field:
    name: str
    alias: str | None = None
    required: bool = False
    type: str = TEXT
    # ENUM: accepted spelling (folded) -> canonical value
    values: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    # REF / REFS: the label the id must exist under, and the relationship it becomes
    # (incoming: the edge points from the referenced node to the record's node)
    ref: str | None = None
    relationship: str | None = None
    incoming: bool = False


@dataclass(frozen=True)
class Kind:
    name: str  # file stem: persons, orders, ...
    type: str  # JSONL "type": person, order, ...
    label: str | None  # node label, None for family (an edge)
    fields: tuple[Field, ...]
    type_aliases: tuple[str, ...] = ()

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
    def reference_fields(self) -> tuple[Field, ...]:
        """The fields that hold ids of other records (REF, REFS)."""
        return tuple(f for f in self.fields if f.type in (REF, REFS))

    @cached_property
    def columns(self) -> dict[str, Field]:
        """Every accepted column spelling (folded) -> its field."""
        names = {}
        for f in self.fields:
            names[f.name] = f
            if f.alias:
                names[fold(f.alias)] = f
        return names


def _enum(canonical: tuple[str, ...], spanish: dict[str, str]) -> dict[str, str]:
    values = {v: v for v in canonical}
    values.update({fold(k): v for k, v in spanish.items()})
    return values


ORDER_KIND_VALUES = _enum(
    schema.ORDER_KINDS,
    {
        "detencion": "arrest",
        "arresto": "arrest",
        "excarcelacion": "release",
        "liberacion": "release",
        "traslado": "transfer",
        "sentencia": "sentence",
        "condena": "sentence",
    },
)
ORDER_STATUS_VALUES = _enum(
    schema.ORDER_STATUSES,
    {"verificado": "verified", "anunciado": "claimed", "disputado": "disputed"},
)
FACILITY_KIND_VALUES = _enum(
    schema.FACILITY_KINDS,
    {
        "prision": "prison",
        "carcel": "prison",
        "policial": "police",
        "policia": "police",
        "militar": "military",
        "inteligencia": "intelligence",
        "tribunal": "court",
        "otro": "other",
    },
)
FAMILY_RELATION_VALUES = _enum(
    schema.FAMILY_RELATIONS,
    {
        "in law": "in_law",
        "padre": "parent",
        "madre": "parent",
        "hijo": "child",
        "hija": "child",
        "esposo": "spouse",
        "esposa": "spouse",
        "conyuge": "spouse",
        "pareja": "spouse",
        "hermano": "sibling",
        "hermana": "sibling",
        "suegro": "in_law",
        "suegra": "in_law",
        "yerno": "in_law",
        "nuera": "in_law",
        "cunado": "in_law",
        "cunada": "in_law",
        "familiar": "relative",
        "pariente": "relative",
    },
)

SOURCES = Field("sources", "fuentes", type=REFS, ref=schema.SOURCE, relationship=schema.CITES)
NOTES = Field("notes", "notas")

PERSONS = Kind(
    "persons",
    "person",
    schema.PERSON,
    (
        Field("id", "id", required=True),
        Field("name", "nombre", required=True),
        Field("national_id", "cedula"),
        Field("birth_date", "fecha_nacimiento", type=DATE),
        Field("sex", "sexo"),
        Field("nationality", "nacionalidad"),
        Field("occupation", "ocupacion"),
        Field("affiliation", "afiliacion"),
        Field("aliases", "alias", type=LIST),
        SOURCES,
        NOTES,
    ),
    ("persona",),
)
OFFICIALS = Kind(
    "officials",
    "official",
    schema.OFFICIAL,
    (
        Field("id", "id", required=True),
        Field("name", "nombre", required=True),
        Field("position", "cargo"),
        Field("institution", "institucion"),
        Field("jurisdiction", "jurisdiccion"),
        Field(
            "person_id",
            "persona_id",
            type=REF,
            ref=schema.PERSON,
            relationship=schema.IS_PERSON,
        ),
        SOURCES,
        NOTES,
    ),
    ("funcionario",),
)
FACILITIES = Kind(
    "facilities",
    "facility",
    schema.FACILITY,
    (
        Field("id", "id", required=True),
        Field("name", "nombre", required=True),
        Field("kind", "tipo", type=ENUM, values=FACILITY_KIND_VALUES),
        Field("operator", "operador"),
        Field("state", "estado"),
        Field("city", "ciudad"),
        Field("latitude", "latitud", type=NUMBER),
        Field("longitude", "longitud", type=NUMBER),
        SOURCES,
        NOTES,
    ),
    ("centro",),
)
ORDERS = Kind(
    "orders",
    "order",
    schema.ORDER,
    (
        Field("id", "id", required=True),
        Field("kind", "tipo", required=True, type=ENUM, values=ORDER_KIND_VALUES),
        Field("date", "fecha", required=True, type=DATE),
        Field(
            "person_id",
            "persona_id",
            required=True,
            type=REF,
            ref=schema.PERSON,
            relationship=schema.CONCERNS,
        ),
        Field(
            "official_id",
            "funcionario_id",
            type=REF,
            ref=schema.OFFICIAL,
            relationship=schema.ISSUED,
            incoming=True,
        ),
        Field("facility_id", "centro_id", type=REF, ref=schema.FACILITY, relationship=schema.AT),
        Field("case_number", "expediente"),
        Field("court", "tribunal"),
        Field("charges", "cargos", type=LIST),
        Field("conditions", "medidas"),
        Field("status", "estatus", type=ENUM, values=ORDER_STATUS_VALUES, default="verified"),
        SOURCES,
        NOTES,
    ),
    ("orden",),
)
FAMILY = Kind(
    "family",
    "family",
    None,
    (
        Field("person_id", "persona_id", required=True, type=REF, ref=schema.PERSON),
        Field("relative_id", "familiar_id", required=True, type=REF, ref=schema.PERSON),
        Field("relation", "parentesco", required=True, type=ENUM, values=FAMILY_RELATION_VALUES),
        SOURCES,
        NOTES,
    ),
    ("familia",),
)
SOURCES_KIND = Kind(
    "sources",
    "source",
    schema.SOURCE,
    (
        Field("id", "id", required=True),
        Field("title", "titulo"),
        Field("publisher", "editor"),
        Field("url", "url"),
        Field("published", "fecha", type=DATE),
        NOTES,
    ),
    ("fuente",),
)

# The order records are checked and written in: a kind is only referenced by kinds after it.
KINDS: tuple[Kind, ...] = (SOURCES_KIND, PERSONS, OFFICIALS, FACILITIES, ORDERS, FAMILY)
BY_NAME = {k.name: k for k in KINDS}
BY_TYPE = {t: k for k in KINDS for t in (k.type, *k.type_aliases)}
