"""The same comment sent twice is one comment; an answer sent twice is one answer (#15.10)."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.consultations.models import Comment
from tests.submissions import token_of

pytestmark = pytest.mark.django_db


def _url(consultation):
    return reverse("consultations:version", args=[consultation.pk])


def test_a_comment_sent_twice_from_the_same_form_is_saved_once(client, consultation, invited,
                                                               section):
    client.force_login(invited)
    token = token_of(client.get(_url(consultation)), _url(consultation))
    data = {"target": f"section:{section.pk}", "text": "Nævn Facebook.", "submission": token}

    first = client.post(_url(consultation), data)
    again = client.post(_url(consultation), data)

    comment = Comment.objects.get()
    assert first["Location"] == again["Location"] == f"{_url(consultation)}#comment-{comment.pk}"


def test_the_same_comment_from_a_new_form_a_moment_later_is_saved_once(
        client, consultation, invited, section):
    client.force_login(invited)
    data = {"target": f"section:{section.pk}", "text": "Nævn Facebook."}

    client.post(_url(consultation), data)
    again = client.post(_url(consultation), data)

    comment = Comment.objects.get()
    assert again["Location"] == f"{_url(consultation)}#comment-{comment.pk}"
    assert AuditEvent.objects.filter(verb="consultation.comment").count() == 1


def test_a_different_comment_on_the_same_section_is_a_second_comment(
        client, consultation, invited, section):
    client.force_login(invited)

    client.post(_url(consultation), {"target": f"section:{section.pk}", "text": "Et."})
    client.post(_url(consultation), {"target": f"section:{section.pk}", "text": "To."})

    assert Comment.objects.count() == 2


def test_an_answer_sent_twice_is_recorded_once(client, consultation, invited, section, comms):
    client.force_login(invited)
    client.post(_url(consultation), {"target": f"section:{section.pk}", "text": "Nævn Facebook."})
    comment = Comment.objects.get()
    client.force_login(comms)
    url = reverse("consultations:answer", args=[comment.pk])
    token = token_of(client.get(url))
    data = {"response": "Det gør vi.", "outcome": "accepted",
            "resulting_change": "Facebook er nævnt.", "submission": token}

    client.post(url, data)
    client.post(url, data)

    assert AuditEvent.objects.filter(verb="consultation.answer").count() == 1
