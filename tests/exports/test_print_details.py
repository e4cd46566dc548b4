"""What a reader of an exported file meets first: its name, the draft notice, whether a
contents page is worth its paper, and a running header that reads as one line."""

import re
import subprocess

import pytest

from apps.exports import pdf, services, summary_pdf, vocabulary
from apps.exports.models import ExportJob, ExportKind
from tests.factories import SectionFactory, VersionFactory, mark_adopted

from .factories import build_complete_version
from .pdfread import page_texts

pytestmark = pytest.mark.django_db


def _job(version, kind=ExportKind.STRATEGY):
    return ExportJob(
        organisation=version.strategy.organisation,
        version=version,
        version_status=version.status,
        version_revision=1,
        kind=kind,
    )


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("da", "kommunikationspolitik-2027-2030-v1-udkast.pdf"),
        ("sv", "kommunikationspolitik-2027-2030-v1-utkast.pdf"),
        ("nb", "kommunikationspolitik-2027-2030-v1-utkast.pdf"),
        ("en", "kommunikationspolitik-2027-2030-v1-draft.pdf"),
    ],
)
def test_download_name_keeps_the_titles_dash_and_says_draft_in_the_documents_language(
    organisation, language, name
):
    draft = VersionFactory(
        strategy__organisation=organisation,
        strategy__title="Kommunikationspolitik 2027–2030",
        language=language,
        number=1,
    )

    assert services.export_filename(_job(draft)) == name


def test_danish_draft_notice_says_internt_gennemsyn():
    assert vocabulary.words("da")["draft_notice"].startswith("Udkast til internt gennemsyn.")


def test_a_short_document_has_no_contents_page(organisation):
    version = VersionFactory(strategy__organisation=organisation, language="da")
    SectionFactory(version=version, heading="Formål", body="Vi vil kommunikere åbent.")
    SectionFactory(version=version, heading="Hvem gælder den for", body="Alle ansatte.")

    pages = page_texts(pdf.strategy_pdf(version))

    assert pdf.strategy_context(version)["toc"] == []
    assert not any("Indhold" in text for text in pages)
    assert "Formål" in pages[1]


def test_a_long_document_keeps_its_contents_page(organisation):
    version = build_complete_version(organisation=organisation)

    pages = page_texts(pdf.strategy_pdf(version))

    assert len(pdf.strategy_context(version)["toc"]) >= pdf.TOC_MIN_ENTRIES
    assert "Indhold" in pages[1]


@pytest.mark.parametrize("adopted", [False, True])
@pytest.mark.parametrize("length", [40, 60, 100, 140])
def test_summary_running_header_is_one_line_with_version_and_number_together(
    organisation, length, adopted
):
    text = ("Politik for kommunikation, borgerinddragelse, presse og sociale medier i "
            "Sønderborg Kommune og dens selskaber, herunder forsyning og havn")
    words = text.split(" ")
    title = ""
    for word in words:
        if len(f"{title} {word}") > length:
            break
        title = f"{title} {word}".strip()
    version = VersionFactory(
        strategy__organisation=organisation, strategy__title=title, language="da", number=1
    )
    SectionFactory(version=version, heading="Formål", body="Tekst.")
    if adopted:
        mark_adopted(version)

    layout = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", "2", "-", "-"],  # noqa: S607
        input=summary_pdf.summary_pdf(version), capture_output=True, check=True,
    ).stdout.decode("utf-8")
    lines = [line for line in layout.splitlines() if line.strip()]
    header, footer = lines[0], lines[-1]

    assert header.startswith("Høringsnotat: "), header
    assert re.search(r", version[ \u00a0]1 {2,}" + ("" if adopted else "UDKAST"), header), header
    assert len(header.split(", version")[0]) >= len("Høringsnotat: ") + min(len(title), 60)
    assert organisation.name in (header if adopted else footer)
