import time

import pytest
from django.urls import reverse

from apps.accounts import sessions
from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db

PASSWORD = "Korrekt-hest-batteri-42"


@pytest.fixture
def person(organisation, member_of):
    user = member_of(organisation, RoleLevel.EMPLOYEE)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, person):
    response = client.post(
        reverse("accounts:login"), {"username": person.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _age_session(client, key, seconds):
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_a_session_idle_longer_than_the_limit_is_signed_out_with_a_notice(client, person):
    _sign_in(client, person)
    _age_session(client, sessions.SEEN, 8 * 3600 + 1)

    response = client.get(reverse("home"), follow=True)

    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "signed out after 8 hours without activity" in response.text


def test_a_session_in_use_stays_within_the_idle_limit(client, person):
    _sign_in(client, person)
    _age_session(client, sessions.SEEN, 8 * 3600 - 60)

    response = client.get(reverse("home"))

    assert client.session["_auth_user_id"] == str(person.pk)
    assert response.status_code in (200, 302)
    assert client.session[sessions.SEEN] >= int(time.time()) - 5


def test_a_session_ends_at_its_absolute_lifetime_however_busy(client, person):
    _sign_in(client, person)
    _age_session(client, sessions.STARTED, 24 * 3600 + 1)

    client.get(reverse("home"))

    assert "_auth_user_id" not in client.session


def test_the_idle_limit_is_a_setting(client, person, settings):
    settings.KOMPAS_SESSION_IDLE_SECONDS = 600
    _sign_in(client, person)
    _age_session(client, sessions.SEEN, 601)

    client.get(reverse("home"))

    assert "_auth_user_id" not in client.session


def test_the_last_seen_time_is_not_written_on_every_request(client, person):
    _sign_in(client, person)
    _age_session(client, sessions.SEEN, 10)
    before = client.session[sessions.SEEN]

    client.get(reverse("home"))

    assert client.session[sessions.SEEN] == before


def test_changing_the_password_signs_out_every_other_session(client, person):
    from django.test import Client

    other = Client()
    _sign_in(client, person)
    _sign_in(other, person)

    person.set_password("Et-helt-andet-kodeord-77")
    person.save()

    assert other.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in other.session
