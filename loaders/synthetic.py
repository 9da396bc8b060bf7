"""Synthetic records in the contract, for demos, tests and benchmarks.

Every name is invented from syllables no real person carries, and every record says
it is synthetic. The structure is what investigators meet in real data: several
detention episodes per person, transfers and sentences, releases that are only
announced or disputed, re-arrests concentrated on a few officials, officials who are
themselves persons, family members arrested after a relative's release, and orders
citing several sources. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from .contract import BY_NAME

# The kinds of record written, in the order they are written.
WRITTEN = ("sources", "persons", "officials", "facilities", "orders", "family")
KINDS = [BY_NAME[name] for name in WRITTEN]

FIRST = ["Zor", "Qua", "Vel", "Mir", "Tal", "Brun", "Osk", "Fen", "Lur", "Pex", "Yav", "Droz"]
FIRST_END = ["ana", "ito", "elo", "ira", "umo", "ax", "enia", "oro", "ulia", "esto"]
LAST = ["Quint", "Varg", "Zell", "Morr", "Plox", "Trev", "Hux", "Dran", "Skel", "Wob"]
LAST_END = ["ovar", "eth", "ulo", "amir", "ix", "oza", "ent", "aquin"]
STATES = ["Trujillo", "Miranda", "Zulia", "Lara", "Carabobo", "Táchira", "Mérida", "Bolívar",
          "Anzoátegui", "Distrito Capital", "Aragua", "Sucre"]  # fmt: skip
FACILITY_KINDS = [("prison", "Ministerio Penitenciario"), ("police", "PNB"),
                  ("military", "DGCIM"), ("intelligence", "SEBIN")]  # fmt: skip
POSITIONS = [("control court judge", "Tribunal de Control"), ("prosecutor", "Ministerio Público"),
             ("state governor", "Gobernación"), ("intelligence commander", "SEBIN"),
             ("counter-intelligence commander", "DGCIM"), ("police chief", "PNB")]  # fmt: skip
OCCUPATIONS = ["activist", "journalist", "trade unionist", "student", "military officer",
               "councillor", "lawyer", "human rights defender", "teacher", "doctor"]  # fmt: skip
CHARGES = ["conspiracy", "treason", "terrorism", "incitement to hatred", "association",
           "rebellion", "instigation"]  # fmt: skip
CONDITIONS = ["report every 30 days", "banned from speaking to press", "travel ban",
              "house arrest", "banned from public demonstrations"]  # fmt: skip
RELATIONS = ["parent", "child", "spouse", "sibling", "in_law", "relative"]

START = date(2014, 1, 1)
END = date(2026, 1, 20)
SPAN = (END - START).days


def _name(rng: random.Random) -> str:
    return (
        f"{rng.choice(FIRST)}{rng.choice(FIRST_END)} "
        f"{rng.choice(LAST)}{rng.choice(LAST_END)} {rng.choice(LAST)}{rng.choice(LAST_END)}"
    )


class _Orders:
    """Writes order rows and numbers them."""

    def __init__(self, writer: csv.writer, rng: random.Random, sources: list[str]):
        self.writer, self.rng, self.sources, self.n = writer, rng, sources, 0

    def add(self, kind, day, person, official="", facility="", status="verified", **extra):
        if day > END:
            return  # records stop at the day the data set was "collected"
        self.n += 1
        rng = self.rng
        when = day.isoformat()
        if rng.random() < 0.05:  # the time of day is sometimes known
            when += f"T{rng.randrange(6, 22):02d}:{rng.choice(['00', '15', '30', '45'])}"
        cites = rng.sample(self.sources, k=min(len(self.sources), 1 + (rng.random() < 0.3)))
        self.writer.writerow({
            "id": f"O{self.n:07d}", "kind": kind, "date": when, "person_id": person,
            "official_id": official, "facility_id": facility,
            "case_number": extra.get("case", ""), "court": extra.get("court", ""),
            "charges": extra.get("charges", ""), "conditions": extra.get("conditions", ""),
            "status": status, "sources": ";".join(cites), "notes": "synthetic record",
        })  # fmt: skip


def generate(out_dir: str | Path, persons: int, seed: int = 0) -> dict[str, int]:
    """Write the six record files for `persons` invented persons into `out_dir`.

    Returns the number of rows written per file. About five orders per person.

    >>> import tempfile
    >>> counts = generate(tempfile.mkdtemp(), persons=20, seed=1)
    >>> counts["persons"]
    20
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    n_sources = max(3, persons // 200)
    n_facilities = min(90, max(5, persons // 10))
    n_officials = max(10, persons // 25)
    files = {k.name: open(out / f"{k.name}.csv", "w", newline="", encoding="utf-8") for k in KINDS}
    try:
        w = {
            kind.name: csv.DictWriter(
                files[kind.name], [f.name for f in kind.fields], lineterminator="\n"
            )
            for kind in KINDS
        }
        for writer in w.values():
            writer.writeheader()

        sources = [f"S{i:04d}" for i in range(1, n_sources + 1)]
        publishers = ["Synthetic Monitor", "Invented Rights Watch", "Fictional Gazette"]
        for i, sid in enumerate(sources):
            day = START + timedelta(days=rng.randrange(SPAN))
            w["sources"].writerow({"id": sid, "title": f"Synthetic report no. {i + 1}",
                                   "publisher": publishers[i % 3],
                                   "url": f"https://example.org/synthetic/{sid}",
                                   "published": day.isoformat(), "notes": "synthetic record"})  # fmt: skip

        person_ids = [f"P{i:06d}" for i in range(1, persons + 1)]
        for pid in person_ids:
            born = START - timedelta(days=rng.randrange(18 * 365, 70 * 365))
            w["persons"].writerow({
                "id": pid, "name": _name(rng),
                "national_id": f"V-{rng.randrange(1_000_000, 30_000_000)}",
                "birth_date": born.isoformat() if rng.random() < 0.7 else "",
                "sex": rng.choice(["F", "M"]),
                "nationality": "Venezuelan" if rng.random() < 0.93 else "Colombian",
                "occupation": rng.choice(OCCUPATIONS), "sources": rng.choice(sources),
                "notes": "synthetic record",
            })  # fmt: skip

        facility_ids = [f"C{i:03d}" for i in range(1, n_facilities + 1)]
        for i, fid in enumerate(facility_ids):
            kind, operator = FACILITY_KINDS[i % len(FACILITY_KINDS)]
            state = STATES[i % len(STATES)]
            w["facilities"].writerow({
                "id": fid, "name": f"Synthetic {kind} facility {i + 1}", "kind": kind,
                "operator": operator, "state": state,
                "latitude": f"{rng.uniform(1, 11):.4f}", "longitude": f"{rng.uniform(-72, -61):.4f}",
                "sources": rng.choice(sources), "notes": "synthetic record",
            })  # fmt: skip

        official_ids = [f"F{i:04d}" for i in range(1, n_officials + 1)]
        for i, oid in enumerate(official_ids):
            position, institution = POSITIONS[i % len(POSITIONS)]
            state = STATES[i % len(STATES)]
            # Some officials are documented persons too (officers later detained themselves).
            as_person = rng.choice(person_ids) if i % 8 == 3 else ""
            w["officials"].writerow({
                "id": oid, "name": _name(rng), "position": position,
                "institution": f"{institution} ({state})", "jurisdiction": state,
                "person_id": as_person, "sources": rng.choice(sources),
                "notes": "synthetic record",
            })  # fmt: skip
        # A few officials order most re-arrests: the pattern detnet exists to find.
        weights = [1.0 / (rank + 1) ** 1.5 for rank in range(n_officials)]
        hot = rng.sample(official_ids, k=n_officials)

        orders = _Orders(w["orders"], rng, sources)
        released: dict[str, date] = {}
        for pid in person_ids:
            day = START + timedelta(days=rng.randrange(SPAN - 30))
            if pid in released:  # a relative arrested after this person's release
                day = released[pid]
            episodes = 1 + min(int(rng.expovariate(1.3)), 4)
            previous_official = None
            for episode in range(episodes):
                if day > END:
                    break
                if episode and previous_official and rng.random() < 0.55:
                    official = previous_official
                elif episode:
                    official = rng.choices(hot, weights)[0]
                else:
                    official = rng.choice(official_ids)
                if rng.random() < 0.05:
                    official = ""  # unknown who ordered it
                facility = rng.choice(facility_ids) if rng.random() > 0.04 else ""
                case = f"EXP-{rng.randrange(10_000, 99_999)}"
                orders.add("arrest", day, pid, official, facility, case=case,
                           charges=";".join(rng.sample(CHARGES, k=rng.randint(1, 2))))  # fmt: skip
                previous_official = official or previous_official
                for _ in range(rng.choice([0, 0, 1, 1, 2])):
                    day += timedelta(days=rng.randrange(2, 120))
                    where = rng.choice(facility_ids) if rng.random() > 0.06 else ""
                    orders.add("transfer", day, pid, rng.choice(official_ids), where, case=case)
                if rng.random() < 0.3:
                    day += timedelta(days=rng.randrange(10, 300))
                    orders.add("sentence", day, pid, rng.choice(official_ids), facility, case=case,
                               court="Synthetic Trial Court")  # fmt: skip
                if rng.random() < 0.15 and episode == episodes - 1:
                    break  # still detained
                day += timedelta(days=rng.randrange(5, 700))
                status = rng.choices(["verified", "claimed", "disputed"], [0.82, 0.12, 0.06])[0]
                orders.add("release", day, pid, rng.choice(official_ids), facility, status,
                           case=case, conditions="; ".join(rng.sample(CONDITIONS, k=2)))  # fmt: skip
                if rng.random() < 0.2:
                    other = rng.choice(person_ids)
                    if other > pid and other not in released:
                        released[other] = day + timedelta(days=rng.randrange(1, 45))
                        w["family"].writerow({"person_id": pid, "relative_id": other,
                                              "relation": rng.choice(RELATIONS),
                                              "sources": rng.choice(sources),
                                              "notes": "synthetic record"})  # fmt: skip
                day += timedelta(days=int(rng.expovariate(1 / 150)) + 1)
        counts["orders"] = orders.n
    finally:
        for f in files.values():
            f.close()
    for kind in KINDS:
        if kind.name not in counts:
            with open(out / f"{kind.name}.csv", encoding="utf-8") as f:
                counts[kind.name] = sum(1 for _ in f) - 1
    return counts


# Planted duplicates (RECORDS.md, C: the same person, twice)

DUPLICATES_SEED = 15  # this generator's own random stream: random.Random(seed + 15)
SECOND_GROUP = "S-GROUP2"  # the "other organisation" that recorded the copies
TRUTH_FILE = ".truth-duplicates.csv"  # a dot file: `detnet load` passes over it
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}

# Names for planted duplicates: a space large enough that, as in real records, most
# full names are rare, with a head as common as real heads: the n-th commonest name is
# drawn in proportion to 1 / (n + ZIPF_OFFSET), which makes the commonest surname 4.5%
# of all and the ten commonest 22% (as García, González, Rodríguez... are in Spanish-
# speaking countries), the commonest given name 5% of its sex. Invented from syllables,
# as every name here. `generate`'s own small space (120 given names, 80 surnames) would
# make every copy without its second surname fit about 20 of 100,000 persons; this one
# makes "given name + first surname" fit a handful on average, common ones many more.
ONSETS = "b br d dr f g gr j k kr l m n p pr qu r s sk t tr v vr x z zh".split()
NUCLEI = "a e i o u a e o ai ue io".split()
CODAS = ["", "", "", "n", "r", "l", "s", "x", "th"]
GIVEN_ENDS = {
    "F": ["a", "ia", "ena", "ira", "ela", "ís"],
    "M": ["o", "an", "el", "ur", "ento", "ón"],
}
SURNAME_ENDS = ["ez", "ovar", "eth", "ulo", "amir", "ix", "oza", "ent", "aquin", "ares", "ández"]
NAME_POOL = {"F": 1200, "M": 1200, "surname": 4000}
ZIPF_OFFSET = 3
COMPOUND_GIVEN = 0.25  # persons with two given names (`María José`)


def _pools() -> dict[str, tuple[list[str], list[float]]]:
    """The invented given names (by sex) and surnames, with cumulative weights: the
    same for every seed."""
    rng = random.Random("detnet invented names")
    seen: set[str] = set()
    pools = {}
    for pool, size in NAME_POOL.items():
        ends = SURNAME_ENDS if pool == "surname" else GIVEN_ENDS[pool]
        words: list[str] = []
        while len(words) < size:
            syllables = [rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                         for _ in range(rng.choice([1, 2, 2]))]  # fmt: skip
            word = ("".join(syllables) + rng.choice(ends)).capitalize()
            if word not in seen and 4 <= len(word) <= 14:
                seen.add(word)
                words.append(word)
        weights = [1 / (rank + ZIPF_OFFSET) for rank in range(size)]
        pools[pool] = (words, list(accumulate(weights)))
    return pools


def _invented_name(rng: random.Random, sex: str, pools: dict) -> tuple[list[str], list[str]]:
    """Given names (one, or two) and two surnames."""

    def draw(pool: str, k: int) -> list[str]:
        words, weights = pools[pool]
        return rng.choices(words, cum_weights=weights, k=k)

    sex = sex if sex in ("F", "M") else rng.choice(["F", "M"])
    given = draw(sex, 2 if rng.random() < COMPOUND_GIVEN else 1)
    return list(dict.fromkeys(given)), draw("surname", 2)


def _respelled(given: list[str], surnames: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """A name as another group writes it: one or two of accents, surnames first or in
    the other order, the second surname missing, a typo, an initial for the first given
    name, capitals, and of two given names the second missing or both joined."""
    options = ["accents", "order", "missing", "typo", "initial", "capitals"]
    if len(given) > 1:
        options.append("compound")
    changes = rng.sample(options, k=rng.choice([1, 1, 2]))
    given, surnames = list(given), list(surnames)
    surnames_first = False
    for change in changes:
        words = given if rng.random() < len(given) / (len(given) + len(surnames)) else surnames
        i = rng.randrange(len(words))
        if change == "accents":
            vowels = [k for k, c in enumerate(words[i]) if c in ACCENTED]
            if vowels:
                k = rng.choice(vowels)
                words[i] = words[i][:k] + ACCENTED[words[i][k]] + words[i][k + 1 :]
        elif change == "order" and rng.random() < 0.5:
            surnames.reverse()
        elif change == "order":
            surnames_first = True
        elif change == "missing":
            surnames = surnames[:1]
        elif change == "typo" and len(words[i]) >= 5:
            word, k = words[i], rng.randrange(2, len(words[i]) - 1)
            letter = rng.choice("aeioulnrst")
            words[i] = rng.choice([word[:k] + word[k + 1 :], word[:k] + letter + word[k + 1 :],
                                   word[:k] + letter + word[k:]])  # fmt: skip
        elif change == "initial":
            given[0] = given[0][0] + "."
        elif change == "compound":
            given = given[:1] if rng.random() < 0.5 else [given[0] + given[1].lower()]
    if surnames_first:
        name = f"{' '.join(surnames)}, {' '.join(given)}"
    else:
        name = " ".join(given + surnames)
    return (name.upper() if "capitals" in changes else name), changes


def _id_respelled(national_id: str, rng: random.Random) -> str:
    digits = national_id.split("-")[-1]
    grouped = f"{int(digits):,}".replace(",", ".")
    return rng.choice([f"V{digits}", grouped, f"v-{grouped}", digits])


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def plant_duplicates(out_dir: str | Path, rate: float, seed: int = 0) -> dict[str, int]:
    """Record some persons of a generated folder twice, as a second group would.

    Every person is first given a name from a larger space of invented names (see
    `_pools`: one or two given names by sex, two surnames, a few of them common), as
    in real records. For `rate` of the persons, a copy under another id (`D000001`...)
    cites the second
    group's source, with its name respelled (see `_respelled`), its national id written
    another way or left out, its birth date written another way, as a year, or left
    out. The copy takes the person's orders from a re-arrest on (the second group
    recorded it), so that the re-arrest only shows once the two are judged the same;
    a person with no re-arrest gives the copy the orders after a random one. For a
    fifth of `rate`, a homonym (`H000001`...): another person with the same name, a
    different national id, and often a different birth date. National ids that the
    generator drew twice for different persons are drawn again: an id names one person.

    The truth goes into `.truth-duplicates.csv` (left, right, truth `same` or
    `different`, how), which `detnet load` passes over. Returns the rows written.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = generate(folder, persons=200, seed=1)
    >>> plant_duplicates(folder, 0.05, seed=1)
    {'duplicates': 10, 'homonyms': 2}
    """
    out = Path(out_dir)
    rng = random.Random(seed + DUPLICATES_SEED)
    person_columns, persons = _rows(out / "persons.csv")
    order_columns, orders = _rows(out / "orders.csv")
    source_columns, sources = _rows(out / "sources.csv")
    pools = _pools()
    names = {}
    taken: set[str] = set()
    for person in persons:  # a name from the larger space; an id names one person
        names[person["id"]] = _invented_name(rng, person["sex"], pools)
        person["name"] = " ".join(names[person["id"]][0] + names[person["id"]][1])
        while person["national_id"] in taken:
            person["national_id"] = f"V-{rng.randrange(1_000_000, 30_000_000)}"
        taken.add(person["national_id"])
    sources.append({"id": SECOND_GROUP, "title": "A second synthetic group's records",
                    "publisher": "Synthetic Second Group", "url": "", "published": "2026-01-20",
                    "notes": "synthetic record"})  # fmt: skip
    by_person: dict[str, list[dict]] = {}
    for order in orders:
        by_person.setdefault(order["person_id"], []).append(order)
    chosen = rng.sample(persons, k=min(len(persons), round(rate * len(persons))))
    truth = []
    copies = []
    for n, person in enumerate(chosen, start=1):
        copy_id = f"D{n:06d}"
        name, changes = _respelled(*names[person["id"]], rng)
        copy = {c: "" for c in person_columns}
        copy.update(id=copy_id, name=name, sources=SECOND_GROUP, notes="synthetic record")
        if rng.random() < 0.6:
            copy["national_id"] = _id_respelled(person["national_id"], rng)
        born = person["birth_date"]
        if born and rng.random() < 0.6:
            year, month, day = born.split("-")
            copy["birth_date"] = rng.choice([f"{day}/{month}/{year}", year, born])
        if rng.random() < 0.6:
            copy["sex"] = person["sex"]
        copies.append(copy)
        history = sorted(by_person.get(person["id"], []), key=lambda o: (o["date"], o["id"]))
        split = _rearrest_index(history)
        if split is None and len(history) > 1:
            split = rng.randrange(1, len(history))
        for order in history[split:] if split is not None else []:
            order["person_id"], order["sources"] = copy_id, SECOND_GROUP
        truth.append({"left": f"Person:{person['id']}", "right": f"Person:{copy_id}",
                      "truth": "same", "how": " ".join(changes)})  # fmt: skip
    homonyms = rng.sample(persons, k=min(len(persons), round(rate / 5 * len(persons))))
    for n, person in enumerate(homonyms, start=1):
        other = {c: "" for c in person_columns}
        national_id = person["national_id"]
        while national_id in taken:
            national_id = f"V-{rng.randrange(1_000_000, 30_000_000)}"
        taken.add(national_id)
        born = START - timedelta(days=rng.randrange(18 * 365, 70 * 365))
        other.update(id=f"H{n:06d}", name=person["name"], national_id=national_id,
                     birth_date=born.isoformat() if rng.random() < 0.5 else "",
                     sex=rng.choice(["F", "M"]), sources=SECOND_GROUP, notes="synthetic record")  # fmt: skip
        copies.append(other)
        truth.append({"left": f"Person:{person['id']}", "right": f"Person:{other['id']}",
                      "truth": "different", "how": "homonym"})  # fmt: skip
    _write_rows(out / "persons.csv", person_columns, persons + copies)
    _write_rows(out / "orders.csv", order_columns, orders)
    _write_rows(out / "sources.csv", source_columns, sources)
    _write_rows(out / TRUTH_FILE, ["left", "right", "truth", "how"], truth)
    return {"duplicates": len(chosen), "homonyms": len(homonyms)}


def _rearrest_index(history: list[dict]) -> int | None:
    """The index of the first arrest after a verified release, if any."""
    released = False
    for i, order in enumerate(history):
        if order["kind"] == "release" and order["status"] == "verified":
            released = True
        elif order["kind"] == "arrest" and released:
            return i
    return None


def read_truth(folder: str | Path) -> list[dict]:
    """The truth `plant_duplicates` wrote: rows of left, right, truth, how."""
    return _rows(Path(folder) / TRUTH_FILE)[1]
