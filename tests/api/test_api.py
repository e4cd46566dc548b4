"""The read API: published content for anyone, everything of the organisation with its
token, the OpenAPI schema, pagination and rate limits."""

import pytest
from django.urls import reverse

from apps.api.models import ApiToken
from apps.api.services import api_token_create, api_token_revoke
from apps.audit.models import AuditEvent
from tests.factories import ResponsibilityFactory, ResponsibilityItemFactory, mark_adopted

from ..public.world import SECRET

pytestmark = pytest.mark.django_db


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def secret(world):
    _token, secret = api_token_create(
        actor=world.comms, organisation=world.organisation, name="Intranet"
    )
    return secret


def test_the_schema_is_openapi_3_and_names_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/strategies", "/api/strategies/{strategy_id}", "/api/versions/{version_id}",
        "/api/organisation/obligations", "/api/organisation/follow-up",
        "/api/organisation/actions", "/api/organisation/indicators",
    } <= set(schema["paths"])


def test_anyone_reads_published_strategies_with_their_adopted_versions(client, world):
    response = client.get("/api/strategies")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["slug"] for i in items] == [world.published.slug]
    assert [v["number"] for v in items[0]["versions"]] == [2, 1]
    assert SECRET not in response.content.decode()


def test_anyone_reads_a_published_versions_structured_content(client, world):
    response = client.get(f"/api/versions/{world.in_force.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["content"]["sections"][0]["body"] == "Den gældende tekst."
    assert data["version"]["status"] == "adopted"


@pytest.mark.parametrize("which", ["draft", "hidden", "only_draft"])
def test_without_a_token_unpublished_versions_are_not_found(client, world, which):
    response = client.get(f"/api/versions/{getattr(world, which).pk}")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_with_its_token_an_organisation_reads_its_drafts_and_unpublished_strategies(
    client, world, secret
):
    items = client.get("/api/strategies", **_bearer(secret)).json()["items"]
    assert {i["slug"] for i in items} == {
        world.published.slug, world.unpublished.slug, world.nothing_adopted.slug
    }
    draft = client.get(f"/api/versions/{world.draft.pk}", **_bearer(secret))
    assert draft.status_code == 200


def test_the_organisation_endpoints_need_a_token(client, world):
    for path in ("obligations", "follow-up", "actions", "indicators"):
        assert client.get(f"/api/organisation/{path}").status_code == 401


def test_a_revoked_or_wrong_token_is_refused_not_read_as_anonymous(client, world, secret):
    api_token_revoke(actor=world.comms, token=ApiToken.objects.get())
    assert client.get("/api/strategies", **_bearer(secret)).status_code == 401
    assert client.get("/api/strategies", **_bearer("kapi_wrong")).status_code == 401


def test_tokens_are_stored_hashed_and_their_changes_audit_logged(world, secret):
    token = ApiToken.objects.get()
    assert secret not in (token.token_hash, token.prefix)
    api_token_revoke(actor=world.comms, token=token)
    events = AuditEvent.objects.filter(object_type="ApiToken", object_id=token.pk)
    verbs = set(events.values_list("verb", flat=True))
    assert verbs == {"api_token.created", "api_token.revoked"}


def test_obligations_per_role_level(client, world, secret, organisation):
    from apps.strategies.models import Strategy

    strategy = Strategy.objects.get(pk=world.unpublished.pk)
    draft = strategy.versions.create(number=2, language="da")
    responsibility = ResponsibilityFactory(version=draft, role_level="leader", label="Lederne")
    ResponsibilityItemFactory(responsibility=responsibility, text="Leder pligt")
    from ..public.world import supersede

    supersede(world.hidden)
    mark_adopted(draft)
    leaders = client.get(
        "/api/organisation/obligations?role_level=leader", **_bearer(secret)
    ).json()["items"]
    assert [o["text"] for o in leaders] == ["Leder pligt"]
    employees = client.get(
        "/api/organisation/obligations?role_level=employee", **_bearer(secret)
    ).json()["items"]
    assert employees == []


def test_follow_up_gives_acknowledgement_and_check_in_shares_per_unit(client, world, secret):
    response = client.get("/api/organisation/follow-up", **_bearer(secret))
    assert response.status_code == 200
    data = response.json()
    assert [u["unit_id"] for u in data["units"]] == [world.unit.pk]
    assert {"acknowledged_percent", "check_ins_expected", "check_ins_recorded"} <= set(
        data["units"][0]
    )


def test_actions_and_indicators_of_the_adopted_versions(client, world, secret):
    actions = client.get("/api/organisation/actions", **_bearer(secret)).json()["items"]
    assert {a["title"] for a in actions} == {"Handling v2", "Handling v1"}
    indicators = client.get("/api/organisation/indicators", **_bearer(secret))
    assert indicators.status_code == 200


def test_lists_are_paginated(client, world, secret):
    first = client.get("/api/strategies?page=1&page_size=2", **_bearer(secret)).json()
    second = client.get("/api/strategies?page=2&page_size=2", **_bearer(secret)).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)


def test_anonymous_requests_are_rate_limited_per_address(client, world, settings):
    settings.KOMPAS_API_RATE_ANONYMOUS = "3/m"
    codes = [client.get("/api/strategies").status_code for _ in range(4)]
    other = client.get("/api/strategies", REMOTE_ADDR="10.0.0.9").status_code
    assert codes == [200, 200, 200, 429]
    assert other == 200


def test_a_tokens_requests_are_counted_apart_from_anonymous_ones(
    client, world, secret, settings
):
    settings.KOMPAS_API_RATE_ANONYMOUS = "1/m"
    settings.KOMPAS_API_RATE_TOKEN = "2/m"
    anonymous = [client.get("/api/strategies").status_code for _ in range(2)]
    tokened = [client.get("/api/strategies", **_bearer(secret)).status_code for _ in range(3)]
    assert anonymous == [200, 429]
    assert tokened == [200, 200, 429]


def test_the_communications_department_creates_and_revokes_tokens_on_its_page(client, world):
    client.force_login(world.comms)
    response = client.post(reverse("api_tokens:list"), {"name": "Intranet"})
    assert response.status_code == 200
    assert b"kapi_" in response.content
    token = ApiToken.objects.get()
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_leader_may_not_manage_tokens(client, world):
    client.force_login(world.leader)
    assert client.get(reverse("api_tokens:list")).status_code == 403
