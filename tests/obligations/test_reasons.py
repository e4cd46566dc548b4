"""A person reads why each duty applies to them, inherited ones above all."""

from django.urls import reverse

from apps.obligations import reasons, selectors
from apps.obligations.rules import Reason
from apps.organisations.models import RoleLevel, UnitKind
from tests.factories import UnitFactory
from tests.obligations.factories import person


def _reasons_of(user, world):
    index = selectors.obligation_index(world.organisation)
    assignments = selectors.assignments_of(user, world.organisation)
    statuses = selectors.obligations_for_user(
        user, world.organisation, index=index, assignments=assignments
    )
    reasons.attach(statuses, assignments, index.tree)
    return {s.obligation.text: s.reasons for s in statuses}


def test_a_leader_in_a_workplace_reads_that_the_centres_duties_reach_them(world):
    found = _reasons_of(world[RoleLevel.LEADER], world)

    assert found["Sikre kompetencerne"] == [
        "This applies to you as leader in Borgerservice."
    ]
    assert found["Koordinere på tværs"] == [
        "This applies to you as leader in Borgerservice, because the duties of the centre "
        "Center for Kultur also apply to its workplaces and leaders."
    ]
    assert found["Sikre det faglige indhold"] == [
        "This applies to you as leader in Borgerservice, because the workplace's duties "
        "also apply to its leaders."
    ]


def test_a_leader_of_a_team_reads_which_workplace_passes_its_duties_down(world):
    team = UnitFactory(organisation=world.organisation, parent=world.workplace, name="Team Pas",
                       kind=UnitKind.TEAM)
    leader = person(world.organisation, RoleLevel.LEADER, team)

    found = _reasons_of(leader, world)

    assert found["Sikre det faglige indhold"] == [
        "This applies to you as leader in Team Pas, because the duties of the workplace "
        "Borgerservice also apply to its leaders."
    ]


def test_a_person_with_two_roles_reads_both_reasons_own_duty_first(world):
    leader = world[RoleLevel.LEADER]
    person(world.organisation, RoleLevel.WORKPLACE, world.workplace, user=leader)

    found = _reasons_of(leader, world)

    assert found["Sikre det faglige indhold"] == [
        "This applies to you as workplace manager in Borgerservice.",
        "This applies to you as leader in Borgerservice, because the workplace's duties "
        "also apply to its leaders.",
    ]


def test_an_organisation_wide_role_reads_its_role_without_a_unit(world):
    found = _reasons_of(world[RoleLevel.EXECUTIVE_BOARD], world)

    assert found["Følge op på målene"] == [
        "This applies to you as member of the executive board."
    ]


def test_reason_of_an_own_duty_names_no_unit_that_passes_it_down(world):
    index = selectors.obligation_index(world.organisation)
    duty = next(o for o in index.obligations if o.text == "Sikre kompetencerne")

    from apps.obligations.rules import reasons as rule_reasons

    assert rule_reasons(duty, [(RoleLevel.LEADER, world.workplace.pk)], index.tree) == [
        Reason(role_level=RoleLevel.LEADER, unit=world.workplace)
    ]


def test_my_obligations_page_says_why_each_duty_applies(client, world):
    client.force_login(world[RoleLevel.LEADER])

    response = client.get(reverse("obligations:list"))

    assert (
        "This applies to you as leader in Borgerservice, because the duties of the centre "
        "Center for Kultur also apply to its workplaces and leaders."
    ) in response.text


def test_reasons_are_translated(world, settings):
    from django.utils import translation

    with translation.override("da"):
        sentence = reasons.sentence(Reason(role_level=RoleLevel.LEADER, unit=world.workplace))

    assert "Borgerservice" in sentence
    assert sentence != "This applies to you as leader in Borgerservice."
