"""One comment cannot break the consultation summary: texts have a length a real
høringssvar needs, one person's comments are bounded, and an abusive comment can be
hidden with a recorded reason (it stays in the record, marked)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.consultations import services
from apps.consultations.models import (
    ANSWER_MAX_CHARS,
    COMMENT_MAX_CHARS,
    COMMENTS_PER_PERSON_MAX,
    Comment,
    Outcome,
)
from apps.exports.summary_pdf import printed_summary
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus

pytestmark = pytest.mark.django_db


def _comment(version, actor, text="Skriv mere om sociale medier."):
    return services.comment_create(version=version, actor=actor, text=text)


def test_a_comment_of_the_longest_allowed_length_is_saved(consultation, invited):
    comment = _comment(consultation, invited, "a" * COMMENT_MAX_CHARS)

    assert len(comment.text) == COMMENT_MAX_CHARS


def test_a_pasted_book_is_refused_with_the_limit_and_its_length(consultation, invited):
    with pytest.raises(ValidationError) as error:
        _comment(consultation, invited, "ord " * 600_000)

    message = error.value.message_dict["text"][0]
    assert "20,000" in message
    assert "2,399,999" in message  # stripped of its trailing space
    assert not Comment.objects.exists()


def test_the_database_refuses_an_over_long_comment_whatever_writes_it(consultation, invited):
    comment = _comment(consultation, invited)

    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(text="x" * (COMMENT_MAX_CHARS + 1))


def test_an_over_long_answer_is_refused(consultation, invited, comms):
    comment = _comment(consultation, invited)

    with pytest.raises(ValidationError) as error:
        services.comment_answer(
            comment=comment, actor=comms, response="x" * (ANSWER_MAX_CHARS + 1),
            outcome=Outcome.NOTED,
        )

    assert "response" in error.value.message_dict


def test_one_person_cannot_add_comments_without_end(consultation, invited):
    Comment.objects.bulk_create(
        Comment(version=consultation, author=invited, author_name="x", text="x")
        for _ in range(COMMENTS_PER_PERSON_MAX)
    )

    with pytest.raises(ValidationError) as error:
        _comment(consultation, invited)

    assert error.value.code == "too_many"


def test_the_comment_form_says_the_limit_and_keeps_an_over_long_text(
    client, consultation, invited
):
    client.force_login(invited)
    text = "Langt høringssvar. " * 1200

    response = client.post(
        reverse("consultations:version", args=[consultation.pk]),
        {"target": "document", "text": text},
    )

    assert response.status_code == 200
    assert "At most 20,000 characters." in response.text
    assert "The text can be at most 20,000 characters long" in response.text
    assert response.context["form"]["text"].value() == text
    assert "maxlength" not in str(response.context["form"]["text"])


def test_communications_hides_an_abusive_comment_with_a_recorded_reason(
    consultation, invited, comms
):
    comment = _comment(consultation, invited, "Krænkende tekst")

    services.comment_hide(comment=comment, actor=comms, reason="Krænkende sprog")

    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.text == "Krænkende tekst"  # kept in the record
    assert (comment.hidden_by, comment.hidden_reason) == (comms, "Krænkende sprog")
    assert AuditEvent.objects.filter(verb="consultation.hide", object_id=comment.pk).exists()


def test_hiding_needs_a_reason(consultation, invited, comms):
    comment = _comment(consultation, invited)

    with pytest.raises(ValidationError) as error:
        services.comment_hide(comment=comment, actor=comms, reason="  ")

    assert "reason" in error.value.message_dict


def test_only_the_communications_department_hides_comments(consultation, invited):
    comment = _comment(consultation, invited)

    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, actor=invited, reason="Min egen")


def test_a_hidden_comment_is_marked_and_its_text_not_shown_to_participants(
    client, consultation, invited, comms
):
    comment = _comment(consultation, invited, "Krænkende tekst")
    services.comment_hide(comment=comment, actor=comms, reason="Krænkende sprog")
    client.force_login(invited)

    page = client.get(reverse("consultations:version", args=[consultation.pk]))

    assert "Krænkende sprog" in page.text
    assert "Krænkende tekst" not in page.text


def test_the_printed_summary_marks_a_hidden_comment_without_its_text(
    consultation, invited, comms
):
    comment = _comment(consultation, invited, "Krænkende tekst")
    services.comment_hide(comment=comment, actor=comms, reason="Krænkende sprog")

    [printed] = [c for group in printed_summary(consultation).groups for c in group.comments]

    assert "Krænkende sprog" in printed.text
    assert "Krænkende tekst" not in printed.text


def test_comments_cannot_be_hidden_once_the_version_is_adopted(consultation, invited, comms):
    comment = _comment(consultation, invited)
    strategy_services.version_transition(
        version=consultation, actor=comms, to_status=VersionStatus.PROPOSED
    )
    strategy_services.version_transition(
        version=consultation, actor=comms, to_status=VersionStatus.ADOPTED,
        decided_on=datetime.date(2025, 3, 27), decided_by="Byrådet", case_reference="25/1",
    )

    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, actor=comms, reason="For sent")


def test_the_hide_page_hides_through_a_form(client, consultation, invited, comms):
    comment = _comment(consultation, invited)
    client.force_login(comms)
    url = reverse("consultations:hide", args=[comment.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Personangreb"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_reason == "Personangreb"


def test_participants_cannot_open_the_hide_page(client, consultation, invited):
    comment = _comment(consultation, invited)
    client.force_login(invited)

    assert client.get(reverse("consultations:hide", args=[comment.pk])).status_code in (403, 404)
