"""Small builders for record files in tests."""

from __future__ import annotations

from pathlib import Path

SOURCES = "id,title\nS1,Synthetic source\n"
PERSONS = "id,name,sources\nP1,Zorana Quintovar,S1\nP2,Velito Morreth,S1\n"
OFFICIALS = "id,name,position\nF1,Judge Ploxulo,control court judge\n"
FACILITIES = "id,name,kind\nC1,Synthetic Centre,prison\n"
ORDERS = (
    "id,kind,date,person_id,official_id,facility_id,status\n"
    "O1,arrest,2024-01-10,P1,F1,C1,\n"
    "O2,release,2024-02-10,P1,F1,C1,verified\n"
)


def write(folder: Path, **files: str | bytes) -> Path:
    """Write files named by keyword (`orders_csv="..."` -> orders.csv) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        stem, _, ext = name.rpartition("_")
        path = folder / f"{stem}.{ext}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def basic(folder: Path, **overrides: str | bytes) -> Path:
    """A small valid records folder; keyword arguments replace or add files."""
    files = dict(
        sources_csv=SOURCES,
        persons_csv=PERSONS,
        officials_csv=OFFICIALS,
        facilities_csv=FACILITIES,
        orders_csv=ORDERS,
    )
    files.update(overrides)
    return write(folder, **files)
