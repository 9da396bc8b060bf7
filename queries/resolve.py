"""Resolution: which records may name the same person, official, facility or institution.

Candidates by machine, judgements by people (RECORDS.md, C; OpenSanctions'
nomenklatura keeps both as data, and Security Force Monitor never merges on a name
alone). This module proposes pairs and explains them; it merges nothing. A person
decides, with `detnet resolve judge` or `review`, and their judgement is a record
(`Clusters` in `events` reads them).

Three steps, as record-linkage tools (splink, nomenklatura's xref) take them:

1. **Features** of each record, once: its name folded to ASCII words (normality:
   accents, case, Cyrillic, Greek, Persian or Chinese script), titles and particles
   (`Dr.`, `juez`, `de`, `la`) left out, each word's metaphone key; its national id in
   the one form ids are compared in (`detnet.graph.text.national_id_key`); its birth
   date's first and last possible day; the facilities it was held at.
2. **Blocking**: only records that share a key are compared, never all pairs. Keys are
   the national id, each pair of name words (by their metaphone keys, so the order of
   surnames, accents and most typos and romanisations keep them), each single word
   when few records hold it, and, for names with an initial or only two words, a word
   with the initial of another (`Z. Quintovar` finds `Zorana Quintovar Vargeth`). A key
   held by more than `BLOCK_LIMIT` records is too common to say anything and is skipped.
3. **Scoring** (`score`): a function of two records' properties alone, not of the
   graph, with the reasons for its figure (see `score` for the rules).
"""

from __future__ import annotations

import math
import re
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

import networkx as nx
from detnet.graph.schema import (
    AT,
    CONCERNS,
    FACILITY,
    INSTITUTION,
    ISSUED,
    JUDGED,
    MEMBER_OF,
    OFFICIAL,
    ORDER,
    PART_OF,
    PERSON,
    STATUS,
    key_id,
    node_key,
    split_key,
)
from detnet.graph.store import edges_of_type, nodes_with_edges, open_graph
from detnet.graph.text import national_id_key

from .events import Clusters
from .params import bind, declare
from .rows import Rows

LABELS = (PERSON, OFFICIAL, FACILITY, INSTITUTION)  # what can be resolved
PEOPLE = (PERSON, OFFICIAL)
DEFAULT_MIN_SCORE = 0.7
# A name is at most this much of a score: the rest must come from other evidence.
NAME_WEIGHT = 0.85
CONFLICT_CAP = 0.5  # what a conflicting id, birth date or place leaves at most
NO_ID_CAP = 0.99  # only equal national ids score 1
BLOCK_LIMIT = 200  # a blocking key held by more records than this is skipped
PREFILTER = 50  # a pair whose names share less (rapidfuzz token_set_ratio) is not scored
MATCHING_WORD = 0.75  # two words this similar (or more) are one word spelled two ways

# Words that say what someone is, not who: left out of names before comparing.
TITLES = frozenset(
    """
    sr sra srta don dona dr dra lic licda licdo abg abog ing prof mr mrs ms
    gen gral general cnel coronel tcnel tte teniente cap capt capitan capitana may mayor
    sgto sargento cmdr cmdt cmdte comandante commander cdte comisario comisaria inspector
    juez jueza judge fiscal prosecutor gobernador gobernadora governor ministro ministra
    minister director directora alcalde alcaldesa magistrado magistrada
    """.split()
)
# Particles of Spanish, Portuguese, Arabic and Dutch names: written or left out at will.
PARTICLES = frozenset(
    "de del la las los y e da das do dos di van von der den el al bin ibn".split()
)
SEX = {"f": "f", "m": "m", "female": "f", "male": "m", "femenino": "f", "masculino": "m",
       "mujer": "f", "hombre": "m", "w": "f", "h": "m"}  # fmt: skip


# Names


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """The blocking key of a name word: its metaphone (jellyfish), or the word itself
    (numbers)."""
    from jellyfish import metaphone

    return metaphone(word) or word


