"""The administration's pages: who may open them, what they change, and how many
queries the lists take."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.identity.models import GroupMapping, IdentityProvider, Protocol
from apps.identity.services import scim_group_save
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from tests.factories import ResponsibilityHolderFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation, member_of):
    unit = UnitFactory(organisation=organisation, name="Vestskolen")
    people = {
        level: member_of(organisation, level, unit if level == RoleLevel.LEADER else None)
        for level in (
            RoleLevel.COMMUNICATIONS, RoleLevel.EXECUTIVE_BOARD, RoleLevel.POLITICIAN,
            RoleLevel.LEADER, RoleLevel.EMPLOYEE,
        )
    }
    employee = people[RoleLevel.EMPLOYEE]
    provider = IdentityProvider.objects.create(
        organisation=organisation, protocol=Protocol.SAML, issuer="https://idp.example/md",
    )
    return {
        "mapping": GroupMapping.objects.create(
            provider=provider, group="alle", role_level=RoleLevel.EMPLOYEE
        ),
        "group": scim_group_save(organisation=organisation, group=None, display_name="SG"),
        "unit": unit,
        "holder": ResponsibilityHolderFactory(organisation=organisation, name="Økonomiudvalget"),
        "people": people,
        "employee": employee,
        "role": RoleAssignment.objects.get(user=employee),
    }


def pages(world):
    """(method, url name, arguments, data, status for the communications department)."""
    unit, employee, role = world["unit"], world["employee"], world["role"]
    return [
        ("GET", "identity:home", [], None, 200),
        ("GET", "identity:person_list", [], None, 200),
        ("GET", "identity:person_create", [], None, 200),
        ("GET", "identity:person_detail", [employee.pk], None, 200),
        ("GET", "identity:role_edit", [role.pk], None, 200),
        ("GET", "identity:unit_list", [], None, 200),
        ("GET", "identity:unit_create", [], None, 200),
        ("GET", "identity:unit_edit", [unit.pk], None, 200),
        ("GET", "identity:holder_list", [], None, 200),
        ("GET", "identity:holder_create", [], None, 200),
        ("GET", "identity:holder_edit", [world["holder"].pk], None, 200),
        ("POST", "identity:holder_create", [], {"name": "Forsyning A/S", "kind": "company"}, 302),
        ("POST", "identity:holder_delete", [world["holder"].pk], {}, 302),
        ("GET", "identity:import_start", [], None, 200),
        ("GET", "identity:import_template", [], None, 200),
        ("GET", "identity:person_export", [employee.pk], None, 200),
        ("GET", "identity:person_erase", [employee.pk], None, 200),
        ("GET", "identity:scim_tokens", [], None, 200),
        ("GET", "identity:sign_in", [], None, 200),
        ("POST", "identity:sign_in_test", [], {}, 302),
        ("POST", "identity:group_mapping_add", [],
         {"group": "ledere", "role_level": "leader", "unit": unit.pk}, 302),
        ("POST", "identity:group_mapping_remove", [world["mapping"].pk], {}, 302),
        ("GET", "identity:scim_groups", [], None, 200),
        ("GET", "identity:scim_group_edit", [world["group"].pk], None, 200),
        ("POST", "identity:person_deactivate", [employee.pk], {}, 302),
        ("POST", "identity:person_reactivate", [employee.pk], {}, 302),
        ("POST", "identity:unit_create", [], {"name": "Østskolen", "kind": "workplace"}, 302),
        ("POST", "identity:role_create", [employee.pk],
         {"role_level": "politician", "title": ""}, 302),
    ]


ROLES_REFUSED = [
    RoleLevel.EXECUTIVE_BOARD, RoleLevel.POLITICIAN, RoleLevel.LEADER, RoleLevel.EMPLOYEE,
]


def request(client, method, name, arguments, data):
    url = reverse(name, args=arguments)
    return client.get(url) if method == "GET" else client.post(url, data)


def test_communications_department_opens_and_uses_every_page(client, world):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    answers = {
        (method, name): request(client, method, name, arguments, data).status_code
        for method, name, arguments, data, _status in pages(world)
    }

    assert answers == {(m, n): status for m, n, _a, _d, status in pages(world)}


@pytest.mark.parametrize("role_level", ROLES_REFUSED)
def test_other_roles_are_refused_every_page_with_403(client, world, role_level):
    client.force_login(world["people"][role_level])
    writes = AuditEvent.objects.count()

    answers = {
        (method, name): request(client, method, name, arguments, data).status_code
        for method, name, arguments, data, _status in pages(world)
    }

    assert answers == dict.fromkeys(answers, 403)
    assert AuditEvent.objects.count() == writes


def test_anonymous_people_are_sent_to_the_login(client, world):
    answers = {
        (method, name): request(client, method, name, arguments, data)
        for method, name, arguments, data, _status in pages(world)
    }

    assert {key: r.status_code for key, r in answers.items()} == dict.fromkeys(answers, 302)
    assert {r.url.split("?")[0] for r in answers.values()} == {reverse("accounts:login")}


def test_a_deactivated_communications_person_is_refused(client, world):
    comms = world["people"][RoleLevel.COMMUNICATIONS]
    comms.is_active = False
    comms.save()
    client.force_login(comms)

    # Django's ModelBackend does not even keep an inactive person signed in.
    response = client.get(reverse("identity:home"))

    assert response.status_code == 302


def test_communications_department_of_another_organisation_gets_404(
    client, world, other_organisation, member_of
):
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))
    answers = {
        (method, name): request(client, method, name, arguments, data).status_code
        for method, name, arguments, data, _status in pages(world)
        if arguments
    }

    assert answers == dict.fromkeys(answers, 404)
    assert world["employee"].is_active


def test_fixing_a_wrong_manager_in_the_app_is_saved_and_audited(client, world, member_of):
    comms = world["people"][RoleLevel.COMMUNICATIONS]
    right = world["people"][RoleLevel.LEADER]
    right.email = "leder@kommune.dk"
    right.save()
    role = world["role"]
    role.manager = world["people"][RoleLevel.POLITICIAN]
    role.save()
    client.force_login(comms)

    response = client.post(reverse("identity:role_edit", args=[role.pk]), {
        "role_level": "employee", "unit": "", "title": "Pædagog",
        "manager": "LEDER@kommune.dk",
    })

    role.refresh_from_db()
    assert response.status_code == 302
    assert (role.manager, role.title) == (right, "Pædagog")
    event = AuditEvent.objects.get(verb="role.changed")
    assert (event.actor, event.object_id) == (comms, role.pk)
    assert event.data["manager"]["to"] == str(right)


def test_a_manager_from_outside_the_organisation_is_refused_on_the_form(
    client, world, other_organisation, member_of
):
    outsider = member_of(other_organisation, RoleLevel.LEADER)
    outsider.email = "ude@andenkommune.dk"
    outsider.save()
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    response = client.post(reverse("identity:role_edit", args=[world["role"].pk]), {
        "role_level": "employee", "unit": "", "title": "", "manager": "ude@andenkommune.dk",
    })

    assert response.status_code == 200
    assert "No active person of the organisation has this e-mail address." in response.text
    world["role"].refresh_from_db()
    assert world["role"].manager is None


def test_creating_a_person_gives_them_their_first_role(client, world, organisation):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    response = client.post(reverse("identity:person_create"), {
        "full_name": "Ny Medarbejder", "email": "Ny@Kommune.dk", "role_level": "employee",
        "unit": world["unit"].pk, "title": "Sagsbehandler", "manager": "",
    })

    role = RoleAssignment.objects.get(user__email="ny@kommune.dk")
    assert response.status_code == 302
    assert (role.organisation, role.unit, role.title) == (
        organisation, world["unit"], "Sagsbehandler"
    )
    assert not role.user.has_usable_password()
    assert AuditEvent.objects.filter(verb="person.created", object_id=role.user_id).exists()


def test_an_e_mail_address_already_in_use_is_refused_in_the_users_language(client, world):
    UserFactory(email="optaget@kommune.dk")
    comms = world["people"][RoleLevel.COMMUNICATIONS]
    comms.preferred_language = "da"
    comms.save()
    client.force_login(comms)

    response = client.post(reverse("identity:person_create"), {
        "full_name": "Dobbelt", "email": "optaget@kommune.dk", "role_level": "employee",
    })

    assert response.status_code == 200
    assert "En anden person har allerede denne e-mailadresse." in response.text


def test_deactivating_keeps_the_person_and_their_roles(client, world):
    employee = world["employee"]
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    client.post(reverse("identity:person_deactivate", args=[employee.pk]))

    employee.refresh_from_db()
    assert not employee.is_active
    assert RoleAssignment.objects.filter(user=employee).count() == 1
    assert AuditEvent.objects.filter(verb="person.deactivated", object_id=employee.pk).exists()


def test_nobody_deactivates_themselves(client, world):
    comms = world["people"][RoleLevel.COMMUNICATIONS]
    client.force_login(comms)

    response = client.post(
        reverse("identity:person_deactivate", args=[comms.pk]), follow=True
    )

    comms.refresh_from_db()
    assert comms.is_active
    assert "You cannot deactivate yourself." in response.text


def test_renaming_and_moving_a_unit_moves_the_units_below_it(client, world, organisation):
    top = UnitFactory(organisation=organisation, name="Børn og Unge")
    child = UnitFactory(organisation=organisation, name="Skoler", parent=world["unit"])
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    response = client.post(reverse("identity:unit_edit", args=[world["unit"].pk]), {
        "name": "Vestskolen og SFO", "kind": "workplace", "parent": top.pk,
    })

    child.refresh_from_db()
    assert response.status_code == 302
    assert child.path.startswith(f"/{top.pk}/{world['unit'].pk}/")
    assert set(AuditEvent.objects.values_list("verb", flat=True)) >= {
        "unit.renamed", "unit.moved",
    }


def test_a_unit_cannot_be_moved_under_itself(client, world, organisation):
    child = UnitFactory(organisation=organisation, name="Indskoling", parent=world["unit"])
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    response = client.post(reverse("identity:unit_edit", args=[world["unit"].pk]), {
        "name": "Vestskolen", "kind": "workplace", "parent": child.pk,
    })

    assert response.status_code == 200
    world["unit"].refresh_from_db()
    assert world["unit"].parent is None


def test_a_unit_with_active_people_is_not_closed_until_they_have_moved(client, world):
    unit = world["unit"]
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    refused = client.post(reverse("identity:unit_close", args=[unit.pk]), follow=True)
    unit.refresh_from_db()
    assert unit.closed_at is None
    assert "People still have roles in this unit." in refused.text

    leader = world["people"][RoleLevel.LEADER]
    client.post(reverse("identity:person_deactivate", args=[leader.pk]))
    client.post(reverse("identity:unit_close", args=[unit.pk]))
    unit.refresh_from_db()
    assert unit.closed_at is not None
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_the_last_communications_role_cannot_be_taken_away(client, world, organisation):
    comms = world["people"][RoleLevel.COMMUNICATIONS]
    client.force_login(comms)
    role = RoleAssignment.objects.get(user=comms)
    RoleAssignment.objects.create(
        user=comms, organisation=organisation, role_level=RoleLevel.EMPLOYEE
    )

    response = client.post(reverse("identity:role_delete", args=[role.pk]), follow=True)

    assert RoleAssignment.objects.filter(pk=role.pk).exists()
    assert "at least one person in the communications department" in response.text


def test_the_people_list_searches_by_name_and_e_mail(client, world, organisation, member_of):
    member_of(organisation, user=UserFactory(full_name="Karen Blixen", email="kb@k.dk"))
    member_of(organisation, user=UserFactory(full_name="Anders And", email="aa@k.dk"))
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    by_name = client.get(reverse("identity:person_list"), {"q": "blixen"})
    by_email = client.get(reverse("identity:person_list"), {"q": "aa@k"})

    assert [p.full_name for p in by_name.context["page"]] == ["Karen Blixen"]
    assert [p.full_name for p in by_email.context["page"]] == ["Anders And"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_people_list_takes_the_same_queries_for_more_people(
    client, world, organisation, member_of
):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])
    url = reverse("identity:person_list")
    before = _queries(client, url)

    for _n in range(30):
        member_of(organisation, RoleLevel.LEADER, world["unit"])

    assert _queries(client, url) == before


def test_the_unit_list_takes_the_same_queries_for_more_units(client, world, organisation):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])
    url = reverse("identity:unit_list")
    before = _queries(client, url)

    for n in range(20):
        UnitFactory(organisation=organisation, parent=world["unit"], name=f"Team {n}")

    assert _queries(client, url) == before


def test_the_people_list_pages_5000_people(client, world, organisation, django_user_model):
    people = django_user_model.objects.bulk_create(
        django_user_model(username=f"p{n}@k.dk", email=f"p{n}@k.dk", full_name=f"Person {n:04}")
        for n in range(5000)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=p, organisation=organisation, role_level=RoleLevel.EMPLOYEE)
        for p in people
    )
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])

    response = client.get(reverse("identity:person_list"), {"page": 60})

    assert response.context["page"].paginator.count == 5005
    assert len(response.context["page"].object_list) == 50
    assert "Page 60 of 101" in response.text


def test_the_overview_takes_the_same_queries_for_more_changes(client, world, organisation):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])
    url = reverse("identity:home")
    before = _queries(client, url)

    for n in range(10):
        client.post(reverse("identity:unit_create"), {"name": f"Team {n}", "kind": "team"})

    assert _queries(client, url) == before


def test_the_group_list_takes_the_same_queries_for_more_groups(client, world, organisation):
    client.force_login(world["people"][RoleLevel.COMMUNICATIONS])
    url = reverse("identity:scim_groups")
    before = _queries(client, url)

    for n in range(10):
        group = scim_group_save(organisation=organisation, group=None, display_name=f"G{n}")
        group.unit = world["unit"]
        group.role_level = RoleLevel.EMPLOYEE
        group.save()

    assert _queries(client, url) == before
