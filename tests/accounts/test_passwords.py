"""Password reset by e-mail (in the person's language) and password change."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation, member_of):
    user = member_of(organisation, RoleLevel.LEADER)
    user.email = "leder@kommune.example.dk"
    user.preferred_language = ""  # the organisation's: Danish
    user.set_password("old-password-for-tests")
    user.save()
    return user


def test_the_login_page_links_to_the_password_reset(client):
    response = client.get(reverse("accounts:login"))

    assert reverse("accounts:password_reset") in response.text


def test_a_reset_mail_in_the_persons_language_lets_them_choose_a_new_password(client, person):
    sent = client.post(reverse("accounts:password_reset"), {"email": person.email})
    message = mail.outbox[0]
    link = re.search(r"https?://[^\s]+/password/reset/[^\s]+/", message.body)[0]
    form_page = client.get(link, follow=True)
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-new-Passw0rd-2026",
            "new_password2": "a-new-Passw0rd-2026",
        },
    )
    person.refresh_from_db()

    assert sent.status_code == 302
    assert message.to == [person.email]
    assert message.subject == "Nulstil din adgangskode til Kompas"
    assert message.alternatives[0].mimetype == "text/html"
    assert saved.status_code == 302
    assert person.check_password("a-new-Passw0rd-2026")


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "ukendt@example.dk"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_changing_the_password_logs_out_every_other_session(client, person, django_user_model):
    from django.test import Client

    other = Client()
    assert other.login(username=person.username, password="old-password-for-tests")
    client.login(username=person.username, password="old-password-for-tests")

    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "old-password-for-tests",
            "new_password1": "a-new-Passw0rd-2026",
            "new_password2": "a-new-Passw0rd-2026",
        },
    )

    assert changed.status_code == 302
    assert client.get(reverse("notifications:inbox")).status_code == 200
    assert other.get(reverse("notifications:inbox")).status_code == 302


def test_a_wrong_old_password_is_refused_with_a_message(client, person):
    client.force_login(person)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-Passw0rd-2026",
            "new_password2": "a-new-Passw0rd-2026",
        },
    )

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


def test_a_reset_mail_to_a_person_who_picked_nynorsk_is_in_nynorsk(client, person):
    person.preferred_language = "nn"
    person.save(update_fields=["preferred_language"])

    client.post(reverse("accounts:password_reset"), {"email": person.email})

    [message] = mail.outbox
    assert message.subject == "Tilbakestill passordet ditt til Kompas"
    assert "Nokon har bede om å tilbakestille passordet ditt til Kompas." in message.body
    assert "Om du ikkje har bede om dette" in message.body
