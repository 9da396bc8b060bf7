"""The graph in the FollowTheMoney model: entities Aleph, OpenAleph and OpenSanctions read.

Each record becomes the FtM entity that says the same thing (docs/ftm.md has the table
and the reasons): persons and officials are `Person` (an official with `position`, a
`Membership` of their institution and, when the position is known, a `Position` held
through an `Occupancy`); institutions are `PublicBody` (`Organization` when their kind
is `other` or unknown), a body they are part of their `parent`; facilities are
`Address` (a place, which an institution operates: an `UnknownLink` with the role
`operates`); family ties are `Family`; orders are `Event`s (the person `involved`, the
official or body that issued it the `organizer`, the facility its `addressEntity`);
status-list entries and announced counts, which no FtM schema holds, are `Note`s on
the person or on the official or body who announced them. Sources give each entity
that cites them its `sourceUrl` and `publisher`.

Ids are stable: a hash of the namespace `detnet` and the node key, so that exporting
the same graph twice gives the same ids, and a record keeps its id across exports.

followthemoney is an optional dependency (`pip install 'detnet[ftm]'`): it checks
every entity written here against its model, and nothing else in detnet needs it.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Iterator
from typing import BinaryIO

import networkx as nx
import orjson

from .errors import UsageError
from .schema import (
    FACILITY,
    FAMILY,
    INSTITUTION,
    OFFICIAL,
    ORDER,
    PERSON,
    SOURCE,
    key_id,
)

NAMESPACE = "detnet"
INSTALL = (
    "the FollowTheMoney commands need the followthemoney package: "
    "pip install 'detnet[ftm]' (it builds PyICU: install ICU's development files first, "
    "e.g. apt-get install libicu-dev pkg-config g++)"
)
PUBLIC_BODY_KINDS = frozenset(
    ("court", "prosecutor", "police", "intelligence", "military", "executive", "legislature",
     "prison_service")
)  # fmt: skip


def require_ftm():
    """followthemoney's model, or a UsageError that says how to install it."""
    if importlib.util.find_spec("followthemoney") is None:
        raise UsageError(INSTALL)
    from followthemoney import model

    return model


def ftm_id(*parts: str) -> str:
    """The FtM id of a detnet record (its node key) or of what it implies.

    >>> ftm_id("Person:P1")
    'detnet-df855304f2fa85bd59a36c8c60b0a2e57e36cc38'
    """
    import hashlib

    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return f"{NAMESPACE}-{digest.hexdigest()}"


def ftm_date(attrs: dict, name: str) -> str | None:
    """A detnet date as FtM's prefix dates hold it: a day, a month or a year.

    `marzo 2019` (2019-03-01 to 2019-03-31) is `2019-03`; a range FtM cannot say
    (across two years) is None.

    >>> ftm_date({"date_start": "2019-03-01", "date_end": "2019-03-31"}, "date")
    '2019-03'
    >>> ftm_date({"date_start": "2019-12-20", "date_end": "2020-01-10"}, "date") is None
    True
    """
    start, end = attrs.get(f"{name}_start"), attrs.get(f"{name}_end")
    if not start or not end:
        return None
    if start == end:
        return start
    if start[:7] == end[:7]:
        return start[:7]
    if start[:4] == end[:4]:
        return start[:4]
    return None


class _Entities:
    """The entities made so far, each checked by followthemoney as it is added."""

    def __init__(self, model):
        self.model = model
        self.made: list = []

    def make(self, schema: str, id: str, **properties):
        entity = self.model.make_entity(schema)
        entity.id = id
        for name, value in properties.items():
            for each in value if isinstance(value, (list, tuple)) else [value]:
                if each is not None and each != "":
                    entity.add(name, str(each))
        self.made.append(entity)
        return entity


