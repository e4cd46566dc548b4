"""The consultation summary (høringsnotat) as a PDF: read back, made once per content,
and given only to those who may read the summary."""

import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from apps.consultations import services as consultation_services
from apps.consultations.models import Outcome
from apps.exports import services, summary_pdf, vocabulary
from apps.exports.models import ExportJob, ExportKind, ExportStatus
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import (
    SectionFactory,
    UnitFactory,
    VersionFactory,
    consultation_deadline,
    mark_adopted,
)

from .factories import build_complete_version
from .pdfread import normalise, page_texts, pdftotext, structure_types

pytestmark = pytest.mark.django_db

SUMMARY = ExportKind.CONSULTATION_SUMMARY

# What the three comments of `commented` say, and how they were answered.
COMMENTS = {
    "section": "Afsnittet bør nævne de lokale aviser, som mange ældre borgere læser.",
    "document": "Politikken er for lang.\nKan den forkortes til fire sider?",
    "duty": "Hvordan skal en leder svare inden for to dage i ferien?",
}
ANSWERS = {
    "section": (
        "Vi er enige og har tilføjet et afsnit om lokalaviserne.",
        Outcome.ACCEPTED,
        "Nyt afsnit: Lokale medier er en vigtig kanal til ældre borgere.",
    ),
    "document": (
        "Længden svarer til politikkens indhold, som byrådet har bedt om.",
        Outcome.NOT_ACCEPTED,
        "",
    ),
}


def summary_title(version) -> str:
    return f"Høringsnotat: {version.strategy.title}, version {version.number}"


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def schools(organisation):
    return UnitFactory(organisation=organisation, name="Skoleafdelingen")


@pytest.fixture
def invited(organisation, member_of, schools):
    return member_of(organisation, RoleLevel.EMPLOYEE, unit=schools)


def in_consultation(version, comms, invited):
    version = strategy_services.version_transition(
        version=version, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline()
    )
    consultation_services.consultation_invite(version=version, actor=comms, users=[invited])
    return version


@pytest.fixture
def consultation(organisation, comms, invited):
    version = build_complete_version(organisation=organisation, adopt=False)
    return in_consultation(version, comms, invited)


def comment_on_everything(version, comms, invited):
    """A comment on a section (accepted), one on the whole document (not accepted) and
    one on a duty (not yet answered)."""
    section = version.sections.order_by("position").first()
    duty = version.responsibility_items.order_by("pk").first()
    made = {
        "section": consultation_services.comment_create(
            version=version,
            actor=invited,
            target_model="section",
            target_id=section.pk,
            text=COMMENTS["section"],
        ),
        "document": consultation_services.comment_create(
            version=version, actor=invited, text=COMMENTS["document"]
        ),
        "duty": consultation_services.comment_create(
            version=version,
            actor=invited,
            target_model="responsibilityitem",
            target_id=duty.pk,
            text=COMMENTS["duty"],
        ),
    }
    for key, (response, outcome, change) in ANSWERS.items():
        consultation_services.comment_answer(
            comment=made[key],
            actor=comms,
            response=response,
            outcome=outcome,
            resulting_change=change,
        )
    return made


@pytest.fixture
def commented(consultation, comms, invited):
    comment_on_everything(consultation, comms, invited)
    return consultation


@pytest.fixture
def commented_pdf(commented):
    return summary_pdf.summary_pdf(commented)


def request_summary(version, actor, capture):
    with capture(execute=True):
        job = services.export_request(version=version, actor=actor, kind=SUMMARY)
    job.refresh_from_db()
    return job


# --- The PDF, read back --------------------------------------------------------------


def test_summary_pdf_is_tagged_pdf_ua_with_language_and_title(commented, commented_pdf):
    reader = PdfReader(io.BytesIO(commented_pdf))
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True  # BooleanObject(False) is truthy
    assert catalog["/Lang"] == "da"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == summary_title(commented)
    assert 'pdfuaid:part="1"' in xmp


def test_summary_structure_has_one_h1_headings_in_order_and_tables_with_header_cells(
    commented_pdf,
):
    types = structure_types(PdfReader(io.BytesIO(commented_pdf)))

    levels = [int(t[2:]) for t in types if t in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))
    for needed in ("/Table", "/THead", "/TBody", "/TR", "/TH", "/TD", "/Caption", "/L", "/LI"):
        assert needed in types, needed


