from tests.factories import UnitFactory


def test_descendants_of_a_unit_are_found_through_its_path(db):
    centre = UnitFactory(kind="centre")
    workplace = UnitFactory(organisation=centre.organisation, parent=centre)
    team = UnitFactory(organisation=centre.organisation, parent=workplace)
    UnitFactory(organisation=centre.organisation)

    assert set(centre.descendants()) == {centre, workplace, team}
    assert team.ancestor_ids() == [centre.pk, workplace.pk, team.pk]
