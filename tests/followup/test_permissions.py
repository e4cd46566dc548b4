"""Who may read and who may record the progress of an action: role x action x state,
each with the exact status code."""

import pytest
from django.urls import reverse

from apps.followup.models import ProgressUpdate
from apps.organisations.models import RoleLevel
from apps.strategies.models import Action
from tests.factories import OrganisationFactory, VersionFactory
from tests.obligations.factories import ActionFactory, person

from .conftest import adopt_next_version

pytestmark = pytest.mark.django_db

R = RoleLevel
PEOPLE = (
    R.COMMUNICATIONS,
    R.EXECUTIVE_BOARD,
    R.POLITICIAN,
    R.CENTRE,
    R.WORKPLACE,
    R.LEADER,
    R.EMPLOYEE,
    "other_leader",
    "other_organisation",
)

# (state of the action's version, what is done) -> the answer each person gets.
MATRIX = {
    ("adopted", "read"): {p: 200 for p in PEOPLE} | {"other_organisation": 404},
    ("adopted", "record"): {
        R.COMMUNICATIONS: 302,
        R.EXECUTIVE_BOARD: 403,
        R.POLITICIAN: 403,
        R.CENTRE: 302,  # the centre above the owner unit: a manager of the action
        R.WORKPLACE: 302,
        R.LEADER: 302,
        R.EMPLOYEE: 403,
        "other_leader": 403,
        "other_organisation": 404,
    },
    ("superseded", "read"): {p: 200 for p in PEOPLE} | {"other_organisation": 404},
    ("superseded", "record"): {p: 403 for p in PEOPLE} | {"other_organisation": 404},
    ("draft", "read"): dict.fromkeys(PEOPLE, 404),
    ("draft", "record"): dict.fromkeys(PEOPLE, 404),
}


@pytest.fixture
def actions(world):
    adopted = Action.objects.get(version=world.adopted, title="Skilte i borgerservice")
    newer = adopt_next_version(world)
    return {
        "superseded": adopted,
        "adopted": Action.objects.get(version=newer, lineage=adopted.lineage),
        "draft": ActionFactory(
            version=VersionFactory(strategy=world.strategy, number=99),
            owner_unit=world.workplace,
        ),
    }


def _person(world, who):
    if who == "other_organisation":
        return person(OrganisationFactory(), R.COMMUNICATIONS)
    return world[who]


@pytest.mark.parametrize(("state", "doing"), list(MATRIX))
def test_permission_matrix(client, world, actions, state, doing):
    action = actions[state]
    answers = {}
    for who in PEOPLE:
        client.force_login(_person(world, who))
        if doing == "read":
            response = client.get(reverse("followup:action", args=[action.pk]))
        else:
            response = client.post(
                reverse("followup:action_progress", args=[action.pk]), {"status": "done"}
            )
        answers[who] = response.status_code

    assert answers == MATRIX[state, doing]


def test_only_the_allowed_wrote_anything(client, world, actions):
    for who in PEOPLE:
        client.force_login(_person(world, who))
        client.post(
            reverse("followup:action_progress", args=[actions["adopted"].pk]),
            {"status": "in_progress", "text": str(who)},
        )

    assert sorted(ProgressUpdate.objects.values_list("text", flat=True)) == sorted(
        [str(R.COMMUNICATIONS), str(R.CENTRE), str(R.WORKPLACE), str(R.LEADER)]
    )