def test_every_comment_with_its_target_author_unit_answer_and_change_is_in_the_pdf(
    commented, commented_pdf
):
    body = normalise(pdftotext(commented_pdf, body_only=True))
    expected = [
        *COMMENTS.values(),
        *(response for response, _outcome, _change in ANSWERS.values()),
        ANSWERS["section"][2],
        *commented.consultation_comments.values_list("target_label", flat=True).exclude(
            target_label=""
        ),
        "Hele dokumentet",
        *commented.consultation_comments.values_list("author_name", flat=True),
        "Skoleafdelingen",
        "Imødekommet",
        "Ikke imødekommet",
        "Endnu ikke besvaret",
        "Ingen ændring",
    ]

    assert [text for text in expected if normalise(text) not in body] == []


def test_summary_counts_comments_by_outcome_in_the_document_language(commented_pdf):
    overview = pdftotext(commented_pdf, body_only=True)

    for row in (
        "Imødekommet 1",
        "Delvist imødekommet 0",
        "Ikke imødekommet 1",
        "Taget til efterretning 0",
        "Endnu ikke besvaret 1",
        "I alt 3",
    ):
        assert row in overview, row


def test_cover_carries_organisation_document_word_strategy_title_and_version(
    organisation, commented, commented_pdf
):
    cover = normalise(page_texts(commented_pdf)[0])

    for text in (
        organisation.name,
        "Høringsnotat",
        commented.strategy.title,
        "Version",
        str(commented.number),
        "I høring",
        "Kommentarer i alt",
    ):
        assert normalise(text) in cover, text


def test_every_page_after_the_cover_has_the_running_title_and_page_x_of_y(commented, commented_pdf):
    pages = page_texts(commented_pdf)

    for number, text in enumerate(pages[1:], start=2):
        assert summary_title(commented) in text
        assert f"Side {number} af {len(pages)}" in text


def test_a_title_cannot_break_out_of_the_running_header(commented):
    title = 'Åben"} @page {'
    commented.strategy.title = title
    commented.strategy.save(update_fields=["title"])

    pages = page_texts(summary_pdf.summary_pdf(commented))

    assert f"Høringsnotat: {title}, version {commented.number}" in pages[1]


def test_summary_in_consultation_is_marked_as_draft_on_every_page(commented_pdf):
    pages = page_texts(commented_pdf)

    assert len(pages) > 1
    assert all("UDKAST" in text for text in pages)


def test_summary_of_an_adopted_version_is_not_marked_as_draft(commented):
    adopted = mark_adopted(commented)

    pages = page_texts(summary_pdf.summary_pdf(adopted))

    assert all("UDKAST" not in text for text in pages)


@pytest.mark.parametrize(
    ("language", "word", "footer", "heading"),
    [
        ("da", "Høringsnotat", "Side 2 af", "Kommentarer og svar"),
        ("sv", "Remissammanställning", "Sida 2 av", "Synpunkter och svar"),
        ("nb", "Høringsoppsummering", "Side 2 av", "Innspill og svar"),
        ("nn", "Høyringsoppsummering", "Side 2 av", "Innspel og svar"),
    ],
)
def test_summary_speaks_the_language_of_its_version(
    organisation, comms, invited, language, word, footer, heading
):
    version = build_complete_version(organisation=organisation, language=language, adopt=False)
    version = in_consultation(version, comms, invited)
    comment_on_everything(version, comms, invited)

    data = summary_pdf.summary_pdf(version)

    pages = page_texts(data)
    assert word in pages[0]
    assert footer in pages[1]
    assert heading in "".join(pages)
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language


def test_summary_without_comments_says_so(consultation):
    text = pdftotext(summary_pdf.summary_pdf(consultation), body_only=True)

    assert "Der er ikke afgivet nogen kommentarer." in text
    assert "I alt 0" in text


def test_building_the_summary_takes_the_same_queries_however_many_comments(
    organisation, comms, invited
):
    versions = []
    for count in (1, 8):
        version = VersionFactory(strategy__organisation=organisation)
        SectionFactory(version=version, heading="Formål")
        version = in_consultation(version, comms, invited)
        for n in range(count):
            consultation_services.comment_create(version=version, actor=invited, text=f"Nr. {n}")
        versions.append(version)

    queries = []
    for version in versions:
        with CaptureQueriesContext(connection) as captured:
            summary_pdf.summary_html(version)
        queries.append(len(captured))

    assert queries[0] == queries[1]


@pytest.mark.parametrize("language", vocabulary.DOCUMENT_LANGUAGES)
def test_every_outcome_has_a_word_in_every_document_language(language):
    for value in (*Outcome.values, summary_pdf.UNANSWERED):
        assert vocabulary.choice_label(language, "outcome", value) != value


# --- One job per content -------------------------------------------------------------


