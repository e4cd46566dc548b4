"""An acknowledgement or a check-in renders again only the kept pages it changes
(apps/dashboards/freshness.py): the writer's own pages at once, the pages of the units
it counts in and of the whole organisation within a second, and nobody else's."""

import re
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


@pytest.fixture
def clock(monkeypatch):
    """The page cache's clock, stopped: moved on only by the test."""
    now = [time.time()]
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def _visits(world) -> dict:
    return {name: _visit(world[who], reverse(url))[0] for name, (who, url) in PAGES.items()}


def test_an_acknowledgement_renders_again_only_the_pages_it_changes(world, clock):
    _visits(world)

    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    at_once = _visits(world)
    clock[0] += page_cache.RECENT_SECONDS
    a_second_later = _visits(world)

    assert at_once["employee"] > KEPT  # the writer's own page
    assert at_once["centre leader"] == KEPT  # the page of a moment ago ...
    assert a_second_later["centre leader"] > KEPT  # ... the centre's people within a second
    assert a_second_later["other leader"] == KEPT
    assert a_second_later["politician"] == KEPT


def test_a_check_in_renders_again_the_pages_of_its_unit_and_those_above(world, clock):
    leader = world[RoleLevel.LEADER]
    pages = {**PAGES, "leader": (RoleLevel.LEADER, "dashboards:leader")}
    for who, url in pages.values():
        _visit(world[who], reverse(url))
    index = selectors.obligation_index(world.organisation)
    obligation = index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])[0]

    services.checkin_record(
        leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash, status="on_track",
    )
    writer_at_once = _visit(leader, reverse("dashboards:leader"))[0]
    clock[0] += page_cache.RECENT_SECONDS
    a_second_later = _visits(world)

    assert writer_at_once > KEPT  # the leader's own check-in on their next page
    assert a_second_later["centre leader"] > KEPT
    assert a_second_later["other leader"] == KEPT
    assert a_second_later["employee"] == KEPT


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


def _followup(html: str) -> str:
    """The part of the executive board's page that shows the organisation's follow-up."""
    start = html.index('<dl class="kompas-figures">')
    return html[start:html.index("<h2>", html.index("indicators-overview-heading"))]


def _actions(html: str) -> str:
    """The board's overdue actions and indicators."""
    start = html.index('id="overdue-actions-heading"')
    return html[start:html.index("<h2>", html.index("indicators-overview-heading"))]


def _calls_of(monkeypatch, module, name) -> list:
    """A list that grows by one with each call of `module.name` (which still runs)."""
    calls = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.fixture
def reviews_read(monkeypatch):
    """How often the person-specific part of the board's page (their reviews) is read."""
    from apps.dashboards import views

    return _calls_of(monkeypatch, views.selectors, "versions_for_review")


def test_the_organisations_follow_up_is_rendered_once_for_the_whole_executive_board(
    world, kept_shared
):
    first = world[RoleLevel.EXECUTIVE_BOARD]
    second = person(world.organisation, RoleLevel.EXECUTIVE_BOARD)
    url = reverse("dashboards:executive")

    rendered, first_page = _visit(first, url)
    only_their_own, second_page = _visit(second, url)

    assert only_their_own < rendered  # the follow-up's queries are not paid again
    assert _followup(second_page) == _followup(first_page)
    assert len(kept_shared()) == 2  # the acknowledgements' and check-ins', the actions'
    assert "<kompas:shared" not in first_page + second_page


def test_anothers_write_renders_again_only_the_boards_shared_follow_up(
    world, clock, reviews_read
):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _, before = _visit(executive, url)
    read_before = len(reviews_read)

    _acknowledge_one(world[RoleLevel.EMPLOYEE], world.organisation)
    clock[0] += page_cache.RECENT_SECONDS
    queries, after = _visit(executive, url)

    assert queries > KEPT
    assert _followup(after) != _followup(before)  # the acknowledgement counted
    assert len(reviews_read) == read_before  # the person's own part was kept


@pytest.fixture
def indicators_read(monkeypatch):
    """How often the organisation's indicators (the board's "actions" part) are read."""
    from apps.dashboards import views

    return _calls_of(monkeypatch, views.followup_indicators, "organisation_indicators")


