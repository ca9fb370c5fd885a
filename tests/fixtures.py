"""A tiny synthetic corpus for training tests (built here, not taken from data/)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

PAIRS = [("Norway", "Chile"), ("Kenya", "Peru"), ("Japan", "Ghana"), ("Spain", "Laos"), ("Oman", "Fiji"),
         ("Mali", "Cuba"), ("Chad", "Iraq"), ("Togo", "Nepal")]
TEMPLATES = {
    -2: ["{a} shelled border posts of {b} overnight.", "{a} expelled the diplomats of {b} and closed the border."],
    -1: ["{a} condemned the remarks of {b} officials.", "{a} summoned the envoy of {b} in protest."],
    0: ["The {a} delegation arrives in {b} on Monday.", "{a} and {b} share a long coastline."],
    1: ["{a} called for dialogue and restraint with {b}.", "{a} praised the goodwill shown by {b}."],
    2: ["{a} and {b} signed a trade accord.", "{a} released prisoners held from {b} under a deal."],
}
TEMPLATES_FR = {
    -2: ["Le {a} a bombardé des postes du {b} cette nuit.", "Le {a} a expulsé les diplomates du {b}."],
    -1: ["Le {a} a condamné les propos des responsables du {b}.", "Le {a} a convoqué l'envoyé du {b}."],
    0: ["La délégation du {a} arrive au {b} lundi.", "Le {a} et le {b} partagent une longue côte."],
    1: ["Le {a} a appelé au dialogue et à la retenue avec le {b}.", "Le {a} a salué la bonne volonté du {b}."],
    2: ["Le {a} et le {b} ont signé un accord commercial.", "Le {a} a libéré des prisonniers du {b}."],
}


def tiny_rows() -> list[dict[str, object]]:
    rows = []
    for lang, templates in (("en", TEMPLATES), ("fr", TEMPLATES_FR)):
        for level, forms in templates.items():
            for (a, b), form in itertools.product(PAIRS, forms):
                rows.append({"text": form.format(a=a, b=b), "lang": lang, "level": level})
    return rows


def write_csv(path: Path, rows: list[dict[str, object]], columns: list[str] | None = None) -> Path:
    columns = columns or ["text", "lang", "level"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
