"""iCalendar feeds: the public one of an organisation and a person's own behind a
signed, revocable address. Read back with the icalendar library."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.public import calendar
from apps.public.services import calendar_feed_renew, calendar_feed_stop
from apps.strategies import models as sm
from tests.factories import SectionFactory, UserFactory, VersionFactory, consultation_deadline

from .world import SECRET

pytestmark = pytest.mark.django_db


def _events(response):
    parsed = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in parsed.walk("VEVENT")}


def _public(client, world):
    return client.get(reverse("public:calendar", args=[world.organisation.slug]))


def test_the_public_feed_is_a_calendar_outlook_and_google_subscribe_to(client, world):
    response = _public(client, world)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    parsed = Calendar.from_ical(response.content)
    assert str(parsed["version"]) == "2.0"
    assert parsed["prodid"]


def test_the_public_feed_holds_the_published_annual_wheel_deadlines_and_review_dates(
    client, world
):
    events = _events(_public(client, world))
    wheel = events["Årsmøde v2 (Kommunikationspolitik)"]
    assert wheel.decoded("dtstart") == datetime.date(2025, 9, 1)
    assert wheel.decoded("dtend") == datetime.date(2025, 10, 1)
    assert wheel["rrule"]["FREQ"] == ["YEARLY"]
    # In the organisation's language, as its public pages.
    deadline = events["Frist: Handling v2"]
    assert deadline.decoded("dtstart") == datetime.date(2026, 6, 30)
    assert deadline.decoded("dtend") == datetime.date(2026, 7, 1)
    assert events["Revision: Kommunikationspolitik"].decoded("dtstart") == datetime.date(
        2027, 12, 1
    )


def test_every_event_is_all_day_with_a_uid_and_a_timestamp(client, world):
    for event in _events(_public(client, world)).values():
        assert type(event.decoded("dtstart")) is datetime.date
        assert event["uid"]
        assert isinstance(event.decoded("dtstamp"), datetime.datetime)


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, world):
    first = {str(e["uid"]) for e in _events(_public(client, world)).values()}
    second = {str(e["uid"]) for e in _events(_public(client, world)).values()}
    assert first == second
    assert len(first) == 3


def test_the_public_feed_holds_nothing_unpublished_nor_superseded(client, world):
    body = _public(client, world).content.decode()
    assert SECRET not in body
    assert "v1" not in body.replace("\r\n ", "")


def test_a_done_action_leaves_the_feed(client, world):
    from apps.followup.models import ProgressUpdate

    action = sm.Action.objects.get(version=world.in_force)
    ProgressUpdate.objects.create(
        organisation=world.organisation, strategy=world.published, lineage=action.lineage,
        action=action, status="done", percent=100, author=world.comms,
    )
    assert "Frist: Handling v2" not in _events(_public(client, world))


def _in_consultation(world, *, public):
    from apps.strategies import services as strategy_services

    version = VersionFactory(strategy=world.published, number=4)
    SectionFactory(version=version)
    return strategy_services.version_transition(
        version=version, actor=world.comms, to_status=sm.VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline(20), consultation_public=public,
    )


def test_a_public_consultation_s_deadline_is_in_the_public_feed_with_its_answer_page(
    client, world
):
    version = _in_consultation(world, public=True)

    events = _events(_public(client, world))

    deadline = events["Høringsfrist: Kommunikationspolitik"]
    assert deadline.decoded("dtstart") == consultation_deadline(20)
    assert str(deadline["url"]).endswith(
        reverse("hoering:public", args=[version.consultation.public_key])
    )


def test_a_consultation_that_is_not_public_stays_out_of_the_public_feed(client, world):
    _in_consultation(world, public=False)

    assert "Høringsfrist: Kommunikationspolitik" not in _events(_public(client, world))


def test_the_deadline_of_a_consultation_is_in_the_feed_of_those_who_may_comment(
    client, world
):
    _in_consultation(world, public=False)

    assert "Consultation deadline: Kommunikationspolitik" in _events(
        client.get(_feed_url(world.comms))
    )


def _feed_url(user):
    return reverse("calendar:feed", args=[calendar.feed_token(calendar_feed_renew(user=user))])


def test_the_personal_feed_holds_what_concerns_the_person(client, world):
    events = _events(client.get(_feed_url(world.comms)))
    assert "Årsmøde v2 (Kommunikationspolitik)" in events
    assert "Deadline: Handling v2" in events
    assert "Review due: Kommunikationspolitik" in events
    # The unpublished strategy is the person's own organisation's: in their feed.
    assert f"Årsmøde v1 ({SECRET} politik)" in events


def test_a_leader_gets_the_deadlines_of_the_actions_their_unit_owns(client, world):
    events = _events(client.get(_feed_url(world.leader)))
    assert "Deadline: Handling v2" in events
    assert "Review due: Kommunikationspolitik" not in events


def test_the_personal_feed_of_an_employee_leaves_out_review_dates_and_other_units(
    client, world, member_of
):
    employee = member_of(world.organisation)
    events = _events(client.get(_feed_url(employee)))
    assert "Årsmøde v2 (Kommunikationspolitik)" in events
    assert "Review due: Kommunikationspolitik" not in events
    assert "Deadline: Handling v2" not in events


def test_the_personal_feed_holds_nothing_of_another_organisation(
    client, world, other_organisation, member_of
):
    outsider = member_of(other_organisation, "communications")
    body = client.get(_feed_url(outsider)).content.decode()
    assert "Kommunikationspolitik" not in body
    assert SECRET not in body


def test_a_new_address_ends_the_old_one_and_stopping_ends_both(client, world):
    old = _feed_url(world.comms)
    new = _feed_url(world.comms)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    calendar_feed_stop(user=world.comms)
    assert client.get(new).status_code == 404


def test_a_forged_or_altered_address_is_not_found(client, world):
    url = _feed_url(world.comms)
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
    forged = reverse("calendar:feed", args=["eyJ1IjoxfQ:1abc:forged"])
    assert client.get(forged).status_code == 404


def test_a_deactivated_persons_address_stops_working(client, world):
    url = _feed_url(world.leader)
    world.leader.is_active = False
    world.leader.save()
    assert client.get(url).status_code == 404


def test_the_calendar_page_makes_and_stops_the_address(client, world):
    client.force_login(world.leader)
    page = client.get(reverse("calendar:personal"))
    assert page.status_code == 200
    client.post(reverse("calendar:renew"))
    page = client.get(reverse("calendar:personal"))
    address = page.content.decode().split('id="calendar-address" type="text" readonly value="')[1]
    address = address.split('"')[0]
    assert client.get(address.removeprefix("http://testserver")).status_code == 200
    client.post(reverse("calendar:stop"))
    assert client.get(address.removeprefix("http://testserver")).status_code == 404


def test_the_calendar_page_needs_a_login(client):
    response = client.get(reverse("calendar:personal"))
    assert response.status_code == 302


def test_a_person_without_a_role_gets_an_empty_feed(client, db):
    user = UserFactory()
    parsed = Calendar.from_ical(client.get(_feed_url(user)).content)
    assert list(parsed.walk("VEVENT")) == []
