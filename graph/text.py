"""Folding text so that records written by different people can be matched.

Column names, enumerated values and JSON Lines types are matched after `fold`: case,
accents and spacing do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def plain(text: str) -> str:
    """Case- and accent-insensitive text, blanks collapsed, punctuation kept.

    >>> plain("  Más de  200 ")
    'mas de 200'
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


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


def codes_in(text: str, values) -> list[str]:
    """The codes a free text names, from enumerated `values` (`schema.Value`): a part
    (between `;` or lines) that is a code, or that holds one of its spellings as whole
    words (case and accents aside); any other part is `other`.

    >>> from detnet.graph.schema import CONDITION_VALUES
    >>> codes_in("régimen de presentación cada 30 días; prohibición de declarar", CONDITION_VALUES)
    ['reporting', 'gag_order']
    >>> codes_in("travel_ban; must hand in passport", CONDITION_VALUES)
    ['travel_ban', 'other']
    >>> codes_in("libertad bajo fianza; en confianza", CONDITION_VALUES)
    ['bail', 'other']
    """
    codes = []
    for part in (p for p in text.replace("\n", ";").split(";") if p.strip()):
        folded = fold(part).replace("_", " ")
        found = [
            v.name
            for v in values
            if folded == v.name.replace("_", " ")
            or any(_words(s).search(folded) for s in v.spellings)
        ]
        codes += found or ["other"]
    return list(dict.fromkeys(codes))


@lru_cache(maxsize=256)
def _words(spelling: str) -> re.Pattern:
    """A spelling found as whole words: `fianza` in `bajo fianza`, not in `confianza`."""
    return re.compile(rf"(?<!\w){re.escape(fold(spelling).replace('_', ' '))}(?!\w)")
