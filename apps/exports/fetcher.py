"""The only way WeasyPrint may load anything while it renders an export.

WeasyPrint's own fetcher follows any URL it meets: file:///etc/passwd is read and
embedded, http://169.254.169.254/ is requested from inside the network. Exports
print text written by users, so the renderer gets this fetcher instead, which
knows exactly three kinds of resource and refuses everything else:

- the exports app's own static files (the print stylesheet), read from disk by
  the staticfiles finders, never through a URL;
- the logo of the organisation being printed, by its exact name in storage;
- small data: URLs, decoded here.

Every resource lives under a made-up origin (INTERNAL_ORIGIN, under the reserved
.invalid domain), so relative URLs in the print template resolve to it. No
request ever leaves the process, so there is nothing to redirect.
"""

import base64
import binascii
import io
import logging
import mimetypes
import posixpath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from apps.organisations.validators import LOGO_MAX_BYTES, LOGO_MAX_PIXELS, logo_dimensions

logger = logging.getLogger(__name__)

INTERNAL_ORIGIN = "https://kompas.invalid/"
STATIC_PREFIX = "static/"
LOGO_PATH = "organisation-logo"
# Only the exports app's own files: the print stylesheet and whatever it needs.
ALLOWED_STATIC_PREFIX = "exports/"

MAX_DATA_URL_CHARS = 512 * 1024
MAX_STATIC_BYTES = 2 * 1024 * 1024
MAX_LOGO_BYTES = LOGO_MAX_BYTES


class RefusedURL(ValueError):
    """A URL the export renderer will not load. WeasyPrint skips the resource."""


def internal_url(path: str) -> str:
    return INTERNAL_ORIGIN + path


def static_url(path: str) -> str:
    return INTERNAL_ORIGIN + STATIC_PREFIX + path


LOGO_URL = internal_url(LOGO_PATH)


class SafeURLFetcher(URLFetcher):
    """Serves the app's static files, one organisation's logo and small data: URLs."""

    def __init__(self, *, logo_name: str = ""):
        # No redirects and no protocols: fetch() below never opens a connection anyway,
        # and these settings keep the inherited opener inert should anything reach it.
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.logo_name = logo_name or ""

    def fetch(self, url, headers=None):
        try:
            return self._fetch(str(url))
        except RefusedURL as error:
            logger.warning("export_fetch_refused url=%r reason=%r", str(url)[:200], str(error))
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._data(url)
        if not url.startswith(INTERNAL_ORIGIN):
            raise RefusedURL("not a resource of the export")
        parts = urlsplit(url)
        if parts.query or parts.fragment or parts.username or parts.password or parts.port:
            raise RefusedURL("unexpected URL parts")
        path = unquote(parts.path).lstrip("/")
        if path == LOGO_PATH:
            return self._logo(url)
        if path.startswith(STATIC_PREFIX):
            return self._static(url, path.removeprefix(STATIC_PREFIX))
        raise RefusedURL("unknown resource")

    def _static(self, url: str, path: str) -> URLFetcherResponse:
        normalised = posixpath.normpath(path)
        if (
            normalised != path
            or not normalised.startswith(ALLOWED_STATIC_PREFIX)
            or "\\" in path
            or "\x00" in path
        ):
            raise RefusedURL("static path outside the exports app")
        found = finders.find(normalised)
        if found:
            with open(found, "rb") as handle:
                data = handle.read(MAX_STATIC_BYTES + 1)
        elif staticfiles_storage.exists(normalised):
            # Production may serve collected files only.
            with staticfiles_storage.open(normalised, "rb") as handle:
                data = handle.read(MAX_STATIC_BYTES + 1)
        else:
            raise RefusedURL("no such static file")
        if len(data) > MAX_STATIC_BYTES:
            raise RefusedURL("static file too large")
        return _response(url, data, _content_type(normalised))

    def _logo(self, url: str) -> URLFetcherResponse:
        if not self.logo_name:
            raise RefusedURL("the organisation has no logo")
        with default_storage.open(self.logo_name, "rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            raise RefusedURL("logo too large")
        # A logo stored before the upload limits (or behind the admin's back): its
        # dimensions are read from the header before WeasyPrint decodes a single pixel.
        try:
            width, height = logo_dimensions(io.BytesIO(data))
        except Exception as error:
            raise RefusedURL("logo is not a readable image") from error
        if width * height > LOGO_MAX_PIXELS:
            raise RefusedURL("logo too large in pixels")
        return _response(url, data, _content_type(self.logo_name))

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > MAX_DATA_URL_CHARS:
            raise RefusedURL("data: URL too large")
        header, comma, payload = url[5:].partition(",")
        if not comma:
            raise RefusedURL("malformed data: URL")
        params = [part.strip() for part in header.split(";")]
        is_base64 = params[-1].lower() == "base64"
        if is_base64:
            params = params[:-1]
        media_type = (params[0] if params and params[0] else "text/plain").lower()
        raw = unquote_to_bytes(payload)
        if is_base64:
            try:
                raw = base64.b64decode(raw, validate=False)
            except (binascii.Error, ValueError) as error:
                raise RefusedURL("malformed base64 in data: URL") from error
        headers = {"Content-Type": media_type}
        for param in params[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                headers["Content-Type"] = f"{media_type}; charset={value.strip()}"
        return URLFetcherResponse(url=url, body=raw, headers=headers)


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _response(url: str, data: bytes, content_type: str) -> URLFetcherResponse:
    headers = {"Content-Type": content_type}
    if content_type.startswith("text/"):
        headers["Content-Type"] = f"{content_type}; charset=utf-8"
    return URLFetcherResponse(url=url, body=data, headers=headers)
