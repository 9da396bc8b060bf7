"""The graph's model, declared once, as data (shared/design/GRAPH.md and RECORDS.md).

Every kind of record is a `Schema`: its properties, each with its type, its Spanish
column name, whether it is required, its enumerated values and their Spanish spellings,
the label and relationship a reference becomes, and what redaction does with it. A
schema is a node label (`Person`, `Order`, ...) or, like followthemoney's edge
schemata, a relationship that records make between two nodes (`FAMILY`).

Everything else is derived from this module: the records contract the loaders apply
(`detnet.loaders.contract`), the redaction rules (`detnet.graph.redact`), the Neo4j
constraints and writers, the checks on a graph file, and the tables of docs/RECORDS.md
and docs/GRAPH.md (`markdown_fields`, `markdown_nodes`, `markdown_relationships`; a test
holds the docs to them).
Labels and relationship types never come from input text.

To add a property to a kind of record, add one `Property` to its schema below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .text import fold

# Property types. A REF holds the id of one record of another label, REFS a list of them.
TEXT, DATE, NUMBER, LIST, ENUM, REF, REFS = "text", "date", "number", "list", "enum", "ref", "refs"
KEY = "key"  # the node key of a record of any label: `Person:P1` (a judgement's ends)
BOOL = "bool"  # true or false: `true`, `sí`, `no`, `1`, `0`
COUNT = "count"  # a whole number or a range `130-150`: stored as `<name>_min`, `<name>_max`
CODES = "codes"  # free text kept as it is, and the codes of its `values` found in it
# What a stored value of a type brings beside it: every date its first and last possible
# day, a count its two ends (and not itself), coded text its codes.
DERIVED = {DATE: ("_start", "_end"), COUNT: ("_min", "_max"), CODES: ("_codes",)}

# What redaction (detnet.graph.redact) does with a property's value.
KEEP = "keep"  # kept as it is, not searched: an official's name, a date
SCRUB = "scrub"  # kept, with any protected value inside it replaced by [redacted]
DROP = "drop"  # removed
PROTECTED = "protected"  # removed, and searched for and removed everywhere else
HASHED = "hashed"  # replaced by a keyed hash: the same value keeps one stand-in

PERSON, OFFICIAL, FACILITY, ORDER, SOURCE = "Person", "Official", "Facility", "Order", "Source"
STATUS, CLAIM, INSTITUTION = "Status", "Claim", "Institution"
ISSUED, CONCERNS, AT, FAMILY, IS_PERSON, CITES = (
    "ISSUED",
    "CONCERNS",
    "AT",
    "FAMILY",
    "IS_PERSON",
    "CITES",
)
MEMBER_OF, PART_OF, OPERATES, MADE, JUDGED = "MEMBER_OF", "PART_OF", "OPERATES", "MADE", "JUDGED"


@dataclass(frozen=True)
class Value:
    """One value of an enumerated property, with the other spellings records use."""

    name: str
    spellings: tuple[str, ...] = ()  # Spanish, mostly; matched after `fold`
    doc: str = ""


@dataclass(frozen=True)
class Property:
    """One field of a kind of record, and the property it becomes in the graph."""

    name: str
    doc: str = ""
    type: str = TEXT
    es: str | None = None  # the Spanish column name
    required: bool = False
    values: tuple[Value, ...] = ()  # ENUM: the accepted values
    default: str | None = None
    # REF / REFS: the label the id must exist under, and the relationship it becomes
    # (incoming: the relationship points from the referenced node to the record's)
    ref: str | None = None
    relationship: str | None = None
    incoming: bool = False
    redact: str = SCRUB
    day: bool = False  # DATE: only a single day will do (a list's date)

    @property
    def stored(self) -> bool:
        """Whether a node keeps the value as a property (a REF becomes only a relationship)."""
        return self.type not in (REF, KEY)

    @property
    def stored_names(self) -> tuple[str, ...]:
        """The properties a value of this field is stored as.

        >>> Property("count", type=COUNT).stored_names
        ('count_min', 'count_max')
        >>> Property("date", type=DATE).stored_names
        ('date', 'date_start', 'date_end')
        """
        if not self.stored:
            return ()
        derived = tuple(self.name + suffix for suffix in DERIVED.get(self.type, ()))
        return derived if self.type == COUNT else (self.name, *derived)

    @cached_property
    def accepted(self) -> dict[str, str]:
        """ENUM: every accepted spelling, folded (see `fold`), and its canonical value.

        >>> Property("kind", type=ENUM, values=enum(("arrest", "Detención"))).accepted
        {'arrest': 'arrest', 'detencion': 'arrest'}
        """
        found = {}
        for value in self.values:
            found[value.name] = value.name
            found.update({fold(s): value.name for s in value.spellings})
        return found


@dataclass(frozen=True)
class Edge:
    """Records that are a relationship: which two fields name its ends."""

    type: str
    source: str  # the field naming the node the relationship starts from
    target: str


@dataclass(frozen=True)
class Schema:
    """A kind of record: a node label, or (with `edge`) a relationship between two nodes."""

    name: str  # node label (Person) or relationship type (FAMILY)
    records: str  # the file stem: persons.csv
    type: str  # JSON Lines "type": person
    properties: tuple[Property, ...]
    doc: str = ""
    spanish: tuple[str, ...] = ()  # Spanish JSON Lines types: persona
    spanish_records: tuple[str, ...] = ()  # Spanish file stems: personas.csv
    edge: Edge | None = None
    title: str | None = None  # the property that names a record in a sentence
    # Redaction: ids that may spell a name are replaced by pseudonyms, and so is the title.
    pseudonymous: bool = False

    @cached_property
    def by_name(self) -> dict[str, Property]:
        return {p.name: p for p in self.properties}

    @cached_property
    def stored(self) -> tuple[str, ...]:
        """The properties a node or relationship of this schema carries, id and
        relationship ends aside, in declaration order (derived ones after their field)."""
        ends = (self.edge.source, self.edge.target) if self.edge else ()
        return tuple(
            name
            for p in self.properties
            if p.name != "id" and p.name not in ends
            for name in p.stored_names
        )

    @cached_property
    def stored_from(self) -> dict[str, Property]:
        """Each stored property name, and the field it is stored from."""
        return {name: p for p in self.properties for name in p.stored_names}

    @cached_property
    def date_properties(self) -> tuple[str, ...]:
        """Every stored property that holds a date: a date field and its two days."""
        return tuple(n for p in self.properties if p.type == DATE for n in p.stored_names)

    @cached_property
    def list_properties(self) -> tuple[str, ...]:
        return tuple(
            n for p in self.properties if p.type in (LIST, REFS, CODES) for n in p.stored_names[-1:]
        )

    def policy(self, name: str) -> str:
        """What redaction does with a stored property; a column the schema does not know is
        dropped."""
        prop = self.stored_from.get(name)
        return prop.redact if prop else DROP


@dataclass(frozen=True)
class Relationship:
    """A relationship type and the labels it joins (None: any label)."""

    type: str
    ends: tuple[tuple[str | None, str], ...]  # (source label, target label) pairs
    properties: tuple[str, ...] = ()
    doc: str = ""

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every (source label, target label) this type joins, "any label" spelled out (a
        target of None: the source's own label)."""
        return [
            (source, target or source)
            for any_source, target in self.ends
            for source in ([any_source] if any_source else list(LABELS))
        ]


