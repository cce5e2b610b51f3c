"""A large workspace for the élu's note: `partners` partners (200 by default), three
conventions each on average, many deadlines within six months, several élus and
agents référents, steering committees, and hostile names (Typst and HTML syntax,
control characters, 300-character names). Seeded: the same files every time.

Used by tests/test_note.py and bench/bench_note.py.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)
KINDS = ["MUNI", "EPCI", "DEPT", "ASSO", "ECOLE", "COLLEGE", "BIB", "CCAS", "ETAT", "EPN",
         "ENTREPRISE", "TIERS_LIEUX", "CAF", "AUTRE"]
HOSTILE = [
    '#import "x.typ": * $ma$th$ ] [ <script>alert(1)</script> \\ " // @ref',
    "Association " + "très longue " * 25 + "fin",
    "Nom\x1b[31m avec \x07 contrôles\u202e inversé",
    "École « Les petits <b>malins</b> » & Cie",
]


def make_big(root: Path, n: int = 200, seed: int = 13) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    partners: dict[str, dict[str, object]] = {
        "epn-big": {"name": "EPN intercommunal du Grand Causse", "kind": "EPN",
                    "commune": "Thiviers"}}
    contacts: dict[str, dict[str, object]] = {}
    interactions: dict[str, dict[str, object]] = {}
    for i in range(n):
        pid = f"p{i:04d}"
        kind = "MUNI" if i < 12 else rng.choice(KINDS)
        name = HOSTILE[i // 40] if i % 40 == 39 and i // 40 < len(HOSTILE) else (
            f"{'Commune' if kind == 'MUNI' else 'Partenaire'} n° {i} du Causse")
        partners[pid] = {"name": name, "kind": kind, "commune": f"Commune {i % 30}"}
        contacts[f"c{i:04d}"] = {
            "partner": pid, "name": f"Personne {i}",
            "role": "élu référent" if kind == "MUNI" else (
                "agent référent" if i % 7 == 0 else "chargé de mission"),
            "function": "Adjoint au numérique" if kind == "MUNI" else "Chargé de mission",
            "elected": "municipal" if kind == "MUNI" else None,
            "committee": i % 9 == 0, "verified": "2025-06-01"}
        if kind == "MUNI":
            contacts[f"a{i:04d}"] = {"partner": pid, "name": f"Agent {i}",
                                     "role": "agent référent", "function": "Secrétaire"}
        for j in range(2):
            interactions[f"i{i:04d}-{j}"] = {
                "partner": pid, "kind": "committee" if i % 50 == 0 and j == 0 else "meeting",
                "date": (TODAY - timedelta(days=rng.randrange(40, 500))).isoformat(),
                "contacts": [f"c{i:04d}"], "next_step": "Relancer" if j else "",
                "next_date": (TODAY - timedelta(days=rng.randrange(1, 60))).isoformat()
                if j else None}
    (root / "epn.yaml").write_text("epn: epn-big\nlanguage: fr\nhorizon: 90 jours\n"
                                   "elections:\n  municipal: 2026-03-15\n", "utf-8")
    data = {"partners": partners, "contacts": contacts, "interactions": {
        k: {key: value for key, value in v.items() if value not in (None, "")}
        for k, v in interactions.items()}}
    (root / "partners.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                   indent=2) + "\n", "utf-8")
    k = 0
    for i in range(n):
        if i % 5 == 4:
            continue  # one partner in five without a written convention
        for _ in range(rng.choice((1, 2, 3, 4, 5))):
            start = TODAY - timedelta(days=rng.randrange(200, 1000))
            renewal = rng.choice(["none", "tacit", "express"])
            title = (HOSTILE[k % len(HOSTILE)] if k % 97 == 0
                     else f"Convention {k} avec le partenaire {i}")
            (root / f"conv-{k:05d}.md").write_text(
                "---\n" + f"title: {json.dumps(title, ensure_ascii=False)}\n"
                f"status: signed\nparties:\n  - partner: p{i:04d}\n  - partner: epn-big\n"
                f"start: {start.isoformat()}\nduration: {rng.choice(['1 an', '2 ans'])}\n"
                f"renewal: {renewal}\nnotice: 2 mois\n"
                + ("follow_up:\n  - what: Comité de pilotage\n    every: 6 mois\n"
                   f"    from: {start.isoformat()}\n" if k % 50 == 0 else "")
                + "---\n# Convention\n", "utf-8")
            k += 1
    return root
