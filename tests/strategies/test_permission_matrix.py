"""Every role level x action x version state, with the exact status code of each.

The expected table is written out by hand from the rules in the issue, not
computed from `permissions.can`, so that a change to the rules has to change
this table too. 200/302 mean the action succeeded, 403 that the user can see
the version but may not do this, 404 that the version is invisible to them. The
communications department's edit page of a version that is no draft is a 302 to the
version's page, which says why and offers what it can do (#15.12).
"""

import datetime

import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies.models import Section, VersionStatus
from tests.factories import (
    OrganisationFactory,
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    VersionFactory,
    mark_adopted,
)

S = VersionStatus
STATES = (S.DRAFT, S.CONSULTATION, S.PROPOSED, S.ADOPTED, S.SUPERSEDED, S.WITHDRAWN)

DECISION = {
    "decided_on": "2025-03-27",
    "decided_by": "Byrådet",
    "case_reference": "25/4711",
    "note": "",
}

# action: (method, url name, extra url args, POST data). The version or strategy pk comes first.
ACTIONS = {
    "view version": ("get", "strategies:version_detail", (), None),
    "edit page": ("get", "strategies:version_edit", (), None),
    "add item": ("post", "strategies:item_add", ("value",), {"name": "Åbenhed"}),
    "propose": ("post", "strategies:version_transition", ("proposed",), {"note": ""}),
    "adopt": ("post", "strategies:version_transition", ("adopted",), DECISION),
    "new draft": ("post", "strategies:version_new_draft", (), {}),
    "audit": ("get", "strategies:audit", (), None),
}

# Codes per state, in the order of STATES:
#          draft consultation proposed adopted superseded withdrawn
ONLY_DECIDED_VISIBLE = {
    "view version": (404, 404, 404, 200, 200, 404),
    "edit page": (404, 404, 404, 403, 403, 404),
    "add item": (404, 404, 404, 403, 403, 404),
    "propose": (404, 404, 404, 403, 403, 404),
    "adopt": (404, 404, 404, 403, 403, 404),
    "new draft": (404, 404, 404, 403, 403, 404),
    "audit": (404, 404, 404, 403, 403, 404),
}

EXPECTED = {
    RoleLevel.COMMUNICATIONS: {
        "view version": (200, 200, 200, 200, 200, 200),
        "edit page": (200, 302, 302, 302, 302, 302),
        "add item": (302, 403, 403, 403, 403, 403),
        # From proposed, "proposed" is no move at all: the form says so (200), nothing changes.
        "propose": (302, 302, 200, 403, 403, 403),
        "adopt": (403, 403, 302, 403, 403, 403),
        "new draft": (403, 403, 403, 302, 302, 403),
        "audit": (200, 200, 200, 200, 200, 200),
    },
    RoleLevel.EXECUTIVE_BOARD: {
        "view version": (200, 200, 200, 200, 200, 200),
        "edit page": (403, 403, 403, 403, 403, 403),
        "add item": (403, 403, 403, 403, 403, 403),
        "propose": (302, 302, 200, 403, 403, 403),
        "adopt": (403, 403, 403, 403, 403, 403),
        "new draft": (403, 403, 403, 403, 403, 403),
        "audit": (403, 403, 403, 403, 403, 403),
    },
    RoleLevel.POLITICIAN: {
        # Politicians comment in consultations, so they see versions from consultation on.
        "view version": (404, 200, 200, 200, 200, 404),
        "edit page": (404, 403, 403, 403, 403, 404),
        "add item": (404, 403, 403, 403, 403, 404),
        "propose": (404, 403, 403, 403, 403, 404),
        "adopt": (404, 403, 403, 403, 403, 404),
        "new draft": (404, 403, 403, 403, 403, 404),
        "audit": (404, 403, 403, 403, 403, 404),
    },
    RoleLevel.CENTRE: ONLY_DECIDED_VISIBLE,
    RoleLevel.WORKPLACE: ONLY_DECIDED_VISIBLE,
    RoleLevel.LEADER: ONLY_DECIDED_VISIBLE,
    RoleLevel.EMPLOYEE: ONLY_DECIDED_VISIBLE,
}


