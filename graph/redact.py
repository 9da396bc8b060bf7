"""Redaction: a graph in which detainees and their relatives cannot be named.

Every export that leaves the investigator's hands (HTML views, and later GraphML,
JSON and CSV) goes through `redact`, so the rules live in one place:

- Persons (detainees and relatives) become pseudonyms, `Person 7f3a91c2`. Their
  name, national id, birth date, aliases, notes and any extra columns are dropped;
  only sex, nationality, occupation and affiliation stay.
- Order and source ids become pseudonyms too, because ids are chosen by people and
  often spell a name (`O-MARQUEZ-2026-01-12`); so does the id of any other record that
  holds a protected value (a facility `F-CASA-ANA-PEREZ`). A case number becomes `Case 1b2c3d4e`:
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
  `[redacted]`. Both sides are folded first: case, accents, Unicode forms (composed
  or not), punctuation and a national id's letter do not matter (`V-12.345.678`,
  `V12345678` and `12345678` are one value), nor do words run together
  (`ANAMARIAPEREZ`). Values shorter than three characters are not searched for.

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
from collections.abc import Iterator
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

KEY_ENV = "DETNET_REDACT_KEY"
MIN_KEY_LENGTH = 16
REDACTED = "[redacted]"
SHORTEST_SEARCHED = 3  # shorter names or aliases would blank ordinary words

# What each label keeps, and which of those are searched for protected values: from
# the policies declared in the schema. Everything else on a node is dropped. A kept
# property keeps what is derived from it (a date's first and last day, a count's ends,
# the codes found in a text): values made by detnet, never searched.
KEPT = {
    label: tuple(
        name
        for p in s.properties
        if p.stored and p.redact in (KEEP, SCRUB, HASHED) and p.name not in ("id", "sources")
        for name in p.stored_names
    )
    for label, s in LABELS.items()
}
NOT_SEARCHED = {
    (label, name)
    for label, s in LABELS.items()
    for p in s.properties
    for name in p.stored_names
    if p.redact == KEEP or name != p.name
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
# A word is a run of letters (with any accents, written composed or not, and invisible
# joiners a copy and paste leaves inside) or of digits, grouped or not (17.233.045): so
# `V12345678` is the letter V and the number 12345678, and `ANA_MARIA` two words.
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
WORD = re.compile(rf"\d+(?:[.,]\d+)*|(?:[^\W\d_]|[{MARKS}{INVISIBLE}])+")
SHORTEST_NUMBER = 5  # a number this long, alone, is searched for too (a cédula's digits)


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
    return "".join(c for c in folded if c.isalnum())


def _words(text: str) -> tuple[str, ...]:
    """The words of a text, folded so that case, accents, Unicode forms and digit grouping
    do not matter.

    >>> _words("Alfredo MÁRQUEZ, V-12.345.678")
    ('alfredo', 'marquez', 'v', '12345678')
    >>> _words("ANA_MARI\u0301A") == _words("Ana María")
    True
    """
    return tuple(_fold(w) for w in WORD.findall(unicodedata.normalize("NFC", text)))


def spellings(value: str) -> set[tuple[str, ...]]:
    """The word sequences that spell a protected value: its words; its words run
    together (`ANAMARIAPEREZ`); and each number in it long enough to name someone alone
    (`12345678` of `V-12.345.678`, written with or without its letter).

    >>> sorted(spellings("Ana María Pérez"))
    [('ana', 'maria', 'perez'), ('anamariaperez',)]
    >>> sorted(spellings("V-12.345.678"))
    [('12345678',), ('v', '12345678'), ('v12345678',)]
    """
    words = _words(value)
    if not words or len(value) < SHORTEST_SEARCHED:
        return set()
    found = {words, ("".join(words),)}
    found |= {(w,) for w in words if w.isdigit() and len(w) >= SHORTEST_NUMBER}
    return found


class Searcher:
    """Finds any of a set of protected values in a text, as whole words, whatever their
    spelling (see `spellings`); the cost is linear in the text, whatever their number.

    >>> Searcher({"Rafael Tudares", "Ana"}).scrub("Visited RAFAEL   Tudares and Anabel.")
    'Visited [redacted] and Anabel.'
    >>> Searcher({"V-12.345.678"}).scrub("cédula 12345678, case 12345679, V12345678")
    'cédula [redacted], case 12345679, [redacted]'
    >>> Searcher({"Ana María Pérez"}).finds("F-CASA-ANA-MARIA-PEREZ")
    True
    """

    def __init__(self, values: set[str]):
        self.names = set().union(*map(spellings, values))
        self.longest = max(map(len, self.names), default=0)

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """The spans of protected values in `text` (in its NFC form)."""
        matches = list(WORD.finditer(text))
        words = tuple(_fold(m.group()) for m in matches)
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                if words[i : i + n] in self.names:
                    yield matches[i].start(), matches[i + n - 1].end()
                    i += n
                    break
            else:
                i += 1

    def finds(self, value: object) -> bool:
        """Whether a protected value is anywhere in `value` (a text, or a list of them)."""
        if isinstance(value, list):
            return any(map(self.finds, value))
        if not isinstance(value, str) or not self.names:
            return False
        return next(self._matches(unicodedata.normalize("NFC", value)), None) is not None

    def scrub(self, value: object) -> object:
        """`value` with each protected value in it replaced by `[redacted]`."""
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if not isinstance(value, str) or not self.names:
            return value
        text = unicodedata.normalize("NFC", value)
        out, done = [], 0
        for start, end in self._matches(text):
            out += [text[done:start], REDACTED]
            done = end
        return "".join(out) + text[done:] if out else value


def identifying_values(G: nx.MultiDiGraph) -> set[str]:
    """Every protected value: a person's name, aliases, national id (see the schema's
    `PROTECTED` policy), each searched for in every spelling (see `spellings`).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person:P1", label="Person", id="P1", name="Ana Pérez", national_id="V-1234567")
    >>> sorted(identifying_values(G))
    ['Ana Pérez', 'V-1234567']
    """
    values: set[str] = set()
    for _, attrs in G.nodes(data=True):
        for field in PROTECTED_PROPERTIES.get(attrs["label"], ()):
            value = attrs.get(field)
            values.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return values


def key_map(G: nx.MultiDiGraph, key: str | bytes | None = None) -> dict[str, str]:
    """The node key each node renamed by `redact(G, key)` gets: every person, order and
    source, and any other node whose id holds a protected value (`F-CASA-ANA-PEREZ`).

    For finding, in a redacted graph, the node a user named by its real id.

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> key_map(G, "an example key, not a secret")["Person:P-MARQUEZ"]
    'Person:7a86003a'
    """
    key = redaction_key(key)
    searcher = Searcher(identifying_values(G))
    by_label: dict[str, list[str]] = {label: [] for label in LABELS}
    for _, attrs in G.nodes(data=True):
        label = attrs["label"]
        if label in PSEUDONYMOUS or searcher.finds(attrs["id"]):
            by_label[label].append(attrs["id"])
    # A source a list names but the graph does not hold (a pulled subgraph) is renamed too.
    by_label[SOURCE] = list(dict.fromkeys([*by_label[SOURCE], *_cited(G)]))
    return {
        node_key(label, id): node_key(label, new)
        for label, ids in by_label.items()
        for id, new in pseudonyms(label, ids, key).items()
    }


def _cited(G: nx.MultiDiGraph) -> Iterator[str]:
    for _, attrs in G.nodes(data=True):
        yield from attrs.get("sources") or ()
    for *_, attrs in G.edges(data=True):
        yield from attrs.get("sources") or ()


def renamed_id(R: nx.MultiDiGraph, label: str, id: str | None) -> str | None:
    """The id, in the redacted graph `R`, of the record whose real id is `id`; `id` itself
    if `R` is not redacted or that record keeps its id (an official, mostly).

    >>> import detnet
    >>> R = redact(detnet.load_sample("seed-article"), key="an example key, not a secret")
    >>> renamed_id(R, "Person", "P-MARQUEZ"), renamed_id(R, "Official", "F-TRUJILLO-GOVERNOR")
    ('7a86003a', 'F-TRUJILLO-GOVERNOR')
    """
    renamed = getattr(R, "renamed", {})
    if id is None or node_key(label, id) not in renamed:
        return id
    return split_key(renamed[node_key(label, id)])[1]


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
    R.renamed = new_keys  # for translating the ids a user gives (see `renamed_id`)
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