def enum(*values: tuple[str, ...] | str) -> tuple[Value, ...]:
    """Enumerated values, each given as a name or as (name, other spellings...).

    >>> [v.name for v in enum("a", ("b", "bee"))]
    ['a', 'b']
    """
    return tuple(Value(v) if isinstance(v, str) else Value(v[0], tuple(v[1:])) for v in values)


# Fields many kinds share.
SOURCES = Property(
    "sources",
    "list of source ids",
    REFS,
    "fuentes",
    ref=SOURCE,
    relationship=CITES,
    redact=KEEP,
)
NOTES = Property("notes", "free text", es="notas", redact=DROP)
REPORTED = Property(
    "reported",
    "the day the documenters learned of it (empty: known from its own last possible day)",
    DATE,
    "fecha_reporte",
    redact=KEEP,
)


def identifier(doc: str) -> Property:
    return Property("id", doc, es="id", required=True, redact=KEEP)


def institution(doc: str, relationship: str, *, es: str = "institucion_id", **more) -> Property:
    return Property(
        "institution_id", doc, REF, es, ref=INSTITUTION, relationship=relationship, **more
    )


# Order kinds: what each does to the custody a person is in (see detnet.queries.events).
ORDER_KIND_VALUES = (
    Value("arrest", ("detencion", "arresto")),
    Value("release", ("excarcelacion", "liberacion")),
    Value("transfer", ("traslado",)),
    Value("sentence", ("sentencia", "condena")),
    Value(
        "house_arrest",
        ("casa_por_carcel", "casa por carcel", "arresto_domiciliario", "arresto domiciliario"),
        "custody continues at home",
    ),
    Value(
        "disappearance",
        ("desaparicion", "desaparicion forzada"),
        "whereabouts unknown from that date; custody continues",
    ),
    Value(
        "exile",
        ("destierro", "exilio", "expulsion"),
        "released on condition of leaving the country, or expelled: a release",
    ),
    Value("death", ("fallecimiento", "muerte"), "died in custody; ends the history"),
)
# Release conditions: a code, or words that say it inside free text (matched after fold).
CONDITION_VALUES = (
    Value(
        "gag_order",
        (
            "prohibicion de declarar",
            "prohibicion de hablar",
            "prohibition on speaking",
            "banned from speaking",
            "gag order",
            "no declarar",
        ),
        "prohibición de declarar",
    ),
    Value(
        "reporting",
        (
            "regimen de presentacion",
            "presentacion periodica",
            "presentarse",
            "report every",
            "reporting",
        ),
        "régimen de presentación",
    ),
    Value(
        "travel_ban",
        (
            "prohibicion de salida del pais",
            "prohibicion de salida",
            "travel ban",
            "prohibited from leaving",
        ),
        "prohibición de salida del país",
    ),
    Value("bail", ("fianza", "bail"), "fianza"),
    Value("other", (), "any other condition"),
)
STATUS_VALUES = (
    Value("detained", ("detenido", "detenida", "preso", "presa")),
    Value(
        "house_arrest",
        ("casa_por_carcel", "casa por carcel", "arresto_domiciliario", "arresto domiciliario"),
    ),
    Value(
        "whereabouts_unknown",
        ("paradero_desconocido", "paradero desconocido", "desaparecido", "desaparecida"),
    ),
    Value("released", ("excarcelado", "excarcelada", "liberado", "liberada")),
    Value("exiled", ("exiliado", "exiliada", "desterrado", "desterrada")),
    Value("dead", ("fallecido", "fallecida", "muerto", "muerta")),
)