def test_the_table_covers_every_role_level_and_action():
    assert set(EXPECTED) == set(RoleLevel.values)
    assert all(set(row) == set(ACTIONS) for row in EXPECTED.values())


# Decided versions carry their decision date (a database constraint asks for it).
DECIDED = {
    S.ADOPTED: {"adopted_on": datetime.date(2024, 1, 15)},
    S.SUPERSEDED: {"adopted_on": datetime.date(2020, 1, 15)},
}


def _version_in(organisation, state):
    return VersionFactory(
        strategy=StrategyFactory(organisation=organisation), number=1, status=state,
        **DECIDED.get(state, {}),
    )


def _request(client, action, version):
    method, name, extra, data = ACTIONS[action]
    pk = version.strategy_id if action == "audit" else version.pk
    url = reverse(name, args=[pk, *extra])
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role_level", RoleLevel.values)
def test_permission_matrix(client, organisation, member_of, role_level, action, state):
    version = _version_in(organisation, state)
    client.force_login(member_of(organisation, role_level))

    response = _request(client, action, version)

    assert response.status_code == EXPECTED[role_level][action][STATES.index(state)]


# --- Another municipality: every URL with an id is missing -------------------


@pytest.fixture
def foreign(db):
    """A draft with content and an adopted version, both of another municipality."""
    organisation = OrganisationFactory()
    draft = VersionFactory(strategy=StrategyFactory(organisation=organisation), number=2)
    section = SectionFactory(version=draft)
    duty = ResponsibilityItemFactory(responsibility__version=draft)
    adopted = VersionFactory(strategy=draft.strategy, number=1)
    mark_adopted(adopted)
    return {"draft": draft, "section": section, "duty": duty, "adopted": adopted}


FOREIGN_URLS = {
    "strategy page": ("get", lambda f: reverse("strategies:detail", args=[f["draft"].strategy_id])),
    "audit log": ("get", lambda f: reverse("strategies:audit", args=[f["draft"].strategy_id])),
    "draft page": ("get", lambda f: reverse("strategies:version_detail", args=[f["draft"].pk])),
    "adopted page": (
        "get", lambda f: reverse("strategies:version_detail", args=[f["adopted"].pk])
    ),
    "editor": ("get", lambda f: reverse("strategies:version_edit", args=[f["draft"].pk])),
    "save details": ("post", lambda f: reverse("strategies:version_edit", args=[f["draft"].pk])),
    "new draft": (
        "post", lambda f: reverse("strategies:version_new_draft", args=[f["adopted"].pk])
    ),
    "propose": (
        "post",
        lambda f: reverse("strategies:version_transition", args=[f["draft"].pk, "proposed"]),
    ),
    "add form": (
        "get", lambda f: reverse("strategies:item_add", args=[f["draft"].pk, "section"])
    ),
    "add": ("post", lambda f: reverse("strategies:item_add", args=[f["draft"].pk, "section"])),
    "add child": (
        "post",
        lambda f: reverse(
            "strategies:item_add_child",
            args=[f["draft"].pk, "duty", f["duty"].responsibility_id],
        ),
    ),
    "edit form": (
        "get",
        lambda f: reverse(
            "strategies:item_edit", args=[f["draft"].pk, "section", f["section"].pk]
        ),
    ),
    "edit": (
        "post",
        lambda f: reverse(
            "strategies:item_edit", args=[f["draft"].pk, "section", f["section"].pk]
        ),
    ),
    "delete form": (
        "get",
        lambda f: reverse(
            "strategies:item_delete", args=[f["draft"].pk, "section", f["section"].pk]
        ),
    ),
    "delete": (
        "post",
        lambda f: reverse(
            "strategies:item_delete", args=[f["draft"].pk, "section", f["section"].pk]
        ),
    ),
    "move": (
        "post",
        lambda f: reverse("strategies:item_move", args=[f["draft"].pk, "duty", f["duty"].pk]),
    ),
}


@pytest.mark.parametrize("target", FOREIGN_URLS)
def test_communications_of_another_municipality_finds_nothing(
    client, organisation, member_of, foreign, target
):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    method, url = FOREIGN_URLS[target]

    response = getattr(client, method)(url(foreign), {"direction": "up", "body": "x"})

    assert response.status_code == 404
    assert Section.objects.filter(pk=foreign["section"].pk).exists()
