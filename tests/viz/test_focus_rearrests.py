"""A focused view finds its re-arrests from its own persons; the result must be what
the whole-graph revolving-door query gives, kept to the view."""

from __future__ import annotations

import pytest
from detnet.queries import views
from detnet.queries.revolving import find_rearrests, revolving_door

from detnet import viz


def whole_graph_rearrests(G, nodes, include_claimed):
    """The re-arrests of the query over the whole graph whose re-arrest is in the view."""
    G = G.G if isinstance(G, views.Reading) else G
    _, found = find_rearrests(G, include_claimed=include_claimed)
    return [r for r in found if f"Order:{r.rearrest.order_id}" in nodes]


def focuses(G):
    """Every official and facility, some persons, more hops, and date windows."""
    for label, option in (("Official", "official"), ("Facility", "facility")):
        for node, node_label in sorted(G.nodes(data="label")):
            if node_label == label:
                yield {option: G.nodes[node]["id"]}
    for row in revolving_door(G, include_claimed=True)[::10]:
        yield {"person": row["person_id"]}
        yield {"person": row["person_id"], "hops": 2}
    yield {"official": "F0005", "hops": 2}
    yield {"official": "F0001", "since": "2021-01-01", "until": "2022-06-30"}
    yield {"since": "2021-01-01", "until": "2021-12-31"}
    yield {"until": "2020-06-30"}


@pytest.mark.parametrize("include_claimed", [False, True])
def test_focused_rearrests_are_the_whole_graph_rows_in_the_view(
    synthetic_graph, monkeypatch, include_claimed
):
    G = synthetic_graph
    shown = 0
    for focus in focuses(G):
        seeds = [
            f"{label}:{focus[option]}"
            for label, option in (("Person", "person"), ("Official", "official"))
            + (("Facility", "facility"),)
            if option in focus
        ]
        nodes = views.neighbourhood(
            G, seeds, focus.get("hops", 1), focus.get("since"), focus.get("until")
        )
        expected = whole_graph_rearrests(G, nodes, include_claimed)
        assert views.rearrests_in(G, nodes, include_claimed) == expected, focus
        shown += len(expected)

        # The whole page too: the same file as with the whole-graph re-arrests.
        page = viz.render(G, include_claimed=include_claimed, **focus).html
        with monkeypatch.context() as m:
            m.setattr(views, "rearrests_in", whole_graph_rearrests)
            assert viz.render(G, include_claimed=include_claimed, **focus).html == page, focus
    assert shown > 100  # the views do hold re-arrests


def test_claimed_releases_add_rearrests_to_a_view(synthetic_graph):
    G = synthetic_graph
    nodes = views.neighbourhood(G, [], since="2019-01-01", until="2030-12-31")
    verified = views.rearrests_in(G, nodes, include_claimed=False)
    claimed = views.rearrests_in(G, nodes, include_claimed=True)
    assert len(claimed) > len(verified) > 0
