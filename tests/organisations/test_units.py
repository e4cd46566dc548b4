from tests.factories import UnitFactory


def test_descendants_of_a_unit_are_found_through_its_path(db):
    centre = UnitFactory(kind="centre")
    workplace = UnitFactory(organisation=centre.organisation, parent=centre)
    team = UnitFactory(organisation=centre.organisation, parent=workplace)
    UnitFactory(organisation=centre.organisation)

    assert set(centre.descendants()) == {centre, workplace, team}
    assert team.ancestor_ids() == [centre.pk, workplace.pk, team.pk]


def test_a_role_taken_away_takes_its_groups_rights_with_it(client, organisation, member_of):
    from apps.organisations.models import RoleAssignment, RoleLevel
    from tests.factories import VersionFactory, mark_adopted

    version = VersionFactory(strategy__organisation=organisation)
    mark_adopted(version)
    person = member_of(organisation, RoleLevel.EMPLOYEE)
    member_of(organisation, RoleLevel.POLITICIAN, user=person)
    url = f"/strategies/versions/{version.pk}/"
    client.force_login(person)
    assert client.get(url).status_code == 200

    RoleAssignment.objects.get(user=person, role_level=RoleLevel.EMPLOYEE).delete()
    groups = set(person.groups.values_list("name", flat=True))
    assert groups == {f"{organisation.slug}:{RoleLevel.POLITICIAN}"}
    assert client.get(url).status_code == 200  # politicians see adopted versions too

    politician = RoleAssignment.objects.get(user=person)
    politician.role_level = RoleLevel.EXECUTIVE_BOARD  # as the admin's form would
    politician.save()
    assert set(person.groups.values_list("name", flat=True)) == {
        f"{organisation.slug}:{RoleLevel.EXECUTIVE_BOARD}"
    }

    politician.delete()
    assert not person.groups.exists()
    assert client.get(url).status_code == 404