SCHEMATA: tuple[Schema, ...] = (
    Schema(
        PERSON,
        "persons",
        "person",
        (
            identifier("stable identifier, unique among persons"),
            Property(
                "name", "full name as documented", es="nombre", required=True, redact=PROTECTED
            ),
            Property(
                "national_id",
                "cédula or passport, e.g. `V-12345678`",
                es="cedula",
                redact=PROTECTED,
            ),
            Property("birth_date", "date", DATE, "fecha_nacimiento", redact=DROP),
            Property("sex", "free text", es="sexo"),
            Property("nationality", "free text", es="nacionalidad"),
            Property("occupation", "e.g. journalist, activist, military officer", es="ocupacion"),
            Property("affiliation", "party, union, organisation", es="afiliacion"),
            Property("aliases", "list of other spellings", LIST, "alias", redact=PROTECTED),
            SOURCES,
            NOTES,
        ),
        doc="Detainees and their relatives.",
        spanish=("persona",),
        spanish_records=("personas",),
        title="name",
        pseudonymous=True,
    ),
    Schema(
        OFFICIAL,
        "officials",
        "official",
        (
            identifier("unique among officials"),
            Property("name", es="nombre", required=True, redact=KEEP),
            Property("position", "e.g. `state governor`, `control court judge`", es="cargo"),
            Property(
                "institution", "e.g. `SEBIN`, `DGCIM`, `Gobernación de Trujillo`", es="institucion"
            ),
            Property("jurisdiction", "state or territory", es="jurisdiccion"),
            Property(
                "person_id",
                "set when the official is also a person in persons",
                REF,
                "persona_id",
                ref=PERSON,
                relationship=IS_PERSON,
                redact=DROP,  # redacted, nothing may say this official was detained
            ),
            institution("the institution they belong to, in institutions", MEMBER_OF),
            SOURCES,
            NOTES,
        ),
        doc="The people who order arrests, releases and transfers: judges, prosecutors, "
        "governors, police and intelligence commanders.",
        spanish=("funcionario",),
        spanish_records=("funcionarios",),
        title="name",
    ),
    Schema(
        FACILITY,
        "facilities",
        "facility",
        (
            identifier("unique among facilities"),
            Property("name", "e.g. `El Helicoide`", es="nombre", required=True),
            Property(
                "kind",
                type=ENUM,
                es="tipo",
                values=enum(
                    ("prison", "prision", "carcel"),
                    ("police", "policial", "policia"),
                    ("military", "militar"),
                    ("intelligence", "inteligencia"),
                    ("court", "tribunal"),
                    ("other", "otro"),
                ),
            ),
            Property("operator", "institution running it", es="operador"),
            Property("state", "location", es="estado"),
            Property("city", "location", es="ciudad"),
            Property("latitude", "decimal degrees", NUMBER, "latitud"),
            Property("longitude", "decimal degrees", NUMBER, "longitud"),
            Property(
                "operator_id",
                "the institution running it, in institutions",
                REF,
                "operador_id",
                ref=INSTITUTION,
                relationship=OPERATES,
                incoming=True,
            ),
            SOURCES,
            NOTES,
        ),
        doc="Prisons, police and military posts, intelligence headquarters.",
        spanish=("centro",),
        spanish_records=("centros",),
        title="name",
    ),
    Schema(
        INSTITUTION,
        "institutions",
        "institution",
        (
            identifier("unique among institutions"),
            Property(
                "name",
                "e.g. `Tribunal 2° de Control de Trujillo`, `SEBIN`",
                es="nombre",
                required=True,
                redact=KEEP,
            ),
            Property(
                "kind",
                type=ENUM,
                es="tipo",
                values=enum(
                    ("court", "tribunal", "juzgado"),
                    ("prosecutor", "fiscalia", "ministerio publico"),
                    ("police", "policia", "policial"),
                    ("intelligence", "inteligencia"),
                    ("military", "militar"),
                    ("executive", "ejecutivo", "gobernacion", "gobierno", "ministerio"),
                    ("legislature", "legislativo", "asamblea"),
                    ("prison_service", "servicio penitenciario", "penitenciario"),
                    ("other", "otro"),
                ),
            ),
            Property(
                "parent_id",
                "the institution it is part of",
                REF,
                "padre_id",
                ref=INSTITUTION,
                relationship=PART_OF,
            ),
            Property("jurisdiction", "state or territory", es="jurisdiccion"),
            SOURCES,
            NOTES,
        ),
        doc="Courts, prosecutors' offices, police and intelligence services, ministries, "
        "governorships: the bodies that sign orders when no person is named. Public actors: "
        "never redacted.",
        spanish=("institucion",),
        spanish_records=("instituciones",),
        title="name",
    ),
    Schema(
        ORDER,
        "orders",
        "order",
        (
            identifier("unique among orders"),
            Property("kind", type=ENUM, es="tipo", required=True, values=ORDER_KIND_VALUES),
            Property("date", "when it took effect", DATE, "fecha", required=True, redact=KEEP),
            Property(
                "person_id",
                "the person it concerns",
                REF,
                "persona_id",
                required=True,
                ref=PERSON,
                relationship=CONCERNS,
            ),
            Property(
                "official_id",
                "who ordered it (empty when unknown)",
                REF,
                "funcionario_id",
                ref=OFFICIAL,
                relationship=ISSUED,
                incoming=True,
            ),
            Property(
                "facility_id",
                "arrest/transfer: where the person was taken; release: where released from",
                REF,
                "centro_id",
                ref=FACILITY,
                relationship=AT,
            ),
            Property("case_number", "court file", es="expediente", redact=HASHED),
            Property("court", es="tribunal"),
            Property("charges", "list", LIST, "cargos"),
            Property(
                "conditions",
                "release conditions, e.g. `report every 30 days; banned from speaking to press`",
                CODES,
                "medidas",
                values=CONDITION_VALUES,
            ),
            Property(
                "status",
                type=ENUM,
                es="estatus",
                values=(
                    Value("verified", ("verificado",), "default when empty"),
                    Value("claimed", ("anunciado",), "announced, not independently confirmed"),
                    Value("disputed", ("disputado",)),
                ),
                default="verified",
                redact=KEEP,
            ),
            institution(
                "the body that issued it, when a court or a ministry signed it",
                ISSUED,
                incoming=True,
            ),
            REPORTED,
            SOURCES,
            NOTES,
        ),
        doc="One row per decision about one person: an arrest, a release, a transfer, a sentence.",
        spanish=("orden",),
        spanish_records=("ordenes",),
        pseudonymous=True,
    ),
    Schema(
        STATUS,
        "statuses",
        "status",
        (
            identifier("unique among statuses"),
            Property(
                "person_id",
                type=REF,
                es="persona_id",
                required=True,
                ref=PERSON,
                relationship=CONCERNS,
            ),
            Property(
                "as_of",
                "the list's date (day precision)",
                DATE,
                "fecha_corte",
                required=True,
                redact=KEEP,
                day=True,
            ),
            Property(
                "status",
                type=ENUM,
                es="situacion",
                required=True,
                values=STATUS_VALUES,
                redact=KEEP,
            ),
            Property(
                "facility_id",
                "where held, per the list",
                REF,
                "centro_id",
                ref=FACILITY,
                relationship=AT,
            ),
            REPORTED,
            SOURCES,
            NOTES,
        ),
        doc="Who a source listed as held (or free), on a date: one row per person per list.",
        spanish=("situacion",),
        spanish_records=("situaciones",),
        pseudonymous=True,
    ),
    Schema(
        CLAIM,
        "claims",
        "claim",
        (
            identifier("unique among claims"),
            Property("date", "when the claim was made", DATE, "fecha", required=True, redact=KEEP),
            Property("claimant", "who said it (text)", es="declarante"),
            Property(
                "official_id",
                "when the claimant is on record",
                REF,
                "funcionario_id",
                ref=OFFICIAL,
                relationship=MADE,
                incoming=True,
            ),
            institution("when the claimant is on record", MADE, incoming=True),
            Property(
                "kind",
                type=ENUM,
                es="tipo",
                required=True,
                redact=KEEP,
                values=enum(
                    ("released", "excarcelados", "liberados", "excarcelaciones"),
                    ("arrested", "detenidos", "detenciones"),
                    ("detained", "presos", "detenidos a la fecha"),
                ),
            ),
            Property(
                "count",
                "a whole number, a range `130-150`, or an open count `más de 200`",
                COUNT,
                "cifra",
                required=True,
                redact=KEEP,
            ),
            Property(
                "period_start",
                "the first day a released/arrested count covers (empty: from the earliest record)",
                DATE,
                "desde",
                redact=KEEP,
            ),
            Property(
                "period_end", "its last day (empty: the claim's date)", DATE, "hasta", redact=KEEP
            ),
            Property(
                "as_of",
                "the day a detained count describes (required for `detained`)",
                DATE,
                "fecha_corte",
                redact=KEEP,
                day=True,
            ),
            Property(
                "named", "`true` when the claim came with names", BOOL, "con_nombres", redact=KEEP
            ),
            SOURCES,
            NOTES,
        ),
        doc="Counts announced without names: officials' figures, groups' estimates.",
        spanish=("anuncio",),
        spanish_records=("anuncios",),
    ),
    Schema(
        FAMILY,
        "family",
        "family",
        (
            Property("person_id", type=REF, es="persona_id", required=True, ref=PERSON),
            Property("relative_id", type=REF, es="familiar_id", required=True, ref=PERSON),
            Property(
                "relation",
                type=ENUM,
                es="parentesco",
                required=True,
                values=enum(
                    ("parent", "padre", "madre"),
                    ("child", "hijo", "hija"),
                    ("spouse", "esposo", "esposa", "conyuge", "pareja"),
                    ("sibling", "hermano", "hermana"),
                    ("in_law", "in law", "suegro", "suegra", "yerno", "nuera", "cunado", "cunada"),
                    ("relative", "familiar", "pariente"),
                ),
            ),
            SOURCES,
            NOTES,
        ),
        doc="One row per family tie: `relative_id` is the `relation` of `person_id`.",
        spanish=("familia",),
        spanish_records=("familia",),
        edge=Edge(FAMILY, "person_id", "relative_id"),
    ),
    Schema(
        JUDGED,
        "judgements",
        "judgement",
        (
            Property("left", "a node key, e.g. `Person:P1`", KEY, "izquierda", required=True),
            Property("right", "a node key of the same label", KEY, "derecha", required=True),
            Property(
                "judgement",
                type=ENUM,
                es="juicio",
                required=True,
                redact=KEEP,
                values=enum(
                    ("same", "mismo", "misma", "igual"),
                    ("different", "distinto", "distinta", "diferente"),
                    ("unsure", "dudoso", "no se"),
                ),
            ),
            Property("by", "who judged", es="por", redact=DROP),
            Property("at", "when", DATE, "fecha", redact=KEEP),
            NOTES,
        ),
        doc="Decisions that two records name the same person (official, facility, "
        "institution), or do not. The latest judgement on a pair wins.",
        spanish=("juicio",),
        spanish_records=("juicios",),
        edge=Edge(JUDGED, "left", "right"),
    ),
    Schema(
        SOURCE,
        "sources",
        "source",
        (
            identifier("unique among sources"),
            Property("title", es="titulo", redact=DROP),
            Property("publisher", es="editor"),
            Property("url", es="url", redact=DROP),
            Property("published", "date", DATE, "fecha", redact=KEEP),
            NOTES,
        ),
        doc="The reports, lists and articles records cite.",
        spanish=("fuente",),
        spanish_records=("fuentes",),
        title="title",
        pseudonymous=True,
    ),
)

