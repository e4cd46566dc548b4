"""An acknowledgement or a check-in gives new keys only to the kept pages it changes
(apps/dashboards/freshness.py): the writer's own pages and the pages of the units it
counts in at once, the whole organisation's pages within a second, and nobody else's."""

import time
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import page_cache
from apps.obligations import selectors, services
from apps.organisations.models import RoleLevel
from tests.obligations.factories import build_world, person

pytestmark = pytest.mark.django_db

KEPT = 4  # the session, the user, the roles with the counters, the unread notifications


@pytest.fixture
def world(organisation):
    world = build_world(organisation)
    # A leader of a unit outside the centre the employee works in.
    world.users["other leader"] = person(organisation, RoleLevel.LEADER, world.comms_unit)
    return world


_clients: dict = {}


def _visit(user, url) -> tuple[int, str]:
    """Queries of one page load by the person, in a browser of their own (the first
    load also stores their choice of dashboard in the session)."""
    if user.pk not in _clients:
        _clients[user.pk] = Client()
        _clients[user.pk].force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = _clients[user.pk].get(url)
    assert response.status_code == 200
    return len(queries), response.text


@pytest.fixture(autouse=True)
def _browsers():
    yield
    _clients.clear()


def _acknowledge_one(user, organisation):
    obligation = next(
        s.obligation for s in selectors.obligations_for_user(user, organisation)
        if not s.acknowledged
    )
    services.acknowledgement_create(
        user=user, organisation=organisation, strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash,
    )


PAGES = {
    "employee": (RoleLevel.EMPLOYEE, "dashboards:employee"),
    "centre leader": (RoleLevel.CENTRE, "dashboards:leader"),
    "other leader": ("other leader", "dashboards:leader"),
    "politician": (RoleLevel.POLITICIAN, "dashboards:politician"),
}


def test_an_acknowledgement_renders_again_only_the_pages_it_changes(world):
    for who, url in PAGES.values():
        _visit(world[who], reverse(url))

    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)

    queries = {name: _visit(world[who], reverse(url))[0] for name, (who, url) in PAGES.items()}
    assert queries["employee"] > KEPT  # the writer's own page
    assert queries["centre leader"] > KEPT  # the centre the employee works in
    assert queries["other leader"] == KEPT
    assert queries["politician"] == KEPT


def test_a_check_in_renders_again_the_pages_of_its_unit_and_those_above(world):
    for who, url in PAGES.values():
        _visit(world[who], reverse(url))
    leader = world[RoleLevel.LEADER]
    index = selectors.obligation_index(world.organisation)
    obligation = index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])[0]

    services.checkin_record(
        leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash, status="on_track",
    )

    queries = {name: _visit(world[who], reverse(url))[0] for name, (who, url) in PAGES.items()}
    assert queries["centre leader"] > KEPT
    assert queries["other leader"] == KEPT
    assert queries["employee"] == KEPT


@pytest.fixture
def clock(monkeypatch):
    """The page cache's clock, stopped: moved on only by the test."""
    now = [time.time()]
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def test_the_executive_board_sees_anothers_acknowledgement_within_a_second(world, clock):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)

    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    at_once, _ = _visit(executive, url)
    clock[0] += page_cache.RECENT_SECONDS
    a_second_later, _ = _visit(executive, url)

    assert at_once == KEPT  # still the page of a moment ago
    assert a_second_later > KEPT  # rendered with the acknowledgement
    assert page_cache.RECENT_SECONDS < 1


def test_the_executive_boards_own_acknowledgement_shows_on_their_next_page(world):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)

    _acknowledge_one(executive, world.organisation)

    assert _visit(executive, url)[0] > KEPT


def test_a_kept_page_of_the_whole_organisation_unchanged_is_served_however_old(
    world, clock
):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)
    clock[0] += 1800

    assert _visit(executive, url)[0] == KEPT


def test_while_one_request_renders_the_organisations_page_anew_the_others_serve_it_kept(
    world, clock, monkeypatch
):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)
    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    clock[0] += page_cache.RECENT_SECONDS
    # Another request has claimed the rendering and not finished it yet.
    monkeypatch.setattr(page_cache, "_claim", lambda key: False)

    meanwhile, _ = _visit(executive, url)
    clock[0] += page_cache.STALE_SECONDS
    too_old_to_wait_for, _ = _visit(executive, url)

    assert meanwhile == KEPT
    assert too_old_to_wait_for > KEPT


def test_the_request_that_claims_the_rendering_renders_and_lets_the_claim_go(world, clock):
    from django.core.cache import cache

    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)
    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    clock[0] += page_cache.RECENT_SECONDS

    claimer, _ = _visit(executive, url)
    clock[0] += page_cache.RECENT_SECONDS
    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    next_one, _ = _visit(executive, url)

    assert claimer > KEPT
    assert next_one > KEPT  # the claim was let go: the next change renders again
    assert not [k for k in getattr(cache, "_cache", {}) if page_cache.CLAIM_SUFFIX in str(k)]