def test_asking_twice_for_an_unchanged_summary_gives_the_same_job_and_one_render(
    commented, comms, django_capture_on_commit_callbacks
):
    renderer = mock.Mock(wraps=summary_pdf.summary_pdf)
    with mock.patch.dict(services.RENDERERS, {SUMMARY: renderer}):
        first = request_summary(commented, comms, django_capture_on_commit_callbacks)
        second = request_summary(commented, comms, django_capture_on_commit_callbacks)

    assert second.pk == first.pk
    assert first.status == ExportStatus.DONE
    assert renderer.call_count == 1


def test_a_new_comment_gives_a_new_job_with_the_comment_in_it(
    commented, comms, invited, django_capture_on_commit_callbacks
):
    first = request_summary(commented, comms, django_capture_on_commit_callbacks)
    consultation_services.comment_create(
        version=commented, actor=invited, text="Husk tegnsprogstolkning ved borgermøder."
    )

    second = request_summary(commented, comms, django_capture_on_commit_callbacks)

    with second.file.open("rb") as stream:
        text = pdftotext(stream.read())
    assert second.pk != first.pk
    assert second.status == ExportStatus.DONE
    assert "Husk tegnsprogstolkning" in text


def test_a_changed_answer_gives_a_new_job(commented, comms, django_capture_on_commit_callbacks):
    first = request_summary(commented, comms, django_capture_on_commit_callbacks)
    unanswered = commented.consultation_comments.get(answered_at__isnull=True)
    consultation_services.comment_answer(
        comment=unanswered, actor=comms, response="Fristen gælder ikke i ferien.", outcome="noted"
    )

    second = request_summary(commented, comms, django_capture_on_commit_callbacks)

    assert second.pk != first.pk


def test_comments_change_the_summary_key_but_not_the_strategy_key(commented, invited):
    strategy_key = services.export_content_key(version=commented)
    summary_key = services.export_content_key(version=commented, kind=SUMMARY)
    consultation_services.comment_create(version=commented, actor=invited, text="En til.")

    assert services.export_content_key(version=commented) == strategy_key
    assert services.export_content_key(version=commented, kind=SUMMARY) != summary_key
    assert summary_key != strategy_key


def test_the_summary_fingerprint_follows_its_template_version(commented):
    fingerprint = summary_pdf.summary_fingerprint(commented)

    with mock.patch.object(summary_pdf, "SUMMARY_TEMPLATE_VERSION", "test"):
        assert summary_pdf.summary_fingerprint(commented) != fingerprint


# --- Who may ask for it and download it -----------------------------------------------


def summary_version(organisation, comms, invited, status):
    """A version with a comment, in consultation or adopted after it."""
    version = VersionFactory(strategy__organisation=organisation, strategy__title="Åben kommune")
    SectionFactory(version=version, heading="Formål", body="Vi taler klart.")
    version = in_consultation(version, comms, invited)
    consultation_services.comment_create(version=version, actor=invited, text="Kortere, tak.")
    return mark_adopted(version) if status == VersionStatus.ADOPTED else version


# Who may ask for the summary PDF: 302 to the status page, 403 for those who may see the
# consultation but not its summary (as the summary page answers), 404 for the rest.
@pytest.mark.parametrize(
    ("role_level", "status", "expected", "jobs"),
    [
        (RoleLevel.COMMUNICATIONS, VersionStatus.CONSULTATION, 302, 1),
        (RoleLevel.EXECUTIVE_BOARD, VersionStatus.CONSULTATION, 302, 1),
        (RoleLevel.POLITICIAN, VersionStatus.CONSULTATION, 403, 0),
        (RoleLevel.LEADER, VersionStatus.CONSULTATION, 404, 0),
        (RoleLevel.EMPLOYEE, VersionStatus.CONSULTATION, 404, 0),
        (RoleLevel.COMMUNICATIONS, VersionStatus.ADOPTED, 302, 1),
        (RoleLevel.POLITICIAN, VersionStatus.ADOPTED, 302, 1),
        (RoleLevel.EMPLOYEE, VersionStatus.ADOPTED, 302, 1),
    ],
)
def test_summary_export_permission_matrix(
    client,
    organisation,
    member_of,
    comms,
    invited,
    role_level,
    status,
    expected,
    jobs,
    django_capture_on_commit_callbacks,
):
    version = summary_version(organisation, comms, invited, status)
    client.force_login(member_of(organisation, role_level))

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("exports:summary_create", args=[version.pk]))

    assert response.status_code == expected
    assert ExportJob.objects.filter(kind=SUMMARY).count() == jobs


