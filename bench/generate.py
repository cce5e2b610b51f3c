"""Generate a large workspace: N conventions, ~N/3 partners, realistic 3–6 KB bodies.

    python bench/generate.py 10000 bench/out/ws-10000

Deterministic (seeded): the same N gives the same files.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

KINDS = ["MUNI", "EPCI", "ASSO", "ECOLE", "COLLEGE", "BIB", "CCAS", "ETAT", "EPN", "ENTREPRISE"]
ROLES = ["partenaire", "financeur", "porteur", "hébergeur"]
THEMES = ["éducation", "emploi", "parentalité", "seniors", "démarches", "culture", "insertion"]
WORDS = ("le la les des une un pour avec dans sur accompagnement numérique atelier public "
         "usagers partenaire commune association médiation démarches administratives "
         "formation salle matériel ordinateurs tablettes connexion animateur bénévoles "
         "engagement convention comité pilotage bilan activité indicateurs communication "
         "élu agent référent permanence inscription accueil école parents familles emploi "
         "recherche candidature France Travail CCAS bibliothèque médiathèque réseau").split()
DURATIONS = ["1 an", "2 ans", "3 ans", "18 mois", "6 mois", "P1Y", "1 an et 6 mois"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, title: str) -> str:
    parts = [f"# {title}\n", "## Préambule\n", " ".join(sentence(rng, 18) for _ in range(4))]
    target = rng.randint(3000, 6000)
    article = 1
    while sum(len(p) for p in parts) < target:
        parts.append(f"\n## Article {article} – {sentence(rng, 4)[:-1]}\n")
        parts.append(" ".join(sentence(rng, rng.randint(10, 22)) for _ in range(3)))
        if article % 2 == 0:
            parts.append("\n" + "\n".join(f"- {sentence(rng, 8)}" for _ in range(3)))
        article += 1
    return "\n".join(parts) + "\n"


def main(n: int, out: Path) -> None:
    rng = random.Random(n)
    out.mkdir(parents=True, exist_ok=True)
    n_partners = max(10, n // 3)
    partners = {}
    contacts = {}
    for i in range(n_partners):
        pid = f"partenaire-{i:05d}"
        partners[pid] = {"name": f"Partenaire {i} {rng.choice(WORDS)}", "kind": rng.choice(KINDS),
                         "commune": f"Commune {i % 500}", "address": f"{i} rue de la Poste",
                         "tags": rng.sample(THEMES, 2)}
        if i % 3 == 0:
            contacts[f"contact-{i:05d}"] = {"partner": pid, "name": f"Personne {i}",
                                            "role": "agent référent", "verified": "2026-01-10"}
    partners["epn-bench"] = {"name": "EPN du banc d'essai", "kind": "EPN"}
    (out / "partners.json").write_text(json.dumps(
        {"partners": partners, "contacts": contacts, "interactions": {}},
        ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    (out / "epn.yaml").write_text("epn: epn-bench\nlanguage: fr\nhorizon: 90 jours\n"
                                  "elections:\n  municipal: 2026-03-15\n", encoding="utf-8")
    base = date(2018, 1, 1)
    for i in range(n):
        folder = out / f"{2018 + i % 9}"
        folder.mkdir(exist_ok=True)
        start = base + timedelta(days=rng.randint(0, 3200))
        status = rng.choices(["signed", "draft", "negotiation", "terminated"], [80, 8, 6, 6])[0]
        renewal = rng.choice(["none", "tacit", "express"])
        title = f"Convention {i} – {sentence(rng, 5)[:-1]}"
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "type: partenariat",
                 f"status: {status}", f"themes: [{', '.join(rng.sample(THEMES, 2))}]",
                 "parties:"]
        for pid in ("epn-bench", f"partenaire-{rng.randrange(n_partners):05d}"):
            lines += [f"  - partner: {pid}", f"    role: {rng.choice(ROLES)}",
                      "    commitments:", f"      - {sentence(rng, 9)}",
                      f"      - {sentence(rng, 7)}"]
        lines += [f"signed: {start - timedelta(days=10)}", f"start: {start}",
                  f"duration: {rng.choice(DURATIONS)}", f"renewal: {renewal}"]
        if renewal == "tacit" and rng.random() < 0.5:
            lines.append(f"max_renewals: {rng.randint(1, 4)}")
        if renewal != "none":
            lines.append(f"notice: {rng.choice(['1 mois', '2 mois', '3 mois'])}")
        if status == "terminated":
            lines.append(f"terminated: {start + timedelta(days=400)}")
        if rng.random() < 0.3:
            lines.append(f"amount: {rng.randint(5, 300) * 100}")
        if rng.random() < 0.4:
            lines += ["follow_up:", "  - what: Comité de pilotage", "    every: 6 mois",
                      f"    from: {start + timedelta(days=30)}"]
        lines.append("---")
        text = "\n".join(lines) + "\n" + body(rng, title)
        (folder / f"convention-{i:05d}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
