"""How long the network takes at 1,000 partners: build, text overview, exports, health.

    /work/venv/bin/python bench/bench_network.py [PARTNERS]

Makes a seeded workspace in a temporary folder (PARTNERS partners, 3 contacts and 4
interactions each, about 1.5 conventions each), then prints the best of 5 runs of each
step. The text overview is the figure that matters: it must stay under a second.
"""

from __future__ import annotations

import io
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from epn_tui.core.health import health_checks
from epn_tui.core.network import build_network
from epn_tui.render.dot import to_dot
from epn_tui.render.mermaid import to_mermaid
from epn_tui.render.network_text import overview
from epn_tui.render.svg import to_svg
from epn_tui.store.workspace import Workspace

KINDS = ["MUNI", "EPCI", "DEPT", "ASSO", "ECOLE", "COLLEGE", "BIB", "CCAS", "ETAT", "EPN",
         "ENTREPRISE", "TIERS_LIEUX", "CAF", "AUTRE"]
ROLES = ["élu référent", "agent référent", "président", "directrice", "chargé de mission"]
THEMES = ["éducation", "emploi", "parentalité", "seniors", "démarches", "culture"]
TODAY = date(2026, 11, 22)


def make_workspace(root: Path, n: int) -> None:
    rng = random.Random(1000)
    partners = {"epn-bench": {"name": "EPN du banc d'essai", "kind": "EPN"}}
    contacts, interactions = {}, {}
    for i in range(n):
        pid = f"partenaire-{i:05d}"
        partners[pid] = {"name": f"Partenaire {i} de {rng.choice(THEMES)}",
                         "kind": rng.choice(KINDS), "commune": f"Commune {i % 50}",
                         "tags": rng.sample(THEMES, 2)}
        for j in range(3):
            contacts[f"c-{i:05d}-{j}"] = {
                "partner": pid, "name": f"Personne {i}-{j}", "role": rng.choice(ROLES),
                "committee": rng.random() < 0.05, "elected": "municipal" if j == 0 else None,
                "verified": (TODAY - timedelta(days=rng.randrange(900))).isoformat()}
        for j in range(4):
            interactions[f"i-{i:05d}-{j}"] = {
                "partner": pid, "kind": rng.choice(["meeting", "call", "mail", "committee"]),
                "date": (TODAY - timedelta(days=rng.randrange(700))).isoformat(),
                "contacts": [f"c-{i:05d}-0"]}
    (root / "epn.yaml").write_text("epn: epn-bench\nhorizon: 90 jours\n"
                                   "elections:\n  municipal: 2026-03-15\n", "utf-8")
    (root / "partners.json").write_text(json.dumps(
        {"partners": partners, "contacts": contacts, "interactions": interactions},
        ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    for k in range(n * 3 // 2):
        pid = f"partenaire-{rng.randrange(n):05d}"
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(1800))
        status = rng.choice(["signed", "signed", "signed", "draft", "terminated"])
        extra = "terminated: 2026-01-31\n" if status == "terminated" else ""
        (root / f"conv-{k:05d}.md").write_text(
            f"---\ntitle: Convention {k}\nstatus: {status}\n"
            f"themes: [{rng.choice(THEMES)}]\nparties:\n  - partner: {pid}\n"
            f"  - partner: epn-bench\nstart: {start.isoformat()}\n"
            f"duration: {rng.choice(['1 an', '2 ans', '3 ans'])}\n"
            f"renewal: {rng.choice(['none', 'tacit', 'express'])}\nnotice: 2 mois\n"
            f"{extra}---\n# Convention {k}\n", "utf-8")


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_workspace(root, n)
        ws = Workspace.open(root, use_cache=False)
        assert ws.directory is not None
        partners, contacts = ws.partners(), ws.contacts()
        interactions = ws.directory.interactions()
        print(f"workspace: {len(partners) - 1} partners, {len(contacts)} contacts, "
              f"{len(interactions)} interactions, {len(ws.conventions)} conventions")

        def build() -> object:
            return build_network(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                                 ws.directory.interactions() if ws.directory else {}, TODAY)

        net = build_network(ws.settings, ws.conventions, partners, contacts, interactions,
                            TODAY)

        def text() -> str:
            buffer = io.StringIO()
            Console(file=buffer, width=100, no_color=True).print(overview(net))
            return buffer.getvalue()

        def text_from_disk() -> str:
            nonlocal net
            net = build()  # type: ignore[assignment]
            return text()

        rows = [
            ("directory read (partners, contacts, interactions)",
             best(lambda: (ws.partners(), ws.contacts(), ws.directory.interactions()
                           if ws.directory else None))),
            ("build_network (incl. directory read)", best(build)),
            ("text overview, render only (100 columns)", best(text)),
            ("text overview, build + render", best(text_from_disk)),
            ("Mermaid export", best(lambda: to_mermaid(net))),
            ("DOT export", best(lambda: to_dot(net))),
            ("SVG export", best(lambda: to_svg(net))),
            ("health_checks", best(lambda: health_checks(ws.settings, ws.conventions, partners,
                                                         contacts, interactions, TODAY))),
        ]
        lines = text().count("\n")
        for label, seconds in rows:
            print(f"{label:<52} {seconds * 1000:8.1f} ms")
        print(f"text overview: {lines} lines; SVG: {len(to_svg(net)) // 1024} KiB")
        total = dict(rows)["text overview, build + render"]
        print(f"text overview under a second: {'yes' if total < 1 else 'NO'} "
              f"({total:.2f} s, {1 / total:.1f}x margin)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
