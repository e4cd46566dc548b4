"""A logo is printed on every page of every PDF: its bytes and pixels are limited at upload
with a clear message, and checked again when a PDF fetches it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.exports.fetcher import LOGO_URL, RefusedURL, SafeURLFetcher
from apps.organisations.validators import LOGO_MAX_BYTES, validate_logo


def _png(width, height) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_a_normal_logo_is_accepted():
    validate_logo(SimpleUploadedFile("logo.png", _png(400, 120), content_type="image/png"))


def test_a_logo_of_too_many_bytes_is_refused_with_its_size():
    upload = SimpleUploadedFile("logo.png", b"\0" * (LOGO_MAX_BYTES + 1))

    with pytest.raises(ValidationError) as error:
        validate_logo(upload)

    assert error.value.code == "logo_bytes"
    assert "at most 2 MB" in error.value.message


def test_a_small_file_of_huge_dimensions_is_refused_before_it_is_decoded():
    data = _png(12000, 12000)  # a few kilobytes, 144 million pixels
    assert len(data) < 100_000

    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("logo.png", data))

    assert error.value.code == "logo_pixels"
    assert "12000 × 12000" in error.value.message


def test_a_file_that_is_no_image_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("logo.png", b"not an image at all"))

    assert error.value.code == "logo_unreadable"


def test_the_pdf_fetcher_refuses_a_stored_logo_of_huge_dimensions(media_root):
    name = default_storage.save("logos/huge.png", ContentFile(_png(12000, 12000)))

    with pytest.raises(RefusedURL, match="pixels"):
        SafeURLFetcher(logo_name=name).fetch(LOGO_URL)


@pytest.mark.django_db
def test_the_organisation_form_says_why_a_logo_was_refused(organisation):
    from django.forms import modelform_factory

    from apps.organisations.models import Organisation

    form_class = modelform_factory(Organisation, fields=["logo"])
    form = form_class(
        data={}, files={"logo": SimpleUploadedFile("logo.png", _png(12000, 12000))},
        instance=organisation,
    )

    assert not form.is_valid()
    assert "4,000 × 4,000 pixels" in form.errors["logo"][0]
