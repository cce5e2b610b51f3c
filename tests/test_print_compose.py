"""Composing a printed convention: generated clauses, placeholders, errors, escaping."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from epn_tui.core.durations import parse_duration
from epn_tui.core.model import Convention, Party
from epn_tui.render import clauses
from epn_tui.render.compose import PrintError, compose
from epn_tui.render.typo import NBSP, NNBSP, escape_markdown, euros, french_typography
from epn_tui.store.workspace import Workspace
from tests.conftest import DEMO

TODAY = date(2026, 11, 22)
PARTNERS = {
    "contacts": {
        "claire": {"name": "Claire Martin", "partner": "ecole", "function": "Directrice"},
        "maire": {"name": "Jean Dupont", "partner": "mairie", "function": "Maire"},
    },
    "interactions": {},
    "partners": {
        "ecole": {"kind": "ECOLE", "name": "École Jules-Ferry", "address": "7 rue des Écoles"},
        "mairie": {"kind": "MUNI", "name": "Commune de Sorges", "commune": "Sorges"},
        "epn-test": {"kind": "EPN", "name": "EPN de test", "commune": "Sorges-et-Ligueux"},
    },
}
HEAD = """\
---
title: Partenariat école
type: partenariat
status: {status}
parties:
  - partner: ecole
    role: partenaire
    signatory: claire
  - partner: epn-test
    role: porteur
