"""The development server's media route serves uploaded logos, never exported PDFs:
those go out only through exports:download, which checks who asks."""

import importlib

import pytest
from django.urls import clear_url_caches

import config.urls
from tests.factories import UserFactory


@pytest.fixture
def debug_urls(settings, media_root):
    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_debug_media_serves_logos_but_not_exported_files(client, db, media_root, debug_urls):
    (media_root / "logos").mkdir(parents=True)
    (media_root / "logos" / "byvaaben.png").write_bytes(b"\x89PNG logo")
    (media_root / "exports").mkdir(parents=True)
    (media_root / "exports" / "abc.pdf").write_bytes(b"%PDF-1.7 secret")
    client.force_login(_user())
    client.raise_request_exception = False  # a path out of the folder is a 400

    logo = client.get("/media/logos/byvaaben.png")
    export = client.get("/media/exports/abc.pdf")
    sideways = client.get("/media/logos/../exports/abc.pdf")

    assert logo.status_code == 200
    assert b"".join(logo.streaming_content) == b"\x89PNG logo"
    assert export.status_code == 404
    assert sideways.status_code in (400, 404)
    assert b"secret" not in export.content + sideways.content


def _user():
    return UserFactory()
