"""Redaction: a graph in which detainees and their relatives cannot be named.

Every export that leaves the investigator's hands (HTML views, and later GraphML,
JSON and CSV) goes through `redact`, so the rules live in one place:

- Persons (detainees and relatives) become pseudonyms, `Person 7f3a91c2`. Their
  name, national id, birth date, aliases, notes and any extra columns are dropped;
  only sex, nationality, occupation and affiliation stay.
- Order and source ids become pseudonyms too, because ids are chosen by people and
  often spell a name (`O-MARQUEZ-2026-01-12`). A case number becomes `Case 1b2c3d4e`:
  the same case keeps the same pseudonym, but the court file cannot be looked up.
- Sources keep only their publisher and publication date: a title or an address
  usually names the person the article is about.
- Notes are dropped everywhere, and every extra column on every label: free text is
  where names hide, and nobody has said what an extra column holds.
- Officials and facilities stay named: they are what an investigation holds to
  account. When an official is also a person (IS_PERSON), the link is dropped so that
  nothing says that official was detained; the official keeps their name.
- Finally every text that remains (charges, conditions, courts, positions...) is
  searched for any person's name, alias or national id, which is replaced by
  `[redacted]`. Values shorter than three characters are not searched for.

Dates, places and officials stay, by design: someone who already knows the events
may still recognise a person. Redaction removes the direct identifiers; narrow a
view before sharing it.

Pseudonyms are keyed hashes (HMAC-SHA256) of the label and id, never of the name:

- Stable: the same key gives the same pseudonym to the same person in every file
  and every run, so files shared by one team can be compared.
- Not reversible without the key: an unkeyed hash of `P000123` or of a cédula could
  be reversed by anyone with a list of ids. The key is, in order: the `key` argument,
  `$DETNET_REDACT_KEY` (at least 16 characters), or a random key created on first use
  in `$XDG_CONFIG_HOME/detnet/redact-key` (`~/.config/...`), readable by its owner only.
  Share the key inside the team, never with the people who receive redacted files.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections import Counter
from pathlib import Path

import networkx as nx

from .errors import UsageError
from .schema import (
    BY_NAME,
    DROP,
    HASHED,
    KEEP,
    LABELS,
    PROTECTED,
    RELATIONSHIPS,
    SCRUB,
    SOURCE,
    node_key,
    split_key,
)
from .store import new_graph
from .text import national_id_key

KEY_ENV = "DETNET_REDACT_KEY"
MIN_KEY_LENGTH = 16
REDACTED = "[redacted]"
SHORTEST_SEARCHED = 3  # shorter names or aliases would blank ordinary words

# What each label keeps, and which of those are searched for protected values: from
# the policies declared in the schema. Everything else on a node is dropped.
KEPT = {
    label: tuple(
        p.name
        for p in s.properties
        if p.stored and p.redact in (KEEP, SCRUB, HASHED) and p.name not in ("id", "sources")
    )
    for label, s in LABELS.items()
}
NOT_SEARCHED = {
    (label, p.name) for label, s in LABELS.items() for p in s.properties if p.redact == KEEP
}
HASHED_PROPERTIES = {
    (label, p.name) for label, s in LABELS.items() for p in s.properties if p.redact == HASHED
}
PSEUDONYMOUS = tuple(label for label, s in LABELS.items() if s.pseudonymous)
# Relationships made by a reference whose policy is DROP: an official who is also a
# person (IS_PERSON) must not say that this official was detained.
DROPPED_RELATIONSHIPS = {
    p.relationship
    for s in LABELS.values()
    for p in s.properties
    if p.relationship and p.redact == DROP
}
# What each relationship keeps: its properties but those its records' policy drops (a
# judgement's `by` names a reviewer, who may be at risk too).
EDGE_KEPT = {
    type: tuple(p for p in rel.properties if type not in BY_NAME or BY_NAME[type].policy(p) != DROP)
    for type, rel in RELATIONSHIPS.items()
}
# The values of these properties, and only their labels', are searched for everywhere.
PROTECTED_PROPERTIES = {
    label: tuple(p.name for p in s.properties if p.redact == PROTECTED)
    for label, s in LABELS.items()
    if any(p.redact == PROTECTED for p in s.properties)
}
WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+")  # 17.233.045 is one word, as is 17233045


def key_file() -> Path:
    """Where the per-user redaction key is kept when `$DETNET_REDACT_KEY` is not set."""
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "detnet" / "redact-key"


def redaction_key(key: str | bytes | None = None) -> bytes:
    """The secret that keys pseudonyms: `key`, else `$DETNET_REDACT_KEY`, else the key file.

    The key file is created, with a random key readable by its owner only, on first use.

    >>> redaction_key("a team secret of some length")
    b'a team secret of some length'
    >>> redaction_key("short")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UsageError: redaction key too short to keep pseudonyms secret: use at least 16 ...
    """
    if key is None:
        key = os.environ.get(KEY_ENV) or None
    if key is None:
        return _stored_key()
    key = key.encode() if isinstance(key, str) else key
    if len(key) < MIN_KEY_LENGTH:
        raise UsageError(
            "redaction key too short to keep pseudonyms secret: "
            f"use at least {MIN_KEY_LENGTH} random characters"
        )
    return key


def _stored_key() -> bytes:
    path = key_file()
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written whole beside the key file, then linked into place: two processes
        # starting at once both end up with the one key that got there first.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_hex(32).encode())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise UsageError(f"{path}: redaction key too short; delete the file to get a new one")
    return key


def _digest(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def pseudonyms(label: str, ids: list[str], key: bytes) -> dict[str, str]:
    """Pseudonymous ids for the ids of one label: 8 hex digits of a keyed hash.

    Two ids whose first 8 digits collide both get 16 digits, so pseudonyms stay
    unique in a graph of any size.

    >>> p = pseudonyms("Person", ["P1", "P2"], b"0123456789abcdef")
    >>> p == pseudonyms("Person", ["P1", "P2"], b"0123456789abcdef")
    True
    >>> sorted(len(v) for v in p.values())
    [8, 8]
    """
    digests = {id: _digest(key, f"{label}:{id}") for id in ids}
    short = Counter(d[:8] for d in digests.values())
    return {id: d[:8] if short[d[:8]] == 1 else d[:16] for id, d in digests.items()}


def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c) and c not in ".,")


def _words(text: str) -> tuple[str, ...]:
    """The words of a text, folded so that case, accents and digit grouping do not matter.

    >>> _words("Alfredo MÁRQUEZ, V-12.345.678")
    ('alfredo', 'marquez', 'v', '12345678')
    """
    return tuple(_fold(w) for w in WORD.findall(text))


class Searcher:
    """Finds any of a set of names in a text, as whole words, whatever the case and accents.

    Names are matched as word sequences, so `V-12345678` also matches `V 12345678`
    and `v.12.345.678`; the cost is linear in the text, whatever the number of names.

    >>> Searcher({"Rafael Tudares", "Ana"}).scrub("Visited RAFAEL   Tudares and Anabel.")
    'Visited [redacted] and Anabel.'
    >>> Searcher({"12345678"}).scrub("cédula 12.345.678, case 12345679")
    'cédula [redacted], case 12345679'
    """

    def __init__(self, names: set[str]):
        self.names = {w for n in names if len(n) >= SHORTEST_SEARCHED and (w := _words(n))}
        self.longest = max(map(len, self.names), default=0)

    def scrub(self, value: object) -> object:
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if not isinstance(value, str) or not self.names:
            return value
        matches = list(WORD.finditer(value))
        spans = [m.span() for m in matches]
        words = tuple(_fold(m.group()) for m in matches)
        out, done, i = [], 0, 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                if words[i : i + n] in self.names:
                    out += [value[done : spans[i][0]], REDACTED]
                    done, i = spans[i + n - 1][1], i + n
                    break
            else:
                i += 1
        return "".join(out) + value[done:]


def identifying_values(G: nx.MultiDiGraph) -> set[str]:
    """Every protected value (a person's name, aliases, national id), and the digits of a
    national id.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person:P1", label="Person", id="P1", name="Ana Pérez", national_id="V-1234567")
    >>> sorted(identifying_values(G))
    ['1234567', 'Ana Pérez', 'V-1234567']
    """
    values: set[str] = set()
    for _, attrs in G.nodes(data=True):
        fields = PROTECTED_PROPERTIES.get(attrs["label"])
        if not fields:
            continue
        for field in fields:
            value = attrs.get(field)
            values.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
        # A cédula is often written without its letter: V-12345678, 12345678, 12.345.678.
        key = national_id_key(attrs.get("national_id")) or ""
        digits = "".join(c for c in key if c.isdigit())
        if len(digits) >= 5:
            values.add(digits)
    return values


def key_map(G: nx.MultiDiGraph, key: str | bytes | None = None) -> dict[str, str]:
    """The node key each person, order and source gets in `redact(G, key)`.

    For finding, in a redacted graph, the node a user named by its real id.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> key_map(G, "an example key, not a secret")["Person:P-MARQUEZ"]
    'Person:7a86003a'
    """
    key = redaction_key(key)
    by_label: dict[str, list[str]] = {label: [] for label in PSEUDONYMOUS}
    for _, attrs in G.nodes(data=True):
        if attrs["label"] in by_label:
            by_label[attrs["label"]].append(attrs["id"])
    return {
        node_key(label, id): node_key(label, new)
        for label, ids in by_label.items()
        for id, new in pseudonyms(label, ids, key).items()
    }


def redact(G: nx.MultiDiGraph, key: str | bytes | None = None) -> nx.MultiDiGraph:
    """A copy of `G` in which no detainee or relative can be named (see the module notes).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A detnet graph; it is not changed.
    key : str or bytes, optional
        The secret behind the pseudonyms (see `redaction_key`).

    Returns
    -------
    networkx.MultiDiGraph
        The redacted graph, with ``G.graph["redacted"] = True``; node keys of persons,
        orders and sources are those of `key_map`.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> R = redact(G, key="an example key, not a secret")
    >>> R.nodes["Person:7a86003a"]["name"]
    'Person 7a86003a'
    >>> "Márquez" in str(list(R.nodes(data=True)) + list(R.edges(data=True)))
    False
    >>> [a["name"] for _, a in R.nodes(data=True) if a["label"] == "Official"]
    ['Governor of Trujillo state (name not stated in the source)']
    """
    key = redaction_key(key)
    new_keys = key_map(G, key)
    searcher = Searcher(identifying_values(G))

    def new_sources(ids: list[str]) -> list[str]:
        return [split_key(new_keys[node_key(SOURCE, id)])[1] for id in ids]

    def hashed(name: str, value: object) -> str:
        # case_number "EXP-1" -> "Case 1b2c3d4e": the same case keeps one stand-in
        word = name.split("_")[0]
        return f"{word.capitalize()} {_digest(key, f'{word}:{value}')[:8]}"

    R = new_graph()
    R.graph["redacted"] = True
    nodes = []
    for node, attrs in G.nodes(data=True):
        label = attrs["label"]
        schema = LABELS[label]
        new_key = new_keys.get(node, node)
        kept = {p: attrs[p] for p in KEPT[label] if attrs.get(p) not in (None, "", [])}
        for p, v in kept.items():
            if (label, p) in HASHED_PROPERTIES:
                kept[p] = hashed(p, v)
            elif (label, p) not in NOT_SEARCHED:
                kept[p] = searcher.scrub(v)
        new = {"label": label, "id": split_key(new_key)[1]}
        if schema.pseudonymous and schema.title:
            new[schema.title] = f"{label} {new['id']}"
        if attrs.get("sources"):
            new["sources"] = new_sources(attrs["sources"])
        nodes.append((new_key, {**new, **kept}))
    R.add_nodes_from(nodes)

    edges = []
    for u, v, type, attrs in G.edges(keys=True, data=True):
        if type in DROPPED_RELATIONSHIPS:
            continue
        kept = {p: attrs[p] for p in EDGE_KEPT[type] if p in attrs}
        for p, value in kept.items():
            kept[p] = new_sources(value) if p == "sources" else searcher.scrub(value)
        edges.append((new_keys.get(u, u), new_keys.get(v, v), type, kept))
    R.add_edges_from(edges)
    return R
