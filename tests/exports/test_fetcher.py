"""SafeURLFetcher on its own: what it serves, and everything it refuses."""

import base64

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetchingError, fetch

from apps.exports.fetcher import (
    INTERNAL_ORIGIN,
    LOGO_URL,
    MAX_DATA_URL_CHARS,
    RefusedURL,
    SafeURLFetcher,
    static_url,
)

from .factories import PNG


def test_it_is_a_weasyprint_url_fetcher():
    assert isinstance(SafeURLFetcher(), URLFetcher)


def test_serves_the_exports_print_stylesheet():
    response = SafeURLFetcher().fetch(static_url("exports/pdf.css"))

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_serves_the_organisations_logo_from_storage(media_root):
    name = default_storage.save("logos/naestved.png", ContentFile(PNG))

    response = SafeURLFetcher(logo_name=name).fetch(LOGO_URL)

    assert response.read() == PNG
    assert response.content_type == "image/png"


def test_serves_small_data_urls():
    png = SafeURLFetcher().fetch("data:image/png;base64," + base64.b64encode(PNG).decode())
    text = SafeURLFetcher().fetch("data:text/plain;charset=utf-8,h%C3%A6lp")

    assert png.read() == PNG
    assert text.read() == "hælp".encode()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.org/x",
        "//example.org/x",
        "/etc/passwd",
        "https://kompas.invalid@example.org/static/exports/pdf.css",
        "https://kompas.invalid:8443/static/exports/pdf.css",
        INTERNAL_ORIGIN + "etc/passwd",
        INTERNAL_ORIGIN + "media/logos/another-municipality.png",
        static_url("css/kompas.css"),
        static_url("dkfds/css/dkfds.min.css"),
        static_url("exports/../css/kompas.css"),
        static_url("exports/%2e%2e/css/kompas.css"),
        static_url("exports/..%2f..%2f..%2fetc/passwd"),
        static_url("exports/pdf.css?x=1"),
        static_url("exports/does-not-exist.css"),
    ],
)
def test_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        SafeURLFetcher(logo_name="logos/ours.png").fetch(url)


def test_refuses_the_logo_url_when_the_organisation_has_no_logo():
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(LOGO_URL)


def test_refuses_oversize_data_urls():
    huge = "data:image/png;base64," + "A" * MAX_DATA_URL_CHARS

    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(huge)


def test_never_connects_so_never_follows_a_redirect(trap_server):
    base, hits = trap_server

    for url in (f"{base}/logo.png", f"{base}/redirect"):
        with pytest.raises(RefusedURL):
            SafeURLFetcher().fetch(url)

    assert hits == []


def test_weasyprint_reports_a_refusal_as_a_skipped_resource_not_a_crash():
    with pytest.raises(URLFetchingError), fetch(SafeURLFetcher(), "file:///etc/passwd"):
        pass
