"""Done when: a new municipality is set up without the Django admin, its units and
people come in from one CSV, and its communications department fixes a wrong manager
in the app."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.organisations.models import Organisation, RoleAssignment
from tests.factories import UserFactory

from .conftest import write_csv

pytestmark = pytest.mark.django_db


def test_a_new_municipality_is_set_up_from_one_csv_and_fixes_a_wrong_manager_in_the_app(
    client, tmp_path
):
    call_command(
        "create_organisation", "Nyby Kommune", slug="nyby", country="DK", language="da",
        council_name="Byrådet",
    )
    rows = [
        {"email": "kom@nyby.dk", "name": "Kim Kommunikation", "role_level": "communications",
         "unit_path": "Direktionen / Kommunikation"},
        {"email": "chef-a@nyby.dk", "name": "Alma Chef", "role_level": "leader",
         "unit_path": "Børn og Unge / Vestskolen"},
        {"email": "chef-b@nyby.dk", "name": "Bent Chef", "role_level": "leader",
         "unit_path": "Børn og Unge / Østskolen"},
        # HR got it wrong: Dorte works at Vestskolen but is listed under Østskolen's leader.
        {"email": "dorte@nyby.dk", "name": "Dorte Dansk", "title": "Lærer",
         "unit_path": "Børn og Unge / Vestskolen", "manager_email": "chef-b@nyby.dk"},
    ]
    path = write_csv(tmp_path / "nyby.csv", rows)
    call_command("import_organisation", str(path), organisation="nyby", full=True)

    nyby = Organisation.objects.get(slug="nyby")
    comms = RoleAssignment.objects.get(organisation=nyby, role_level="communications").user
    client.force_login(comms)
    listed = client.get(reverse("identity:person_list"), {"q": "dorte"})
    dorte = listed.context["page"].object_list[0]
    page = client.get(reverse("identity:person_detail", args=[dorte.pk]))
    role = page.context["roles"][0]
    fixed = client.post(reverse("identity:role_edit", args=[role.pk]), {
        "role_level": "employee", "unit": role.unit_id, "title": "Lærer",
        "manager": "chef-a@nyby.dk",
    })

    role.refresh_from_db()
    assert fixed.status_code == 302
    assert str(role.manager) == "Alma Chef"
    assert AuditEvent.objects.filter(
        organisation=nyby, verb="role.changed", actor=comms, object_id=role.pk
    ).exists()
    assert not UserFactory._meta.model.objects.filter(is_staff=True).exists()
