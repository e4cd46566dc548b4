"""The API with each organisation's token, and without one, asked for every object of
both organisations: what is neither public nor the token's own is 404, and no list
holds it. The paths are read from the OpenAPI schema, so a new endpoint fails here
until it is swept."""

import pytest

from apps.api.services import api_token_create
from tests.factories import OrganisationFactory

from ..public.world import SECRET, build_public_world

pytestmark = pytest.mark.django_db

OBJECT_PATHS = {"/api/strategies/{strategy_id}", "/api/versions/{version_id}"}
LIST_PATHS = {
    "/api/organisations", "/api/strategies", "/api/organisation/obligations",
    "/api/organisation/follow-up", "/api/organisation/actions", "/api/organisation/indicators",
}


@pytest.fixture
def worlds(organisation, member_of, media_root, eager_celery):
    other = OrganisationFactory(slug="anden-kommune", name="Anden Kommune")
    first = build_public_world(organisation, member_of)
    second = build_public_world(other, member_of, prefix="b-")
    for world in (first, second):
        _token, world.secret = api_token_create(
            actor=None, organisation=world.organisation, name="Test"
        )
    return first, second


def _headers(world):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.secret}"} if world else {}


def _private(world):
    """Every object of the world that is not public: (kind, pk)."""
    return [
        ("strategies", world.unpublished.pk), ("strategies", world.nothing_adopted.pk),
        ("versions", world.draft.pk), ("versions", world.hidden.pk),
        ("versions", world.only_draft.pk),
    ]


def test_every_api_path_is_swept(client):
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert paths == OBJECT_PATHS | LIST_PATHS


def test_no_token_reaches_another_organisations_unpublished_objects(client, worlds):
    first, second = worlds
    answers, controls = {}, {}
    for reader, target in ((first, second), (second, first), (None, first), (None, second)):
        for kind, pk in _private(target):
            response = client.get(f"/api/{kind}/{pk}", **_headers(reader))
            answers[reader and reader.organisation.slug, kind, pk] = (
                response.status_code, SECRET in response.content.decode(),
            )
    for world in worlds:
        for kind, pk in _private(world):
            controls[kind, pk] = client.get(f"/api/{kind}/{pk}", **_headers(world)).status_code
    assert answers == dict.fromkeys(answers, (404, False))
    assert controls == dict.fromkeys(controls, 200)


def _strategy_ids(world):
    from apps.strategies.models import Strategy

    strategies = Strategy.objects.filter(organisation=world.organisation)
    return set(strategies.values_list("pk", flat=True))


def _public_strategy_ids(world):
    return {world.published.pk}


def test_no_list_holds_anything_of_another_organisation_but_its_public_part(client, worlds):
    first, second = worlds
    for reader, target in ((first, second), (second, first)):
        own, theirs = _strategy_ids(reader), _strategy_ids(target)
        strategies = client.get("/api/strategies", **_headers(reader)).json()["items"]
        seen = {item["id"] for item in strategies}
        assert seen == own | _public_strategy_ids(target)
        versions = {v["id"] for item in strategies for v in item["versions"]}
        assert not versions & {pk for kind, pk in _private(target) if kind == "versions"}
        for path in ("obligations", "actions", "indicators"):
            items = client.get(f"/api/organisation/{path}", **_headers(reader)).json()["items"]
            assert {item["strategy_id"] for item in items} <= own
            assert not {item["strategy_id"] for item in items} & theirs
        units = client.get("/api/organisation/follow-up", **_headers(reader)).json()["units"]
        assert [u["unit_id"] for u in units] == [reader.unit.pk]