@pytest.mark.parametrize("write", ["acknowledgement", "own acknowledgement"])
def test_an_acknowledgement_leaves_the_boards_actions_and_indicators_kept(
    world, clock, indicators_read, write
):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _, before = _visit(executive, url)
    assert len(indicators_read) == 1

    writer = executive if write == "own acknowledgement" else world[RoleLevel.EMPLOYEE]
    _acknowledge_one(writer, world.organisation)
    clock[0] += page_cache.RECENT_SECONDS
    _, after = _visit(executive, url)

    assert _followup(after) != _followup(before)  # the acknowledgement counted ...
    assert len(indicators_read) == 1  # ... and the actions and indicators were kept
    assert _actions(after) == _actions(before)
    assert "<kompas:shared" not in after


def test_the_boards_own_write_shows_in_the_shared_follow_up_at_once(world, reviews_read):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _, before = _visit(executive, url)

    _acknowledge_one(executive, world.organisation)
    _, after = _visit(executive, url)

    assert _followup(after) != _followup(before)


def test_a_page_rendered_with_a_message_has_its_shared_parts_filled_in(world):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)  # kept, with its parts
    duty = next(
        s.obligation for s in selectors.obligations_for_user(executive, world.organisation)
        if not s.acknowledged
    )

    response = _clients[executive.pk].post(reverse("obligations:acknowledge"), {
        "strategy": duty.strategy_id, "text_hash": duty.text_hash, "next": url,
    }, follow=True)

    assert response.redirect_chain[-1][0] == url
    assert "Your acknowledgement has been recorded" in response.text  # rendered afresh
    assert "<kompas:shared" not in response.text
    assert "Follow-up per centre" in response.text


# --- A leader's page: their own obligations, and their staff's follow-up apart ----------


def _staff(html: str) -> str:
    """The leader's staff with obligations left to acknowledge."""
    start = html.index('id="staff-missing-caption"')
    return html[start:html.index("</table>", start)]


