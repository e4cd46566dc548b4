"""E-mail from the outbox to a real SMTP server: what arrives, to whom, in which
language, once; and what happens when the server is down or refuses someone."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.consultations import services as consultation_services
from apps.notifications import delivery, mail
from apps.notifications.models import Category, EmailStatus, Frequency, Notification
from apps.notifications.services import preferences_set

pytestmark = pytest.mark.django_db


def invite(draft, people, *who):
    consultation_services.consultation_invite(
        version=draft, actor=people["communications"], users=[people[w] for w in who]
    )


def test_an_invitation_arrives_at_once_in_the_recipients_language_with_both_parts(
    draft, people, smtp_server
):
    leader = people["leader"]
    leader.preferred_language = ""  # the organisation's: Danish
    leader.save(update_fields=["preferred_language"])
    invite(draft, people, "leader", "politician")

    report = delivery.send_due()

    assert report.sent == 2
    danish, english = smtp_server.to(leader.email)[0], smtp_server.to(people["politician"].email)[0]
    assert danish.envelope_to == [leader.email]
    assert danish.subject.startswith("Du er inviteret til at kommentere Kommunikationspolitik")
    assert english.subject.startswith("You are invited to comment on Kommunikationspolitik")
    link = f"https://kompas.example.dk{reverse('consultations:version', args=[draft.pk])}"
    assert link in danish.part("text/plain")
    assert f'href="{link}"' in danish.part("text/html")
    assert danish.message["Content-Language"] == "da"
    assert danish.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert danish.message["List-Unsubscribe"].startswith(
        "<https://kompas.example.dk/notifications/unsubscribe/"
    )
    # As the URL itself on one line, not folded into RFC 2047 encoded words.
    assert "\nList-Unsubscribe: <https://kompas.example.dk/" in danish.raw


def test_the_unsubscribe_header_works_with_one_post_and_no_login(
    client, draft, people, smtp_server
):
    invite(draft, people, "leader")
    delivery.send_due()
    header = smtp_server.to(people["leader"].email)[0].message["List-Unsubscribe"]
    path = header.strip("<>").removeprefix("https://kompas.example.dk")

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert preferences_of(people["leader"])[Category.CONSULTATIONS] == Frequency.OFF


def test_the_unsubscribe_link_in_the_body_asks_first_and_then_stops_that_category(
    client, draft, people, smtp_server
):
    invite(draft, people, "leader")
    delivery.send_due()
    body = smtp_server.to(people["leader"].email)[0].part("text/plain")
    url = next(w for w in body.split() if "/notifications/unsubscribe/" in w)
    path = url.removeprefix("https://kompas.example.dk")

    asked = client.get(path)
    unchanged = preferences_of(people["leader"])[Category.CONSULTATIONS]
    done = client.post(path)

    assert asked.status_code == 200
    assert unchanged == Frequency.IMMEDIATELY
    assert done.status_code == 200
    assert "Invitations to consultations" in done.text
    assert preferences_of(people["leader"])[Category.CONSULTATIONS] == Frequency.OFF


def test_a_forged_unsubscribe_token_is_not_found(client, people):
    token = mail.unsubscribe_token(people["leader"].pk, [Category.CONSULTATIONS])

    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))

    assert response.status_code == 404


def preferences_of(user):
    from apps.notifications.services import frequencies_of

    return frequencies_of(user)


def test_running_twice_sends_each_mail_once(draft, people, smtp_server):
    invite(draft, people, "leader", "employee")

    first = delivery.send_due()
    second = delivery.send_due()

    assert (first.sent, second.sent) == (2, 0)
    assert len(smtp_server.received) == 2
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}


def test_a_person_who_opted_out_gets_no_mail_but_sees_the_inbox(client, draft, people, smtp_server):
    preferences_set(user=people["leader"], frequencies={Category.CONSULTATIONS: Frequency.OFF})
    invite(draft, people, "leader")

    report = delivery.send_due()
    client.force_login(people["leader"])
    inbox = client.get(reverse("notifications:inbox"))

    assert (report.sent, report.skipped) == (0, 1)
    assert smtp_server.received == []
    assert "You are invited to comment on Kommunikationspolitik" in inbox.text


def test_with_the_server_down_nothing_is_lost_and_it_is_sent_once_when_it_is_back(
    draft, people, smtp_server
):
    invite(draft, people, "leader", "employee")
    smtp_server.stop()

    down = delivery.send_due()
    waiting = list(Notification.objects.values_list("email_status", "email_attempts"))
    too_soon = delivery.send_due()
    smtp_server.start()
    later = delivery.send_due(now=timezone.now() + datetime.timedelta(minutes=2))
    again = delivery.send_due(now=timezone.now() + datetime.timedelta(hours=3))

    assert (down.sent, down.retried) == (0, 2)
    assert waiting == [(EmailStatus.PENDING, 1)] * 2
    assert too_soon.sent == 0  # backoff: not before the next attempt is due
    assert (later.sent, again.sent) == (2, 0)
    assert sorted(r.envelope_to[0] for r in smtp_server.received) == [
        people["employee"].email,
        people["leader"].email,
    ]


def test_a_refused_recipient_is_retried_later_and_the_others_are_sent(draft, people, smtp_server):
    smtp_server.handler.refuse.add(people["leader"].email)
    invite(draft, people, "leader", "employee")

    first = delivery.send_due()
    smtp_server.handler.refuse.clear()
    retry = delivery.send_due(now=timezone.now() + datetime.timedelta(minutes=2))

    assert (first.sent, first.retried) == (1, 1)
    assert retry.sent == 1
    assert len(smtp_server.to(people["leader"].email)) == 1
    assert len(smtp_server.to(people["employee"].email)) == 1


def test_after_the_last_attempt_the_mail_is_marked_failed(draft, people, smtp_server):
    smtp_server.handler.refuse.add(people["leader"].email)
    invite(draft, people, "leader")
    now = timezone.now()

    for _attempt in range(delivery.MAX_ATTEMPTS):
        now += datetime.timedelta(days=1)
        delivery.send_due(now=now)

    row = Notification.objects.get()
    assert (row.email_status, row.email_attempts) == (EmailStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert row.read_at is None  # still in the inbox


def test_a_run_that_died_after_claiming_is_taken_up_again_later(draft, people, smtp_server):
    invite(draft, people, "leader")
    Notification.objects.update(
        email_status=EmailStatus.SENDING, email_claim="dead", email_claimed_at=timezone.now()
    )

    soon = delivery.send_due()
    later = delivery.send_due(now=timezone.now() + delivery.STALE_CLAIM * 2)

    assert (soon.sent, later.sent) == (0, 1)


def test_daily_digest_waits_for_the_digest_hour_and_the_invitation_does_not(
    draft, people, smtp_server
):
    from apps.notifications.events import version_moved

    version_moved(version=draft, to_status="proposed")  # daily: politician and executive
    invite(draft, people, "politician")  # immediately
    made = timezone.now()

    at_once = delivery.send_due(now=made)
    next_digest = delivery.digest_moment(made, Frequency.DAILY) + datetime.timedelta(days=1)
    digest = delivery.send_due(now=next_digest + datetime.timedelta(minutes=1))

    assert (at_once.sent, digest.sent) == (1, 2)
    assert [m.subject for m in smtp_server.to(people["politician"].email)] == [
        "You are invited to comment on Kommunikationspolitik, version 1.",
        "Kommunikationspolitik, version 1, awaits the council's decision.",
    ]


def test_everything_due_for_one_person_goes_in_one_digest(draft, people, smtp_server):
    from apps.notifications.events import version_moved

    version_moved(version=draft, to_status="proposed")
    invite(draft, people, "executive")
    later = timezone.now() + datetime.timedelta(days=1, hours=1)

    report = delivery.send_due(now=later)

    mails = smtp_server.to(people["executive"].email)
    assert (report.sent, len(mails)) == (2, 1)  # the politician has one too
    assert mails[0].subject == "2 things in Kompas need your attention"
    assert "awaits the council's decision" in mails[0].part("text/plain")
    assert "You are invited to comment" in mails[0].part("text/html")


def test_a_digest_run_sends_every_mail_over_one_connection(organisation, member_of, smtp_server):
    from apps.notifications.models import Kind
    from apps.notifications.services import notify

    users = [member_of(organisation) for _ in range(5)]
    for user in users:
        user.email = f"{user.username}@kommune.example.dk"
        user.save(update_fields=["email"])
    notify(
        organisation=organisation,
        kind=Kind.CONSULTATION_INVITED,
        obj=organisation,
        event_key="invited:version:1",
        recipients=users,
        data={"strategy": "Politik", "number": 1, "version": 1},
    )

    before = smtp_server.handler.connections  # aiosmtpd's own check that it is up

    report = delivery.send_due(batch_users=2)

    assert report.sent == 5
    assert smtp_server.handler.connections - before == 1


def test_the_command_sends_what_the_task_would(draft, people, smtp_server, capsys):
    invite(draft, people, "leader")

    call_command("send_notifications")

    assert len(smtp_server.received) == 1
    assert "mails_sent=1" in capsys.readouterr().out


def test_weekly_digests_are_due_from_monday_at_the_digest_hour(settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    wednesday = timezone.make_aware(datetime.datetime(2026, 12, 2, 12, 0))
    monday_early = timezone.make_aware(datetime.datetime(2026, 11, 30, 6, 0))

    assert delivery.digest_moment(wednesday, Frequency.WEEKLY) == timezone.make_aware(
        datetime.datetime(2026, 11, 30, 7, 0)
    )
    assert delivery.digest_moment(monday_early, Frequency.WEEKLY) == timezone.make_aware(
        datetime.datetime(2026, 11, 23, 7, 0)
    )
    assert delivery.digest_moment(wednesday, Frequency.DAILY) == timezone.make_aware(
        datetime.datetime(2026, 12, 2, 7, 0)
    )


def test_a_person_who_picked_nynorsk_gets_the_mail_in_nynorsk(draft, people, smtp_server):
    leader = people["leader"]
    leader.preferred_language = "nn"
    leader.save(update_fields=["preferred_language"])
    invite(draft, people, "leader")

    delivery.send_due()

    [received] = smtp_server.to(leader.email)
    assert received.subject.startswith("Du er invitert til å kommentere Kommunikationspolitik")
    assert received.message["Content-Language"] == "nn"
    assert "Alle varsla dine:" in received.part("text/plain")
    assert '<html lang="nn">' in received.part("text/html")
    assert "Vel kva for e-postar du får, og kor ofte" in received.part("text/html")
