"""The importer maps onto the typed parts of the content model: themed chapters (crisis,
media, social media, visual identity, language...), the legal basis, definitions and
evaluation, in Danish, Swedish, Norwegian bokmål and nynorsk, and English."""

import pytest

from apps.imports import recognise as r
from apps.imports.plan import build_plan
from apps.imports.reading import read_pasted


def _plan(text):
    blocks = read_pasted(text)
    return build_plan(blocks, r.propose(blocks))


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Krisekommunikation", "crisis"),
        ("Kriskommunikation", "crisis"),
        ("Krisekommunikasjon", "crisis"),
        ("Crisis communication", "crisis"),
        ("Medierelationer", "media"),
        ("Presse og medier", "media"),
        ("Mediehandtering", "media"),
        ("Media relations", "media"),
        ("Sociale medier", "social_media"),
        ("Sociala medier", "social_media"),
        ("Sosiale medium", "social_media"),
        ("Visuel identitet", "visual_identity"),
        ("Grafisk profil", "visual_identity"),
        ("Visuell profilering", "visual_identity"),
        ("Klarsprog", "language"),
        ("Klarspråk", "language"),
        ("Plain language", "language"),
        ("Medarbejdernes ytringsfrihed", "freedom_of_expression"),
        ("Meddelarfrihet och yttrandefrihet", "freedom_of_expression"),
        ("Ytringsfridom for tilsette", "freedom_of_expression"),
        ("Kernebudskaber", "key_messages"),
        ("Kjernebodskap", "key_messages"),
        ("Tjekliste til pressehenvendelser", "checklist"),
        ("Bilag 1", "appendix"),
        ("Vedlegg", "appendix"),
    ],
)
def test_a_themed_chapter_becomes_a_section_of_its_theme(heading, kind):
    plan = _plan(f"Politik\n\n{heading}\n\nEn tekst om emnet, der fylder lidt.")

    sections = [row for row in plan.rows if row.model == "Section" and row.data["heading"]]

    assert [(s.data["heading"], s.data["kind"]) for s in sections] == [(heading, kind)]


@pytest.mark.parametrize(
    ("heading", "law"),
    [
        ("Lovgrundlag", "Offentlighedsloven: aktindsigt i sager"),
        ("Lagstiftning", "Offentlighets- och sekretesslagen: allmänna handlingar"),
        ("Lovgrunnlag", "Offentleglova: innsyn i saker"),
        ("Rettsleg grunnlag", "Forvaltningslova: rettleiingsplikt"),
        ("Legal basis", "GDPR: personal data"),
    ],
)
def test_a_legal_basis_chapter_lists_its_laws(heading, law):
    plan = _plan(f"Politik\n\n{heading}\n\n- {law}\n- Webtilgængelighedsloven")

    laws = [row.data for row in plan.rows if row.model == "LegalBasis"]
    title, text = law.split(": ")

    assert laws == [{"title": title, "text": text},
                    {"title": "Webtilgængelighedsloven", "text": ""}]


def test_a_definitions_chapter_gives_terms_and_their_meanings():
    plan = _plan("Politik\n\nDefinitioner\n\n- Klarsprog: tekst, modtageren forstår\n"
                 "- Kanal: hvor vi kommunikerer")

    terms = [(row.data["term"], row.data["explanation"]) for row in plan.rows
             if row.model == "Definition"]

    assert terms == [("Klarsprog", "tekst, modtageren forstår"), ("Kanal", "hvor vi kommunikerer")]


def test_an_evaluation_chapter_gives_evaluations_not_tied_to_a_goal():
    plan = _plan("Policy\n\nUtvärdering\n\n- Medborgarundersökning: vartannat år\n"
                 "- Medarbetarenkät: varje år")

    titles = [row.data["title"] for row in plan.rows if row.model == "Evaluation"]

    assert titles == ["Medborgarundersökning", "Medarbetarenkät"]
