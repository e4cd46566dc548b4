"""The consultation's deadline in the invitation, and the reminder three days before
it to the invited who have not commented (and the outside parties who have not
answered); once per deadline, however often the scheduled run goes."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from apps.consultations import parties
from apps.consultations import services as consultation_services
from apps.consultations.models import Consultation
from apps.notifications import kinds, schedule
from apps.notifications.models import Kind, Notification
from apps.strategies import services as strategy_services
from tests.factories import consultation_deadline

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def consultation(draft, people):
    return strategy_services.version_transition(
        version=draft, actor=people["communications"], to_status="consultation",
        consultation_deadline=consultation_deadline(10),
    )


def _deadline_in(version, days):
    Consultation.objects.filter(version=version).update(
        deadline=TODAY + datetime.timedelta(days=days)
    )


def told():
    return sorted(
        Notification.objects.filter(kind=Kind.CONSULTATION_DEADLINE_NEAR)
        .values_list("user__email", flat=True)
    )


def test_the_invitation_says_the_deadline(consultation, people):
    consultation_services.consultation_invite(
        version=consultation, actor=people["communications"], users=[people["leader"]]
    )

    notification = Notification.objects.get(kind=Kind.CONSULTATION_INVITED)
    with translation.override("en"):
        title = kinds.title(notification)
        date = formats.date_format(consultation_deadline(10), "DATE_FORMAT")
    assert notification.data["deadline"] == consultation_deadline(10).isoformat()
    assert title == f"You are invited to comment on Kommunikationspolitik, version 1, by {date}."


def test_the_invited_who_have_not_commented_are_reminded_three_days_before(consultation,
                                                                           people):
    comms = people["communications"]
    consultation_services.consultation_invite(
        version=consultation, actor=comms, users=[people["leader"], people["politician"]],
        units=[people["centre_unit"]],
    )
    consultation_services.comment_create(version=consultation, actor=people["politician"],
                                         text="Godt arbejde.")

    _deadline_in(consultation, 4)
    early = schedule.consultation_deadlines(TODAY)
    _deadline_in(consultation, 3)
    schedule.consultation_deadlines(TODAY)
    schedule.consultation_deadlines(TODAY)

    assert early == 0
    # The centre's unit reaches its leader, the workplace's leader and employee below it.
    assert told() == [
        "centre@kommune.example.dk", "employee@kommune.example.dk", "leader@kommune.example.dk",
    ]


def test_an_extended_deadline_is_reminded_of_again(consultation, people):
    consultation_services.consultation_invite(
        version=consultation, actor=people["communications"], users=[people["leader"]]
    )
    _deadline_in(consultation, 2)
    schedule.consultation_deadlines(TODAY)
    _deadline_in(consultation, 3)

    schedule.consultation_deadlines(TODAY)

    assert told() == ["leader@kommune.example.dk"] * 2


def test_outside_parties_that_have_not_answered_get_one_reminder_by_mail(
    consultation, people, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answered, silent = parties.parties_invite(
            version=consultation, actor=people["communications"],
            entries=[("svar@example.dk", "Svarer"), ("tavs@example.dk", "Tavs")],
        )
    parties.answer_without_account(
        version=consultation, party=answered, name="A", contact="a@example.dk",
        accepted_notice=True, text="Her er vores svar.",
    )
    _deadline_in(consultation, 3)

    schedule.consultation_deadlines(TODAY)
    schedule.consultation_deadlines(TODAY)

    invitations = [r.envelope_to for r in smtp_server.received]
    assert invitations.count(["tavs@example.dk"]) == 2  # the invitation and one reminder
    assert invitations.count(["svar@example.dk"]) == 1  # the invitation only
    reminder = smtp_server.to("tavs@example.dk")[-1]
    assert "/hoering/" in reminder.part("text/plain")


def test_an_invitation_mail_the_server_refused_is_sent_by_the_next_run(
    consultation, people, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        [party] = parties.parties_invite(version=consultation, actor=people["communications"],
                                         entries=[("med@example.dk", "MED")])
    party.refresh_from_db()
    assert party.mailed_at is None
    smtp_server.start()

    schedule.consultation_deadlines(TODAY)
    schedule.consultation_deadlines(TODAY)

    assert [r.envelope_to for r in smtp_server.received] == [["med@example.dk"]]
