"""The PDF itself, read back: accessible structure, metadata, language, and every text."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from apps.demo.services import SEED_SLUGS, SEEDS_DIR, seed_load_file
from apps.exports import pdf
from apps.strategies import models as sm
from tests.factories import ResponsibilityItemFactory, SectionFactory, VersionFactory, mark_adopted

from .factories import PNG, build_complete_version
from .pdfread import markdown_blocks, normalise, page_texts, pdftotext, structure_types

pytestmark = pytest.mark.django_db

# Fields that hold a choice are printed as the document language's word for it, and
# numbers (priority, month) as numbers or names; every other text field is printed as is.
_SKIPPED_FIELDS = {"id", "version", "position"}


def expected_item_texts(version) -> list[tuple[str, str]]:
    """(what, text) for every text of every content row of the version, Markdown as blocks."""
    texts = []
    for model in sm.CONTENT_MODELS:
        text_fields = [
            field
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField")
            and not field.choices
            and field.name not in _SKIPPED_FIELDS
        ]
        for row in model.objects.filter(version=version):
            for field in text_fields:
                value = getattr(row, field.name)
                if not value:
                    continue
                blocks = (
                    markdown_blocks(value) if field.get_internal_type() == "TextField" else [value]
                )
                texts.extend((f"{model.__name__}.{field.name}#{row.pk}", b) for b in blocks)
    return texts


def missing_texts(version, data: bytes) -> list[tuple[str, str]]:
    body = normalise(pdftotext(data, body_only=True))
    return [
        (what, text) for what, text in expected_item_texts(version) if normalise(text) not in body
    ]


@pytest.fixture
def complete_version(organisation):
    return build_complete_version(organisation=organisation)


@pytest.fixture
def complete_pdf(complete_version):
    return pdf.strategy_pdf(complete_version)


def test_pdf_is_tagged_with_structure_tree_language_and_title(complete_version, complete_pdf):
    reader = PdfReader(io.BytesIO(complete_pdf))
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True  # BooleanObject(False) is truthy
    assert catalog["/Lang"] == "da"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Åben og nær kommunikation"
    assert reader.pdf_header == "%PDF-1.7"


def test_pdf_declares_pdf_ua_1_and_its_title_in_its_xmp_metadata(complete_pdf):
    reader = PdfReader(io.BytesIO(complete_pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")

    assert 'pdfuaid:part="1"' in xmp
    assert '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Åben og nær kommunikation<' in xmp


def test_structure_tree_has_headings_in_order_lists_and_real_tables(complete_pdf):
    types = structure_types(PdfReader(io.BytesIO(complete_pdf)))

    levels = [int(t[2:]) for t in types if t in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))
    for needed in ("/Table", "/THead", "/TBody", "/TR", "/TH", "/TD", "/Caption", "/L", "/LI"):
        assert needed in types, needed


def test_every_item_text_of_the_version_is_in_the_pdf(complete_version, complete_pdf):
    for model in sm.CONTENT_MODELS:  # the version holds every kind of content
        assert model.objects.filter(version=complete_version).exists(), model.__name__

    assert missing_texts(complete_version, complete_pdf) == []


def test_cover_carries_organisation_title_version_and_decision(
    organisation, complete_version, complete_pdf
):
    cover = normalise(page_texts(complete_pdf)[0])

    for text in (
        organisation.name,
        "Åben og nær kommunikation",
        "Kommunikationspolitik for Testkommune 2024-2027",
        "Version",
        "Vedtaget",
        "Vedtaget den",
        "15. januar 2024",
        "Vedtaget af",
        "Byrådet",
        "Sagsnummer",
        "24/1234",
        "Vedtaget på byrådsmødet uden ændringer.",
    ):
        assert normalise(text) in cover, text


def test_contents_lists_every_part_with_its_page_number(complete_pdf):
    contents = page_texts(complete_pdf)[1]

    assert "Indhold" in contents
    for heading in (
        "Hvorfor en kommunikationspolitik?",
        "Baggrund for politikken",
        "Værdier",
        "Principper",
        "Mål og effekter",
        "Interessenter og målgrupper",
        "Kommunens roller",
        "Roller og ansvar",
        "Platforme og kanaler",
        "Hvem udtaler sig på kommunens vegne",
        "Handleplan",
        "Årshjul",
        "Relaterede dokumenter",
    ):
        entry = re.search(re.escape(heading) + r"[\s.]*?(\d+)\n", contents)
        assert entry, heading
        assert int(entry[1]) >= 3


def test_every_page_after_the_cover_has_page_x_of_y_in_the_document_language(complete_pdf):
    pages = page_texts(complete_pdf)

    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {len(pages)}" in text


def test_adopted_version_is_not_marked_as_draft(complete_pdf):
    assert all("UDKAST" not in text for text in page_texts(complete_pdf))


@pytest.mark.parametrize(
    ("language", "mark", "footer"),
    [("da", "UDKAST", "Side 2 af"), ("sv", "UTKAST", "Sida 2 av"), ("nb", "UTKAST", "Side 2 av"),
     ("nn", "UTKAST", "Side 2 av")],
)
def test_draft_is_marked_on_every_page_in_its_own_language(organisation, language, mark, footer):
    version = build_complete_version(organisation=organisation, language=language, adopt=False)

    data = pdf.strategy_pdf(version)

    pages = page_texts(data)
    assert len(pages) > 2
    assert all(mark in text for text in pages)
    assert footer in pages[1]
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language


def test_swedish_version_prints_swedish_headings(organisation):
    version = build_complete_version(organisation=organisation, language="sv")

    text = pdftotext(pdf.strategy_pdf(version))

    for heading in ("Innehåll", "Värderingar", "Intressenter och målgrupper", "Antagen av"):
        assert heading in text
    assert "Interessenter og målgrupper" not in text


def test_nynorsk_version_prints_nynorsk_words_and_is_tagged_nn(organisation):
    version = build_complete_version(organisation=organisation, language="nn", adopt=False)

    data = pdf.strategy_pdf(version)

    text = pdftotext(data)
    nynorsk = ("Innhald", "Dokumentet er ikkje vedteke", "Verdiar", "Interessentar og målgrupper",
               "Rollene til kommunen", "Kven uttaler seg", "Gjeld frå", "Skildring")
    for words in nynorsk:
        assert words in text
    for bokmal in ("Innhold", "ikke vedtatt", "Verdier", "Kommunens roller", "Hvem uttaler seg"):
        assert bokmal not in text
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "nn"


def test_nynorsk_version_dates_are_written_the_nynorsk_way(organisation):
    version = build_complete_version(organisation=organisation, language="nn", adopt=False)

    html = pdf.strategy_html(version)

    assert '<html lang="nn">' in html
    assert "1. februar 2024" in html  # valid from, Django's nn DATE_FORMAT "j. F Y"


def test_matrices_are_tables_with_a_header_per_role_and_per_platform(complete_version):
    html = pdf.strategy_html(complete_version)

    assert '<th scope="col">Myndighed</th><th scope="col">Servicevirksomhed</th>' in html
    assert '<th scope="row">Digitale medier</th>' in html
    assert '<th scope="row">Myndighed</th>' in html
    assert "<caption>Platforme, som hver af kommunens roller bruger</caption>" in html


def test_building_the_html_takes_the_same_queries_however_much_content(organisation):
    small = VersionFactory(strategy__organisation=organisation)
    large = VersionFactory(strategy__organisation=organisation)
    for version, n in ((small, 1), (large, 12)):
        SectionFactory.create_batch(n, version=version)
        for _ in range(n):
            ResponsibilityItemFactory.create_batch(3, responsibility__version=version)
    small, large = mark_adopted(small), mark_adopted(large)

    with CaptureQueriesContext(connection) as small_queries:
        pdf.strategy_html(small)
    with CaptureQueriesContext(connection) as large_queries:
        pdf.strategy_html(large)

    assert len(large_queries) == len(small_queries)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_seed_strategy_exports_with_every_item_text_in_its_language(slug):
    organisation = seed_load_file(SEEDS_DIR / f"{slug}.yaml")

    for version in sm.StrategyVersion.objects.filter(strategy__organisation=organisation):
        data = pdf.strategy_pdf(version)

        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata.title == version.strategy.title
        assert reader.trailer["/Root"]["/Lang"] == version.language
        assert missing_texts(version, data) == []


def test_logo_is_on_the_cover_as_a_figure_with_alternative_text(organisation):
    organisation.logo.save("testkommune.png", ContentFile(PNG))
    version = build_complete_version(organisation=organisation)

    data = pdf.strategy_pdf(version)

    reader = PdfReader(io.BytesIO(data))
    assert "/Figure" in structure_types(reader)
    assert f"Logo for {organisation.name}".encode() in b"".join(
        str(figure).encode() for figure in figures(reader)
    )
    assert reader.pages[0]["/Resources"]["/XObject"]


def figures(reader):
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(node.get("/Alt"))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize(
    ("language", "council", "mark"),
    [
        ("da", "Byrådet", "Indstillet til byrådet"),
        ("sv", "Kommunfullmäktige", "Förslag till kommunfullmäktige"),
        ("nb", "Kommunestyret", "Innstilling til kommunestyret"),
    ],
)
def test_a_proposal_is_printed_as_the_councils_material_not_a_draft(
    organisation, language, council, mark
):
    organisation.council_name = council
    organisation.save(update_fields=["council_name"])
    version = build_complete_version(organisation=organisation, language=language, adopt=False)
    sm.StrategyVersion.objects.filter(pk=version.pk).update(status=sm.VersionStatus.PROPOSED)
    version.refresh_from_db()

    pages = page_texts(pdf.strategy_pdf(version))

    assert all(normalise(mark) in normalise(text) for text in pages)
    assert all("UDKAST" not in text and "UTKAST" not in text for text in pages)