BY_NAME: dict[str, Schema] = {s.name: s for s in SCHEMATA}
LABELS: dict[str, Schema] = {s.name: s for s in SCHEMATA if s.edge is None}

# The relationship types, in the order reports list them. Which labels each joins
# follows from the references declared above.
RELATIONSHIP_DOCS = {
    ISSUED: "who ordered an order: an official, or a body",
    CONCERNS: "the person an order or a status concerns",
    AT: "the facility an order or a status names",
    FAMILY: "a family tie",
    IS_PERSON: "an official who is also a documented person",
    MEMBER_OF: "the institution an official belongs to",
    PART_OF: "the institution a body is part of",
    OPERATES: "the institution that runs a facility",
    MADE: "who made a claim",
    JUDGED: "the latest judgement on two records (same, different, unsure)",
    CITES: "the sources a record cites",
}


def _relationships() -> dict[str, Relationship]:
    ends: dict[str, list[tuple[str | None, str]]] = {t: [] for t in RELATIONSHIP_DOCS}
    properties: dict[str, tuple[str, ...]] = {}
    for schema in SCHEMATA:
        pairs = []
        if schema.edge:
            # A KEY end names a record of any label; its other end has the same label.
            source = schema.by_name[schema.edge.source].ref
            target = schema.by_name[schema.edge.target].ref
            pairs.append((schema.edge.type, (source, target)))
            # Notes on a tie are not carried into exports: free text where names hide.
            properties[schema.edge.type] = tuple(p for p in schema.stored if p != "notes")
        for p in schema.properties:
            if p.relationship == CITES:
                pairs.append((CITES, (None, SOURCE)))  # every label cites sources
            elif p.relationship:
                pair = (p.ref, schema.name) if p.incoming else (schema.name, p.ref)
                pairs.append((p.relationship, pair))
        for type, pair in pairs:
            if pair not in ends[type]:
                ends[type].append(pair)
    return {
        t: Relationship(t, tuple(ends[t]), properties.get(t, ()), doc)
        for t, doc in RELATIONSHIP_DOCS.items()
    }


