"""Which dates of a version's record are plausible: the rules every place that takes one
applies (the adoption form, a correction of the record, the draft's details), so a typo
such as 2102 for 2012 is refused with a message instead of becoming the record.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

# Kompas holds municipal policies; none of them was adopted before this.
EARLIEST = datetime.date(1950, 1, 1)


def adoption_error(decided_on: datetime.date | None) -> str:
    """Why an adoption date cannot be right, or ""."""
    if decided_on is None:
        return _("Enter the date of the council's decision.")
    if decided_on < EARLIEST:
        return _("The decision date cannot be before %(earliest)s. Check the year.") % {
            "earliest": formats.date_format(EARLIEST)
        }
    if decided_on > timezone.localdate():
        return _("The decision date cannot be in the future.")
    return ""


def early_error(value: datetime.date | None) -> str:
    if value is not None and value < EARLIEST:
        return _("The date cannot be before %(earliest)s. Check the year.") % {
            "earliest": formats.date_format(EARLIEST)
        }
    return ""


def validity_error(valid_from, valid_until) -> str:
    if valid_from and valid_until and valid_until < valid_from:
        return _("The end of the validity cannot be before its start.")
    return ""


def review_error(review_due, adopted_on) -> str:
    if review_due and adopted_on and review_due < adopted_on:
        return _(
            "The review date (%(review)s) cannot be before the adoption (%(adopted)s)."
        ) % {"review": formats.date_format(review_due), "adopted": formats.date_format(adopted_on)}
    return ""


def version_details_errors(data: dict) -> dict:
    """Errors of a draft's own dates (VERSION_EDITABLE_FIELDS), by field."""
    errors = {}
    for name in ("valid_from", "valid_until", "review_due"):
        if error := early_error(data.get(name)):
            errors[name] = error
    if "valid_until" not in errors and (
        error := validity_error(data.get("valid_from"), data.get("valid_until"))
    ):
        errors["valid_until"] = error
    return errors
