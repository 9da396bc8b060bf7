"""Folding text so that records written by different people can be matched.

Column names, enumerated values and JSON Lines types are matched after `fold`: case,
accents and spacing do not matter. National ids are matched by `national_id_key`.
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


_ID_LABEL = re.compile(r"^(?:c\.\s*i\.?|ci(?=[\s:.-])|cedula|ced\.)\s*:?\s*")  # C.I., cédula:
_VENEZUELAN = re.compile(r"v[0-9]+")


def national_id_key(text: object) -> str | None:
    """The form in which two national ids are compared: equal keys, the same id.

    Case, accents, blanks, dots, hyphens and a leading `C.I.` or `cédula` do not
    matter, and `V` (a Venezuelan cédula) is the default letter, so `V-12.345.678`,
    `v12345678` and `12345678` are one id; any other letter (`E-` for a foreigner's
    cédula, a passport's) is kept. None when the text holds no digit (`N/A`, `sin
    cédula`). Loading rosters matches persons by it (`detnet load-list`); redaction
    searches for it; resolution scores it.

    >>> national_id_key("V-12.345.678"), national_id_key("v12345678"), national_id_key("12345678")
    ('12345678', '12345678', '12345678')
    >>> national_id_key("E-81.234.567"), national_id_key("C.I. V 12 345 678")
    ('e81234567', '12345678')
    >>> national_id_key("sin cédula") is None
    True
    """
    if not isinstance(text, str | int) or isinstance(text, bool):
        return None
    folded = _ID_LABEL.sub("", plain(str(text)))
    key = "".join(c for c in folded if c.isascii() and c.isalnum())
    if not any(c.isdigit() for c in key):
        return None
    return key[1:] if _VENEZUELAN.fullmatch(key) else key


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
    return list(_codes_in(text, tuple(values)))


@lru_cache(maxsize=4096)  # records repeat the same conditions, word for word
def _codes_in(text: str, values: tuple) -> tuple[str, ...]:
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
    return tuple(dict.fromkeys(codes))


@lru_cache(maxsize=256)
def _words(spelling: str) -> re.Pattern:
    """A spelling found as whole words: `fianza` in `bajo fianza`, not in `confianza`."""
    return re.compile(rf"(?<!\w){re.escape(fold(spelling).replace('_', ' '))}(?!\w)")