RELATIONSHIPS: dict[str, Relationship] = _relationships()


def _load_order() -> tuple[Schema, ...]:
    """The schemata in an order where each only references those before it (declaration
    order where references allow), so that a load can check every reference."""
    done: list[Schema] = []
    while len(done) < len(SCHEMATA):
        for schema in SCHEMATA:
            needs = {p.ref for p in schema.properties if p.ref and p.ref != schema.name}
            if any(p.type == KEY for p in schema.properties):
                needs |= LABELS.keys()  # a node key may name a record of any label
            if schema not in done and needs <= {s.name for s in done}:
                done.append(schema)
                break
        else:
            raise ValueError("the schemata reference each other in a circle")
    return tuple(done)


LOAD_ORDER: tuple[Schema, ...] = _load_order()

# Attributes the store itself sets on every node; a record's extra column may not use them.
RESERVED_ATTRIBUTES = frozenset({"label", "id", "sources"})


def values(label: str, name: str) -> tuple[str, ...]:
    """The canonical values of an enumerated property.

    >>> values("Order", "status")
    ('verified', 'claimed', 'disputed')
    """
    return tuple(v.name for v in BY_NAME[label].by_name[name].values)


ORDER_KINDS = values(ORDER, "kind")
ORDER_STATUSES = values(ORDER, "status")


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


