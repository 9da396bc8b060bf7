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
import io
import random
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from detnet.graph.errors import UsageError
from detnet.graph.files import private_file

from .contract import BY_NAME

# The kinds of record written, in the order they are written.
WRITTEN = ("sources", "persons", "institutions", "officials", "facilities", "orders", "family")
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

    def __init__(
        self, writer: csv.writer, rng: random.Random, sources: list[str], late=None, prefix="O"
    ):
        self.writer, self.rng, self.sources, self.n = writer, rng, sources, 0
        self.late = late  # gives each order its `reported` day (see _LateReports)
        self.prefix = prefix
        self.last: dict[str, tuple[str, date, str]] = {}  # person -> their last order

    def add(self, kind, day, person, official="", facility="", status="verified", **extra):
        if day > END:
            return  # records stop at the day the data set was "collected"
        self.n += 1
        self.last[person] = (kind, day, status)
        rng = self.rng
        when = day.isoformat()
        if rng.random() < 0.05:  # the time of day is sometimes known
            when += f"T{rng.randrange(6, 22):02d}:{rng.choice(['00', '15', '30', '45'])}"
        cites = rng.sample(self.sources, k=min(len(self.sources), 1 + (rng.random() < 0.3)))
        row = {
            "id": f"{self.prefix}{self.n:07d}", "kind": extra.get("spelled", kind), "date": when, "person_id": person,
            "official_id": official, "facility_id": facility,
            "case_number": extra.get("case", ""), "court": extra.get("court", ""),
            "charges": extra.get("charges", ""), "conditions": extra.get("conditions", ""),
            "status": status, "sources": ";".join(cites), "notes": "synthetic record",
            "institution_id": extra.get("institution", ""),
        }  # fmt: skip
        if self.late is not None:
            row["reported"] = self.late.reported(row, day)
        self.writer.writerow(row)


