"""The inbox, the header's count, the dashboard's top and the preferences page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.consultations import services as consultation_services
from apps.notifications.models import Category, Frequency, Kind, Notification
from apps.notifications.services import frequencies_of, notification_read, notify
from apps.strategies import services as strategy_services
from tests.factories import consultation_deadline

pytestmark = pytest.mark.django_db


def invite(draft, people, who="leader"):
    consultation_services.consultation_invite(
        version=draft, actor=people["communications"], users=[people[who]]
    )


def test_the_header_counts_unread_and_the_dashboard_top_shows_the_invitation(client, draft, people):
    invite(draft, people)
    client.force_login(people["leader"])

    page = client.get(reverse("dashboards:leader"))

    assert "Notifications (1 unread)" in page.text
    assert "Needs you now" in page.text
    assert "You are invited to comment on Kommunikationspolitik, version 1." in page.text


def test_a_kept_dashboard_is_not_served_with_a_stale_count(client, draft, people, kept_pages):
    client.force_login(people["leader"])
    client.get(reverse("dashboards:leader"))
    before = client.get(reverse("dashboards:leader"))
    invite(draft, people)

    after = client.get(reverse("dashboards:leader"))

    assert kept_pages()
    assert "Needs you now" not in before.text
    assert "Notifications (1 unread)" in after.text


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(client, draft, people):
    invite(draft, people)
    note = Notification.objects.get()
    client.force_login(people["leader"])

    response = client.get(reverse("notifications:open", args=[note.pk]))
    note.refresh_from_db()
    dashboard = client.get(reverse("dashboards:leader"))

    assert response.url == reverse("consultations:version", args=[draft.pk])
    assert note.read_at is not None
    assert "Needs you now" not in dashboard.text


def test_someone_elses_notification_is_not_found(client, draft, people):
    invite(draft, people)
    note = Notification.objects.get()
    client.force_login(people["employee"])

    response = client.get(reverse("notifications:open", args=[note.pk]))

    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_read_empties_the_count(client, draft, people):
    invite(draft, people)
    client.force_login(people["leader"])

    client.post(reverse("notifications:read_all"))
    inbox = client.get(reverse("notifications:inbox"))

    assert "You have 0 unread notifications." in inbox.text
    assert "You are invited to comment" in inbox.text


def test_an_invitation_leaves_the_dashboard_top_when_the_consultation_is_over(
    client, draft, people
):
    comms = people["communications"]
    strategy_services.version_transition(version=draft, actor=comms, to_status="consultation",
                                         consultation_deadline=consultation_deadline())
    invite(draft, people)
    strategy_services.version_transition(version=draft, actor=comms, to_status="proposed")
    client.force_login(people["leader"])

    page = client.get(reverse("dashboards:leader"))

    assert "You are invited to comment" not in page.text


def test_the_inbox_shows_changed_duties_with_old_and_new_wording(client, people, draft):
    notify(
        organisation=draft.strategy.organisation,
        kind=Kind.OBLIGATIONS_CHANGED,
        obj=draft,
        event_key="obligations:version:x",
        recipients=[people["leader"]],
        data={
            "strategy": "Politik",
            "number": 2,
            "version": draft.pk,
            "new": ["Ny pligt."],
            "changed": [["Gammel tekst.", "Ny tekst."]],
        },
    )
    client.force_login(people["leader"])

    inbox = client.get(reverse("notifications:inbox"))

    assert "<del>Gammel tekst.</del>" in inbox.text
    assert "<ins>Ny tekst.</ins>" in inbox.text
    assert "Ny pligt." in inbox.text


def test_the_inbox_runs_the_same_queries_for_three_or_thirty_notifications(client, draft, people):
    leader = people["leader"]
    client.force_login(leader)

    def add(n, start):
        for i in range(start, start + n):
            notify(
                organisation=draft.strategy.organisation,
                kind=Kind.CONSULTATION_INVITED,
                obj=draft,
                event_key=f"invited:test:{i}",
                recipients=[leader],
                data={"strategy": "Politik", "number": i, "version": draft.pk},
            )

    add(3, 0)
    client.get(reverse("notifications:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:inbox"))
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("notifications:inbox"))

    assert page.text.count("kompas-inbox-item") == 30
    assert len(many) == len(few)


def test_preferences_are_saved_per_category(client, people):
    client.force_login(people["leader"])
    data = {c: Frequency.DAILY for c in Category.values} | {Category.REVIEWS: Frequency.WEEKLY}

    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 302
    assert frequencies_of(people["leader"])[Category.REVIEWS] == Frequency.WEEKLY
    assert frequencies_of(people["leader"])[Category.CONSULTATIONS] == Frequency.DAILY


def test_preferences_default_to_daily_and_invitations_at_once(people):
    chosen = frequencies_of(people["leader"])

    assert chosen[Category.CONSULTATIONS] == Frequency.IMMEDIATELY
    assert {chosen[c] for c in Category.values if c != Category.CONSULTATIONS} == {Frequency.DAILY}


def test_an_unknown_frequency_is_refused_with_a_message(client, people):
    client.force_login(people["leader"])
    data = {c: Frequency.DAILY for c in Category.values} | {Category.REVIEWS: "hourly"}

    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 200
    assert "form-error-message" in response.text


def test_the_inbox_state_counts_unread_and_gives_the_newest_and_the_last_read_time(
    draft, people
):
    from types import SimpleNamespace

    from apps.notifications import selectors

    def state():
        return selectors.inbox_state(SimpleNamespace(user=people["leader"]))

    empty = state()
    invite(draft, people)
    invited = state()
    note = Notification.objects.get()
    notification_read(notification=note, actor=people["leader"])
    note.refresh_from_db()
    read = state()

    assert empty == {"unread": 0, "newest": None, "read": None}
    assert invited == {"unread": 1, "newest": note.pk, "read": None}
    assert read == {"unread": 0, "newest": note.pk, "read": note.read_at}  # a datetime
