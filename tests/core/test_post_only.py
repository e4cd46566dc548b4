"""POST-only URLs answer GET and HEAD with their page, and the language switch never
returns to a URL that is no page (apps/core/post_only.py)."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter

from apps.core.post_only import page_getter
from apps.obligations.urls import ObligationTokenConverter
from apps.organisations.models import RoleLevel
from apps.strategies.models import VersionStatus
from tests.factories import StrategyFactory, VersionFactory

# Django's admin has its own POST-only logout for the operators; SCIM is a machine
# protocol whose clients are told 405 as RFC 7644 says; the open API (django-ninja)
# answers the methods its OpenAPI schema names. None is a page of Kompas.
NOT_PAGES = ("admin", "scim", "api")

SAMPLE = {IntConverter: "999999", SlugConverter: "x", PathConverter: "x",
          UUIDConverter: str(uuid.UUID(int=1)), ObligationTokenConverter: f"1-{'0' * 64}"}


def _every_url(resolver=None, prefix="", converters=None):
    """(route, a path filled with sample arguments) for every URL pattern of the project."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        route = prefix + str(pattern)
        if isinstance(entry, URLResolver):
            if str(pattern).strip("/").split("/")[0] in NOT_PAGES:
                continue
            yield from _every_url(entry, route, {**(converters or {}),
                                                 **getattr(pattern, "converters", {})})
        elif isinstance(entry, URLPattern):
            if not hasattr(pattern, "converters"):  # regex patterns: the static files only
                continue
            every = {**(converters or {}), **pattern.converters}
            path = re.sub(r"<(?:\w+:)?(\w+)>",
                          lambda m, every=every: SAMPLE.get(type(every[m.group(1)]), "x"),
                          route)
            yield route, "/" + path


EVERY_URL = sorted(set(_every_url()))


def test_the_sweep_finds_the_post_only_urls():
    """The sweep reaches the lifecycle moves, the editor, other apps and login's neighbours."""
    routes = {route for route, _ in EVERY_URL}
    assert "strategies/versions/<int:pk>/status/<slug:to_status>/" in routes
    assert "exports/versions/<int:version_pk>/" in routes
    assert "accounts/logout/" in routes
    assert "sso/<slug:organisation>/saml/acs/" in routes


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize(("route", "path"), EVERY_URL, ids=[r for r, _ in EVERY_URL])
def test_no_url_answers_get_or_head_with_405(method, route, path, organisation, member_of):
    """A POST-only view without @post_only answers 405 here and fails."""
    client = Client(raise_request_exception=False)
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))
    response = getattr(client, method)(path)
    assert response.status_code != 405, f"{path} answers {method.upper()} with 405"
    if page_getter(resolve(path).func) is not None:
        if response.status_code == 404 and getattr(resolve(path).func, "post_only_looks_up", False):
            return  # its page is found through its object, which exists nowhere here
        assert response.status_code == 302
        page = resolve(response["Location"].split("?")[0])
        assert page_getter(page.func) is None, f"{path} redirects to another POST-only URL"


@pytest.fixture
def communications(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.mark.django_db
def test_a_lifecycle_url_opened_with_get_shows_the_version_page(client, organisation,
                                                                communications):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation),
                             status=VersionStatus.PROPOSED)
    client.force_login(communications)
    url = reverse("strategies:version_transition", args=[version.pk, "adopted"])
    response = client.get(url, follow=True)
    assert response.redirect_chain == [
        (reverse("strategies:version_detail", args=[version.pk]), 302)
    ]
    assert response.status_code == 200
    assert response.context["version"] == version


@pytest.mark.django_db
def test_a_rejected_adoption_switches_language_back_to_the_version_page(
        client, organisation, communications):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation),
                             status=VersionStatus.PROPOSED)
    client.force_login(communications)
    url = reverse("strategies:version_transition", args=[version.pk, "adopted"])
    rejected = client.post(url, {})  # no date: the form is shown again at the POST URL
    assert rejected.status_code == 200
    assert f'name="next" value="{url}"' in rejected.content.decode()
    switched = client.post(reverse("accounts:set_language"), {"language": "da", "next": url})
    assert switched["Location"] == reverse("strategies:version_detail", args=[version.pk])
    page = client.get(switched["Location"])
    assert page.status_code == 200
    assert 'lang="da"' in page.content.decode()


@pytest.mark.django_db
def test_the_language_switch_returns_to_an_ordinary_page_itself(client, communications):
    client.force_login(communications)
    switched = client.post(reverse("accounts:set_language"),
                           {"language": "sv", "next": "/strategies/?page=2"})
    assert switched["Location"] == "/strategies/?page=2"


@pytest.mark.django_db
def test_the_language_switch_opened_with_get_goes_to_its_next_page(client, communications):
    client.force_login(communications)
    response = client.get(reverse("accounts:set_language"), {"next": "/strategies/"})
    assert response["Location"] == "/strategies/"


@pytest.mark.django_db
def test_the_language_switch_never_leaves_for_another_site(client, communications):
    client.force_login(communications)
    switched = client.post(reverse("accounts:set_language"),
                           {"language": "sv", "next": "https://evil.example/"})
    assert switched["Location"] == "/"


@pytest.mark.django_db
def test_post_only_urls_still_refuse_other_methods(client, communications):
    client.force_login(communications)
    response = client.put(reverse("notifications:read_all"))
    assert response.status_code == 405


@pytest.mark.django_db
def test_logout_opened_with_get_keeps_the_person_signed_in_and_shows_home(
        client, communications):
    client.force_login(communications)
    response = client.get(reverse("accounts:logout"))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("strategies:list")).status_code == 200
