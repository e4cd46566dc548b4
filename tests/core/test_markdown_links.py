"""Only absolute http(s) and mailto links reach pages and PDFs; relative links are made
absolute to the installation's own address, or dropped when it has none."""

import pytest

from apps.core import markdown


@pytest.fixture(autouse=True)
def fresh_render_cache():
    markdown._render_cached.cache_clear()
    yield
    markdown._render_cached.cache_clear()


def _href(text):
    html = markdown.render_markdown(text)
    return html.split('href="')[1].split('"')[0] if 'href="' in html else None


@pytest.mark.parametrize("url", ["//evil.example/p", "///evil.example"])
def test_scheme_relative_links_are_dropped(url, settings):
    settings.KOMPAS_BASE_URL = "https://kompas.naestved.dk"

    assert _href(f"[x]({url})") is None


def test_backslashes_stay_a_path_on_the_installations_own_host(settings):
    settings.KOMPAS_BASE_URL = "https://kompas.naestved.dk"

    href = _href("[x](\\\\evil.example\\p)")

    assert href.startswith("https://kompas.naestved.dk/%5Cevil.example")


def test_absolute_links_stay(settings):
    settings.KOMPAS_BASE_URL = ""

    assert _href("[x](https://www.naestved.dk/politik)") == "https://www.naestved.dk/politik"
    assert _href("[x](mailto:kommunikation@naestved.dk)") == "mailto:kommunikation@naestved.dk"


def test_a_relative_link_is_made_absolute_to_the_installation(settings):
    settings.KOMPAS_BASE_URL = "https://kompas.naestved.dk"

    assert _href("[x](/strategies/3/)") == "https://kompas.naestved.dk/strategies/3/"


def test_a_relative_link_is_dropped_without_an_installation_address(settings):
    settings.KOMPAS_BASE_URL = ""

    html = markdown.render_markdown("Se [politikken](/strategies/3/).")

    assert "href" not in html
    assert "politikken" in html  # the words stay


def test_other_schemes_stay_refused(settings):
    assert _href("[x](javascript:alert(1))") is None
    assert _href("[x](data:text/html,hi)") is None