def entities(G: nx.MultiDiGraph) -> Iterator[dict]:
    """The graph's records as FtM entities (dicts: `id`, `schema`, `properties`).

    Redact the graph first to export it redacted: this writes what it is given.

    >>> import detnet
    >>> found = list(entities(detnet.load_sample("seed-article")))
    >>> sorted({e["schema"] for e in found})
    ['Address', 'Event', 'Family', 'Membership', 'Note', 'Occupancy', 'Person', 'Position', 'PublicBody']
    """
    model = require_ftm()
    out = _Entities(model)
    sources = {key: attrs for key, attrs in G.nodes(data=True) if attrs.get("label") == SOURCE}
    cited: dict[str, list[dict]] = defaultdict(list)
    for u, v, rel in G.edges(keys=True):
        if rel == "CITES" and v in sources:
            cited[u].append(sources[v])

    def provenance(key: str) -> dict:
        found = cited.get(key, ())
        return {
            "sourceUrl": [s["url"] for s in found if s.get("url")],
            "publisher": [s["publisher"] for s in found if s.get("publisher")],
        }

    for key, attrs in G.nodes(data=True):
        label = attrs.get("label")
        if label == PERSON:
            out.make(
                "Person", ftm_id(key), name=attrs.get("name") or key_id(key),
                alias=attrs.get("aliases"), birthDate=ftm_date(attrs, "birth_date"),
                gender=_gender(attrs.get("sex")), political=attrs.get("affiliation"),
                idNumber=attrs.get("national_id"),
                notes=_notes(attrs, "nationality", "occupation"),
                **provenance(key),
            )  # fmt: skip
        elif label == OFFICIAL:
            out.make(
                "Person", ftm_id(key), name=attrs.get("name"), position=attrs.get("position"),
                notes=_official_notes(attrs), **provenance(key),
            )  # fmt: skip
        elif label == INSTITUTION:
            schema = "PublicBody" if attrs.get("kind") in PUBLIC_BODY_KINDS else "Organization"
            parent = next(
                (v for _, v, rel in G.out_edges(key, keys=True) if rel == "PART_OF"), None
            )
            out.make(
                schema, ftm_id(key), name=attrs.get("name"), classification=attrs.get("kind"),
                notes=_place(attrs.get("jurisdiction")),
                parent=ftm_id(parent) if parent else None, **provenance(key),
            )  # fmt: skip
        elif label == FACILITY:
            place = [attrs.get(p) for p in ("name", "city", "state") if attrs.get(p)]
            out.make(
                "Address", ftm_id(key), name=attrs.get("name"), full=", ".join(place),
                city=attrs.get("city"), region=attrs.get("state"),
                latitude=attrs.get("latitude"), longitude=attrs.get("longitude"),
                summary=attrs.get("kind") and f"detention facility: {attrs['kind']}",
                **provenance(key),
            )  # fmt: skip
        elif label == ORDER:
            _order(out, G, key, attrs, provenance(key))
        elif label in ("Status", "Claim"):
            _note(out, G, key, attrs, provenance(key))
    for u, v, rel, attrs in G.edges(keys=True, data=True):
        if rel == FAMILY:
            out.make(
                "Family", ftm_id(u, FAMILY, v), person=ftm_id(u), relative=ftm_id(v),
                relationship=attrs.get("relation"),
            )  # fmt: skip
        elif rel == "MEMBER_OF":
            out.make(
                "Membership", ftm_id(u, rel, v), member=ftm_id(u), organization=ftm_id(v),
                role=G.nodes[u].get("position"),
            )  # fmt: skip
        elif rel == "OPERATES":
            out.make(
                "UnknownLink", ftm_id(u, rel, v), subject=ftm_id(u), object=ftm_id(v),
                role="operates",
            )  # fmt: skip
    _named_bodies(out, G)
    _positions(out, G)
    for entity in out.made:
        yield entity.to_dict()


def _body_of(G: nx.MultiDiGraph, key: str) -> str | None:
    """The FtM id of an official's institution: its record's, or, when the official
    names it only in text (`institution`), that of a body made from the text."""
    body = next((v for _, v, rel in G.out_edges(key, keys=True) if rel == "MEMBER_OF"), None)
    if body is not None:
        return ftm_id(body)
    text = G.nodes[key].get("institution")
    return ftm_id("Institution-named", text) if text else None


def _named_bodies(out: _Entities, G: nx.MultiDiGraph) -> None:
    """An `Organization` for each institution officials name only in text, and their
    `Membership`s of it: Aleph then links officials of one body."""
    made: set[str] = set()
    for key, attrs in G.nodes(data=True):
        if attrs.get("label") != OFFICIAL or not attrs.get("institution"):
            continue
        if any(rel == "MEMBER_OF" for _, _, rel in G.out_edges(key, keys=True)):
            continue
        body = _body_of(G, key)
        if body not in made:
            made.add(body)
            out.make("Organization", body, name=attrs["institution"])
        out.make(
            "Membership", ftm_id(key, "MEMBER_OF", body), member=ftm_id(key),
            organization=body, role=attrs.get("position"),
        )  # fmt: skip


def _positions(out: _Entities, G: nx.MultiDiGraph) -> None:
    """A `Position` per position an official holds in an institution, and the
    `Occupancy` that says they hold it (how OpenSanctions' PEP data says it)."""
    posts: set[str] = set()
    for key, attrs in G.nodes(data=True):
        if attrs.get("label") != OFFICIAL or not attrs.get("position"):
            continue
        member = next((v for _, v, rel in G.out_edges(key, keys=True) if rel == "MEMBER_OF"), None)
        where = G.nodes[member].get("name") if member else attrs.get("institution")
        title = attrs["position"] + (f", {where}" if where else "")
        post = ftm_id("Position", title)
        if post not in posts:
            posts.add(post)
            out.make(
                "Position", post, name=title, organization=_body_of(G, key),
                subnationalArea=attrs.get("jurisdiction"),
            )  # fmt: skip
        out.make("Occupancy", ftm_id(key, "Occupancy", post), holder=ftm_id(key), post=post)


