"""The consultation deadline (høringsfrist): required, shown, closing, extended."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from apps.audit.models import AuditEvent
from apps.consultations import deadlines, services
from apps.consultations.models import Comment, Consultation, DeadlineChange
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import consultation_deadline


def _pass_deadline(version):
    """As if the deadline were yesterday (the row's own date, not the clock, moves)."""
    Consultation.objects.filter(version=version).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    version.refresh_from_db()


def test_going_to_consultation_without_a_deadline_is_refused_and_changes_nothing(draft, comms):
    with pytest.raises(ValidationError) as raised:
        strategy_services.version_transition(
            version=draft, actor=comms, to_status=VersionStatus.CONSULTATION
        )

    draft.refresh_from_db()
    assert "deadline" in raised.value.message_dict
    assert draft.status == VersionStatus.DRAFT
    assert not Consultation.objects.exists()


def test_a_deadline_today_or_earlier_is_refused(draft, comms):
    with pytest.raises(ValidationError) as raised:
        strategy_services.version_transition(
            version=draft, actor=comms, to_status=VersionStatus.CONSULTATION,
            consultation_deadline=timezone.localdate(),
        )

    assert raised.value.message_dict["deadline"] == [
        "The consultation deadline must be after today."
    ]


def test_the_deadline_is_recorded_with_the_move(draft, comms):
    deadline = consultation_deadline(20)

    strategy_services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=deadline, consultation_public=True,
    )

    consultation = Consultation.objects.get(version=draft)
    event = AuditEvent.objects.get(verb="version.consultation")
    assert (consultation.deadline, consultation.public) == (deadline, True)
    assert event.data["deadline"] == deadline.isoformat()
    assert DeadlineChange.objects.get().new_deadline == deadline


def test_the_lifecycle_form_without_a_deadline_says_what_is_missing(client, draft, comms):
    client.force_login(comms)

    response = client.post(
        reverse("strategies:version_transition", args=[draft.pk, VersionStatus.CONSULTATION]),
        {"note": ""},
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert draft.status == VersionStatus.DRAFT
    assert "This field is required." in response.text


def test_comments_close_at_the_end_of_the_deadline(consultation, invited):
    _pass_deadline(consultation)

    with pytest.raises(PermissionDenied):
        services.comment_create(version=consultation, actor=invited, text="For sent.")

    assert not Comment.objects.exists()


def test_comments_are_open_until_the_deadline_day_ends(consultation, invited):
    Consultation.objects.filter(version=consultation).update(deadline=timezone.localdate())
    consultation.refresh_from_db()

    comment = services.comment_create(version=consultation, actor=invited, text="Lige i tide.")

    assert comment.pk


def test_the_consultation_page_shows_the_deadline_and_no_form_once_it_passed(
    client, consultation, invited
):
    _pass_deadline(consultation)
    client.force_login(invited)

    response = client.get(reverse("consultations:version", args=[consultation.pk]))

    assert "Consultation deadline:" in response.text
    assert "The deadline has passed" in response.text
    assert 'id="comment-form"' not in response.text


def test_the_version_page_shows_the_deadline(client, consultation, comms):
    client.force_login(comms)

    response = client.get(reverse("strategies:version_detail", args=[consultation.pk]))

    deadline = consultation.consultation.deadline
    assert "Consultation deadline" in response.text
    assert formats.date_format(deadline, "DATE_FORMAT") in response.text


def test_the_communications_department_extends_the_deadline_with_a_reason(consultation, comms):
    later = consultation_deadline(60)

    deadlines.deadline_extend(version=consultation, actor=comms, deadline=later,
                              reason="Handicaprådet mødes først i marts.")

    change = DeadlineChange.objects.order_by("-pk").first()
    event = AuditEvent.objects.get(verb="consultation.deadline_extend")
    assert Consultation.objects.get(version=consultation).deadline == later
    assert (change.new_deadline, change.actor, change.reason) == (
        later, comms, "Handicaprådet mødes først i marts."
    )
    assert event.data["to"] == later.isoformat()


def test_extending_after_the_deadline_opens_the_comments_again(consultation, comms, invited):
    _pass_deadline(consultation)

    deadlines.deadline_extend(version=consultation, actor=comms, deadline=consultation_deadline(7),
                              reason="Genåbnet efter ønske fra MED.")
    consultation.refresh_from_db()

    assert services.comment_create(version=consultation, actor=invited, text="Tak.").pk


def test_an_earlier_deadline_or_no_reason_is_refused(consultation, comms):
    current = consultation.consultation.deadline

    with pytest.raises(ValidationError) as raised:
        deadlines.deadline_extend(version=consultation, actor=comms,
                                  deadline=current - datetime.timedelta(days=1), reason="")

    assert set(raised.value.message_dict) == {"deadline", "reason"}
    assert Consultation.objects.get(version=consultation).deadline == current


def test_only_the_communications_department_extends_it(consultation, invited, organisation,
                                                        member_of):
    executive = member_of(organisation, RoleLevel.EXECUTIVE_BOARD)
    for person in (invited, executive):
        with pytest.raises(PermissionDenied):
            deadlines.deadline_extend(version=consultation, actor=person,
                                      deadline=consultation_deadline(90),
                                      reason="Vil have mere tid.")


def test_the_deadline_page_extends_and_lists_the_changes(client, consultation, comms):
    client.force_login(comms)
    url = reverse("consultations:deadline", args=[consultation.pk])
    later = consultation_deadline(45)

    response = client.post(url, {"deadline": later.isoformat(), "reason": "Sommerferie."})
    page = client.get(url)

    assert response.status_code == 302
    assert "Sommerferie." in page.text
    assert Consultation.objects.get(version=consultation).deadline == later


def test_the_deadline_page_keeps_what_was_typed_when_refused(client, consultation, comms):
    client.force_login(comms)

    response = client.post(reverse("consultations:deadline", args=[consultation.pk]),
                           {"deadline": "", "reason": "Fordi MED-udvalget bad om det."})

    assert response.status_code == 200
    assert "Fordi MED-udvalget bad om det." in response.text
