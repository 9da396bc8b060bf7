"""Folding text so that records written by different people can be matched.

Column names, enumerated values and JSON Lines types are matched after `fold`: case,
accents and spacing do not matter.
"""

from __future__ import annotations

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
    (between `;`) that is a code, or that holds one of its words; any other part is
    `other`.

    >>> from detnet.graph.schema import CONDITION_VALUES
    >>> codes_in("régimen de presentación cada 30 días; prohibición de declarar", CONDITION_VALUES)
    ['reporting', 'gag_order']
    >>> codes_in("travel_ban; must hand in passport", CONDITION_VALUES)
    ['travel_ban', 'other']
    """
    codes = []
    for part in (p for p in text.replace("\n", ";").split(";") if p.strip()):
        folded = fold(part).replace("_", " ")
        found = [
            v.name
            for v in values
            if folded == v.name.replace("_", " ")
            or any(fold(s).replace("_", " ") in folded for s in v.spellings)
        ]
        codes += found or ["other"]
    return list(dict.fromkeys(codes))


def national_id_key(value: object) -> str | None:
    """The form in which two national ids (cédulas, passports) are compared: letters and
    digits only, upper case, and the `V` of a Venezuelan cédula dropped, since groups
    write it or leave it out (`V-12.345.678`, `v12345678`, `12345678`). Other letters
    stay: `E-` (a foreigner's cédula) is another id. None when no digit is left (`s/n`,
    `no tiene`: no id at all).

    Loading a status list (`load-list`), resolution (`detnet resolve`) and redaction
    compare national ids in this form, and only in this form.

    >>> national_id_key("V-12.345.678"), national_id_key("v12345678"), national_id_key(" 12345678 ")
    ('12345678', '12345678', '12345678')
    >>> national_id_key("E-84.123.456"), national_id_key("AB 123456"), national_id_key("s/n")
    ('E84123456', 'AB123456', None)
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", str(value).upper())
    key = "".join(c for c in text if c.isascii() and c.isalnum())
    if len(key) > 1 and key[0] == "V" and key[1:].isdigit():
        key = key[1:]
    return key if any(c.isdigit() for c in key) else None