@cache
def _folding() -> Callable[[str], str]:
    """Text to ASCII, by normality (imported when first needed: it is not small).

    First its `category_replace`: accents (combining marks) go, punctuation and symbols
    part words (`Peña-Rodríguez`, `2°`: before transliteration, which would spell a
    symbol out), spacing marks stay. Then its `ascii_text`: ICU's transliteration when
    PyICU is installed (normality 3 always has it), else text-unidecode's (normality 2
    without its `icu` extra), of which normality warns once: that is the choice made
    here (docs/RECORDS.md), not a fault to show users.
    """
    import normality
    from normality.constants import UNICODE_CATEGORIES

    categories = {c: r for c, r in UNICODE_CATEGORIES.items() if c != "Mc"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        normality.ascii_text("ñ")  # the transliterator is made on first use

    def fold(text: str) -> str:
        return normality.ascii_text(normality.category_replace(text, categories))

    return fold


_APOSTROPHES = str.maketrans("", "", "'`\u2019\u02bc\u02b9")  # O'Brien is Obrien


@lru_cache(maxsize=1 << 17)
def name_words(name: str, label: str = PERSON) -> tuple[str, ...]:
    """A name as the words it is compared by: ASCII (normality: accents, case, and
    other scripts transliterated), titles and particles left out of a person's name
    (an organisation's or a place's particles stay: they are part of it).

    >>> name_words("Dra. María José de la Peña-Rodríguez")
    ('maria', 'jose', 'pena', 'rodriguez')
    >>> name_words("张伟"), name_words("Tribunal 2° de Control", "Facility")
    (('zhang', 'wei'), ('tribunal', '2', 'de', 'control'))
    >>> all(w.isascii() for w in name_words("Александр Шевченко"))
    True
    """
    text = _folding()(name.translate(_APOSTROPHES))
    words = re.findall(r"[a-z0-9]+", text.lower().translate(_APOSTROPHES))
    if label in (PERSON, OFFICIAL):
        kept = [w for w in words if w not in TITLES and w not in PARTICLES]
        words = kept or words
    return tuple(words)


def _word_similarity(a: str, b: str) -> float:
    """How alike two name words are: 1 the same; an initial 0.8 against a word it starts;
    else the Levenshtein similarity, raised to 0.8 when both sound alike (equal metaphone
    keys: `Aleksandr` and `Alexander`, `Mohammad` and `Muhammad`)."""
    from rapidfuzz.distance import Levenshtein

    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.8 if a[0] == b[0] and not (a.isdigit() or b.isdigit()) else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0  # numbers are equal or not: `facility 12` is not `facility 13`
    similarity = Levenshtein.normalized_similarity(a, b)
    if similarity < 0.8 and len(a) > 3 and len(b) > 3 and _word_key(a) == _word_key(b):
        similarity = 0.8
    return similarity


@dataclass(frozen=True)
class NameMatch:
    """How two names compare: a similarity from 0 to 1, and what was seen."""

    similarity: float
    notes: tuple[str, ...]


def compare_names(a: tuple[str, ...], b: tuple[str, ...], person: bool = True) -> NameMatch:
    """Two names (as `name_words`) compared word by word, in any order.

    Each word is paired with its most similar word on the other side (`MATCHING_WORD`
    or more alike). The similarity is the mean of the pairs' similarities (an initial
    counting half a word), less 0.08 for each word one side lacks (a second surname, a
    second given name) and scaled down by the words on both sides that pair with nothing.
    Two words of one name written as one (`Mariajosé`) are one word. A person's name
    of which a single whole word pairs (`Ana` and `Ana Pérez Mora`) is at most 0.6 alike.

    >>> def compare(x, y):
    ...     found = compare_names(name_words(x), name_words(y))
    ...     return round(found.similarity, 2), found.notes
    >>> compare("Zorvana Quillet Mora", "Mora Quillet, Zorvana")
    (1.0, ('the same words in another order',))
    >>> compare("José Pérez Mora", "Jose Perez")
    (0.92, ('a word missing on one side',))
    >>> compare("Tessik Brovar Ulm", "T. Brovar Ulm")
    (0.96, ('an initial for a word',))
    >>> compare("Zorvana Quillet Mora", "Zorvana Quillet Dran")[0] < 0.7
    True
    """
    if a == b:
        return NameMatch(1.0, ("the same name",))
    if not a or not b:
        return NameMatch(0.0, ("no name to compare",))
    a, b = _joined(a, b), _joined(b, a)
    pairs = sorted(
        ((_word_similarity(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        reverse=True,
    )
    used_a, used_b = set(), set()
    matched = []
    for similarity, i, j in pairs:
        if similarity < MATCHING_WORD:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched.append((similarity, a[i], b[j]))
    if not matched:
        return NameMatch(0.0, ("no word in common",))
    weight = [0.5 if len(x) == 1 or len(y) == 1 else 1.0 for _, x, y in matched]
    mean = sum(s * w for (s, _, _), w in zip(matched, weight, strict=True)) / sum(weight)
    left_over = (len(a) - len(used_a), len(b) - len(used_b))
    unpaired = min(left_over)  # words on both sides that pair with nothing: conflicts
    missing = max(left_over) - unpaired  # words one side simply lacks
    similarity = mean * sum(weight) / (sum(weight) + unpaired) - 0.08 * missing
    if person and sum(weight) < 1.5 and max(len(a), len(b)) > 1:
        similarity = min(similarity, 0.6)  # one word is not a name
    notes = []
    if sorted(a) == sorted(b):
        notes.append("the same words in another order")
    if any(len(x) == 1 or len(y) == 1 for _, x, y in matched):
        notes.append("an initial for a word")
    if any(s < 1 and len(x) > 1 and len(y) > 1 for s, x, y in matched):
        notes.append("a word spelled differently")
    if missing:
        notes.append(
            "a word missing on one side" if missing == 1 else f"{missing} words missing on one side"
        )
    if unpaired:
        notes.append("words that do not match" if unpaired > 1 else "a word that does not match")
    return NameMatch(max(0.0, min(1.0, similarity)), tuple(notes))


def _joined(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """`words` with two neighbours joined where `other` writes them as one word."""
    if len(words) < 2:
        return words
    out, i = [], 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in other:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


# Records as they are compared


@dataclass(slots=True)
class Features:
    """What a record is compared by: worked out once per record."""

    label: str
    id: str
    name: str
    words: tuple[str, ...]
    national_id: str | None = None
    born: tuple[str, str] | None = None  # first and last possible day
    born_exact: bool = False
    sex: str | None = None
    places: frozenset = frozenset()  # facilities (persons), states (facilities)
    related: frozenset = frozenset()  # persons an official ordered on; an institution's parent
    kind: str | None = None
    position: str | None = None
    institution: str | None = None
    jurisdiction: str | None = None
    numbers: frozenset = frozenset()  # numbers in a facility's or an institution's name
    point: tuple[float, float] | None = None

    @classmethod
    def of(cls, label: str, props: Mapping) -> Features:
        """The features of a record given as its properties: those the graph holds
        (`name`, `national_id`, `birth_date`, `sex`, `kind`, `state`, `latitude`, ...),
        and optionally `facilities` (a person's) or `persons` (an official's)."""
        name = str(props.get("name") or "")
        words = name_words(name, label) if name else ()
        found = cls(label, str(props.get("id", "")), name, words)
        found.national_id = national_id_key(props.get("national_id"))
        born = props.get("birth_date")
        if born:
            start, end = props.get("birth_date_start"), props.get("birth_date_end")
            if start is None:
                from detnet.graph.dates import BadDate, bounds

                try:
                    start, end = bounds(str(born))
                except BadDate:
                    start = end = None
            if start is not None:
                found.born = (start, end)
                found.born_exact = start == end and not str(born).endswith(("~", "?"))
        sex = props.get("sex")
        found.sex = SEX.get(str(sex).strip().lower()) if sex else None
        found.kind = _text(props.get("kind"))
        found.position = _text(props.get("position"))
        found.institution = _text(props.get("institution_id") or props.get("institution"))
        found.jurisdiction = _text(props.get("jurisdiction") or props.get("state"))
        if label == PERSON:
            found.places = frozenset(props.get("facilities") or ())
        elif label == OFFICIAL:
            found.related = frozenset(props.get("persons") or ())
        elif label == INSTITUTION:
            found.related = frozenset([props["parent_id"]] if props.get("parent_id") else [])
        if label in (FACILITY, INSTITUTION):
            found.numbers = frozenset(w for w in words if w.isdigit())
        lat, lon = props.get("latitude"), props.get("longitude")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            found.point = (float(lat), float(lon))
        return found


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return " ".join(name_words(str(value), FACILITY)) or None


@dataclass(frozen=True)
class Match:
    """A score from 0 to 1 and its reasons: what agreed and what conflicted."""

    score: float
    reasons: tuple[str, ...]


def score(label: str, left: Mapping, right: Mapping) -> Match:
    """How likely two records of `label`, given as their properties, are one.

    The rules (docs/RECORDS.md, "The same person, twice"):

    - equal national ids (`national_id_key`): 1, whatever else differs;
    - the names' similarity (`compare_names`) makes at most `NAME_WEIGHT` of the score:
      a name alone never reaches 1;
    - agreeing evidence adds to it: a birth date (0.1 for the same day, 0.03 for dates
      that may agree), the same sex (0.03), facilities both were held at (0.05 each, at
      most 0.1); for officials the same institution, position and jurisdiction and
      persons both ordered on; for facilities and institutions the same kind, state or
      jurisdiction, parent, or a place within 2 km;
    - conflicting evidence caps it at `CONFLICT_CAP`, below the default threshold: two
      different national ids, two birth dates that cannot be the same day, two
      different numbers in a facility's name (`Tribunal 2°`, `Tribunal 3°`), two states,
      or places more than 50 km apart; a different sex takes 0.2 off;
    - without equal national ids the score is at most `NO_ID_CAP`.

    Examples
    --------
    >>> score("Person", {"name": "Tessik Brovar Ulm", "national_id": "V-10.000.002"},
    ...               {"name": "Tesik Brovar", "national_id": "V10000002"})
    Match(score=1.0, reasons=('same national id', 'name 0.84: a word spelled differently; a word missing on one side'))
    >>> score("Person", {"name": "Ana Pérez Mora", "birth_date": "1980-03-02"},
    ...               {"name": "Ana Perez Mora", "birth_date": "1981-07-30"}).score
    0.5
    >>> score("Person", {"name": "Ana Pérez Mora"}, {"name": "Mora Pérez, Ana"}).score
    0.85
    """
    return compare(Features.of(label, left), Features.of(label, right))


def compare(a: Features, b: Features, fits: int = 2) -> Match:
    """`score` of two records' features. `fits`: how many records of the graph the
    shorter of the two names fits (see `Blocks.fits`); a name that fits more than the two
    says less of who it is: the score is lowered by 0.05 per doubling, at most 0.25
    (what splink calls a term-frequency adjustment)."""
    reasons: list[str] = []
    cap, bonus = NO_ID_CAP, 0.0
    if a.national_id and b.national_id:
        if a.national_id == b.national_id:
            names = compare_names(a.words, b.words, a.label in PEOPLE)
            return Match(1.0, ("same national id", _name_reason(names)))
        reasons.append("different national ids")
        cap = CONFLICT_CAP
    names = compare_names(a.words, b.words, a.label in PEOPLE)
    reasons.insert(0, _name_reason(names))
    if fits > 2:
        reasons.append(f"the shorter name fits {fits} records")
        bonus -= min(0.25, 0.05 * math.log2(fits - 1))
    cap, bonus = _evidence(a, b, reasons, cap, bonus)
    value = min(cap, NAME_WEIGHT * names.similarity + bonus)
    return Match(round(max(0.0, value), 3), tuple(reasons))


def _name_reason(names: NameMatch) -> str:
    return f"name {names.similarity:.2f}: " + "; ".join(names.notes)


def upper_bound(a: Features, b: Features) -> float:
    """The most `compare` can give these two: what conflicts alone leave (cheap)."""
    if a.national_id and b.national_id:
        return 1.0 if a.national_id == b.national_id else CONFLICT_CAP
    return _evidence(a, b, [], NO_ID_CAP, 0.0)[0]


def _evidence(a: Features, b: Features, reasons: list, cap: float, bonus: float):
    """The evidence beside names: (cap, bonus), reasons appended."""
    if a.born and b.born:
        (a1, a2), (b1, b2) = a.born, b.born
        if a2 < b1 or b2 < a1:
            reasons.append("different birth dates")
            cap = min(cap, CONFLICT_CAP)
        elif a.born_exact and b.born_exact:
            reasons.append("same birth date")
            bonus += 0.1
        else:
            reasons.append("birth dates may agree")
            bonus += 0.03
    if a.sex and b.sex:
        if a.sex == b.sex:
            reasons.append("same sex")
            bonus += 0.03
        else:
            reasons.append("different sex")
            bonus -= 0.2
    shared = sorted(a.places & b.places)
    if shared:
        reasons.append("both held at " + ", ".join(shared[:3]))
        bonus += min(0.1, 0.05 * len(shared))
    if a.label == OFFICIAL:
        for what, x, y in (("institution", a.institution, b.institution),
                           ("position", a.position, b.position),
                           ("jurisdiction", a.jurisdiction, b.jurisdiction)):  # fmt: skip
            if x and y and x == y:
                reasons.append(f"same {what}")
                bonus += 0.04
        common = a.related & b.related
        if common:
            reasons.append(f"orders on {len(common)} same person{'s' if len(common) > 1 else ''}")
            bonus += min(0.1, 0.05 * len(common))
    if a.label in (FACILITY, INSTITUTION):
        if a.numbers and b.numbers and a.numbers != b.numbers:
            reasons.append("different numbers in the names")
            cap = min(cap, CONFLICT_CAP)
        if a.kind and b.kind:
            if a.kind == b.kind:
                reasons.append("same kind")
                bonus += 0.03
            else:
                reasons.append("different kinds")
                bonus -= 0.1
        if a.jurisdiction and b.jurisdiction:
            if a.jurisdiction == b.jurisdiction:
                reasons.append("same state" if a.label == FACILITY else "same jurisdiction")
                bonus += 0.05
            else:
                reasons.append(
                    "different states" if a.label == FACILITY else "different jurisdictions"
                )
                cap = min(cap, CONFLICT_CAP)
        if a.related and b.related and a.related == b.related:
            reasons.append("same parent body")
            bonus += 0.05
        if a.point and b.point:
            km = _km(a.point, b.point)
            if km <= 2:
                reasons.append("within 2 km")
                bonus += 0.1
            elif km > 50:
                reasons.append("more than 50 km apart")
                cap = min(cap, CONFLICT_CAP)
    return cap, bonus


def _km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*p, *q))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


# Blocking


def _keys(f: Features) -> list[str]:
    """The metaphone keys of a name's whole words (initials left out), sorted, once each."""
    return sorted({_word_key(w) for w in f.words if len(w) > 1})


def blocking_keys(f: Features) -> Iterator[tuple]:
    """The keys a record is filed under: records that share one are compared.

    Its national id, and each pair of its whole words by their metaphone keys: the order
    of surnames, accents and most typos and romanisations keep them, and a name of three
    words or more keeps a pair when one word changes or goes. A name of one whole word
    (a mononym, a facility) is filed under that word.

    >>> sorted(blocking_keys(Features.of("Person", {"name": "Ana Mora Ruiz", "national_id": "V-1"})))
    [('id', '1'), ('words', 'AN', 'MR'), ('words', 'AN', 'RS'), ('words', 'MR', 'RS')]
    """
    if f.national_id:
        yield ("id", f.national_id)
    keys = _keys(f)
    if len(f.words) == 1:
        yield ("word", keys[0] if keys else f.words[0])
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            yield ("words", x, y)


def probe_keys(f: Features) -> Iterator[tuple]:
    """The keys a record is found by when another looks further (see `probes`): each
    whole word alone, and with the initial of each other word."""
    for x in _keys(f):
        yield ("word", x)
    for i, x in enumerate(f.words):
        if len(x) > 1:
            key = _word_key(x)
            yield from {("initial", key, y[0]) for j, y in enumerate(f.words) if i != j}


def probes(f: Features) -> list[tuple]:
    """Where a record looks beyond its blocks, when a pair of its words says too little.

    A name with an initial, or of two whole words, whose pairs may all have changed,
    looks up each word with the initial of another (`Z. Quintovar` finds `Zorana
    Quintovar Vargeth` by `('initial', 'KNTFR', 'z')`, and so does `Zorana Quintobar`);
    a name of one word looks that word up. Longer names look no further.
    """
    keys = _keys(f)
    initials = len(f.words) > len([w for w in f.words if len(w) > 1])
    if len(keys) > 2 and not initials:
        return []
    if len(f.words) == 1:
        return [("word", k) for k in keys]
    return sorted({k for k in probe_keys(f) if k[0] == "initial"})


@dataclass
class Blocks:
    """Records filed by their blocking keys, and the index their probes look into."""

    members: dict[tuple, list[int]]  # blocking key -> records (indexes), in order
    keys: list[list[tuple]]  # record -> its blocking keys
    probed: dict[tuple, list[int]]  # probe key -> records, for the keys some record probes
    probing: list[list[tuple]]  # record -> the keys it probes (most records: none)

    @classmethod
    def of(cls, features: list[Features]) -> Blocks:
        members: dict[tuple, list[int]] = defaultdict(list)
        keys, probing = [], []
        for i, f in enumerate(features):
            mine = list(blocking_keys(f))
            keys.append(mine)
            for key in mine:
                members[key].append(i)
            probing.append(probes(f))
        probed: dict[tuple, list[int]] = {k: [] for ks in probing for k in ks}
        for i, f in enumerate(features):
            for key in probe_keys(f):
                found = probed.get(key)
                if found is not None:
                    found.append(i)
        return cls(dict(members), keys, probed, probing)

    def block(self, key: tuple) -> list[int]:
        """The records filed under a blocking key, none when it is too common."""
        found = self.members[key]
        return found if len(found) <= BLOCK_LIMIT else []

    def probe(self, key: tuple) -> list[int]:
        """The records a probe finds, none when the key is too common."""
        found = self.probed.get(key, ())
        return found if len(found) <= 2 * BLOCK_LIMIT else []

    def fits(self, f: Features, i: int) -> int:
        """How many records the name of record `i` fits (its own included): the fewest
        holding a pair of its whole words (or its one word) and, with an initial, that
        initial beside a word. What splink calls a term frequency."""
        counts = [len(self.members[k]) for k in self.keys[i] if k[0] != "id"]
        if any(len(w) == 1 for w in f.words):
            counts += [len(self.probed[k]) for k in self.probing[i]]
        return min(counts, default=1)


def candidate_pairs(features: list[Features], blocks: Blocks | None = None) -> Iterator:
    """The pairs of records (indexes, smaller first) that blocking keeps, each once.

    Record by record, never a set of all pairs: each pair is given where it is first
    found, by the smaller record's blocks or by a probe; found again later, it is known
    by the same rule and passed over.
    """
    blocks = blocks if blocks is not None else Blocks.of(features)
    n = len(features)
    probe_sets = [set(ks) for ks in blocks.probing]

    def reaches(i: int, j: int) -> bool:  # whether i's probes find j
        return bool(probe_sets[i]) and any(
            k in probe_sets[i] and j in blocks.probe(k) for k in probe_keys(features[j])
        )

    for i in range(n):
        shared: set[int] = set()
        for key in blocks.keys[i]:
            shared.update(blocks.block(key))
        found = {j for j in shared if j > i}
        for key in blocks.probing[i]:
            for j in blocks.probe(key):
                if j > i or (j < i and j not in shared and not reaches(j, i)):
                    found.add(j)
        found.discard(i)
        for j in sorted(found):
            yield (i, j) if i < j else (j, i)


# Reading the graph


def record_features(G: nx.MultiDiGraph, label: str) -> list[Features]:
    """The features of every record of `label` in a graph, in id order, with what the
    graph says beside their properties: the facilities a person was held at (orders and
    status lists), the persons an official ordered on."""
    extra: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    if label in (PERSON, OFFICIAL):
        for kind in (ORDER, STATUS):
            for _, _, targets, sources in nodes_with_edges(G, kind):
                person = facility = None
                for other, keys in targets.items():
                    if CONCERNS in keys:
                        person = key_id(other)
                    elif AT in keys:
                        facility = key_id(other)
                if person is None:
                    continue
                if label == PERSON and facility is not None:
                    extra[person]["facilities"].add(facility)
                if label == OFFICIAL:
                    for other, keys in sources.items():
                        if ISSUED in keys and other.startswith(OFFICIAL + ":"):
                            extra[key_id(other)]["persons"].add(person)
    found = []
    for _, attrs, targets, _ in nodes_with_edges(G, label):
        props = dict(attrs)
        props.update(extra.get(attrs["id"], {}))
        if label == INSTITUTION:
            props["parent_id"] = next(
                (key_id(o) for o, ks in targets.items() if PART_OF in ks), None
            )
        elif label == OFFICIAL:
            body = next((key_id(o) for o, ks in targets.items() if MEMBER_OF in ks), None)
            props["institution_id"] = body or props.get("institution")
        found.append(Features.of(label, props))
    found.sort(key=lambda f: f.id)
    return found


@dataclass
class Judged:
    """What people have said of pairs of records: the latest judgement on each pair."""

    pairs: dict[tuple[str, str], dict] = field(default_factory=dict)  # sorted keys -> attrs

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Judged:
        return cls({tuple(sorted((u, v))): attrs for u, v, attrs in edges_of_type(G, JUDGED)})

    def get(self, a: str, b: str) -> dict | None:
        return self.pairs.get((a, b) if a < b else (b, a))


def settled(label: str, a: str, b: str, judged: Judged, clusters: Clusters, apart: set) -> bool:
    """Whether a pair needs no judgement: judged already, in one cluster, or in two
    clusters judged different."""
    if judged.get(node_key(label, a), node_key(label, b)) is not None:
        return True
    ca, cb = clusters.of_id(label, a), clusters.of_id(label, b)
    return ca == cb or (min(ca, cb), max(ca, cb)) in apart


def _apart(label: str, judged: Judged, clusters: Clusters) -> set[tuple[str, str]]:
    """Pairs of canonical ids of `label` that a `different` judgement keeps apart."""
    found = set()
    for (u, v), attrs in judged.pairs.items():
        if attrs.get("judgement") == "different" and split_key(u)[0] == label:
            a, b = clusters.of_id(label, key_id(u)), clusters.of_id(label, key_id(v))
            found.add((min(a, b), max(a, b)))
    return found


# The query

CANDIDATE_PARAMS = tuple(
    declare(line, "candidates")
    for line in (
        "label: Person|Official|Facility|Institution = null -- only records of this label",
        f"min_score: number = {DEFAULT_MIN_SCORE} -- only pairs scoring at least this (0 to 1)",
        "limit: int = null -- only the first N pairs",
    )
)
CANDIDATE_COLUMNS = ("label", "left", "right", "left_name", "right_name", "score", "reasons")


def candidates(
    graph=None,
    *,
    label: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = None,
) -> Rows:
    """Pairs of records that may be one, not yet judged, best first.

    Parameters
    ----------
    graph : path, None or networkx.MultiDiGraph
    label : {"Person", "Official", "Facility", "Institution"}, optional
        Only records of this label (default: all four).
    min_score : float
        Only pairs scoring at least this; the default keeps no pair with two different
        national ids or birth dates (see `score`).
    limit : int, optional

    Returns
    -------
    Rows
        `label`; `left` and `right`, node keys (the smaller first) as `detnet resolve
        judge` takes them; their names; `score` (0 to 1) and `reasons`. Sorted by score,
        highest first, then by keys. Pairs already judged, in one cluster, or in two
        clusters judged different are left out: nothing is merged here.

    Examples
    --------
    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> candidates(G)
    []
    """
    bound = bind("candidates", CANDIDATE_PARAMS, {"label": label, "min_score": min_score,
                                                  "limit": limit})  # fmt: skip
    G = open_graph(graph)
    clusters = Clusters.of(G)
    judged = Judged.of(G)
    rows = []
    for each in (bound["label"],) if bound["label"] else LABELS:
        rows += _candidates(G, each, bound["min_score"], clusters, judged)
    rows.sort(key=lambda r: (-r["score"], r["left"], r["right"]))
    return Rows(rows[: bound["limit"]], CANDIDATE_COLUMNS)


candidates.params = lambda: CANDIDATE_PARAMS
candidates.columns = CANDIDATE_COLUMNS


def _candidates(G, label: str, min_score: float, clusters: Clusters, judged: Judged) -> list:
    from rapidfuzz.fuzz import token_set_ratio

    features = record_features(G, label)
    apart = _apart(label, judged, clusters)
    joined = [" ".join(f.words) for f in features]
    blocks = Blocks.of(features)
    rows = []
    for i, j in candidate_pairs(features, blocks):
        a, b = features[i], features[j]
        if upper_bound(a, b) < min_score:
            continue
        same_id = a.national_id is not None and a.national_id == b.national_id
        if not same_id and token_set_ratio(joined[i], joined[j]) < PREFILTER:
            continue
        if settled(label, a.id, b.id, judged, clusters, apart):
            continue
        found = compare(a, b)
        if found.score < min_score:
            continue
        if not same_id and label in PEOPLE:
            shorter = i if (len(a.words), a.words) <= (len(b.words), b.words) else j
            found = compare(a, b, blocks.fits(features[shorter], shorter))
            if found.score < min_score:
                continue
        rows.append(
            {
                "label": label,
                "left": node_key(label, a.id),
                "right": node_key(label, b.id),
                "left_name": a.name,
                "right_name": b.name,
                "score": found.score,
                "reasons": list(found.reasons),
            }
        )
    return rows


# Clusters and conflicts, as rows

CLUSTER_COLUMNS = ("label", "canonical_id", "ids", "names", "conflict")


def clusters(graph=None, *, label: str | None = None) -> Rows:
    """The clusters of records judged the same: one row each, conflicts included.

    A conflict (a `different` judgement inside a group of `same` ones) has no
    canonical id: its records stay apart until someone settles it (`detnet resolve
    check` lists the judgements that disagree).

    >>> import detnet
    >>> G = detnet.load_sample("seed-article")
    >>> clusters(G)
    []
    """
    G = open_graph(graph)
    found = Clusters.of(G)
    rows = []
    for each in (label,) if label else LABELS:
        groups: dict[str, list[str]] = defaultdict(list)
        for id, canonical in found.canonical.get(each, {}).items():
            groups[canonical].append(id)
        listed = [(c, sorted(ids), False) for c, ids in sorted(groups.items())]
        listed += [(None, ids, True) for ids in sorted(found.conflicts.get(each, []))]
        for canonical, ids, conflict in listed:
            names = [G.nodes[node_key(each, i)].get("name") for i in ids]
            rows.append({"label": each, "canonical_id": canonical, "ids": ids,
                         "names": names, "conflict": conflict})  # fmt: skip
    return Rows(rows, CLUSTER_COLUMNS)


CONFLICT_COLUMNS = ("label", "ids", "left", "right", "judgement", "by", "at")


def conflicts(graph=None) -> Rows:
    """The judgements that disagree: for each conflict (see `clusters`), every `different`
    judgement between two of its records, and the `same` ones that join it.

    >>> import detnet
    >>> conflicts(detnet.load_sample("seed-article"))
    []
    """
    G = open_graph(graph)
    found = Clusters.of(G)
    judged = Judged.of(G)
    rows = []
    for label in LABELS:
        for ids in sorted(found.conflicts.get(label, [])):
            keys = {node_key(label, i) for i in ids}
            for (u, v), attrs in sorted(judged.pairs.items()):
                if u in keys and v in keys and attrs.get("judgement") in ("same", "different"):
                    rows.append({"label": label, "ids": ids, "left": u, "right": v,
                                 "judgement": attrs["judgement"], "by": attrs.get("by"),
                                 "at": attrs.get("at")})  # fmt: skip
    return Rows(rows, CONFLICT_COLUMNS)


# What a reviewer sees


def record_sheet(G: nx.MultiDiGraph, key: str) -> tuple[dict, list[dict]]:
    """A record's properties (as given, derived dates left out), and its facts: the
    orders and status-list entries that concern it (a person), that it issued (an
    official or an institution) or that name it (a facility), by date."""
    attrs = G.nodes[key]
    shown = {k: v for k, v in attrs.items() if k != "label" and not k.endswith(("_start", "_end"))}
    facts = []
    for other in list(G.pred[key]) + list(G.succ[key]):
        fact = G.nodes[other]
        if fact.get("label") not in (ORDER, STATUS):
            continue
        official = next((key_id(o) for o, ks in G.pred[other].items() if ISSUED in ks), None)
        facility = next((o for o, ks in G.succ[other].items() if AT in ks), None)
        person = next((o for o, ks in G.succ[other].items() if CONCERNS in ks), None)
        facts.append({
            "id": fact["id"],
            "kind": fact.get("kind") or f"listed {fact.get('status')}",
            "date": fact.get("date") or fact.get("as_of"),
            "status": fact.get("status") if fact.get("label") == ORDER else None,
            "person": person and G.nodes[person].get("name"),
            "by": official,
            "facility": facility and G.nodes[facility].get("name"),
        })  # fmt: skip
    facts.sort(key=lambda f: (str(f["date"]), f["id"]))
    return shown, facts


def with_canonical_ids(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`G`, or a copy of it in which every record of a cluster (records judged the same)
    carries `canonical_id`, the id its cluster is reported under: how exports for other
    tools (GraphML, GEXF) write a merged person. The records stay as they were, each
    with its own id and ties, with the judgements between them; a tool groups them by
    `canonical_id` (Gephi: partition by it).

    >>> from detnet.graph.store import new_graph
    >>> G = new_graph()
    >>> for p in ("P1", "P2"):
    ...     G.add_node(f"Person:{p}", label="Person", id=p)
    >>> _ = G.add_edge("Person:P2", "Person:P1", key="JUDGED", judgement="same")
    >>> with_canonical_ids(G).nodes["Person:P2"]["canonical_id"]
    'P1'
    """
    found = Clusters.of(G)
    if not found.canonical:
        return G
    H = G.copy()
    for label, ids in found.canonical.items():
        for id, canonical in ids.items():
            H.nodes[node_key(label, id)]["canonical_id"] = canonical
    return H
