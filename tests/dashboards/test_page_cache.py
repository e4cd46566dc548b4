"""A dashboard is served from the cache while nothing it shows has changed, and is
rendered again the moment something has (apps/core/page_cache.py)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.consultations import services as consultation_services
from apps.core import page_cache
from apps.obligations import services as obligation_services
from apps.obligations.selectors import current_obligations
from apps.obligations.signals import ACTIVITY, STRUCTURE, generations_raise
from apps.organisations.models import RoleLevel
from apps.strategies import permissions as strategy_permissions
from apps.strategies import services as strategy_services
from apps.strategies.models import VersionStatus
from tests.factories import VersionFactory, consultation_deadline
from tests.obligations.factories import acknowledge_all

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


def _visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_with_three_queries(client, world, kept_pages):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])
    url = reverse("dashboards:executive")

    first, rendered = _visit(client, url)
    second, kept = _visit(client, url)

    assert kept == 4 < rendered  # the session, the user, their roles, their inbox
    assert _strip_secrets(second.text) == _strip_secrets(first.text)
    assert len(kept_pages()) == 1


def _strip_secrets(html):
    return NONCE.sub("", CSRF_VALUE.sub("", html))


def test_kept_page_holds_no_token_or_nonce_of_the_request_that_rendered_it(
    client, world, kept_pages
):
    client.force_login(world[RoleLevel.EMPLOYEE])
    response = client.get(reverse("dashboards:employee"))
    tokens = set(CSRF_VALUE.findall(response.text))
    nonces = set(NONCE.findall(response.text))

    (kept,) = [cache.get(key.split(":", 2)[-1]) for key in kept_pages()]

    assert tokens and nonces
    assert not any(token in kept for token in tokens)
    assert not any(nonce in kept for nonce in nonces)
    assert page_cache.CSRF_SLOT in kept and page_cache.NONCE_SLOT in kept


def test_kept_page_carries_this_requests_own_csrf_token_and_csp_nonce(world):
    employee = world[RoleLevel.EMPLOYEE]
    url = reverse("dashboards:employee")
    first = Client(enforce_csrf_checks=True)
    first.force_login(employee)
    first.get(url)
    other = Client(enforce_csrf_checks=True)
    other.force_login(employee)

    response = other.get(url)

    (nonce,) = set(NONCE.findall(response.text))
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    form = re.search(r'<form method="post" action="/obligations/acknowledge/".*?</form>',
                     response.text, re.S).group()
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    posted = other.post(reverse("obligations:acknowledge"), fields)
    assert posted.status_code == 302  # accepted: a 403 would mean another's token


def test_acknowledging_shows_on_the_next_visit(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])
    url = reverse("dashboards:employee")
    before = client.get(url).text
    form = re.search(r'<form method="post" action="/obligations/acknowledge/".*?</form>',
                     before, re.S).group()

    client.post(reverse("obligations:acknowledge"),
                dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form)))
    client.get(reverse("obligations:list"))  # shows the "thank you" message once
    after = client.get(url).text

    assert after.count("I have read and understood this") == (
        before.count("I have read and understood this") - 1
    )


def test_flash_message_is_shown_on_a_page_that_was_kept(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])
    url = reverse("dashboards:employee")
    client.get(url)
    form = re.search(r'<form method="post" action="/obligations/acknowledge/".*?</form>',
                     client.get(url).text, re.S).group()
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))

    response = client.post(reverse("obligations:acknowledge"), fields, follow=True)

    assert response.redirect_chain[-1][0] == url
    assert "Your acknowledgement has been recorded" in response.text
    assert "Your acknowledgement has been recorded" not in client.get(url).text


def test_a_leaders_check_in_shows_on_the_next_visit(client, world):
    leader = world[RoleLevel.LEADER]
    client.force_login(leader)
    url = reverse("dashboards:leader")
    before = client.get(url).text

    obligation = next(
        o for o in current_obligations(world.organisation) if o.role_level == RoleLevel.LEADER
    )
    obligation_services.checkin_record(
        leader=leader, unit=world.workplace, strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash, status="needs_attention", note="",
    )
    after = client.get(url).text

    assert after.count("Needs attention</span>") == before.count("Needs attention</span>") + 1


def test_a_version_proposed_after_the_first_visit_awaits_the_politicians(client, world):
    politician = world[RoleLevel.POLITICIAN]
    communications = world[RoleLevel.COMMUNICATIONS]
    client.force_login(politician)
    url = reverse("dashboards:politician")
    draft = VersionFactory(strategy=world.strategy, number=7, change_summary="Ny udgave.")
    before = client.get(url).text

    strategy_services.version_transition(
        version=draft, actor=communications, to_status=VersionStatus.PROPOSED
    )
    after = client.get(url).text

    assert "Version 7" not in before
    assert "Version 7" in after


def test_a_new_consultation_comment_is_counted_on_the_next_visit(client, world):
    communications = world[RoleLevel.COMMUNICATIONS]
    draft = VersionFactory(strategy=world.strategy, number=7)
    strategy_services.version_transition(
        version=draft, actor=communications, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=consultation_deadline()
    )
    client.force_login(communications)
    url = reverse("dashboards:communications")
    before = client.get(url).text

    consultation_services.comment_create(
        version=draft, actor=world[RoleLevel.EXECUTIVE_BOARD], text="Kortere, tak."
    )
    after = client.get(url).text

    assert "0 consultation comments are waiting for an answer" in before
    assert "1 consultation comment is waiting for an answer" in after


def test_a_new_comment_right_raises_the_organisations_content_generation(world):
    # Invitations give a personal comment right, which lets a person see proposals.
    organisation = world.organisation
    organisation.refresh_from_db()
    before = organisation.content_generation

    strategy_permissions.grant_comment(world[RoleLevel.EMPLOYEE], world.strategy)

    organisation.refresh_from_db()
    assert organisation.content_generation == before + 1


def test_renaming_the_organisation_shows_in_the_header(client, world):
    client.force_login(world[RoleLevel.EMPLOYEE])
    url = reverse("dashboards:employee")
    client.get(url)

    world.organisation.name = "Nyby Kommune"
    world.organisation.save()

    assert "Nyby Kommune" in client.get(url).text


def test_renaming_the_person_shows_in_the_header(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    client.force_login(employee)
    url = reverse("dashboards:employee")
    client.get(url)

    employee.full_name = "Birgitte Nyborg"
    employee.save()

    assert "Birgitte Nyborg" in client.get(url).text


def test_changing_language_gives_the_page_in_the_new_language(client, world):
    employee = world[RoleLevel.EMPLOYEE]
    client.force_login(employee)
    url = reverse("dashboards:employee")
    client.get(url)

    client.post(reverse("accounts:set_language"), {"language": "da", "next": url})
    response = client.get(url)

    assert response.headers["Content-Language"] == "da"
    assert '<html lang="da">' in response.text


def test_each_person_gets_their_own_page(world, kept_pages):
    leader, manager = world[RoleLevel.LEADER], world[RoleLevel.WORKPLACE]
    pages = {}
    for user in (leader, manager):
        client = Client()
        client.force_login(user)
        pages[user] = client.get(reverse("dashboards:leader")).text

    assert len(kept_pages()) == 2
    assert f"<strong class=\"username\">{leader}</strong>" in pages[leader]
    assert f"<strong class=\"username\">{manager}</strong>" in pages[manager]


def test_the_next_day_renders_the_page_again(client, world, monkeypatch, kept_pages):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("dashboards:leader")
    client.get(url)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)

    _, queries = _visit(client, url)

    assert queries > 3
    assert len(kept_pages()) == 2


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=x", "?people=1&made-up=2", "?people=x", "?people=1&people=2",
        "?people=01", "?people=\u0661", "?people=99",  # leading zero, Arabic one, past the end
    ],
)
def test_unknown_query_parameters_are_rendered_but_not_kept(
    client, world, query, kept_pages, kept_shared
):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("dashboards:leader")

    for _ in range(2):
        response = client.get(url + query)

    assert "Staff with obligations left to acknowledge" in response.text  # its follow-up
    assert kept_pages() == []
    assert kept_shared() == []  # nor the follow-up shown on it


def test_saving_an_organisation_loaded_earlier_never_lowers_its_generations(world):
    stale = type(world.organisation).objects.get(pk=world.organisation.pk)
    acknowledge_all(world.organisation, world[RoleLevel.EMPLOYEE])
    generations_raise(STRUCTURE, ACTIVITY, pk=stale.pk)
    VersionFactory(strategy=world.strategy, number=7)  # raises the content generation
    fresh = type(stale).objects.get(pk=stale.pk)

    stale.name = "Nyby Kommune"
    stale.save()

    saved = type(stale).objects.get(pk=stale.pk)
    assert saved.name == "Nyby Kommune"
    for name in stale.GENERATIONS:
        assert getattr(saved, name) >= getattr(fresh, name) > getattr(stale, name)


def test_an_empty_query_string_is_the_same_page(client, world, kept_pages):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("dashboards:leader")
    client.get(url)

    _, queries = _visit(client, url + "?&&")

    assert queries == 4
    assert len(kept_pages()) == 1


def test_a_new_release_renders_the_pages_again(client, world, monkeypatch, kept_pages):
    client.force_login(world[RoleLevel.EXECUTIVE_BOARD])
    url = reverse("dashboards:executive")
    client.get(url)
    monkeypatch.setattr(page_cache, "release", lambda: "the next release")

    _, queries = _visit(client, url)

    assert queries > 3
    assert len(kept_pages()) == 2


def test_the_page_is_rendered_when_the_cache_is_down(client, world, cache_outage):
    client.force_login(world[RoleLevel.EMPLOYEE])
    url = reverse("dashboards:employee")
    client.get(url)

    cache_outage()
    response = client.get(url)

    assert response.status_code == 200
    assert "I have read and understood this" in response.text


def test_a_save_of_more_than_the_login_time_raises_the_persons_generations(world):
    user = world[RoleLevel.EMPLOYEE]
    organisation = world.organisation
    organisation.refresh_from_db()
    before = organisation.activity_generation

    user.save(update_fields=["last_login"])
    organisation.refresh_from_db()
    assert organisation.activity_generation == before

    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    organisation.refresh_from_db()
    assert organisation.activity_generation == before + 1


def test_a_page_with_known_parameters_is_kept(client, world, kept_pages):
    client.force_login(world[RoleLevel.LEADER])
    url = reverse("dashboards:leader") + f"?unit={world.workplace.pk}&people=1"
    client.get(url)

    _, queries = _visit(client, url)

    assert queries == 4
    assert len(kept_pages()) == 1