def _own_obligations(html: str) -> str:
    """The leader's own obligations with their unit's check-ins (without the forms'
    CSRF tokens, which differ on every request)."""
    start = html.index('id="leader-obligations-caption"')
    table = html[start:html.index("</table>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", table)


def _staff_acknowledged(html: str) -> int:
    """How many obligations the leader's staff have acknowledged, as the page says."""
    return int(re.search(r"in your units have acknowledged (\d+) of the", html)[1])


@pytest.fixture
def own_obligations_read(monkeypatch):
    """How often a leader's own obligations (the page outside its follow-up) are read."""
    from apps.dashboards import views

    return _calls_of(monkeypatch, views.obligation_selectors, "obligations_for_leader")


def test_anothers_acknowledgement_renders_again_only_the_leaders_follow_up(
    world, clock, own_obligations_read
):
    leader = world[RoleLevel.CENTRE]
    url = reverse("dashboards:leader")
    _, before = _visit(leader, url)
    assert len(own_obligations_read) == 1

    _acknowledge_one(world[RoleLevel.WORKPLACE], world.organisation)
    at_once, _ = _visit(leader, url)
    clock[0] += page_cache.RECENT_SECONDS
    queries, after = _visit(leader, url)

    assert at_once == KEPT  # the follow-up of a moment ago ...
    assert queries > KEPT  # ... and within a second the acknowledgement counted,
    assert _staff_acknowledged(after) == _staff_acknowledged(before) + 1
    assert len(own_obligations_read) == 1  # with the leader's own obligations kept
    assert _own_obligations(after) == _own_obligations(before)
    assert "<kompas:shared" not in after


def test_another_leaders_check_in_for_the_unit_shows_on_the_leaders_next_page_at_once(
    world, clock
):
    leader = world[RoleLevel.LEADER]
    other = person(world.organisation, RoleLevel.LEADER, world.workplace)
    url = reverse("dashboards:leader")
    _, before = _visit(leader, url)
    index = selectors.obligation_index(world.organisation)
    duty = index.for_assignments([(RoleLevel.LEADER, world.workplace.pk)])[0]

    services.checkin_record(
        leader=other, unit=world.workplace, strategy_id=duty.strategy_id,
        text_hash=duty.text_hash, status="needs_attention",
    )
    _, after = _visit(leader, url)  # no time has passed

    assert "Needs attention" not in _own_obligations(before)
    assert "Needs attention" in _own_obligations(after)


def test_the_leaders_own_acknowledgement_shows_on_their_next_page_at_once(world, clock):
    leader = world[RoleLevel.LEADER]
    url = reverse("dashboards:leader")
    _, before = _visit(leader, url)

    _acknowledge_one(leader, world.organisation)
    _, after = _visit(leader, url)

    assert _own_obligations(after) != _own_obligations(before)


def test_two_leaders_of_one_unit_each_see_their_staff_without_themselves(world, kept_shared):
    leader, manager = world[RoleLevel.LEADER], world[RoleLevel.WORKPLACE]
    url = reverse("dashboards:leader")

    leaders_staff = _staff(_visit(leader, url)[1])
    managers_staff = _staff(_visit(manager, url)[1])

    assert manager.full_name in leaders_staff and leader.full_name not in leaders_staff
    assert leader.full_name in managers_staff and manager.full_name not in managers_staff
    assert len(kept_shared()) == 2  # a follow-up part for each of them


def test_anothers_acknowledgement_leaves_the_centre_leaders_action_trends_kept(
    world, clock, monkeypatch
):
    from apps.dashboards import views

    action_trends_read = _calls_of(monkeypatch, views.followup_trends, "trends_context")
    leader = world[RoleLevel.CENTRE]
    url = reverse("dashboards:leader")
    _, before = _visit(leader, url)

    _acknowledge_one(world[RoleLevel.WORKPLACE], world.organisation)
    clock[0] += page_cache.RECENT_SECONDS
    _, after = _visit(leader, url)

    assert _staff_acknowledged(after) == _staff_acknowledged(before) + 1
    assert len(action_trends_read) == 1  # read for the first page only
    assert 'id="followup-trends-heading"' in after
    assert "<kompas:shared" not in after


@pytest.mark.parametrize("who, url", [
    (RoleLevel.EXECUTIVE_BOARD, "dashboards:executive"),
    (RoleLevel.CENTRE, "dashboards:leader"),
])
def test_a_kept_page_and_its_parts_are_read_from_the_cache_in_one_round_trip(
    world, monkeypatch, who, url
):
    _visit(world[who], reverse(url))
    reads = _cache_reads(monkeypatch)

    queries, html = _visit(world[who], reverse(url))

    assert len(reads()) == 1
    assert queries == KEPT  # the parts came with the page, none was rendered again
    assert "<kompas:" not in html  # every slot filled: the parts, the token, the nonce


def test_a_page_rendered_anew_after_the_persons_own_write_reads_its_parts_with_it(
    world, monkeypatch, indicators_read
):
    executive = world[RoleLevel.EXECUTIVE_BOARD]
    url = reverse("dashboards:executive")
    _visit(executive, url)
    _acknowledge_one(executive, world.organisation)
    reads = _cache_reads(monkeypatch)

    queries, html = _visit(executive, url)

    assert queries > KEPT  # rendered anew, the follow-up with it
    assert len(reads()) == 1  # the page and its parts, at once
    assert len(indicators_read) == 1  # the actions' part, unchanged, was used as found
    assert "<kompas:" not in html


def test_a_part_missing_from_a_kept_page_is_rendered_without_asking_the_cache_again(
    world, monkeypatch, kept_shared
):
    from django.core.cache import cache

    url = reverse("dashboards:executive")
    _visit(world[RoleLevel.EXECUTIVE_BOARD], url)
    parts = kept_shared()
    # The parts gone (locmem's own keys carry a prefix and a version), the page kept.
    cache.delete_many([key[key.index(page_cache.SHARED_PREFIX):] for key in parts])
    assert parts and not kept_shared()
    reads = _cache_reads(monkeypatch)

    _, html = _visit(world[RoleLevel.EXECUTIVE_BOARD], url)

    assert len(reads()) == 1
    assert "Follow-up per centre" in html and "<kompas:" not in html


def _cache_reads(monkeypatch):
    """How many times the page cache asks the cache for something, from now on."""
    one = _calls_of(monkeypatch, page_cache, "cache_get")
    many = _calls_of(monkeypatch, page_cache, "cache_get_many")
    return lambda: one + many
