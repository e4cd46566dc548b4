"""Every public URL, asked for every object the public must not see, of two
organisations: 404 with nothing of it in the answer. The URL names are read from the
public URLconf, so a new public page fails here until it is swept."""

import pytest
from django.urls import reverse

from apps.public import urls as public_urls
from apps.strategies.models import VersionStatus
from tests.factories import OrganisationFactory

from .world import SECRET, build_public_world

pytestmark = pytest.mark.django_db

# What a public URL needs besides the organisation, built from a world.
NEEDS = {
    "organisation": (),
    "calendar": (),
    "strategy": ("slug",),
    "version": ("slug", "number"),
    "pdf": ("slug", "number"),
    "summary": ("slug", "number"),
    "summary_pdf": ("slug", "number"),
}


def test_every_public_url_is_swept():
    assert {p.name for p in public_urls.urlpatterns} == set(NEEDS)


def _refused(world):
    """(slug, number) of everything of the world that is not public: the published
    strategy's draft, proposal and consultation (one version moved through each), the
    unpublished strategy's adopted version, the published strategy with only a draft."""
    return [
        (world.published.slug, world.draft.number),
        (world.unpublished.slug, world.hidden.number),
        (world.nothing_adopted.slug, world.only_draft.number),
    ]


def _urls(organisation_slug, slug, number, *, numbered_only=False):
    urls = []
    for name, needs in NEEDS.items():
        if not needs or (numbered_only and "number" not in needs):
            continue
        args = [organisation_slug, slug, number][: 1 + len(needs)]
        urls.append(reverse(f"public:{name}", args=args))
    return urls


@pytest.fixture
def worlds(organisation, member_of, media_root, eager_celery):
    other = OrganisationFactory(slug="anden-kommune")
    return (
        build_public_world(organisation, member_of),
        build_public_world(other, member_of, prefix="b-"),
    )


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.CONSULTATION,
                                    VersionStatus.PROPOSED, VersionStatus.WITHDRAWN])
def test_nothing_unpublished_is_found_on_any_public_url(client, worlds, status):
    for world in worlds:
        world.draft.status = status
        world.draft.save()
    answers = {}
    for world in worlds:
        for slug, number in _refused(world):
            # The published strategy's own page is public: its other versions are swept.
            numbered_only = slug == world.published.slug
            for url in _urls(world.organisation.slug, slug, number, numbered_only=numbered_only):
                response = client.get(url)
                content = b"".join(response.streaming_content) if response.streaming else (
                    response.content
                )
                answers[url] = (response.status_code, SECRET.encode() in content)
    assert answers == dict.fromkeys(answers, (404, False))


def test_one_organisations_strategy_is_not_found_under_another_organisation(client, worlds):
    first, second = worlds
    urls = _urls(second.organisation.slug, first.published.slug, 2)
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_the_organisation_pages_and_calendars_show_nothing_unpublished(client, worlds):
    for world in worlds:
        for name in ("organisation", "calendar"):
            response = client.get(reverse(f"public:{name}", args=[world.organisation.slug]))
            assert response.status_code == 200
            assert SECRET not in response.content.decode()


def test_the_published_pages_are_found_as_a_control(client, worlds):
    for world in worlds:
        urls = _urls(world.organisation.slug, world.published.slug, 2)
        codes = {url: client.get(url).status_code for url in urls}
        assert codes == dict.fromkeys(urls, 200)