@contextmanager
def _text_file(path: Path) -> Iterator[io.TextIOWrapper]:
    """A text file written whole and privately (see `files.private_file`)."""
    with private_file(path) as f:
        text = io.TextIOWrapper(f, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()


def generate(
    out_dir: str | Path,
    persons: int,
    seed: int = 0,
    *,
    lists: int = 0,
    rosters: bool = False,
    imprecise: float = 0.0,
) -> dict[str, int]:
    """Write the six record files for `persons` invented persons into `out_dir`.

    Returns the number of rows written per file. About five orders per person.
    `lists`, `rosters` and `imprecise` write the records of a group that publishes
    monthly lists, and dates as people write them (see `write_lists`, `blur_dates`).

    >>> import tempfile
    >>> counts = generate(tempfile.mkdtemp(), persons=20, seed=1)
    >>> counts["persons"]
    20
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    if rosters and not lists:
        raise ValueError("rosters are the monthly lists written as rosters: give lists too")
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    n_sources = max(3, persons // 200)
    n_facilities = min(90, max(5, persons // 10))
    n_officials = max(10, persons // 25)
    paths = [out / f"{k.name}.csv" for k in KINDS]
    lists_paths = [out / "rosters" / f"{d}.csv" for d in list_days(lists)] if rosters else []
    if lists and not rosters:
        lists_paths = [out / "statuses.csv"]
    claims_path = out / "claims.csv"
    existing = [path for path in [*paths, claims_path, *lists_paths] if path.exists()]
    if existing:  # they may be someone's records
        raise UsageError(
            f"{existing[0]} exists: generate writes into a folder without record files"
        )
    with ExitStack() as stack:
        files = {
            k.name: stack.enter_context(_text_file(p)) for k, p in zip(KINDS, paths, strict=True)
        }
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
        official_ids = [f"F{i:04d}" for i in range(1, n_officials + 1)]
        bodies = _Institutions(random.Random(seed + 1), sources)
        bodies.write(w["institutions"])
        for i, fid in enumerate(facility_ids):
            kind, operator = FACILITY_KINDS[i % len(FACILITY_KINDS)]
            state = STATES[i % len(STATES)]
            w["facilities"].writerow({
                "id": fid, "name": f"Synthetic {kind} facility {i + 1}", "kind": kind,
                "operator": operator, "state": state, "operator_id": bodies.operator(i),
                "latitude": f"{rng.uniform(1, 11):.4f}", "longitude": f"{rng.uniform(-72, -61):.4f}",
                "sources": rng.choice(sources), "notes": "synthetic record",
            })  # fmt: skip

        for i, oid in enumerate(official_ids):
            position, institution = POSITIONS[i % len(POSITIONS)]
            state = STATES[i % len(STATES)]
            # Some officials are documented persons too (officers later detained themselves).
            as_person = rng.choice(person_ids) if i % 8 == 3 else ""
            w["officials"].writerow({
                "id": oid, "name": _name(rng), "position": position,
                "institution": f"{institution} ({state})", "jurisdiction": state,
                "person_id": as_person, "sources": rng.choice(sources),
                "institution_id": bodies.member(i),
                "notes": "synthetic record",
            })  # fmt: skip
        # A few officials order most re-arrests: the pattern detnet exists to find.
        weights = [1.0 / (rank + 1) ** 1.5 for rank in range(n_officials)]
        hot = rng.sample(official_ids, k=n_officials)

        late = _LateReports(random.Random(seed + 16))
        orders = _Orders(w["orders"], rng, sources, late)
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
        more = _Orders(w["orders"], bodies.rng, sources, prefix="OI")
        bodies.orders(more, orders.last, facility_ids)
        counts["orders"] = orders.n + more.n
        counts["claims"] = _write_claims(out, random.Random(seed + 1600), late.written, sources)
    for kind in KINDS:
        if kind.name not in counts:
            with open(out / f"{kind.name}.csv", encoding="utf-8") as f:
                counts[kind.name] = sum(1 for _ in f) - 1
    if lists:
        counts.update(write_lists(out, lists, seed, rosters=rosters, imprecise=imprecise))
    if imprecise:
        blur_dates(out, imprecise, seed)
    return counts


# Claims and late reports (RECORDS.md, "Claims"): counts announced without names, and
# records the documenters learned of months after the events. Their own random
# generators, so that they never shift the other records' random streams.


class _LateReports:
    """Arrests nobody denounced for months ("for fear of reprisals"), and what followed them.

    About one arrest in twelve surfaces 2 to 16 months late (never after the data set's
    last day); the person's other orders dated before that day surface with it. Also
    keeps every order written, for the claims to be made about them.
    """

    SHARE = 1 / 12

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surfaces: dict[str, date] = {}  # person -> the day their hidden records surface
        self.written: list[tuple[date, str, str, str]] = []  # (day, kind, status, person)

    def reported(self, row: dict, day: date) -> str:
        person = row["person_id"]
        self.written.append((day, row["kind"], row["status"], person))
        surfaces = self.surfaces.get(person)
        if surfaces is not None and day < surfaces:
            return surfaces.isoformat()
        if row["kind"] == "arrest" and self.rng.random() < self.SHARE:
            surfaces = min(day + timedelta(days=self.rng.randrange(60, 480)), END)
            if (surfaces - day).days > 31:
                self.surfaces[person] = surfaces
                return surfaces.isoformat()
        return ""


CLAIMANTS = {  # who announces what, in invented names
    "official": "Synthetic Ministry of Information",
    "group": "Invented Rights Watch",
    "verifier": "Synthetic Monitor",
    "mission": "Fictional Fact-Finding Mission",
}

# Month names as Spanish records write them (claims, dates, lists)
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


class _Counted:
    """What the generated orders hold, by the simple rules a claimant would count by.

    One pass over the orders in all: ranges are found by bisection, and the persons held
    are followed from one day asked to the next (ask in order of day)."""

    def __init__(self, written: list[tuple[date, str, str, str]]):
        self.written = sorted(written)
        self.days = [w[0] for w in self.written]
        self.seen, self.state, self.held_now = 0, {}, 0  # the walk of `held`, so far

    def persons(self, kinds: tuple[str, ...], first: date, last: date) -> int:
        found = self.written[bisect_left(self.days, first) : bisect_right(self.days, last)]
        return len({p for _, kind, status, p in found if kind in kinds and status == "verified"})

    def held(self, on: date) -> int:
        end = bisect_right(self.days, on)
        for _, kind, status, person in self.written[self.seen : end]:
            if kind == "arrest" or (kind == "release" and status == "verified"):
                now = kind == "arrest"
                self.held_now += now - self.state.get(person, False)
                self.state[person] = now
        self.seen = max(self.seen, end)
        return self.held_now


def _write_claims(out: Path, rng: random.Random, written: list, sources: list[str]) -> int:
    """Write claims.csv: each year, the releases an official announces (inflated, "más de"),
    a group's range of releases and arrests, and a mission's count of those held at the
    year's end; then, as in the seed article, a burst of release figures in the last
    weeks. Returns the number of claims written."""
    counted = _Counted(written)
    kind = BY_NAME["claims"]
    rows = []

    def claim(claimant: str, made: date, what: str, count: str, **fields) -> None:
        if made > END:
            made = END
        rows.append({
            "id": f"K{len(rows) + 1:04d}", "date": made.isoformat(),
            "claimant": CLAIMANTS[claimant], "kind": what, "count": count,
            "sources": rng.choice(sources), "notes": "synthetic record", **fields,
        })  # fmt: skip

    def period(first: date, last: date) -> dict[str, str]:
        if rng.random() < 0.5:  # a year, or its first and last months, as groups write them
            return {"period_start": str(first.year), "period_end": str(last.year)}
        return {
            "period_start": f"{MESES[first.month - 1]} {first.year}",
            "period_end": f"{MESES[last.month - 1]} de {last.year}",
        }

    for year in range(START.year, END.year):
        first, last = date(year, 1, 1), date(year, 12, 31)
        released = counted.persons(("release",), first, last)
        arrested = counted.persons(("arrest",), first, last)
        if released:
            announced = int(released * rng.uniform(1.3, 2.0))
            count = rng.choice([f"más de {announced}", f"{announced}+", f"more than {announced}"])
            what = rng.choice(["released", "excarcelados"])
            claim("official", last + timedelta(days=rng.randrange(1, 15)), what, count,
                  named="false", **period(first, last))  # fmt: skip
        if arrested:
            low = int(arrested * rng.uniform(0.9, 1.1))
            high = low + max(1, int(arrested * rng.uniform(0.1, 0.3)))
            count = rng.choice([f"{low}-{high}", f"{low} a {high}", f"entre {low} y {high}"])
            claim("group", last + timedelta(days=rng.randrange(20, 90)), "arrested", count,
                  **period(first, last))  # fmt: skip
        held = counted.held(last)
        if held:
            count = str(int(held * rng.uniform(1.1, 1.5)))
            claim("mission", last + timedelta(days=rng.randrange(10, 60)), "detained", count,
                  as_of=last.isoformat())  # fmt: skip
    # The last weeks: announcements, estimates and verifications of the same releases.
    first = END - timedelta(days=45)
    for who, after, spread in (("official", 10, (1.4, 2.0)), ("group", 20, (0.8, 1.0)),
                               ("verifier", 35, (0.9, 1.0))):  # fmt: skip
        made = first + timedelta(days=after + rng.randrange(0, 5))
        released = counted.persons(("release",), first, made)
        if not released:
            continue
        low = int(released * rng.uniform(*spread))
        count = f"más de {low}" if who == "official" else str(low)
        if who == "group":
            count = f"{low}-{low + max(2, low // 5)}"
        claim(who, made, "released", count, period_start=first.isoformat())

    with _text_file(out / f"{kind.name}.csv") as f:
        writer = csv.DictWriter(f, [field.name for field in kind.fields], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


# Part 2 of the contract, section E: institutions, orders signed by a body, house arrest,
# disappearance, exile, death, coded release conditions. A generator of its own (seed + 1)
# draws them, so that the part-1 records above stay the same for a seed.

CONDICIONES = ["prohibición de declarar", "régimen de presentación cada 30 días",
               "régimen de presentación cada 15 días ante el tribunal",
               "prohibición de salida del país", "fianza",
               "prohibición de participar en manifestaciones"]  # fmt: skip
# How records spell the new kinds, besides their codes (RECORDS-2 E).
SPELLED = {"house_arrest": ["house_arrest", "casa por cárcel", "arresto domiciliario"],
           "disappearance": ["disappearance", "desaparición forzada"],
           "exile": ["exile", "destierro", "expulsión"],
           "death": ["death", "fallecimiento"]}  # fmt: skip
# Each position's institution (see POSITIONS; `{k}`: the official's state), and each
# facility kind's operator (see FACILITY_KINDS).
MEMBER_OF = {"control court judge": "I-COURT-{k:02d}-{n}", "prosecutor": "I-MP-{k:02d}",
             "state governor": "I-GOV-{k:02d}", "intelligence commander": "I-INTEL",
             "counter-intelligence commander": "I-DCI", "police chief": "I-POLICE"}  # fmt: skip
OPERATED_BY = {"prison": "I-PRISONS", "police": "I-POLICE", "military": "I-DCI",
               "intelligence": "I-INTEL"}  # fmt: skip


class _Institutions:
    """Invented bodies in a hierarchy (a supreme court over state circuits over control
    courts; ministries over services), who belongs to them, what they run, and the
    orders they sign with no official named."""

    def __init__(self, rng: random.Random, sources: list[str]):
        self.rng, self.sources = rng, sources
        self.rows = [
            ("I-TSJ", "Synthetic Supreme Court", "court", "", ""),
            ("I-MP", "Synthetic Public Prosecutor's Office", "fiscalía", "", ""),
            ("I-MININT", "Synthetic Ministry of the Interior", "executive", "", ""),
            ("I-INTEL", "Synthetic Intelligence Service", "inteligencia", "I-MININT", ""),
            ("I-POLICE", "Synthetic National Police", "police", "I-MININT", ""),
            ("I-MINDEF", "Synthetic Ministry of Defence", "ministerio", "", ""),
            ("I-DCI", "Synthetic Counter-intelligence Directorate", "military", "I-MINDEF", ""),
            ("I-PRISONS", "Synthetic Prison Service", "prison_service", "", ""),
        ]
        for k, state in enumerate(STATES):
            circuit = f"I-CIRCUIT-{k:02d}"
            self.rows += [
                (circuit, f"Synthetic Criminal Circuit of {state}", "court", "I-TSJ", state),
                *(
                    (
                        f"I-COURT-{k:02d}-{n}",
                        f"Tribunal {n}° de Control (sintético), {state}",
                        "juzgado",
                        circuit,
                        state,
                    )
                    for n in (1, 2)
                ),  # fmt: skip
                (
                    f"I-MP-{k:02d}",
                    f"Synthetic Prosecutor's Office of {state}",
                    "prosecutor",
                    "I-MP",
                    state,
                ),  # fmt: skip
                (
                    f"I-GOV-{k:02d}",
                    f"Synthetic Governorship of {state}",
                    "gobernación",
                    "",
                    state,
                ),  # fmt: skip
            ]

    def write(self, writer: csv.DictWriter) -> None:
        for id, name, kind, parent, state in self.rows:
            writer.writerow({"id": id, "name": name, "kind": kind, "parent_id": parent,
                             "jurisdiction": state, "sources": self.rng.choice(self.sources),
                             "notes": "synthetic record"})  # fmt: skip

    def member(self, i: int) -> str:
        """The institution of the i-th official (POSITIONS and STATES as in `generate`);
        one in ten records does not say."""
        position = POSITIONS[i % len(POSITIONS)][0]
        body = MEMBER_OF[position].format(k=i % len(STATES), n=1 + i // len(STATES) % 2)
        return "" if self.rng.random() < 0.1 else body

    def operator(self, i: int) -> str:
        """The institution running the i-th facility; one in seven records does not say."""
        body = OPERATED_BY[FACILITY_KINDS[i % len(FACILITY_KINDS)][0]]
        return "" if self.rng.random() < 0.15 else body

    def orders(self, out: _Orders, last: dict, facilities: list[str]) -> None:
        """After a quarter of the persons' part-1 histories: a re-arrest signed by a court
        or a service (if they were free), then a release on conditions, house arrest,
        exile, disappearance or death, mostly signed by a body and not by a person."""
        rng = self.rng
        for person, (kind, day, status) in sorted(last.items()):
            if rng.random() > 0.25 or (kind == "release" and status != "verified"):
                continue
            k = rng.randrange(len(STATES))
            court = f"I-COURT-{k:02d}-{rng.randint(1, 2)}"
            if kind == "release":  # free: arrested again on a body's signature
                day += timedelta(days=rng.randrange(3, 400))
                body = rng.choice([court, court, "I-INTEL", "I-DCI", f"I-GOV-{k:02d}"])
                out.add("arrest", day, person, facility=rng.choice(facilities), institution=body)
            day += timedelta(days=rng.randrange(10, 500))
            fate = rng.random()
            if fate < 0.45:
                if fate >= 0.3:  # house arrest first, then the release
                    self.add(out, "house_arrest", day, person, institution=court)
                    day += timedelta(days=rng.randrange(30, 300))
                conditions = "; ".join(rng.sample(CONDICIONES, k=rng.randint(1, 3)))
                out.add("release", day, person, institution=court, conditions=conditions)
            elif fate < 0.6:
                self.add(out, "house_arrest", day, person, institution=court)
            elif fate < 0.7:
                self.add(out, "exile", day, person, institution="I-MININT",
                         conditions="expulsión del país; prohibición de declarar")  # fmt: skip
            elif fate < 0.8:
                self.add(out, "disappearance", day, person)
                if rng.random() < 0.5:  # seen again, in a facility
                    day += timedelta(days=rng.randrange(5, 200))
                    out.add("transfer", day, person, facility=rng.choice(facilities),
                            institution="I-PRISONS")  # fmt: skip
            elif fate < 0.85:
                self.add(out, "death", day, person, facility=rng.choice(facilities))

    def add(self, out: _Orders, kind: str, day: date, person: str, **extra) -> None:
        out.add(kind, day, person, spelled=self.rng.choice(SPELLED[kind]), **extra)


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


# Monthly status lists and imprecise dates (RECORDS.md, A and B): the records of a group
# that publishes "political prisoners as of" lists month after month, and dates as people
# write them. Each has a random generator of its own, so that what the other record
# writers above draw does not change.

LISTS_SEED, DATES_SEED = 1401, 1402  # offsets from the seed: this section's own streams
LISTS_SOURCE = "S-LISTS"
LIST_DAY = 15  # each list is as of the 15th of its month
# Spanish spellings, as rosters write them
SITUACION = {"detained": "detenido", "house_arrest": "casa por cárcel",
             "whereabouts_unknown": "paradero desconocido", "released": "excarcelado",
             "exiled": "exiliado"}  # fmt: skip


def list_days(months: int) -> list[date]:
    """The days of `months` monthly lists, the last in the records' last month.

    >>> [d.isoformat() for d in list_days(2)]
    ['2025-12-15', '2026-01-15']
    """
    days, year, month = [], END.year, END.month
    for _ in range(months):
        days.append(date(year, month, LIST_DAY))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


class _Episode:
    """One detention of the truth the lists are drawn from."""

    __slots__ = ("arrest", "release", "facility", "moved", "mode", "official", "kind")

    def __init__(self, arrest, release, facility, moved, mode, official, kind):
        self.arrest, self.release, self.facility = arrest, release, facility
        self.moved = moved  # (day, facility) of a transfer, or None
        self.mode, self.official, self.kind = mode, official, kind  # kind: release or exile

    def held_on(self, day: date) -> bool:
        return self.arrest <= day and (self.release is None or day < self.release)

    def facility_on(self, day: date) -> str | None:
        if self.mode != "detained":
            return None
        return self.moved[1] if self.moved and self.moved[0] <= day else self.facility


def _ids(out: Path, name: str, *columns: str) -> list[dict]:
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [{c: row[c] for c in columns} for row in csv.DictReader(f)]


def write_lists(
    out: Path, months: int, seed: int, *, rosters: bool = False, imprecise: float = 0.0
) -> dict[str, int]:
    """Replace the orders in `out` with those of a group that publishes monthly lists.

    What happened (the truth) is drawn anew over the lists' months and the half year
    before them: each person has one to four detentions, most of weeks, some of months,
    a few not over by the last list; re-arrests come from a few officials. From it:

    - `months` lists (`statuses.csv`, or with `rosters`, `rosters/YYYY-MM-DD.csv` for
      `detnet load-list --source S-LISTS`), as of the 15th of each month: everyone held
      that day (at their facility; some at home, some where nobody knows), and everyone
      released since the list before (some into exile); a few entries are missed;
    - the orders the group recorded (`orders.csv`): about half the arrests, a third of
      the releases, half the transfers; the lists reveal the rest.

    Persons, officials, facilities and sources are those already in `out`; the lists
    cite a source of their own, added to sources.csv. Returns rows written per file.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> counts = generate(folder, persons=30, seed=1, lists=6)
    >>> counts["statuses"] > 30, (folder / "statuses.csv").exists()
    (True, True)
    """
    rng = random.Random(seed + LISTS_SEED)
    persons = _ids(out, "persons", "id", "name", "national_id", "birth_date")
    facilities = [r["id"] for r in _ids(out, "facilities", "id")]
    officials = [r["id"] for r in _ids(out, "officials", "id")]
    sources = [r["id"] for r in _ids(out, "sources", "id")]
    days = list_days(months)
    first = days[0] - timedelta(days=180)
    weights = [1.0 / (rank + 1) ** 1.5 for rank in range(len(officials))]
    hot = rng.sample(officials, k=len(officials))
    truth: dict[str, list[_Episode]] = {}
    for person in persons:
        day = first + timedelta(days=rng.randrange((days[-1] - first).days))
        episodes: list[_Episode] = []
        for n in range(1 + min(int(rng.expovariate(1.4)), 3)):
            if day > days[-1]:
                break
            if n and rng.random() < 0.5:
                official = episodes[-1].official  # the same official, again: the pattern
            else:
                official = rng.choices(hot, weights)[0] if n else rng.choice(officials)
            held = int(rng.lognormvariate(3.4, 1.1)) + 1  # a month, typically
            release = day + timedelta(days=held)
            if release > END or rng.random() < 0.08:
                release = None  # still held
            mode = rng.choices(
                ["detained", "house_arrest", "whereabouts_unknown"], [0.9, 0.06, 0.04]
            )[0]
            moved = None
            span = ((release or END) - day).days  # the transfer comes while held
            if mode == "detained" and span > 20 and rng.random() < 0.25:
                moved = (day + timedelta(days=rng.randrange(1, span)), rng.choice(facilities))
            kind = "exile" if rng.random() < 0.05 else "release"
            episodes.append(
                _Episode(day, release, rng.choice(facilities), moved, mode, official, kind)
            )
            if release is None:
                break
            day = release + timedelta(days=int(rng.expovariate(1 / 100)) + 1)
        truth[person["id"]] = episodes

    counts = {"orders": _write_recorded(out, truth, rng, sources)}
    with open(out / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [LISTS_SOURCE, "Synthetic monthly list of political prisoners", "Synthetic Monitor",
             "https://example.org/synthetic/lists", days[0].isoformat(), "synthetic record"]
        )  # fmt: skip
    counts["sources"] = len(sources) + 1
    entries = _entries(truth, days, rng)
    if rosters:
        counts.update(_write_rosters(out, entries, persons, rng, imprecise))
    else:
        counts["statuses"] = _write_statuses(out, entries)
    return counts


def _entries(truth: dict[str, list[_Episode]], days: list[date], rng: random.Random):
    """Each list's entries: (day, person, status, facility, episode), a few missed."""
    found = []
    for n, day in enumerate(days):
        before = days[n - 1] if n else day - timedelta(days=31)
        for person, episodes in truth.items():
            held = next((e for e in episodes if e.held_on(day)), None)
            if held is not None:
                entry = (day, person, held.mode, held.facility_on(day), held)
            else:
                freed = [
                    e for e in episodes
                    if e.release is not None and before < e.release <= day
                ]  # fmt: skip
                if not freed:
                    continue
                last = freed[-1]
                entry = (day, person, "exiled" if last.kind == "exile" else "released", None, last)
            if rng.random() < 0.03:
                continue  # the group missed this one
            found.append(entry)
    return found


def _write_statuses(out: Path, entries) -> int:
    with _text_file(out / "statuses.csv") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "person_id", "as_of", "status", "facility_id", "sources", "notes"])
        for day, person, status, facility, _ in entries:
            writer.writerow([f"L{day.isoformat()}-{person}", person, day.isoformat(), status,
                             facility or "", LISTS_SOURCE, "synthetic record"])  # fmt: skip
    return len(entries)