def key_id(key: str) -> str:
    """The id of a networkx node key.

    >>> key_id("Order:O1")
    'O1'
    """
    return key.partition(":")[2]


def display_name(attrs: dict) -> str:
    """What to call a record in a sentence: its title (a name), an order's kind and date,
    else its id.

    >>> display_name({"label": "Order", "id": "O1", "kind": "arrest", "date": "2026-01-12"})
    'arrest 2026-01-12'
    >>> display_name({"label": "Person", "id": "P1", "name": "Ana"})
    'Ana'
    """
    schema = LABELS.get(attrs.get("label"))
    if schema is not None and schema.name == ORDER:
        return f"{attrs.get('kind')} {attrs.get('date')}"
    title = attrs.get(schema.title) if schema is not None and schema.title else None
    return str(title or attrs.get("id"))


# The docs' tables, made from the declarations above (tests/test_docs.py holds the docs
# to them).


def _field_names(p: Property) -> str:
    return p.name + ("*" if p.required else "")


def _meaning(p: Property) -> str:
    if p.type == CODES:
        codes = ", ".join(f"`{v.name}`" + (f" ({v.doc})" if v.doc else "") for v in p.values)
        return f"{p.doc}; coded as {codes}"
    if p.type != ENUM:
        return p.doc
    described = [f"`{v.name}`" + (f" ({v.doc})" if v.doc else "") for v in p.values]
    return ", ".join(described) + (f"; {p.doc}" if p.doc else "")


