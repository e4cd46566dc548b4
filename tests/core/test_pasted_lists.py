"""Lists pasted from Word or a web page ("•⇥", "–", "▪", tab-separated bullets) stay
lists on the web and in the PDF, and the sanitiser still has the last word."""

import io

import pytest
from pypdf import PdfReader

from apps.core.markdown import pasted_lists_as_markdown, render_markdown
from apps.exports import pdf
from tests.exports.pdfread import structure_types
from tests.factories import SectionFactory, StrategyFactory, VersionFactory

PASTED_FROM_WORD = "Vi kommunikerer:\n•\tÅbent\n•\tRettidigt\n•\tForståeligt"


@pytest.mark.parametrize(
    "pasted",
    [
        PASTED_FROM_WORD,
        "Vi kommunikerer:\n– Åbent\n– Rettidigt\n– Forståeligt",
        "Vi kommunikerer:\n▪ Åbent\n▪ Rettidigt\n▪ Forståeligt",
        "Vi kommunikerer:\r\n•\tÅbent\r\n•\tRettidigt\r\n•\tForståeligt",
        "Vi kommunikerer:\n•\tÅbent\t•\tRettidigt\t•\tForståeligt",
        "Vi kommunikerer:\no\tÅbent\no\tRettidigt\no\tForståeligt",
    ],
)
def test_pasted_bullets_become_list_items_on_the_web(pasted):
    html = render_markdown(pasted)

    assert html.count("<li>") == 3
    assert "<p>Vi kommunikerer:</p>" in html
    assert "•" not in html and "▪" not in html


def test_pasted_numbered_lines_with_tabs_become_a_numbered_list():
    html = render_markdown("Trin:\n1.\tLæs\n2.\tSkriv")

    assert "<ol>" in html and html.count("<li>") == 2


def test_a_dash_inside_a_sentence_is_left_alone():
    assert pasted_lists_as_markdown("Et – tegn midt i linjen") == "Et – tegn midt i linjen"


def test_pasted_bullets_cannot_smuggle_markup_past_the_sanitiser():
    html = render_markdown("•\t<script>alert(1)</script>\n•\t[x](javascript:alert(1))")

    assert "<script" not in html and "href=\"javascript" not in html
    assert html.count("<li>") == 2


@pytest.mark.django_db
def test_pasted_bullets_are_a_tagged_list_in_the_pdf():
    version = VersionFactory(strategy=StrategyFactory(), language="da")
    SectionFactory(version=version, heading="Sådan", body=PASTED_FROM_WORD)

    data = pdf.strategy_pdf(version)

    types = structure_types(PdfReader(io.BytesIO(data)))
    assert types.count("/LI") >= 3
