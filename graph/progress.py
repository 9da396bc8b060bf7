"""Progress reports for long work (loads, pushes): a callable the CLI gives a bar.

`progress(items, length, label)` returns the items, to be iterated over; the CLI's
version draws a bar on a terminal, the library's default draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Progress = Callable[[Iterable, int, str], Iterable]


def no_progress(items: Iterable, length: int, label: str) -> Iterable:
    """The items as they are: no report."""
    return items
