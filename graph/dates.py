"""Dates as records give them: parsed, checked and normalised.

Part 1 of the records contract: `YYYY-MM-DD`, `DD/MM/YYYY` (or `D/M/YYYY`), and
`YYYY-MM-DDTHH:MM[:SS]` where the time of day is known. Stored as ISO strings.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache


class BadDate(ValueError):
    """A text that is not a date, or names a day that does not exist."""


@lru_cache(maxsize=1 << 16)  # a million orders hold a few thousand distinct dates
def parse_date(text: str) -> str:
    """An ISO date (or date-time) from `YYYY-MM-DD`, `DD/MM/YYYY` or `YYYY-MM-DDTHH:MM[:SS]`.

    >>> parse_date("12/01/2026")
    '2026-01-12'
    >>> parse_date("2026-01-12T09:30")
    '2026-01-12T09:30:00'
    >>> parse_date("31/02/2026")
    Traceback (most recent call last):
    ...
    detnet.graph.dates.BadDate: no such date: '31/02/2026'
    """
    s = text.strip()
    try:
        if "/" in s:
            d, m, y = s.split("/")
            if not (len(y) == 4 and 1 <= len(m) <= 2 and 1 <= len(d) <= 2):
                raise BadDate
            return _date(y, m, d, text)
        if len(s) == 10 and s[4] == "-" and s[7] == "-":
            return _date(s[:4], s[5:7], s[8:], text)
        if len(s) in (16, 19) and s[10] == "T":
            return _time(s, text)
    except BadDate as e:
        if e.args:  # a date of the right shape that does not exist
            raise
    raise BadDate(f"not a date: {text!r} (expected YYYY-MM-DD or DD/MM/YYYY)")


def _date(y: str, m: str, d: str, text: str) -> str:
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        raise BadDate
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        raise BadDate(f"no such date: {text!r}") from None


def _time(s: str, text: str) -> str:
    day = _date(s[:4], s[5:7], s[8:10], text) if s[4] == "-" and s[7] == "-" else None
    clock = s[11:]
    parts = clock.split(":")
    if day is None or not all(len(p) == 2 and p.isdigit() for p in parts):
        raise BadDate
    h, mi, se = (int(p) for p in (parts + ["00"])[:3])
    try:
        return datetime.fromisoformat(day).replace(hour=h, minute=mi, second=se).isoformat()
    except ValueError:
        raise BadDate(f"no such time: {text!r}") from None
