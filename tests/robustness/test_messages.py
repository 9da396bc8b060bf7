"""Every value the schema allows has its words on pages and case files, in every
language: a value added to the schema without them would end a view or a case file
with a KeyError (the sweep's graphs hold only the first and last value of each list)."""

from __future__ import annotations

import pytest
from detnet.graph.schema import LABELS
from detnet.loaders.contract import BY_NAME

from detnet.i18n import LANGUAGES, MESSAGES, Text

# Where pages and case files look each value up: (kind of record, field) -> prefixes.
LOOKED_UP = {
    ("orders", "kind"): ("kind", "tip.at"),
    ("orders", "status"): ("status",),
    ("orders", "conditions"): ("condition",),
    ("statuses", "status"): ("listed",),
    ("family", "relation"): ("relation",),
    ("judgements", "judgement"): ("judgement",),
}
CASES = [
    (f"{prefix}.{value.name}", records, field)
    for (records, field), prefixes in LOOKED_UP.items()
    for prefix in prefixes
    for value in BY_NAME[records].by_name[field].values
]


@pytest.mark.parametrize(("key", "records", "field"), CASES)
def test_every_value_has_its_words(key, records, field):
    assert key in MESSAGES, f"{records}.{field}: no words for {key}"
    assert all(Text(lang)(key) for lang in LANGUAGES)


def test_every_label_a_view_draws_has_its_words():
    from detnet.view_page import STYLE

    assert set(STYLE) <= set(LABELS)
    assert [label for label in STYLE if f"label.{label}" not in MESSAGES] == []
