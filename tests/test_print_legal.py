"""The printed convention as a legal document (issue 13): the order of its opening, the
parties identified as legal persons, with grammatical agreement resolved from the data."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pypdf

from epn_tui.render.compose import compose
from epn_tui.render.printing import print_convention
from epn_tui.store.workspace import Workspace
from tests.conftest import DEMO
from tests.test_print_compose import HEAD, workspace

TODAY = date(2026, 11, 22)

TWO_ASSOCIATIONS = {
    "contacts": {
        "rp": {"name": "Robert Peyrat", "partner": "aines", "civility": "M.",
               "signing_capacity": "Président", "function": "Président (mandat 2020-2026)"},
        "ml": {"name": "Marie Lenoir", "partner": "epn-test", "civility": "Mme",
               "signing_capacity": "Présidente"},
    },
    "interactions": {},
    "partners": {
        "aines": {"kind": "ASSO", "name": "Les Aînés du Causse", "siret": "44812300000019",
                  "address": "Salle des fêtes, 24420 Sorges"},
        "epn-test": {"kind": "ASSO", "name": "Sorges Numérique", "rna": "W243001234",
                     "commune": "Sorges"},
    },
}


def squash(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u200b\u00ad-]+", "", text)


def test_pdf_opening_is_in_legal_order() -> None:
    """Entre les soussignés → parties → Préambule → « Il a été convenu… » → Article 1."""
    ws = Workspace.open(DEMO, use_cache=False)
    for conv_id in ("cc-causses-rivieres-financement-2026", "commune-sorges-mise-a-disposition"):
        data = print_convention(ws, conv_id, "pdf", TODAY)
        reader = pypdf.PdfReader(io.BytesIO(data))
        flat = squash("\n".join(page.extract_text() for page in reader.pages))
        marks = ["Entre les soussignés", "d'une part", "d'autre part", "Préambule",
                 "Il a été convenu ce qui suit", "Article 1"]
        where = [flat.find(squash(m)) for m in marks]
        assert all(i >= 0 for i in where), (conv_id, list(zip(marks, where, strict=True)))
        assert where == sorted(where), (conv_id, list(zip(marks, where, strict=True)))


def test_agreed_after_the_preamble_and_visas_first(tmp_path: Path) -> None:
    body = ("# Titre\n\nVu le code général des collectivités territoriales,\n\n"
            "Vu la délibération n° 12 du 3 mars 2025,\n\n## Préambule\n\nTexte.\n\n"
            "### Contexte\n\nSuite.\n\n## Article 1 – Objet\n\nObjet.\n")
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + body})
    md = compose(ws, "c", TODAY).markdown()
    order = ["Vu le code", "Vu la délibération", "Entre les soussignés", "Préambule",
             "Contexte", "Il a été convenu ce qui suit :", "## Article 1"]
    where = [md.index(m) for m in order]
    assert where == sorted(where)
    assert md.count("Il a été convenu") == 1


def test_without_preamble_agreed_follows_the_parties(tmp_path: Path) -> None:
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + "# T\n\n## Article 1\n"})
    md = compose(ws, "c", TODAY).markdown()
    assert md.index("d'autre part") < md.index("Il a été convenu") < md.index("Article 1")


def test_parties_as_legal_persons_with_agreement(tmp_path: Path) -> None:
    text = HEAD.format(status="signed").replace("partner: ecole", "partner: aines").replace(
        "signatory: claire", "signatory: rp").replace(
        "    role: porteur\n", "    role: porteur\n    signatory: ml\n")
    ws = workspace(tmp_path, {"c.md": text + "# T\n\nTexte.\n"}, TWO_ASSOCIATIONS)
    doc = compose(ws, "c", TODAY)
    assert ("**L'association Les Aînés du Causse**, association régie par la loi du "
            "1er juillet 1901, SIRET 448 123 000 00019, sise Salle des fêtes, 24420 Sorges, "
            "représentée par Monsieur Robert Peyrat, Président, ci-après dénommée "
            "« Les Aînés du Causse »") in doc.parties
    assert ("**L'association Sorges Numérique**, association régie par la loi du "
            "1er juillet 1901, RNA n° W243001234, représentée par Madame Marie Lenoir, "
            "Présidente, ci-après dénommée « Sorges Numérique »") in doc.parties
    # The capacity comes from its own field: the free-text function never leaks.
    assert "mandat" not in doc.markdown()
    assert "(e)" not in doc.markdown()
    assert [b.heading for b in doc.signatures] == [
        "Pour l'association Les Aînés du Causse", "Pour l'association Sorges Numérique"]


def test_public_body_with_deliberation_and_masculine_article(tmp_path: Path) -> None:
    partners = {
        "contacts": {"hc": {"name": "Hélène Chassaing", "partner": "dept", "civility": "Mme",
                            "signing_capacity": "Vice-présidente"}},
        "interactions": {},
        "partners": {"dept": {"kind": "DEPT", "name": "Département de la Dordogne"},
                     "epn-test": {"kind": "EPN", "name": "EPN de test"}},
    }
    text = HEAD.format(status="signed").replace("partner: ecole", "partner: dept").replace(
        "signatory: claire", "signatory: hc").replace(
        "signed: 2025-08-28\n",
        "signed: 2025-08-28\ndeliberation: Délibération n° 25-104 du 30 juin 2025\n")
    ws = workspace(tmp_path, {"c.md": text + "# T\n\nTexte.\n"}, partners)
    doc = compose(ws, "c", TODAY)
    assert ("**Le Département de la Dordogne**, représenté par Madame Hélène Chassaing, "
            "Vice-présidente, dûment habilitée par délibération n° 25-104 du 30 juin 2025, "
            "ci-après dénommé « le Département »") in doc.parties
    assert "(e)" not in doc.parties


def test_a_convention_made_from_the_financing_template_prints_what_was_typed(
        tmp_path: Path) -> None:
    from epn_tui.store.templates import BUILT_IN_DIR, fill
    text = fill((BUILT_IN_DIR / "financement.md").read_text(encoding="utf-8"),
                "Subvention 2027 du Département")
    text = text.replace("parties: []", (
        "parties:\n  - partner: dept\n    signatory: hc\n    commitments:\n"
        "      - Verser une subvention de 12 000 € en deux tranches\n"
        "  - partner: epn-test\n    commitments:\n"
        "      - Remettre un bilan d'activité avant le 15 décembre\n"
        "      - Tenir deux permanences hebdomadaires\n")).replace(
        "amount: 0", "amount: 12000")
    partners = {
        "contacts": {"hc": {"name": "Hélène Chassaing", "partner": "dept", "civility": "Mme",
                            "signing_capacity": "Vice-présidente"}},
        "interactions": {},
        "partners": {"dept": {"kind": "DEPT", "name": "Département de la Dordogne"},
                     "epn-test": {"kind": "EPN", "name": "EPN de test",
                                  "commune": "Sorges"}},
    }
    ws = workspace(tmp_path, {"c.md": text}, partners)
    md = compose(ws, "c", TODAY).markdown()
    assert md.count("# Subvention 2027 du Département") == 1
    assert "de l'espace public numérique" not in md.split("\n", 1)[0]
    assert "## Article 2 – Engagements des parties" in md
    assert ("Le Département s'engage à :\n\n- verser une subvention de 12 000 € en deux "
            "tranches.") in md
    assert ("L'EPN de test s'engage à :\n\n- remettre un bilan d'activité avant le "
            "15 décembre ;\n- tenir deux permanences hebdomadaires.") in md
    assert "une subvention de **12 000 € (douze mille euros)**" in md.replace(
        "\u202f", " ").replace("\u00a0", " ")
    assert "[montant] €**" not in md
    assert "pour une durée d'un an" in md
    assert "moins deux mois avant" in md or "deux mois" in md
    assert "en deux exemplaires originaux" in md


def test_amounts_and_counts_in_words() -> None:
    from epn_tui.render import words
    assert words.amount(12000) == "douze mille euros"
    assert words.amount(1) == "un euro"
    assert words.amount(1_000_000) == "un million d'euros"
    assert words.amount(1234.5) == ("mille deux cent trente-quatre euros et cinquante "
                                    "centimes")
    assert words.amount(80) == "quatre-vingts euros"
    assert words.number(2) == "deux"


def test_ordinals_are_raised_in_pdf_and_html() -> None:
    from epn_tui.render.html import markdown_to_html
    from epn_tui.render.typo import split_ordinals
    from epn_tui.render.typst_md import markdown_to_typst
    assert split_ordinals("le 1er juillet, la 1re, le 6e, le 2nd, le 3ème, v1e2, 10 ex") == [
        ("le 1", False), ("er", True), (" juillet, la 1", False), ("re", True),
        (", le 6", False), ("e", True), (", le 2", False), ("nd", True), (", le 3", False),
        ("e", True), (", v1e2, 10 ex", False)]
    assert '1";#super("er");' in markdown_to_typst("loi du 1er juillet 1901")
    assert "1<sup>er</sup> juillet" in markdown_to_html("loi du 1er juillet 1901")
    # Markup in the text stays text.
    assert "&lt;b&gt;" in markdown_to_html("1er <b>")
    # In English, nothing is raised.
    assert "<sup>" not in markdown_to_html("1er juillet", french=False)


def test_templates_by_type_carry_current_law() -> None:
    from epn_tui.store.templates import BUILT_IN_DIR
    financing = (BUILT_IN_DIR / "financement.md").read_text(encoding="utf-8")
    assert "contrat d'engagement républicain" in financing
    assert "2021-1109" in financing
    premises = (BUILT_IN_DIR / "mise-a-disposition.md").read_text(encoding="utf-8")
    assert "renewal: none" in premises and "raisonnablement" in premises
    assert "bon père de famille" not in premises
    assert "inventaire annexé" in premises and "## Annexe – Inventaire" in premises
    for path in BUILT_IN_DIR.glob("*.md"):
        assert "\n# {{ convention.title }}\n" in path.read_text(encoding="utf-8"), path.name


def test_an_amendment_names_the_convention_it_changes(tmp_path: Path) -> None:
    from epn_tui.store.templates import BUILT_IN_DIR, fill
    text = fill((BUILT_IN_DIR / "avenant.md").read_text(encoding="utf-8"),
                "Avenant n° 1 au partenariat école")
    text = text.replace("parties: []", "parties:\n  - partner: ecole\n  - partner: epn-test")
    text = text.replace("type: avenant\n", "type: avenant\namends: c\n")
    ws = workspace(tmp_path, {"c.md": HEAD.format(status="signed") + "# T\n",
                              "a.md": text})
    md = compose(ws, "a", TODAY).markdown()
    assert ("Les parties ont signé le 28 août 2025 la convention « Partenariat école » "
            "(ci-après « la convention initiale »)") in md.replace("\n", " ")
    assert md.count("Il a été convenu ce qui suit") == 1
    assert md.index("## Préambule") < md.index("Il a été convenu") < md.index("## Article 1")


def test_signatures_never_alone_and_paraphs_on_multi_page_documents(tmp_path: Path) -> None:
    long_body = "# T\n\n" + "".join(f"## Article {i}\n\n" + "Texte du contrat. " * 60 + "\n\n"
                                    for i in range(1, 8)) + "Dernier alinéa du contrat.\n"
    ws = workspace(tmp_path, {"long.md": HEAD.format(status="signed") + long_body,
                              "short.md": HEAD.format(status="signed") + "# T\n\nCourt.\n"})
    reader = pypdf.PdfReader(io.BytesIO(print_convention(ws, "long", "pdf", TODAY)))
    pages = [squash(page.extract_text()) for page in reader.pages]
    assert len(pages) > 1
    assert all(squash("Paraphes :") in page for page in pages)
    last = pages[-1]
    # The signature page holds the body's last paragraph before « Fait à ».
    assert last.index(squash("Dernier alinéa du contrat.")) < last.index(squash("Fait à"))
    short = pypdf.PdfReader(io.BytesIO(print_convention(ws, "short", "pdf", TODAY)))
    assert len(short.pages) == 1
    assert squash("Paraphes") not in squash(short.pages[0].extract_text())


def test_unfinished_text_is_never_silent(tmp_path: Path) -> None:
    from epn_tui.render.compose import PrintError
    from epn_tui.render.html import markdown_to_html
    from epn_tui.render.typst_md import markdown_to_typst
    body = ("# T\n\nMontant : [montant] € pour {{ '[pas compté]' }}.\n\n"
            "Voir [le site](https://example.org) et `[code]`.\n\n"
            "| a | b |\n| --- | --- |\n| [ ] | x |\n")
    text = HEAD.format(status="signed") + body
    ws = workspace(tmp_path, {"c.md": text, "d.md": HEAD.format(status="draft") + body})
    doc = compose(ws, "c", TODAY)
    lines = text.splitlines()
    assert doc.unfilled == ((lines.index("Montant : [montant] € pour {{ '[pas compté]' }}.")
                             + 1, "[montant]"), (len(lines), "[ ]"))
    # A signed convention with placeholders is refused when asked, with each line.
    try:
        print_convention(ws, "c", "md", TODAY, allow_placeholders=False)
    except PrintError as exc:
        assert str(exc).splitlines()[0] == (
            f"c.md:{doc.unfilled[0][0]}: « [montant] » reste à compléter")
    else:
        raise AssertionError("a signed convention with placeholders was printed")
    # A draft prints (its placeholders marked); by default a signed one prints too.
    assert print_convention(ws, "d", "md", TODAY, allow_placeholders=False)
    assert print_convention(ws, "c", "md", TODAY)
    # The mark in the PDF and in the HTML.
    assert '#highlight(fill: rgb(255, 222, 100))[#"[montant]";]' in markdown_to_typst(
        "Montant : [montant] €")
    assert '<mark class="todo">[montant]</mark>' in markdown_to_html("Montant : [montant] €")
    assert "<mark" not in markdown_to_html("[le site](https://example.org)")


def test_a_placeholder_over_two_lines_is_one() -> None:
    from epn_tui.render.compose import find_unfilled
    from epn_tui.render.html import markdown_to_html
    from epn_tui.render.typst_md import markdown_to_typst
    body = "Texte.\n\n[Présenter le financeur et\nsa politique] ici.\n\n```\n[code]\n```\n"
    assert find_unfilled(body, 10) == [(12, "[Présenter le financeur et sa politique]")]
    assert '<mark class="todo">[Présenter le financeur et\nsa politique]</mark>' in \
        markdown_to_html(body)
    assert '#highlight(fill: rgb(255, 222, 100))[#"[Présenter le financeur et sa ' \
        'politique]";]' in markdown_to_typst(body)


def test_a_school_signs_through_its_commune_with_the_head_teachers_agreement() -> None:
    ws = Workspace.open(DEMO, use_cache=False)
    doc = compose(ws, "ecole-jules-ferry-2025", TODAY)
    assert ("**La Commune de Sorges-et-Ligueux-en-Périgord, pour l'École élémentaire "
            "Jules-Ferry**, SIRET 212 409 999 00013") in doc.parties
    assert ("représentée par Monsieur Jean-Pierre Delmas, Maire, avec l'accord de Madame "
            "Claire Martin, Directrice d'école") in doc.parties
    assert "enseignante en CM2" not in doc.markdown()
    assert [b.heading for b in doc.signatures] == [
        "Pour la Commune de Sorges-et-Ligueux-en-Périgord",
        "Pour l'association Sorges Numérique",
        "Pour accord, l'École élémentaire Jules-Ferry"]
    assert doc.closing.endswith("en deux exemplaires originaux.")


def test_annexes_follow_the_signatures_on_their_own_page() -> None:
    """The premises' inventory is annexed: after « Fait à … » and the signatures, from a
    new page, in the PDF, the HTML and the Markdown."""
    ws = Workspace.open(DEMO, use_cache=False)
    conv_id = "commune-sorges-mise-a-disposition"
    reader = pypdf.PdfReader(io.BytesIO(print_convention(ws, conv_id, "pdf", TODAY)))
    pages = [squash(page.extract_text()) for page in reader.pages]
    annex = squash("Annexe – Inventaire du mobilier")
    on = [i for i, page in enumerate(pages) if annex in page]
    assert len(on) == 1 and on[0] == len(pages) - 1
    assert not pages[-1].startswith(squash("Fait à")) and squash("Fait à") not in pages[-1]
    flat = "".join(pages)
    assert flat.find(squash("Pour l'association Sorges Numérique")) < flat.find(annex)
    html = print_convention(ws, conv_id, "html", TODAY).decode("utf-8")
    assert html.find('class="signatures"') < html.find('class="annexes"') \
        < html.find("Tables modulables")
    md = print_convention(ws, conv_id, "md", TODAY).decode("utf-8")
    assert md.find("Signature") < md.find("## Annexe") < md.find("Tables modulables")


def test_split_annexes_reads_headings_only() -> None:
    from epn_tui.render.compose import split_annexes

    body = ("## Article 1\n\nVoir l'annexe ci-jointe.\n\n```\n## Annexe dans du code\n```\n\n"
            "## Annexes\n\n### Annexe 1 – Budget\n\n| a | b |\n")
    main, annexes = split_annexes(body)
    assert main.endswith("```\n\n") and annexes.startswith("## Annexes\n")
    assert split_annexes("## Article 1\n\nAnnexe : rien.\n") == (
        "## Article 1\n\nAnnexe : rien.\n", "")
    assert split_annexes("## Annex A – Budget\n")[1] == "## Annex A – Budget\n"
