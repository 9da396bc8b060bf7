"""Folding text so that records written by different people can be matched.

Column names, enumerated values and JSON Lines types are matched after `fold`: case,
accents and spacing do not matter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)  # headers, kinds and enum values repeat on every row
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to match names and values.

    >>> fold(" Fecha Nacimiento ")
    'fecha_nacimiento'
    >>> fold("Excarcelación")
    'excarcelacion'
    """
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "_".join(text.replace("-", " ").split())
