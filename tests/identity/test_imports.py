"""Importing units and people from real CSV and XLSX files: the preview, the bad rows,
all or nothing, the second import that changes nothing, deactivation in a full import,
the management command and the template."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.identity.provisioning.tabular import TEMPLATE_HEADER
from apps.identity.services import ImportHasErrors, import_apply, import_plan, role_level_of
from apps.organisations.models import AssignmentSource, RoleAssignment, RoleLevel, Unit
from tests.factories import UserFactory

from .conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    {"unit_path": "Børn og Unge"},
    {"email": "chef@kommune.dk", "name": "Chef Christensen", "title": "Direktør",
     "unit_path": "Børn og Unge", "role_level": "leader"},
    {"email": "anna@kommune.dk", "name": "Anna Andersen", "title": "Lærer",
     "unit_path": "Børn og Unge / Skoler / Vestskolen", "manager_email": "chef@kommune.dk"},
    {"email": "Bo@Kommune.dk", "name": "Bo Berg", "unit": "Østskolen",
     "parent_unit": "Børn og Unge / Skoler", "role_level": "Medarbejdere",
     "manager_email": "chef@kommune.dk"},
    {"email": "bo@kommune.dk", "name": "Bo Berg", "unit": "Østskolen",
     "parent_unit": "Børn og Unge / Skoler", "role_level": "leader"},
]


def apply(organisation, actor, path, full=False):
    return import_apply(
        actor=actor, organisation=organisation, data=path.read_bytes(), filename=path.name,
        full=full,
    )


def plan_of(organisation, actor, path, full=False):
    return import_plan(
        actor=actor, organisation=organisation, data=path.read_bytes(), filename=path.name,
        full=full,
    )


def test_a_csv_file_creates_the_unit_tree_people_roles_and_managers(
    tmp_path, organisation, comms
):
    path = write_csv(tmp_path / "hr.csv", ROWS)

    apply(organisation, comms, path)

    units = {u.name: u for u in Unit.objects.for_organisation(organisation)}
    assert set(units) == {"Børn og Unge", "Skoler", "Vestskolen", "Østskolen"}
    assert units["Østskolen"].parent == units["Skoler"]
    assert units["Skoler"].parent == units["Børn og Unge"]
    bo = RoleAssignment.objects.filter(user__email="bo@kommune.dk").order_by("role_level")
    assert [(a.role_level, a.unit.name, str(a.manager)) for a in bo] == [
        ("employee", "Østskolen", "Chef Christensen"),
        ("leader", "Østskolen", "None"),
    ]
    anna = RoleAssignment.objects.get(user__email="anna@kommune.dk")
    assert (anna.title, anna.source, anna.user.full_name) == (
        "Lærer", AssignmentSource.IMPORT, "Anna Andersen"
    )
    assert anna.user.groups.filter(name=f"{organisation.slug}:employee").exists()


def test_an_xlsx_file_imports_the_same_as_the_csv(tmp_path, organisation, comms):
    path = write_xlsx(tmp_path / "ad.xlsx", ROWS)

    plan = apply(organisation, comms, path)

    assert plan.summary() == {
        "rows": 5, "units_created": 4, "people_created": 3, "people_changed": 0,
        "people_reactivated": 0, "people_deactivated": 0,
    }


def test_ad_headers_and_a_comma_separated_windows_file_are_understood(
    tmp_path, organisation, comms
):
    header = ["mail", "displayName", "jobTitle", "department", "manager"]
    rows = [
        {"mail": "chef@kommune.dk", "displayName": "Søren Østergaard", "department": "Løn"},
        {"mail": "ib@kommune.dk", "displayName": "Ib Ærø", "jobTitle": "Konsulent",
         "department": "Løn", "manager": "chef@kommune.dk"},
    ]
    path = write_csv(tmp_path / "ad.csv", rows, header=header, delimiter=",",
                     encoding="cp1252")

    apply(organisation, comms, path)

    ib = RoleAssignment.objects.get(user__email="ib@kommune.dk")
    assert (ib.user.full_name, ib.unit.name, ib.title, ib.manager.full_name) == (
        "Ib Ærø", "Løn", "Konsulent", "Søren Østergaard"
    )


def test_importing_the_same_file_again_changes_nothing(tmp_path, organisation, comms):
    path = write_csv(tmp_path / "hr.csv", ROWS)
    apply(organisation, comms, path, full=True)
    audit_rows = AuditEvent.objects.count()
    generations = organisation.__class__.objects.filter(pk=organisation.pk).values_list(
        "structure_generation", "activity_generation", "content_generation"
    ).get()

    plan = apply(organisation, comms, path, full=True)

    assert plan.changes_nothing
    assert AuditEvent.objects.count() == audit_rows
    assert organisation.__class__.objects.filter(pk=organisation.pk).values_list(
        "structure_generation", "activity_generation", "content_generation"
    ).get() == generations


def test_the_preview_lists_every_bad_row_with_its_line_and_changes_nothing(
    tmp_path, organisation, comms
):
    UserFactory(email="fremmed@andetsted.dk")
    rows = [
        *ROWS,
        {"email": "ikke-en-adresse", "name": "X", "unit_path": "Løn"},
        {"email": "ny@kommune.dk", "unit_path": "Løn"},
        {"email": "ny2@kommune.dk", "name": "Ny", "role_level": "borgmester"},
        {"email": "ny3@kommune.dk", "name": "Ny", "manager_email": "ukendt@kommune.dk"},
        {"email": "anna@kommune.dk", "name": "Anna Anden", "unit_path": "Løn"},
        {"email": "fremmed@andetsted.dk", "name": "Fremmed"},
    ]
    path = write_csv(tmp_path / "hr.csv", rows)

    with pytest.raises(ImportHasErrors) as raised:
        apply(organisation, comms, path)

    assert [line for line, _message in raised.value.plan.errors] == [7, 8, 9, 10, 11, 12]
    assert dict(raised.value.plan.errors)[9].startswith("“borgmester” is not a role level.")
    assert "line 4" in dict(raised.value.plan.errors)[11]
    assert "another organisation" in dict(raised.value.plan.errors)[12]
    assert not Unit.objects.for_organisation(organisation).exists()
    assert not RoleAssignment.objects.filter(user__email="anna@kommune.dk").exists()


def test_a_full_import_deactivates_the_people_missing_and_keeps_their_history(
    tmp_path, organisation, comms
):
    apply(organisation, comms, write_csv(tmp_path / "first.csv", ROWS), full=True)
    anna = RoleAssignment.objects.get(user__email="anna@kommune.dk").user

    second = [row for row in ROWS if row.get("email") != "anna@kommune.dk"]
    plan = apply(organisation, comms, write_csv(tmp_path / "second.csv", second), full=True)

    anna.refresh_from_db()
    assert [c.email for c in plan.people_deactivated] == ["anna@kommune.dk"]
    assert not anna.is_active
    assert RoleAssignment.objects.filter(user=anna).exists()
    comms.refresh_from_db()
    assert comms.is_active  # the importing person is never deactivated by their own file
    assert AuditEvent.objects.filter(verb="person.deactivated", object_id=anna.pk).exists()

    apply(organisation, comms, write_csv(tmp_path / "third.csv", ROWS), full=True)
    anna.refresh_from_db()
    assert anna.is_active


def test_an_import_that_is_not_full_deactivates_nobody(tmp_path, organisation, comms):
    apply(organisation, comms, write_csv(tmp_path / "first.csv", ROWS))

    plan = apply(organisation, comms, write_csv(tmp_path / "some.csv", ROWS[:2]))

    assert plan.people_deactivated == []
    assert RoleAssignment.objects.get(user__email="anna@kommune.dk").user.is_active


def test_a_changed_manager_and_unit_are_shown_in_the_preview_and_applied(
    tmp_path, organisation, comms
):
    apply(organisation, comms, write_csv(tmp_path / "first.csv", ROWS), full=True)
    moved = [dict(row) for row in ROWS]
    moved[2].update(unit_path="Børn og Unge / Skoler / Østskolen", manager_email="")

    preview = plan_of(organisation, comms, write_csv(tmp_path / "moved.csv", moved), full=True)
    apply(organisation, comms, write_csv(tmp_path / "moved.csv", moved), full=True)

    assert [c.email for c in preview.people_changed] == ["anna@kommune.dk"]
    assert preview.people_changed[0].changes == [
        "New role: Employees in Børn og Unge / Skoler / Østskolen.",
        "Role taken away: Employees in Børn og Unge / Skoler / Vestskolen.",
    ]
    anna = RoleAssignment.objects.get(user__email="anna@kommune.dk")
    assert (anna.unit.name, anna.manager) == ("Østskolen", None)


def test_roles_given_in_the_app_survive_a_full_import(tmp_path, organisation, comms):
    apply(organisation, comms, write_csv(tmp_path / "hr.csv", ROWS), full=True)
    anna = RoleAssignment.objects.get(user__email="anna@kommune.dk").user
    RoleAssignment.objects.create(
        user=anna, organisation=organisation, role_level=RoleLevel.POLITICIAN
    )

    plan = apply(organisation, comms, write_csv(tmp_path / "hr.csv", ROWS), full=True)

    assert plan.changes_nothing
    assert RoleAssignment.objects.filter(user=anna, role_level="politician").exists()


def test_the_command_imports_and_a_dry_run_changes_nothing(
    tmp_path, organisation, capsys
):
    path = write_csv(tmp_path / "hr.csv", ROWS)

    call_command("import_organisation", str(path), organisation=organisation.slug, dry_run=True)
    assert not Unit.objects.for_organisation(organisation).exists()
    assert "Would change: rows 5, units_created 4, people_created 3" in capsys.readouterr().out

    call_command("import_organisation", str(path), organisation=organisation.slug)
    assert Unit.objects.for_organisation(organisation).count() == 4
    assert AuditEvent.objects.filter(verb="organisation.imported", actor=None).count() == 1


def test_the_command_exits_with_1_and_prints_every_bad_row(tmp_path, organisation, capsys):
    rows = [*ROWS, {"email": "x", "name": "X"}, {"email": "y@k.dk", "role_level": "konge"}]
    path = write_csv(tmp_path / "bad.csv", rows)

    with pytest.raises(SystemExit) as exit_:
        call_command("import_organisation", str(path), organisation=organisation.slug)

    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "line 7: “x” is not an e-mail address." in err
    assert "line 8: The row has no name for y@k.dk." in err
    assert not Unit.objects.for_organisation(organisation).exists()


def test_the_command_prints_the_template_header(capsys):
    call_command("import_organisation", template=True)

    assert capsys.readouterr().out.strip() == ";".join(TEMPLATE_HEADER)


def test_the_import_page_previews_then_applies(client, tmp_path, organisation, comms):
    client.force_login(comms)
    path = write_csv(tmp_path / "hr.csv", ROWS)

    with path.open("rb") as handle:
        uploaded = client.post(reverse("identity:import_start"), {"file": handle, "full": "on"})
    preview = client.get(uploaded.url)
    assert not Unit.objects.for_organisation(organisation).exists()
    applied = client.post(uploaded.url)

    assert preview.status_code == 200
    assert "3 new people" in preview.text
    assert "Anna Andersen (anna@kommune.dk)" in preview.text
    assert applied.status_code == 302
    assert Unit.objects.for_organisation(organisation).count() == 4
    assert "3 new people" in client.get(applied.url).text


def test_the_import_page_shows_bad_rows_in_the_users_language(
    client, tmp_path, organisation, comms
):
    comms.preferred_language = "da"
    comms.save()
    client.force_login(comms)
    path = write_csv(tmp_path / "hr.csv", [*ROWS, {"email": "x", "name": "X"}])

    with path.open("rb") as handle:
        uploaded = client.post(reverse("identity:import_start"), {"file": handle})
    preview = client.get(uploaded.url)
    applied = client.post(uploaded.url)

    assert preview.status_code == applied.status_code == 400
    assert "»x« er ikke en e-mailadresse." in preview.text
    assert not Unit.objects.for_organisation(organisation).exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(
    client, tmp_path, organisation, comms
):
    client.force_login(comms)
    path = tmp_path / "hr.xlsx"
    path.write_bytes(b"not a workbook")

    with path.open("rb") as handle:
        uploaded = client.post(reverse("identity:import_start"), {"file": handle})
    preview = client.get(uploaded.url)

    assert preview.status_code == 400
    assert "The file is not an Excel workbook (.xlsx) that can be read." in preview.text


def test_the_template_downloads_with_the_accepted_header(client, comms):
    client.force_login(comms)

    response = client.get(reverse("identity:import_template"))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode().strip() == ";".join(TEMPLATE_HEADER)


def test_another_persons_upload_is_not_found(client, tmp_path, organisation, comms, member_of):
    client.force_login(comms)
    path = write_csv(tmp_path / "hr.csv", ROWS)
    with path.open("rb") as handle:
        uploaded = client.post(reverse("identity:import_start"), {"file": handle})
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    assert client.get(uploaded.url).status_code == 404
    assert client.post(uploaded.url).status_code == 404


@pytest.mark.parametrize(
    ("written", "role_level"),
    [("Medarbeidarar", RoleLevel.EMPLOYEE), ("Leiarar", RoleLevel.LEADER),
     ("Verksemder", RoleLevel.WORKPLACE), ("Politikarar", RoleLevel.POLITICIAN)],
)
def test_a_role_level_may_be_named_in_nynorsk(written, role_level):
    assert role_level_of(written) == role_level
