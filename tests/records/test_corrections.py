"""Correcting a decided version's record: recorded (who, when, why, old → new), shown with
the version and in the PDF, the version itself frozen, the corrections append-only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.exports import pdf
from apps.exports.services import export_content_key
from apps.organisations.models import RoleLevel
from apps.records import selectors
from apps.records.models import RecordCorrection
from apps.records.services import record_correct
from apps.strategies.models import StrategyVersion
from tests.factories import StrategyFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db

ORIGINAL = {"adopted_on": datetime.date(2024, 1, 15), "adopted_by": "Byrådet",
            "case_reference": "24/1234"}


@pytest.fixture
def adopted(organisation):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    return mark_adopted(version, **ORIGINAL)


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def _changes(**overrides):
    return {**ORIGINAL, "adoption_note": "", **overrides}


def test_a_correction_records_who_when_why_and_old_and_new(adopted, comms):
    [correction] = record_correct(
        version=adopted, actor=comms, changes=_changes(case_reference="24/4321"),
        reason="Sagsnummeret var tastet forkert.",
    )
    assert (correction.field, correction.old_value, correction.new_value) == (
        "case_reference", "24/1234", "24/4321"
    )
    assert correction.actor == comms
    assert correction.reason == "Sagsnummeret var tastet forkert."
    assert correction.created_at is not None


def test_only_facts_that_differ_are_corrected(adopted, comms):
    corrections = record_correct(
        version=adopted, actor=comms,
        changes=_changes(adopted_on=datetime.date(2024, 1, 16), adopted_by="Byrådet"),
        reason="Datoen var forkert.",
    )
    assert [c.field for c in corrections] == ["adopted_on"]


def test_the_version_stays_as_adopted_and_the_record_shows_the_correction(adopted, comms):
    record_correct(version=adopted, actor=comms,
                   changes=_changes(adopted_on=datetime.date(2024, 1, 16)), reason="Dato.")
    stored = StrategyVersion.objects.get(pk=adopted.pk)
    assert stored.adopted_on == datetime.date(2024, 1, 15)
    record = selectors.record_of(stored)
    assert record.adopted_on == datetime.date(2024, 1, 16)
    assert record.corrected == {"adopted_on"}


def test_a_second_correction_starts_from_the_first(adopted, comms):
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="A"),
                   reason="Første.")
    [second] = record_correct(version=adopted, actor=comms,
                              changes=_changes(case_reference="B"), reason="Anden.")
    assert (second.old_value, second.new_value) == ("A", "B")
    assert selectors.record_of(adopted).case_reference == "B"


def test_the_correction_is_audit_logged(adopted, comms):
    record_correct(version=adopted, actor=comms, changes=_changes(adopted_by="Kommunalbestyrelsen"),
                   reason="Forkert organ.")
    event = AuditEvent.objects.get(verb="version.record_correct")
    assert event.data["changes"] == {"adopted_by": ["Byrådet", "Kommunalbestyrelsen"]}
    assert event.actor == comms


@pytest.mark.parametrize(
    "adopted_on, message",
    [
        (datetime.date(1949, 12, 31), "cannot be before"),
        (timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
    ],
)
def test_an_implausible_adoption_date_is_refused(adopted, comms, adopted_on, message):
    with pytest.raises(ValidationError) as refusal:
        record_correct(version=adopted, actor=comms, changes=_changes(adopted_on=adopted_on),
                       reason="Dato.")
    assert message in str(refusal.value.message_dict["adopted_on"])
    assert not RecordCorrection.objects.exists()


def test_an_adoption_date_after_the_review_date_is_refused(organisation, comms):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1,
                             review_due=datetime.date(2025, 1, 1))
    mark_adopted(version, **ORIGINAL)
    with pytest.raises(ValidationError) as refusal:
        record_correct(version=version, actor=comms,
                       changes=_changes(adopted_on=datetime.date(2025, 6, 1)), reason="Dato.")
    assert "review date" in str(refusal.value.message_dict["adopted_on"])


def test_a_correction_needs_a_reason_and_a_change(adopted, comms):
    with pytest.raises(ValidationError) as no_reason:
        record_correct(version=adopted, actor=comms, changes=_changes(case_reference="X"),
                       reason=" ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_change:
        record_correct(version=adopted, actor=comms, changes=_changes(), reason="Ingen.")
    assert "__all__" in no_change.value.message_dict


def test_a_draft_has_no_record_to_correct(organisation, comms):
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    with pytest.raises(PermissionDenied):
        record_correct(version=draft, actor=comms, changes=_changes(), reason="Nej.")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE records_recordcorrection SET new_value = 'forfalsket'",
        "UPDATE records_recordcorrection SET reason = 'anden grund'",
        "DELETE FROM records_recordcorrection",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_correction(adopted, comms, statement):
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="X"),
                   reason="Grund.")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert RecordCorrection.objects.get().new_value == "X"


def test_the_database_lets_the_person_go_from_a_correction(adopted, comms):
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="X"),
                   reason="Grund.")
    RecordCorrection.objects.update(actor=None)
    assert RecordCorrection.objects.get().actor is None


def test_the_version_page_shows_the_corrected_record_and_the_original(client, adopted, comms):
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="24/4321"),
                   reason="Tastefejl i sagsnummeret.")
    client.force_login(comms)
    html = client.get(reverse("strategies:version_detail", args=[adopted.pk])).content.decode()
    assert "24/4321" in html
    assert "(corrected)" in html
    assert "Corrections of the record" in html
    assert "24/1234" in html  # the original, in the history
    assert "Tastefejl i sagsnummeret." in html


def test_a_kept_version_page_shows_a_new_correction(client, adopted, comms, kept_pages):
    client.force_login(comms)
    url = reverse("strategies:version_detail", args=[adopted.pk])
    client.get(url)
    assert kept_pages()
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="24/9999"),
                   reason="Grund.")
    assert "24/9999" in client.get(url).content.decode()


def test_the_pdf_prints_the_corrected_record_and_the_correction(adopted, comms):
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="24/4321"),
                   reason="Tastefejl i sagsnummeret.")
    html = pdf.strategy_html(adopted)
    assert "24/4321 (rettet)" in html
    assert "Rettelser af vedtagelsens oplysninger" in html
    assert "Tastefejl i sagsnummeret." in html


def test_a_correction_gives_the_pdf_a_new_content_key(adopted, comms):
    before = export_content_key(version=adopted)
    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="X"),
                   reason="Grund.")
    assert export_content_key(version=adopted) != before


def test_the_correction_form_corrects_and_returns_to_the_version(client, adopted, comms):
    client.force_login(comms)
    response = client.post(
        reverse("records:correct", args=[adopted.pk]),
        {**_changes(case_reference="24/4321", adopted_on="2024-01-15"),
         "reason": "Tastefejl."},
    )
    assert response.status_code == 302
    assert selectors.record_of(adopted).case_reference == "24/4321"


def test_the_correction_form_refuses_a_date_before_1950_with_a_message(client, adopted, comms):
    client.force_login(comms)
    response = client.post(
        reverse("records:correct", args=[adopted.pk]),
        {**_changes(adopted_on="1024-01-15"), "reason": "Tastefejl."},
    )
    assert response.status_code == 200
    assert "cannot be before" in response.content.decode()
    assert not RecordCorrection.objects.exists()


def test_a_record_without_a_case_reference_can_have_its_date_corrected(organisation, comms):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)
    mark_adopted(version, adopted_on=datetime.date(2012, 4, 1), adopted_by="Byrådet",
                 case_reference="")
    [correction] = record_correct(
        version=version, actor=comms,
        changes=_changes(adopted_on=datetime.date(2012, 4, 24), case_reference=""),
        reason="Byrådet vedtog politikken den 24. april.",
    )
    assert correction.field == "adopted_on"


def test_a_fact_the_record_has_cannot_be_emptied(adopted, comms):
    with pytest.raises(ValidationError) as refusal:
        record_correct(version=adopted, actor=comms, changes=_changes(case_reference=""),
                       reason="Væk.")
    assert "case_reference" in refusal.value.message_dict


def test_the_pdf_with_a_correction_keeps_the_pdf_ua_rules(adopted, comms):
    from tests.exports.pdfrules import (
        pdf_ua_violations,
        reader_of,
        structure_tree,
        table_violations,
    )

    record_correct(version=adopted, actor=comms, changes=_changes(case_reference="24/4321"),
                   reason="Tastefejl i sagsnummeret.")
    data = pdf.strategy_pdf(adopted)
    assert pdf_ua_violations(data) == []
    assert table_violations(structure_tree(reader_of(data))) == []
    text = " ".join(page.extract_text() for page in reader_of(data).pages)
    assert "Tastefejl i sagsnummeret." in " ".join(text.split())