def markdown_fields(name: str) -> str:
    """The field table of one kind of record, as docs/RECORDS.md shows it.

    >>> print(markdown_fields("Source").splitlines()[2])
    | id* | unique among sources | id |
    """
    rows = ["| field | meaning | Spanish alias |", "|---|---|---|"]
    rows += [
        f"| {_field_names(p)} | {_meaning(p)} | {p.es or ''} |" for p in BY_NAME[name].properties
    ]
    return "\n".join(rows)


def markdown_nodes() -> str:
    """The node table of docs/GRAPH.md.

    >>> print(markdown_nodes().splitlines()[-1])
    | Source | id | sources | title, publisher, url, published, notes |
    """
    rows = ["| label | key | built from | properties |", "|---|---|---|---|"]
    rows += [f"| {s.name} | id | {s.records} | {', '.join(_shown(s))} |" for s in LABELS.values()]
    return "\n".join(rows)


def markdown_relationships() -> str:
    """The relationship table of docs/GRAPH.md.

    >>> print(markdown_relationships().splitlines()[2])
    | ISSUED | Official → Order, Institution → Order | orders.official_id / orders.institution_id |  |
    """
    rows = ["| type | from → to | built from | properties |", "|---|---|---|---|"]
    for rel in RELATIONSHIPS.values():
        ends = ", ".join(
            f"{source or 'any'} → {target or 'the same label'}" for source, target in rel.ends
        )
        edge = next((s for s in SCHEMATA if s.edge and s.edge.type == rel.type), None)
        shown = ", ".join(_shown(edge)) if edge else ""
        rows.append(f"| {rel.type} | {ends} | {_built_from(rel.type)} | {shown} |")
    return "\n".join(rows)


def _shown(schema: Schema) -> list[str]:
    """The properties a node carries, as GRAPH.md lists them: a date's first and last
    day are said once, under the table; a count is stored as its two ends."""
    return [
        name
        for p in schema.properties
        if p.stored
        and p.name not in ("id", "sources")
        and not (schema.edge and p.name in (schema.edge.source, schema.edge.target))
        for name in (p.stored_names if p.type == COUNT else [p.name])
    ]


def _built_from(type: str) -> str:
    if type == CITES:
        return "the `sources` list of any record"
    found = []
    for schema in SCHEMATA:
        if schema.edge and schema.edge.type == type:
            found.append(f"{schema.records} ({schema.edge.source} → {schema.edge.target})")
        found += [f"{schema.records}.{p.name}" for p in schema.properties if p.relationship == type]
    return " / ".join(found)
