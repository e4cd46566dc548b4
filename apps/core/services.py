"""Writes of the shared pieces: accessibility reports from the statement page."""

import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AccessibilityReport

logger = logging.getLogger(__name__)

DESCRIPTION_MAX_CHARS = 5000
PAGE_URL_MAX_CHARS = 500

# The form is public, so one address may send only so many reports an hour: enough for
# a person with several problems, too few to fill the table.
REPORTS_PER_HOUR = 10


class TooManyReports(ValidationError):
    """This address has sent REPORTS_PER_HOUR reports in the last hour."""


def _count_report(sender: str) -> None:
    """Count a report from this address, or refuse it if the hour's limit is reached."""
    key = f"accessibility-reports:{sender}"
    cache.add(key, 0, timeout=3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=3600)
        sent = 1
    if sent > REPORTS_PER_HOUR:
        logger.warning("accessibility_report_throttled")
        raise TooManyReports(
            _(
                "You have sent many reports in a short time. Wait an hour and try again, "
                "or write to the municipality's communications department."
            ),
            code="throttled",
        )


@transaction.atomic
def accessibility_report_create(
    *, page_url: str, description: str, contact_email: str = "", sender: str = ""
) -> AccessibilityReport:
    """Store a reported accessibility problem.

    The accessibility laws of Denmark, Sweden and Norway require that anyone can
    report, signed in or not, so there is no permission to check. No audit row
    either: the audit log belongs to an organisation, and a report may come from
    someone who belongs to none. `sender` (the client's address) limits how many
    reports one address may send an hour.
    """
    report = AccessibilityReport(
        page_url=page_url.strip()[:PAGE_URL_MAX_CHARS],
        description=description.strip(),
        contact_email=contact_email.strip(),
    )
    errors = {}
    try:
        report.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if not report.description:
        errors["description"] = [_("Describe the problem, so that we can find and fix it.")]
    elif len(report.description) > DESCRIPTION_MAX_CHARS:
        errors["description"] = [
            _("Shorten the description to at most %(limit_value)d characters.")
            % {"limit_value": DESCRIPTION_MAX_CHARS}
        ]
    if errors:
        raise ValidationError(errors)
    if sender:
        try:
            _count_report(sender)
        except TooManyReports:
            raise
        except Exception:  # noqa: BLE001 - a cache outage must not lose the report
            logger.warning("accessibility_report_throttle_unavailable", exc_info=True)
    report.save()
    # No personal data in the log: the id is enough to find the report.
    logger.info("accessibility_report_created id=%s", report.pk)
    return report