def _write_rosters(out: Path, entries, persons: list[dict], rng, imprecise: float) -> dict:
    """The lists as groups publish them: one roster per list, Spanish columns, the cédula
    written as it comes (`V-12.345.678`, `12345678`, sometimes missing), the detention
    date of whoever is held."""
    folder = out / "rosters"
    folder.mkdir(exist_ok=True)
    by_id = {p["id"]: p for p in persons}
    by_day: dict[date, list] = {}
    for entry in entries:
        by_day.setdefault(entry[0], []).append(entry)
    header = ["nombre", "cedula", "fecha_nacimiento", "situacion", "centro_id",
              "fecha_detencion", "observaciones"]  # fmt: skip
    for day, rows in by_day.items():
        with _text_file(folder / f"{day.isoformat()}.csv") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            for _, person, status, facility, episode in rows:
                p = by_id[person]
                held = status not in ("released", "exiled")
                arrested = _spelled(episode.arrest, rng, imprecise) if held else ""
                writer.writerow([p["name"], _cedula(p["national_id"], rng), p["birth_date"],
                                 SITUACION[status], facility or "", arrested,
                                 "synthetic record"])  # fmt: skip
    return {"rosters": len(by_day), "roster_rows": len(entries)}


def _cedula(national_id: str, rng: random.Random) -> str:
    """A cédula as lists write it: `V-12.345.678`, `V12345678`, `12345678`, or not at all."""
    digits = "".join(c for c in national_id if c.isdigit())
    if not digits or rng.random() < 0.04:
        return ""
    dotted = f"{int(digits):,}".replace(",", ".")
    return rng.choice([f"V-{dotted}", f"V{digits}", digits, f"V-{digits}"])


