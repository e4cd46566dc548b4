from django.urls import reverse

from apps.obligations import selectors
from apps.obligations.models import Acknowledgement
from apps.organisations.models import RoleLevel
from tests.obligations.factories import person


def _duty(user, organisation, text):
    statuses = selectors.obligations_for_user(user, organisation)
    return next(s.obligation for s in statuses if s.obligation.text == text)


def test_obligation_list_shows_what_applies_to_me(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("obligations:list"))

    assert response.status_code == 200
    assert "Overholde principperne" in response.text
    assert "Sikre kompetencerne" not in response.text
    assert response.text.count("I have read and understood this") == 3


def test_acknowledge_button_records_and_returns_to_the_page(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    duty = _duty(employee, world.organisation, "Overholde principperne")
    client.force_login(employee)

    response = client.post(reverse("obligations:acknowledge"), {
        "strategy": duty.strategy_id, "text_hash": duty.text_hash, "next": "/dashboards/employee/",
    })

    assert response.status_code == 302
    assert response.url == "/dashboards/employee/"
    assert Acknowledgement.objects.filter(user=employee, text_hash=duty.text_hash).exists()


def test_acknowledge_never_redirects_to_another_site(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    duty = _duty(employee, world.organisation, "Overholde principperne")
    client.force_login(employee)

    response = client.post(reverse("obligations:acknowledge"), {
        "strategy": duty.strategy_id, "text_hash": duty.text_hash,
        "next": "https://evil.example/",
    })

    assert response.url == reverse("obligations:list")


def test_acknowledge_with_htmx_returns_the_acknowledged_fragment(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    duty = _duty(employee, world.organisation, "Overholde principperne")
    client.force_login(employee)

    response = client.post(
        reverse("obligations:acknowledge"),
        {"strategy": duty.strategy_id, "text_hash": duty.text_hash},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'role="status"' in response.text
    assert "<html" not in response.text


def test_acknowledging_another_organisations_obligation_is_not_found(
    client, world, other_organisation
):
    duty = _duty(world[RoleLevel.EMPLOYEE], world.organisation, "Overholde principperne")
    client.force_login(person(other_organisation, RoleLevel.EMPLOYEE))

    response = client.post(reverse("obligations:acknowledge"), {
        "strategy": duty.strategy_id, "text_hash": duty.text_hash,
    })

    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledge_needs_a_post(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("obligations:acknowledge"))

    assert response["Location"] == reverse("obligations:list")


def test_check_in_page_of_another_unit_is_not_found(client, world):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("obligations:check_ins", args=[world.centre.pk]))

    assert response.status_code == 404


def test_check_in_page_of_another_organisation_is_not_found(client, world, other_organisation):
    client.force_login(person(other_organisation, RoleLevel.LEADER))

    response = client.get(reverse("obligations:check_ins", args=[world.workplace.pk]))

    assert response.status_code == 404


def test_employee_has_no_check_in_page(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])

    response = client.get(reverse("obligations:check_ins", args=[world.workplace.pk]))

    assert response.status_code == 404


def _acknowledge_as_htmx(client, employee, organisation) -> tuple:
    """(the answer, the SQL it ran) of the employee acknowledging an obligation from
    their page, as htmx sends it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    duty = _duty(employee, organisation, "Overholde principperne")
    client.force_login(employee)
    client.get(reverse("obligations:list"))  # the session and the index, as on the page
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("obligations:acknowledge"),
            {"strategy": duty.strategy_id, "text_hash": duty.text_hash},
            headers={"HX-Request": "true"},
        )
    return response, [q["sql"] for q in queries.captured_queries]


def test_an_acknowledgement_reads_the_persons_roles_and_obligations_once(client, world):
    response, sql = _acknowledge_as_htmx(client, world[RoleLevel.EMPLOYEE], world.organisation)

    assert response.status_code == 200
    roles = [q for q in sql if q.startswith('SELECT "organisations_roleassignment"."id"')]
    # The service finds the obligation without reading the person's acknowledgements;
    # the answer's counters read only their keys, after the write.
    full_reads = [q for q in sql if q.startswith('SELECT "obligations_acknowledgement"."id"')]
    key_reads = [
        q for q in sql if q.startswith('SELECT "obligations_acknowledgement"."strategy_id"')
    ]
    assert len(roles) == 1
    assert len(full_reads) == 1  # get_or_create's look-up
    assert len(key_reads) == 1  # the answer's counters


def test_an_acknowledgements_audit_row_takes_the_version_without_reading_it(client, world):
    from apps.audit.models import AuditEvent

    response, sql = _acknowledge_as_htmx(client, world[RoleLevel.EMPLOYEE], world.organisation)

    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="obligation.acknowledge")
    assert event.version_id is not None
    assert not [q for q in sql if q.startswith('SELECT "strategies_strategyversion"')]


def test_an_acknowledgement_answered_to_htmx_reads_no_header_organisation(client, world):
    employee = world[RoleLevel.EMPLOYEE]

    response, sql = _acknowledge_as_htmx(client, employee, world.organisation)

    header_reads = [q for q in sql if '"beyond_politics"' in q]
    assert response.status_code == 200
    # The fragment has no header to theme (and the person chose their own language,
    # so the language middleware needs no organisation either).
    assert employee.preferred_language
    assert header_reads == []