start: 2025-09-01
duration: 1 an
renewal: tacit
notice: 3 mois
signed: 2025-08-28
---
"""


def workspace(tmp_path: Path, files: dict[str, str], partners: object = PARTNERS) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir(exist_ok=True)
    (root / "epn.yaml").write_text("epn: epn-test\nlanguage: fr\n", encoding="utf-8")
    (root / "partners.json").write_text(json.dumps(partners, ensure_ascii=False),
                                        encoding="utf-8")
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return Workspace.open(root, use_cache=False)


def conv(**fields: object) -> Convention:
    base: dict[str, object] = {"id": "c", "path": "c.md", "title": "T", "status": "signed",
                               "parties": (Party("a"), Party("b"))}
    base.update(fields)
    return Convention(**base)  # type: ignore[arg-type]


# Durée et renouvellement ---------------------------------------------------------------------
def test_tacit_renewal_with_notice_and_limit() -> None:
    text = clauses.duration_and_renewal(conv(
        start=date(2025, 9, 1), duration=parse_duration("1 an"), renewal="tacit",
        notice=parse_duration("3 mois"), max_renewals=2))
    assert text == (
        "La présente convention prend effet le 1er septembre 2025. Elle est conclue pour une "
        "durée d'un an, soit jusqu'au 31 août 2026 inclus. À son terme, elle est reconduite "
        "tacitement par périodes successives d'un an. Le nombre de reconductions est limité "
        "à 2. Chaque partie peut s'opposer à sa reconduction par lettre recommandée avec "
        "accusé de réception adressée au moins trois mois avant l'échéance de la période en "
        "cours (pour la première période : au plus tard le 31 mai 2026).")


def test_express_renewal_gives_the_request_deadline() -> None:
    text = clauses.duration_and_renewal(conv(
        start=date(2026, 1, 1), end=date(2026, 12, 31), renewal="express",
        notice=parse_duration("2 mois")))
    assert "Elle prend fin le 31 décembre 2026." in text
    assert "de manière expresse" in text
    assert "au plus tard le 31 octobre 2026" in text


def test_open_ended_and_no_start() -> None:
    assert clauses.duration_and_renewal(conv(
        start=date(2024, 2, 1), duration=parse_duration("indéterminée"),
        notice=parse_duration("3 mois"))) == (
        "La présente convention prend effet le 1er février 2024. Elle est conclue pour une "
        "durée indéterminée. Chaque partie peut y mettre fin à tout moment par lettre "
        "recommandée avec accusé de réception, moyennant un préavis de trois mois.")
    draft = clauses.duration_and_renewal(conv(status="draft", duration=parse_duration("18 mois")))
    assert draft.startswith("La présente convention prend effet à la date de sa signature")
    assert "pour une durée de dix-huit mois." in draft


def test_avenant_is_masculine_and_says_no_renewal_once() -> None:
    text = clauses.duration_and_renewal(conv(
        type="avenant", start=date(2026, 6, 1), end=date(2027, 3, 31)))
    assert text == ("Le présent avenant prend effet le 1er juin 2026. Il prend fin le "
                    "31 mars 2027, sans reconduction.")


def test_durations_in_words() -> None:
    assert clauses.format_duration(parse_duration("1 an et 6 mois")) == "1 an et 6 mois"
    assert clauses.format_duration(parse_duration("P2Y3M10D")) == "2 ans, 3 mois et 10 jours"
    assert clauses.format_duration(parse_duration("2 semaines")) == "14 jours"


# The whole document --------------------------------------------------------------------------
def test_demo_convention_is_composed_with_its_clauses() -> None:
    ws = Workspace.open(DEMO, use_cache=False)
    doc = compose(ws, "commune-sorges-mise-a-disposition", TODAY)
    md = doc.markdown()
    assert "{{" not in md
    assert doc.heading == "# Convention d'objectifs et de mise à disposition des locaux"
    assert "**Entre les soussignés :**" in md
    assert "(e)" not in md
    # The parties as legal persons: article, SIRET, signatory with civility and capacity,
    # the top-level délibération on the commune (a public body), not on the EPN.
    assert ("**La Commune de Sorges-et-Ligueux-en-Périgord**, SIRET 212 409 999 00013"
            in doc.parties)
    assert ("représentée par Monsieur Jean-Pierre Delmas, Maire, dûment habilité par "
            "délibération n° 2024-003 du conseil municipal du 11 janvier 2024, ci-après "
            "dénommée « la Commune »") in doc.parties
    # The EPN through its legal holder, an association with its legal form and RNA.
    assert ("**L'association Sorges Numérique, qui porte l'EPN de Sorges**, association "
            "régie par la loi du 1er juillet 1901, SIRET 829 147 000 00016, RNA n° "
            "W243001234") in doc.parties
    assert doc.parties.index("délibération") < doc.parties.index("EPN de Sorges")
    assert ("La présente convention prend effet le 1er février 2024. Elle est conclue pour "
            "une durée de six ans, soit jusqu'au 31 janvier 2030 inclus.") in md
    assert ("Fait à Sorges-et-Ligueux-en-Périgord, le 22 janvier 2024, en deux exemplaires "
            "originaux.") == doc.closing
    assert [b.heading for b in doc.signatures] == [
        "Pour la Commune de Sorges-et-Ligueux-en-Périgord",
        "Pour l'association Sorges Numérique"]
    assert [b.name_line for b in doc.signatures] == [
        "Monsieur Jean-Pierre Delmas", "Monsieur Henri Laval"]
    assert not doc.draft


def test_every_demo_convention_composes() -> None:
    ws = Workspace.open(DEMO, use_cache=False)
    for conv_id in ws.conventions:
        doc = compose(ws, conv_id, TODAY)
        assert "{{" not in doc.body and "duree_et_renouvellement" not in doc.body
        assert doc.draft == (ws.conventions[conv_id].status in ("draft", "negotiation"))


def test_draft_has_a_blank_date_and_the_mark(tmp_path: Path) -> None:
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="draft").replace(
        "signed: 2025-08-28\n", "") + "Texte.\n"})
    doc = compose(ws, "c", TODAY)
    assert doc.draft
    assert doc.markdown().startswith("**PROJET**")
    assert doc.closing == ("Fait à Sorges-et-Ligueux, le …………………, en deux exemplaires "
                           "originaux.")
    # No `# ` heading in the body: the title becomes one.
    assert doc.heading == "# Partenariat école"


def test_per_party_deliberation_and_elision(tmp_path: Path) -> None:
    text = HEAD.format(status="signed").replace(
        "    role: porteur\n",
        "    role: employeur\n    deliberation: Décision du bureau du 3 mars 2025\n")
    ws = workspace(tmp_path, {"c.md": text + "# Titre\n\nTexte.\n"})
    doc = compose(ws, "c", TODAY)
    # No civility on file: the délibération without a participle to agree.
    assert "agissant en vertu de la décision du bureau du 3 mars 2025" in doc.parties
    assert "(e)" not in doc.parties
    assert "**L'EPN de test**, représenté par son représentant légal en exercice" \
        in doc.parties


def test_placeholders_fields_filters_and_loops(tmp_path: Path) -> None:
    body = (
        "# {{ convention.title }}\n\n"
        "Début : {{ convention.start|date_fr }} ({{ convention.start|date_court }}).\n"
        "Fin : {{ convention.end|date_fr }}. Préavis : {{ convention.notice }}.\n"
        "Montant : {{ 1500|euros }} et {{ 1234.5|euros }}.\n"
        "{% for p in parties %}- {{ p.name }} ({{ p.role }}, {{ p.signatory }})\n{% endfor %}"
        "EPN : {{ epn.name }} à {{ epn.commune }}, le {{ today|date_fr }}.\n"
        "Signée : {{ convention.signed|date_fr }}; renouvellement : "
        "{{ convention.renewal_label }}.\n")
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + body})
    doc = compose(ws, "c", TODAY)
    assert doc.heading == "# Partenariat école"
    assert "Début : 1er septembre 2025 (01/09/2025)." in doc.body
    assert "Fin : 31 août 2026. Préavis : trois mois." in doc.body
    assert f"Montant : 1{NNBSP}500{NBSP}€ et 1{NNBSP}234,50{NBSP}€." in doc.body
    assert "- École Jules-Ferry (partenaire, Claire Martin)\n- EPN de test (porteur, )" \
        in doc.body
    assert "EPN : EPN de test à Sorges-et-Ligueux, le 22 novembre 2026." in doc.body
    assert "Signée : 28 août 2025; renouvellement : tacite reconduction." in doc.body


def test_entre_les_soussignes_placeholder_moves_the_clause(tmp_path: Path) -> None:
    body = "# Titre\n\n## Préambule\n\nTexte.\n\n{{ entre_les_soussignes }}\n\nSuite.\n"
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + body})
    doc = compose(ws, "c", TODAY)
    assert doc.parties == ""
    assert doc.body.index("Préambule") < doc.body.index("Entre les soussignés")


def test_unknown_placeholder_names_the_file_line(tmp_path: Path) -> None:
    body = "# Titre\n\nLigne 1\n\nLe {{ convention.titre }} ici.\n"
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + body})
    with pytest.raises(PrintError) as err:
        compose(ws, "c", TODAY)
    line = (HEAD.format(status="signed") + body).splitlines().index(
        "Le {{ convention.titre }} ici.") + 1
    assert str(err.value).startswith(f"c.md:{line}: champ inconnu")
    assert "titre" in str(err.value)


def test_unknown_top_level_placeholder_and_syntax_error(tmp_path: Path) -> None:
    head = HEAD.format(status="signed")
    first = head.count("\n") + 1
    ws = workspace(tmp_path, {"a.md": head + "x\n{{ inconnu }}\n",
                              "b.md": head + "x\ny\n{% for p in parties %}\n"})
    with pytest.raises(PrintError, match=rf"^a\.md:{first + 1}: champ inconnu : 'inconnu'"):
        compose(ws, "a", TODAY)
    with pytest.raises(PrintError, match=r"^b\.md:\d+: erreur de modèle"):
        compose(ws, "b", TODAY)


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    head = HEAD.format(status="signed")
    ws = workspace(tmp_path, {
        "a.md": head + "{{ convention.__class__.__mro__ }}\n",
        "b.md": head + "{{ ''.__class__.__subclasses__() }}\n",
        "c.md": head + "{{ parties.append(1) }}\n",
    })
    for conv_id in ("a", "b", "c"):
        with pytest.raises(PrintError, match=rf"^{conv_id}\.md:\d+: "):
            compose(ws, conv_id, TODAY)


def test_values_are_inserted_as_literal_text(tmp_path: Path) -> None:
    partners = json.loads(json.dumps(PARTNERS))
    partners["partners"]["ecole"]["name"] = "*École* <script>alert(1)</script> [x](javascript:y)"
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + "{{ parties[0].name }}\n"},
                   partners=partners)
    doc = compose(ws, "c", TODAY)
    escaped = r"\*École\* \<script\>alert(1)\</script\> \[x\](javascript:y)"
    assert escaped in doc.body
    assert escaped in doc.parties


def test_typography_and_escaping_helpers() -> None:
    assert french_typography("Objet : « test » ; oui ! non ?") == (
        f"Objet{NBSP}: «{NBSP}test{NBSP}»{NNBSP}; oui{NNBSP}! non{NNBSP}?")
    assert french_typography("«collé» http://x.fr 12:30") == (
        f"«{NBSP}collé{NBSP}» http://x.fr 12:30")
    assert escape_markdown("- 1. # a\nb") == r"\- 1. \# a b"
    assert escape_markdown("12. x") == r"12\. x"
    assert euros(23000) == f"23{NNBSP}000{NBSP}€"


def test_git_version_in_footer(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    import subprocess

    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + "Texte.\n"})
    assert compose(ws, "c", TODAY).footer == "c · non versionné"
    env = {**os.environ, "GIT_COMMITTER_DATE": "2025-08-28T10:00:00+02:00",
           "GIT_AUTHOR_DATE": "2025-08-28T10:00:00+02:00", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for cmd in (["init", "-q"], ["add", "c.md"], ["commit", "-q", "-m", "c"]):
        subprocess.run([git, *cmd], cwd=ws.root, env=env, check=True)  # noqa: S603
    short = subprocess.run([git, "log", "-1", "--format=%h"], cwd=ws.root, env=env,  # noqa: S603
                           capture_output=True, text=True, check=True).stdout.strip()
    assert compose(ws, "c", TODAY).footer == f"c · version du 28 août 2025 ({short})"
    (ws.root / "c.md").write_text(HEAD.format(status="signed") + "Autre.\n", encoding="utf-8")
    assert compose(ws, "c", TODAY).footer.endswith(
        f"({short}) + modifications non enregistrées dans git")


def test_without_git_the_footer_says_not_versioned(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("epn_tui.store.git.shutil.which", lambda _name: None)
    ws = Workspace.open(DEMO, use_cache=False)
    assert compose(ws, "ecole-jules-ferry-2025", TODAY).footer == \
        "ecole-jules-ferry-2025 · non versionné"


def test_dates_past_year_9999_print_without_them() -> None:
    text = clauses.duration_and_renewal(conv(
        start=date(2025, 1, 1), duration=parse_duration("9000 ans"), renewal="tacit",
        notice=parse_duration("3 mois")))
    assert "pour une durée de neuf mille ans." in text
    assert "au moins trois mois avant l'échéance de la période en cours." in text
    express = clauses.duration_and_renewal(conv(
        start=date(2025, 1, 1), duration=parse_duration("1 an"), renewal="express",
        notice=parse_duration("5000 ans")))
    assert express.endswith("en fait la demande au moins cinq mille ans avant son terme.")
