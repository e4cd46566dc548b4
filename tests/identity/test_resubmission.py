"""People and units created twice from one form are created once (#15.10)."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.organisations.models import RoleLevel, Unit
from tests.submissions import token_of

pytestmark = pytest.mark.django_db

PERSON = {"full_name": "Ny Medarbejder", "email": "ny@kommune.dk", "role_level": "employee",
          "unit": "", "title": "", "manager": ""}


@pytest.fixture
def comms_client(client, organisation, member_of):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    return client


def test_a_person_created_twice_from_the_same_form_is_created_once(comms_client):
    token = token_of(comms_client.get(reverse("identity:person_create")))

    first = comms_client.post(reverse("identity:person_create"), {**PERSON, "submission": token})
    again = comms_client.post(reverse("identity:person_create"), {**PERSON, "submission": token})

    assert User.objects.filter(email="ny@kommune.dk").count() == 1
    assert again["Location"] == first["Location"]


def test_the_same_person_from_a_new_form_is_refused_on_the_form(comms_client):
    comms_client.post(reverse("identity:person_create"), PERSON)

    again = comms_client.post(reverse("identity:person_create"), PERSON)

    assert again.status_code == 200
    assert "Another person already has this e-mail address." in again.content.decode()


def test_a_unit_created_twice_from_the_same_form_is_created_once(comms_client, organisation):
    token = token_of(comms_client.get(reverse("identity:unit_create")))
    data = {"name": "Østskolen", "kind": "workplace", "submission": token}

    comms_client.post(reverse("identity:unit_create"), data)
    comms_client.post(reverse("identity:unit_create"), data)

    assert Unit.objects.filter(organisation=organisation, name="Østskolen").count() == 1
