"""Limits on an organisation's logo: it is printed on every page of every PDF, so a huge
file (or a small file of huge dimensions, which Pillow decodes into memory) would make each
export slow or drop the logo silently. Checked at upload and again when printing."""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
# 4,000 × 4,000 pixels: far above what a print logo needs, about 64 MB decoded.
LOGO_MAX_PIXELS = 4000 * 4000


def logo_dimensions(file) -> tuple[int, int]:
    """Width and height from the image's header, without decoding its pixels."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            return image.size
    finally:
        if position is not None:
            file.seek(position)


def validate_logo(file) -> None:
    size = getattr(file, "size", None)
    if size is not None and size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo can be at most %(limit)s MB; this file is %(size)s MB.")
            % {
                "limit": number_format(LOGO_MAX_BYTES / 1024 / 1024, decimal_pos=0),
                "size": number_format(size / 1024 / 1024, decimal_pos=1),
            },
            code="logo_bytes",
        )
    try:
        width, height = logo_dimensions(file)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file could not be read as an image. Upload a PNG or JPEG file."),
            code="logo_unreadable",
        ) from error
    if width * height > LOGO_MAX_PIXELS:
        raise ValidationError(
            _(
                "The logo can be at most 4,000 × 4,000 pixels; this one is "
                "%(width)s × %(height)s. Make it smaller and upload it again."
            )
            % {"width": width, "height": height},
            code="logo_pixels",
        )
