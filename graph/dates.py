"""Dates as records give them: a day, a month, a year or a range, exact or approximate.

The records contract (docs/RECORDS.md, "Dates") accepts, case, accents and surrounding
blanks ignored:

========  ==============================================================================
day       `2019-03-10`, `10/03/2019`, `10/3/2019`, `10 de marzo de 2019` (also `del 2019`,
          `1° de marzo`), `10 March 2019`, `March 10, 2019`, `March 10th, 2019`; where
          the time of day is known, `2019-03-10T09:30[:00]`
month     `2019-03`, `03/2019`, `marzo 2019`, `marzo de 2019`, `marzo del 2019`, `Mar 2019`
year      `2019`
range     `START/END`, each end in ISO or month-name form: `2019-03-01/2019-03-15`,
          `marzo 2019/mayo 2019` (never day-first with slashes)
========  ==============================================================================

Month names are Spanish (`enero` ... `diciembre`, `setiembre`, and their abbreviations)
or English (names and three-letter abbreviations). A trailing `~` (approximate) or `?`
(uncertain), or a leading `circa`, `ca.`, `c.`, `aprox.`, `aproximadamente` or
`approx.`, marks a date approximate without widening it. Each date is stored in its
normalised form (`2019-03-10`, `2019-03`, `2019`, `2019-03-01/2019-03-15`, with `~` or
`?` kept, and `YYYY-MM-DDTHH:MM:SS` where the time is known) beside its first and last
possible day (`<field>_start`, `<field>_end`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple


class BadDate(ValueError):
    """A text that is not a date, or names a day that does not exist."""


EXPECTED = "expected a day, month, year or range, e.g. 2019-03-10, 10/03/2019, marzo 2019, 2019"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("enero", "ene", "january", "jan"),
            ("febrero", "feb", "february"),
            ("marzo", "mar", "march"),
            ("abril", "abr", "april", "apr"),
            ("mayo", "may"),
            ("junio", "jun", "june"),
            ("julio", "jul", "july"),
            ("agosto", "ago", "august", "aug"),
            ("septiembre", "setiembre", "sep", "sept", "set", "september"),
            ("octubre", "oct", "october"),
            ("noviembre", "nov", "november"),
            ("diciembre", "dic", "december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>[a-z]+)\\.?"
_ORDINAL = "(?:[º°]|ro|st|nd|rd|th)?"  # 1° de marzo, 1ro de marzo, March 1st
# [0-9], never \d: \d also matches other scripts' digits, which int() may not read.
_FORMS = {
    "iso_time": re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})t(?P<clock>[0-9:]+)"),
    "iso_day": re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"),
    "slash_day": re.compile(r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})"),
    "named_day": re.compile(
        rf"(?P<d>[0-9]{{1,2}}){_ORDINAL}(?:\s+de)?\s+{_MONTH}(?:\s+del?)?,?\s+(?P<y>[0-9]{{4}})"
    ),
    "month_day": re.compile(rf"{_MONTH}\s+(?P<d>[0-9]{{1,2}}){_ORDINAL},?\s+(?P<y>[0-9]{{4}})"),
    "iso_month": re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})"),
    "slash_month": re.compile(r"(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})"),
    "named_month": re.compile(rf"{_MONTH}(?:\s+del?)?\s+(?P<y>[0-9]{{4}})"),
    "year": re.compile(r"(?P<y>[0-9]{4})"),
}
# The forms a range's ends may take: day-first slashes would make `1/2/2019/2020` unreadable.
_RANGE_ENDS = ("iso_day", "named_day", "month_day", "iso_month", "named_month", "year")
_CIRCA = re.compile(r"^(?:circa|ca\.|c\.|aproximadamente|aprox\.?|approx\.?)\s*")


class Date(NamedTuple):
    """A date as stored: its normalised text and its first and last possible day."""

    text: str  # 2019-03-10, 2019-03, 2019, 2019-03-01/2019-03-15, 2019~, 2024-01-12T09:30:00
    start: str  # the first possible day, ISO
    end: str  # the last possible day, ISO
    approximate: bool

    @property
    def exact(self) -> bool:
        """One single day, not marked approximate or uncertain."""
        return self.start == self.end and not self.approximate


@lru_cache(maxsize=1 << 16)  # a million orders hold a few thousand distinct dates
def parse(text: str) -> Date:
    """A date in any accepted form, normalised, with its first and last possible day.

    >>> parse("12/01/2026")
    Date(text='2026-01-12', start='2026-01-12', end='2026-01-12', approximate=False)
    >>> parse("marzo 2019").text, parse("marzo 2019").end
    ('2019-03', '2019-03-31')
    >>> parse("circa 2019").text, parse("2019?").approximate
    ('2019~', True)
    >>> parse("marzo 2019/mayo 2019")[:3]
    ('2019-03/2019-05', '2019-03-01', '2019-05-31')
    >>> parse("2026-01-12T09:30").text
    '2026-01-12T09:30:00'
    >>> parse("31/02/2026")
    Traceback (most recent call last):
    ...
    detnet.graph.dates.BadDate: no such date: '31/02/2026'
    """
    folded = _fold(text)
    circa = _CIRCA.match(folded)
    body = folded[circa.end() :] if circa else folded
    single = _single(body, text, circa is not None, tuple(_FORMS))
    if single is not None:
        return single
    if body.count("/") == 1:
        first, last = (part.strip() for part in body.split("/"))
        start = _single(first, text, circa is not None, _RANGE_ENDS)
        end = _single(last, text, circa is not None, _RANGE_ENDS)
        if start is not None and end is not None:
            if end.end < start.start:
                raise BadDate(f"the range ends before it starts: {text!r}")
            return Date(
                f"{start.text}/{end.text}",
                start.start,
                end.end,
                start.approximate or end.approximate,
            )
    raise BadDate(f"not a date: {text!r} ({EXPECTED})")


def parse_date(text: str) -> str:
    """The normalised form of a date (see `parse`).

    >>> parse_date("10 de marzo de 2019"), parse_date("9 Jan 2026")
    ('2019-03-10', '2026-01-09')
    """
    return parse(text).text


def bounds(stored: str) -> tuple[str, str]:
    """The first and last possible day of a stored (normalised) date.

    >>> bounds("2019"), bounds("2024-02")
    (('2019-01-01', '2019-12-31'), ('2024-02-01', '2024-02-29'))
    """
    found = parse(stored)
    return found.start, found.end


def _fold(text: str) -> str:
    # NFD, not NFKD: a superscript or full-width digit stays what it is, and is refused
    # rather than read as another digit.
    text = unicodedata.normalize("NFD", text.strip().casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _single(body: str, text: str, circa: bool, forms: tuple[str, ...]) -> Date | None:
    """A date that is not a range, in one of `forms`; None if it is in none of them."""
    mark = ""
    if body.endswith(("~", "?")):
        mark, body = body[-1], body[:-1].rstrip()
    elif circa:
        mark = "~"
    for form in forms:
        match = _FORMS[form].fullmatch(body)
        if match is not None:
            found = _build(form, match.groupdict(), text)
            if found is None:
                continue  # a word that is not a month name
            normalised, start, end = found
            if mark and "T" in normalised:
                raise BadDate(f"a time of day cannot be approximate: {text!r}")
            return Date(normalised + mark, start, end, bool(mark))
    return None


def _build(form: str, parts: dict, text: str) -> tuple[str, str, str] | None:
    year = int(parts["y"])
    if year < 1:
        raise BadDate(f"no such date: {text!r}")
    if "month" in parts and parts["month"] is not None:
        if parts["month"] not in MONTHS:
            return None
        month = MONTHS[parts["month"]]
    else:
        month = int(parts["m"]) if parts.get("m") else None
    if month is not None and not 1 <= month <= 12:
        raise BadDate(f"no such date: {text!r}")
    if parts.get("d"):
        try:
            day = date(year, month, int(parts["d"]))
        except ValueError:
            raise BadDate(f"no such date: {text!r}") from None
        if form == "iso_time":
            return _with_time(day, parts["clock"], text)
        return day.isoformat(), day.isoformat(), day.isoformat()
    if month is not None:
        last = calendar.monthrange(year, month)[1]
        return (
            f"{year:04d}-{month:02d}",
            f"{year:04d}-{month:02d}-01",
            f"{year:04d}-{month:02d}-{last}",
        )
    return f"{year:04d}", f"{year:04d}-01-01", f"{year:04d}-12-31"


def _with_time(day: date, clock: str, text: str) -> tuple[str, str, str]:
    parts = clock.split(":")
    if len(parts) not in (2, 3) or not all(len(p) == 2 for p in parts):
        raise BadDate(f"not a date: {text!r} ({EXPECTED})")
    hour, minute, second = (int(p) for p in (parts + ["00"])[:3])
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        raise BadDate(f"no such time: {text!r}") from None
    return moment.isoformat(), day.isoformat(), day.isoformat()


def days(earlier: str, later: str) -> int:
    """Whole days from one ISO day (or date-time) to another.

    >>> days("2024-01-31T23:00:00", "2024-02-01")
    1
    """
    return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days


def next_day(day: str) -> str:
    """The ISO day after `day`.

    >>> next_day("2024-02-29")
    '2024-03-01'
    """
    return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()
