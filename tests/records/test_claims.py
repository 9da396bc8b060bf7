"""Claims as records (RECORDS.md, "Claims"): counts as announced, periods, Spanish, reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from detnet.graph import store
from detnet.graph.redact import redact

import detnet

from .helpers import SOURCES, write

HEADER = "id,date,claimant,kind,count,period_start,period_end,as_of,named,sources\n"


def loaded(tmp_path, claims: str, name: str = "claims_csv"):
    G = store.new_graph()
    report = detnet.load(write(tmp_path / "r", sources_csv=SOURCES, **{name: claims}), graph=G)
    return G, report


def claim(G, id: str) -> dict:
    """A claim's properties, without the first and last days derived from its dates."""
    attrs = G.nodes[f"Claim:{id}"]
    derived = {f"{k}_{end}" for k in attrs for end in ("start", "end")}
    return {k: v for k, v in sorted(attrs.items()) if k not in derived}


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        ("170", 170, 170),
        ("130-150", 130, 150),
        ("130 a 150", 130, 150),
        ("entre 130 y 150", 130, 150),
        ("between 130 and 150", 130, 150),
        ("más de 200", 201, None),
        ("MAS DE 200", 201, None),
        ("more than 200", 201, None),
        ("200+", 200, None),
        ("1.200", 1200, 1200),
        ("1,200", 1200, 1200),
    ],
)
def test_a_count_as_announced_is_stored_as_its_least_and_greatest_value(tmp_path, count, low, high):
    G, report = loaded(tmp_path, HEADER + f'K1,2026-01-24,A group,released,"{count}",,,,,S1\n')
    assert report.rejections == []
    attrs = G.nodes["Claim:K1"]
    assert (attrs["count_min"], attrs.get("count_max")) == (low, high)
    assert "count" not in attrs


def test_spanish_file_columns_and_values(tmp_path):
    anuncios = (
        "id,fecha,declarante,tipo,cifra,desde,hasta,fecha_corte,con_nombres,fuentes\n"
        "A1,24/01/2026,Un ministerio,excarcelados,más de 200,8 de enero de 2026,,,no,S1\n"
        "A2,enero 2026,Una ONG,presos,800,,,2026-01-07,sí,S1\n"
    )
    G, report = loaded(tmp_path, anuncios, "anuncios_csv")
    assert report.rejections == [] and report.added["Claim"] == 2
    assert claim(G, "A1") == {
        "claimant": "Un ministerio", "count_min": 201,
        "date": "2026-01-24", "id": "A1", "kind": "released", "label": "Claim",
        "named": False, "period_start": "2026-01-08", "sources": ["S1"],
    }  # fmt: skip
    assert G.nodes["Claim:A2"]["kind"] == "detained" and G.nodes["Claim:A2"]["named"] is True
    assert G.nodes["Claim:A2"]["date_end"] == "2026-01-31"


def test_json_lines_claims_in_spanish(tmp_path):
    line = {"type": "anuncio", "id": "A1", "fecha": "2026-01-20", "tipo": "detenciones",
            "cifra": 12, "desde": "2026-01", "fuentes": ["S1"]}  # fmt: skip
    G, report = loaded(tmp_path, json.dumps(line) + "\n", "claims_jsonl")
    assert report.rejections == []
    attrs = G.nodes["Claim:A1"]
    assert (attrs["kind"], attrs["count_min"], attrs["period_start_start"]) == (
        "arrested", 12, "2026-01-01",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("K9,2026-01-24,X,released,150-130,,,,,S1", "count: the range '150-130' starts above its end"),
        ("K9,2026-01-24,X,released,5,2026-02,2026-01,,,S1",
         "period_end: the period ends before it starts"),
        ("K9,2026-01-24,X,detained,800,,,,,S1", "as_of: a detained count needs the day it describes"),
        ("K9,2026-01-24,X,detained,800,,,2026-01,,S1", "as_of: expected a single day, not '2026-01'"),
        ("K9,2026-01-24,X,rumoured,800,,,,,S1",
         "kind: unknown kind 'rumoured' (expected one of arrested, detained, released)"),
        ("K9,2026-01-24,X,released,about 50,,,,,S1",
         "count: expected a whole number or a range like 130-150, not 'about 50'"),
        ("K9,,X,released,50,,,,,S1", "date: required field is empty"),
        ("K9,2026-01-24,X,released,,,,,,S1", "count: required field is empty"),
        ("K9,2026-01-24,X,released,50,,,,maybe,S1",
         "named: expected true or false (sí, no), not 'maybe'"),
    ],
)  # fmt: skip
def test_a_bad_claim_is_rejected_with_its_reason(tmp_path, row, reason):
    G, report = loaded(tmp_path, HEADER + row + "\n")
    assert [f"{Path(r.file).name}:{r.line}: {r.field}: {r.reason}" for r in report.rejections] == [
        f"claims.csv:2: {reason}"
    ]
    assert "Claim:K9" not in G


def test_redaction_keeps_what_is_derived_from_a_kept_value(tmp_path, seed_graph):
    """A redacted graph keeps a claim's figures, dates' days and a release's condition codes:
    the queries read them (a redacted reconcile counts what the plain one counts)."""
    R = redact(seed_graph, key="a test key, not a secret")
    k = R.nodes["Claim:K-RODRIGUEZ-200"]
    assert (k["count_min"], k["date_start"], k["date_end"]) == (201, "2026-01-12", "2026-01-18")
    release = next(a for _, a in R.nodes(data=True) if a.get("kind") == "release")
    assert release["conditions_codes"] == ["other", "gag_order"]
    plain = detnet.reconcile(seed_graph)
    assert detnet.reconcile(R) == plain


def test_a_claimant_who_is_a_person_on_record_is_redacted(tmp_path):
    folder = write(
        tmp_path / "r",
        sources_csv=SOURCES,
        persons_csv="id,name\nP1,Zorana Quintovar\n",
        claims_csv=HEADER + "K1,2026-01-24,Zorana Quintovar (her family),released,3,,,,,S1\n",
    )
    G = store.new_graph()
    detnet.load(folder, graph=G, strict=True)
    R = redact(G, key="a test key, not a secret")
    assert R.nodes["Claim:K1"]["claimant"] == "[redacted] (her family)"