def test_invited_commenter_may_not_export_the_summary_during_the_consultation(
    client, commented, invited
):
    client.force_login(invited)

    response = client.post(reverse("exports:summary_create", args=[commented.pk]))

    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_communications_gets_the_summary_pdf_through_the_pages(
    client, commented, comms, django_capture_on_commit_callbacks
):
    client.force_login(comms)

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("exports:summary_create", args=[commented.pk]))
    job = ExportJob.objects.get()
    download = client.get(reverse("exports:download", args=[job.pk]))

    assert created.url == reverse("exports:job_status", args=[job.pk])
    assert job.kind == SUMMARY
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="hoeringsnotat-' in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert PdfReader(io.BytesIO(data)).metadata.title == summary_title(commented)


def test_a_failed_summary_is_tried_again_as_a_summary_not_as_the_strategy(
    client, commented, comms, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(comms)
    monkeypatch.setitem(
        services.RENDERERS, SUMMARY, lambda version: (_ for _ in ()).throw(ValueError("boom"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:summary_create", args=[commented.pk]))
    job = ExportJob.objects.get()

    page = client.get(reverse("exports:job_status", args=[job.pk]))

    assert job.status == "failed"
    assert "PDF of the consultation summary" in page.text
    retry = f'action="{reverse("exports:summary_create", args=[commented.pk])}"'
    assert retry in page.text
    assert f'action="{reverse("exports:create", args=[commented.pk])}"' not in page.text


def test_someone_who_sees_the_version_but_not_its_summary_cannot_open_its_pdf(
    client, organisation, member_of, commented, comms, django_capture_on_commit_callbacks
):
    job = request_summary(commented, comms, django_capture_on_commit_callbacks)
    client.force_login(member_of(organisation, RoleLevel.POLITICIAN))

    status_page = client.get(reverse("exports:job_status", args=[job.pk]))
    download = client.get(reverse("exports:download", args=[job.pk]))

    assert (status_page.status_code, download.status_code) == (404, 404)


def test_a_summary_made_during_the_consultation_stays_closed_after_the_adoption(
    client, organisation, member_of, commented, comms, django_capture_on_commit_callbacks
):
    job = request_summary(commented, comms, django_capture_on_commit_callbacks)
    mark_adopted(commented)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    download = client.get(reverse("exports:download", args=[job.pk]))

    assert download.status_code == 404


def test_another_organisation_cannot_ask_for_or_download_the_summary(
    client, other_organisation, member_of, commented, comms, django_capture_on_commit_callbacks
):
    job = request_summary(commented, comms, django_capture_on_commit_callbacks)
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    created = client.post(reverse("exports:summary_create", args=[commented.pk]))
    download = client.get(reverse("exports:download", args=[job.pk]))
    status_page = client.get(reverse("exports:job_status", args=[job.pk]))

    assert (created.status_code, download.status_code, status_page.status_code) == (
        404,
        404,
        404,
    )
    assert ExportJob.objects.count() == 1


def test_asking_for_the_summary_pdf_needs_a_post(client, commented, comms):
    client.force_login(comms)

    response = client.get(reverse("exports:summary_create", args=[commented.pk]))

    assert response["Location"] == reverse("strategies:version_detail", args=[commented.pk])
    assert not ExportJob.objects.exists()


def test_summary_page_offers_the_pdf(client, commented, comms):
    client.force_login(comms)

    response = client.get(reverse("consultations:summary", args=[commented.pk]))

    action = reverse("exports:summary_create", args=[commented.pk])
    assert f'<form method="post" action="{action}"' in response.text
    assert "Download the preliminary consultation summary as PDF" in response.text


def test_the_summary_lists_the_outside_parties_invited_and_not_withdrawn(
    consultation, comms, django_capture_on_commit_callbacks
):
    from apps.consultations import parties

    with django_capture_on_commit_callbacks(execute=True):
        handicap, _youth, _citizen = parties.parties_invite(
            version=consultation, actor=comms, entries=[
                ("handicapraad@example.dk", "Handicaprådet"),
                ("ungeraad@example.dk", "Ungerådet"),
                ("borger@example.dk", ""),  # an address alone is not for the record
            ],
        )
        parties.party_withdraw(party=handicap, actor=comms)
    words = vocabulary.words(consultation.language)

    text = normalise(pdftotext(summary_pdf.summary_pdf(consultation)))

    assert normalise(words["outside_parties"]) in text
    assert "Ungerådet" in text
    assert "Handicaprådet" not in text
    assert normalise("borger@example.dk") not in text
    assert summary_pdf.printed_summary(consultation).parties == ("Ungerådet",)