def _order(out: _Entities, G, key: str, attrs: dict, provenance: dict) -> None:
    person = issuer = facility = None
    for _, v, rel in G.out_edges(key, keys=True):
        if rel == "CONCERNS":
            person = v
        elif rel == "AT":
            facility = v
    issuers = [u for u, _, rel in G.in_edges(key, keys=True) if rel == "ISSUED"]
    issuer = [ftm_id(u) for u in issuers]
    kind = attrs.get("kind", "order")
    date = ftm_date(attrs, "date")
    details = [
        f"status: {attrs['status']}" if attrs.get("status") else None,
        f"charges: {'; '.join(attrs['charges'])}" if attrs.get("charges") else None,
        f"conditions: {attrs['conditions']}" if attrs.get("conditions") else None,
        f"court: {attrs['court']}" if attrs.get("court") else None,
        f"case: {attrs['case_number']}" if attrs.get("case_number") else None,
        f"date as recorded: {attrs['date']}" if attrs.get("date") and not date else None,
    ]
    out.make(
        "Event", ftm_id(key), name=f"{kind} order" + (f", {date}" if date else ""),
        date=date, involved=ftm_id(person) if person else None, organizer=issuer,
        addressEntity=ftm_id(facility) if facility else None,
        location=G.nodes[facility].get("name") if facility else None,
        summary="; ".join(d for d in details if d) or None, recordId=key_id(key),
        **provenance,
    )  # fmt: skip


def _note(out: _Entities, G, key: str, attrs: dict, provenance: dict) -> None:
    """A status-list entry (on its person) or an announced count (on who announced it)."""
    if attrs["label"] == "Status":
        about = next((v for _, v, rel in G.out_edges(key, keys=True) if rel == "CONCERNS"), None)
        at = next((v for _, v, rel in G.out_edges(key, keys=True) if rel == "AT"), None)
        text = f"listed as {attrs.get('status')} on {attrs.get('as_of')}"
        if at:
            text += f" at {G.nodes[at].get('name')}"
    else:
        about = next((u for u, _, rel in G.in_edges(key, keys=True) if rel == "MADE"), None)
        low, high = attrs.get("count_min"), attrs.get("count_max")
        count = (
            f"at least {low}" if high is None else f"{low}" if high == low else f"{low} to {high}"
        )
        text = f"announced: {count} {attrs.get('kind')} ({attrs.get('date')})"
        if attrs.get("claimant"):
            text += f", by {attrs['claimant']}"
    out.make(
        "Note", ftm_id(key), description=text, entity=ftm_id(about) if about else None,
        **provenance,
    )  # fmt: skip


def _gender(sex: object) -> str | None:
    folded = str(sex or "").strip().lower()[:1]
    return {"f": "female", "m": "male"}.get(folded)


def _place(jurisdiction: object) -> str | None:
    return f"jurisdiction: {jurisdiction}" if jurisdiction else None


def _notes(attrs: dict, *names: str) -> str | None:
    found = [f"{n}: {attrs[n]}" for n in names if attrs.get(n)]
    return "; ".join(found) or None


def _official_notes(attrs: dict) -> str | None:
    return _notes(attrs, "institution", "jurisdiction")


def problem(model, data: dict) -> str | None:
    """What followthemoney finds wrong with an entity (a dict), or None.

    An unknown schema or property, a value its type rejects (a date that is not one,
    a country that is not one: what `ftm validate` would silently drop), a missing
    required property.

    >>> model = require_ftm()
    >>> problem(model, {"id": "x", "schema": "Person", "properties": {"name": ["Ana"]}})
    >>> problem(model, {"id": "x", "schema": "Person", "properties": {"birthDate": ["soon"]}})
    "Person property 'birthDate': not a valid date: 'soon'"
    """
    from followthemoney.exc import InvalidData

    if not isinstance(data, dict):
        return "not an entity (a JSON object with id, schema and properties)"
    if not isinstance(data.get("id"), str) or not data["id"]:
        return "no id"
    schema = model.get(data.get("schema") or "")
    if schema is None:
        return f"unknown schema {data.get('schema')!r}"
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        return "properties: not an object"
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            return f"unknown property {name!r} of {schema.name}"
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"{schema.name} property {name!r}: not a list of strings"
        for value in values:
            if prop.type.clean(value, proxy=None, fuzzy=False) is None:
                return f"{schema.name} property {name!r}: not a valid {prop.type.name}: {value!r}"
    try:
        schema.validate(data)
    except InvalidData as e:
        missing = sorted((e.errors or {}).get("properties", {}))
        return f"{schema.name}: required {', '.join(missing)} missing" if missing else str(e)
    return None


def write_ftm(G: nx.MultiDiGraph, out: BinaryIO) -> int:
    """Write G's entities as JSON Lines (what `ftm` and Aleph read); return how many."""
    n = 0
    for entity in entities(G):
        out.write(orjson.dumps(entity) + b"\n")
        n += 1
    return n