def _write_recorded(out: Path, truth: dict[str, list[_Episode]], rng, sources) -> int:
    """orders.csv: what the group recorded of the truth, with the columns it had."""
    with open(out / "orders.csv", encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    n = 0
    with _text_file(out / "orders.csv") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", restval="")

        def add(kind, day, person, official="", facility="", status="verified"):
            nonlocal n
            n += 1
            writer.writerow({"id": f"OL{n:07d}", "kind": kind, "date": day.isoformat(),
                             "person_id": person, "official_id": official,
                             "facility_id": facility or "", "status": status,
                             "sources": rng.choice(sources), "notes": "synthetic record"})  # fmt: skip

        writer.writeheader()
        for person, episodes in truth.items():
            for e in episodes:
                if rng.random() < 0.5:
                    add("arrest", e.arrest, person, e.official, e.facility_on(e.arrest))
                if e.mode == "house_arrest" and rng.random() < 0.5:
                    add("house_arrest", e.arrest + timedelta(days=1), person, e.official)
                if e.moved and rng.random() < 0.5:
                    add("transfer", e.moved[0], person, rng.choice([e.official, ""]), e.moved[1])
                if e.release is not None and rng.random() < 0.35:
                    status = rng.choices(["verified", "claimed", "disputed"], [0.8, 0.13, 0.07])[0]
                    add(e.kind, e.release, person, "", e.facility_on(e.release - timedelta(days=1)),
                        status)  # fmt: skip
    return n


# Dates as people write them


def _spelled(day: date, rng: random.Random, share: float) -> str:
    """A day as records give it: itself, or (with probability `share`) a spelling of it,
    or a month, a year, a range or an approximate date holding it."""
    if rng.random() >= share:
        return day.isoformat()
    month, mes = day.isoformat()[:7], MESES[day.month - 1]
    later = day + timedelta(days=rng.randrange(3, 40))
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return rng.choice(
        [
            f"{day.day} de {mes} de {day.year}",  # a day in words
            f"{day.day:02d}/{day.month:02d}/{day.year}",
            month,
            f"{mes} {day.year}",
            f"{mes} de {day.year}",
            f"{day.month:02d}/{day.year}",
            f"{day.year}",
            f"{day.isoformat()}/{later.isoformat()}",
            f"{mes} {day.year}/{MESES[next_month.month - 1]} {next_month.year}",
            f"{day.isoformat()}~",
            f"circa {month}",
            f"aprox. {mes} {day.year}",
            f"{day.year}?",
        ]
    )


def blur_dates(out: Path, share: float, seed: int) -> None:
    """Rewrite a `share` of the order dates and birth dates in `out` as people write
    them (see `_spelled`): `10 de marzo de 2024`, `marzo 2024`, `2024`,
    `2024-03-10/2024-04-02`, `circa 2024-03`, ... Each holds the day it replaces."""
    if not 0 <= share <= 1:
        raise ValueError("imprecise must be a share between 0 and 1")
    rng = random.Random(seed + DATES_SEED)
    for name, column in (("orders", "date"), ("persons", "birth_date")):
        path = out / f"{name}.csv"
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            columns, rows = reader.fieldnames, list(reader)
        for row in rows:
            written = row[column]
            if written and "T" not in written:
                row[column] = _spelled(date.fromisoformat(written), rng, share)
        with _text_file(path) as f:
            writer = csv.DictWriter(f, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
