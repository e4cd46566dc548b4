import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.KOMPAS_LOGIN_ADDRESS_FAILURE_LIMIT = 6


@pytest.fixture
def person(db):
    return UserFactory(username="birgitte", password="Korrekt-hest-batteri-42")


def _fail(client, username, forwarded_for=None, address=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    if address:
        extra["REMOTE_ADDR"] = address
    return client.post(LOGIN, {"username": username, "password": "forkert"}, **extra)


def test_a_wrong_password_gives_a_clear_message_and_keeps_the_username(client, person):
    response = _fail(client, "birgitte")

    assert response.status_code == 200
    assert 'value="birgitte"' in response.text
    assert "_auth_user_id" not in client.session


def test_after_too_many_failures_even_the_right_password_is_refused(client, person):
    for _ in range(3):
        _fail(client, "birgitte")

    response = client.post(LOGIN, {"username": "birgitte", "password": "Korrekt-hest-batteri-42"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_forged_forwarded_for_headers_do_not_reset_the_address_lockout(client, db):
    for n in range(6):
        _fail(client, f"guess{n}", forwarded_for=f"203.0.113.{n}")
    UserFactory(username="someone", password="Korrekt-hest-batteri-42")

    response = client.post(
        LOGIN,
        {"username": "someone", "password": "Korrekt-hest-batteri-42"},
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )

    assert response.status_code == 429


def test_the_session_is_rotated_at_login(client, person):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    client.post(LOGIN, {"username": "birgitte", "password": "Korrekt-hest-batteri-42"})

    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(person.pk)


def test_trusted_proxy_hop_is_used_as_the_client_address(rf, settings):
    from apps.accounts.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10", REMOTE_ADDR="10.0.0.2")

    assert client_ip(request) == "192.0.2.10"


def test_weak_passwords_are_refused(db):
    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_login_page_is_public_and_everything_else_needs_login(client, db):
    assert client.get(LOGIN).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_failures_from_elsewhere_do_not_lock_a_person_out(client, person):
    for _ in range(5):
        _fail(client, "birgitte", address="203.0.113.66")

    response = client.post(
        LOGIN,
        {"username": "birgitte", "password": "Korrekt-hest-batteri-42"},
        REMOTE_ADDR="198.51.100.20",
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_attacking_address_is_locked_for_that_username(client, person):
    for _ in range(3):
        _fail(client, "birgitte", address="203.0.113.66")

    response = client.post(
        LOGIN,
        {"username": "birgitte", "password": "Korrekt-hest-batteri-42"},
        REMOTE_ADDR="203.0.113.66",
    )

    assert response.status_code == 429


def test_colleagues_behind_one_address_are_not_locked_by_a_few_typos(client, db):
    UserFactory(username="kollega", password="Korrekt-hest-batteri-42")
    for n in range(5):  # five people behind the town hall's NAT, one typo each
        _fail(client, f"person{n}", address="192.0.2.1")

    response = client.post(
        LOGIN,
        {"username": "kollega", "password": "Korrekt-hest-batteri-42"},
        REMOTE_ADDR="192.0.2.1",
    )

    assert response.status_code == 302


def test_an_address_guessing_through_many_usernames_is_locked(client, db):
    UserFactory(username="kollega", password="Korrekt-hest-batteri-42")
    for n in range(6):
        _fail(client, f"guess{n}", address="192.0.2.9")

    response = client.post(
        LOGIN,
        {"username": "kollega", "password": "Korrekt-hest-batteri-42"},
        REMOTE_ADDR="192.0.2.9",
    )

    assert response.status_code == 429


def test_unlocking_a_person_lets_them_in_from_the_locked_address(client, person):
    from apps.accounts.services import user_unlock_login

    for _ in range(3):
        _fail(client, "birgitte")
    user_unlock_login(user=person)

    response = client.post(LOGIN, {"username": "birgitte", "password": "Korrekt-hest-batteri-42"})

    assert response.status_code == 302


def test_a_locked_out_person_gets_back_in_by_resetting_their_password(client, person):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for _ in range(3):
        _fail(client, "birgitte")
    locked = client.post(LOGIN, {"username": "birgitte", "password": "Korrekt-hest-batteri-42"})
    assert locked.status_code == 429
    assert reverse("accounts:password_reset") in locked.text

    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    start = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    new = "Et-nyt-staerkt-kodeord-2026"
    client.post(start.url, {"new_password1": new, "new_password2": new})

    response = client.post(LOGIN, {"username": "birgitte", "password": new})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
