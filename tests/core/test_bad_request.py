"""A form larger than the server reads gets a page in the interface's design that says the
limit and that the text is still in the form; the browser stops most such forms before
they are sent (static/js/forms.js, tested in tests/browser)."""

import pytest
from django.urls import reverse

from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db


def test_a_too_large_form_gets_a_page_that_says_the_limit(client, organisation, member_of,
                                                          settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.post(reverse("strategies:create"), {"text": "x" * (2 * 1024 * 1024)},
                           HTTP_REFERER="http://testserver/strategies/")

    assert response.status_code == 400
    assert "The form was too large to send" in response.text
    assert "at most 1.0 MB" in response.text
    assert "What you typed is still in the form" in response.text
    assert 'href="http://testserver/strategies/"' in response.text


def test_a_link_back_is_offered_only_to_this_site(client, organisation, member_of, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    response = client.post(reverse("strategies:create"), {"text": "x" * 4096},
                           HTTP_REFERER="https://evil.example/")

    assert response.status_code == 400
    assert "evil.example" not in response.text


def test_every_page_tells_the_browser_the_form_limit(client, organisation, member_of, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    page = client.get(reverse("strategies:list"))

    assert 'data-max-form-bytes="2621440"' in page.text
    assert "js/forms.js" in page.text
