"""Writes of the shared pieces: accessibility reports from the statement page."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AccessibilityReport

logger = logging.getLogger(__name__)

DESCRIPTION_MAX_CHARS = 5000
PAGE_URL_MAX_CHARS = 500


@transaction.atomic
def accessibility_report_create(
    *, page_url: str, description: str, contact_email: str = ""
) -> AccessibilityReport:
    """Store a reported accessibility problem.

    The accessibility laws of Denmark, Sweden and Norway require that anyone can
    report, signed in or not, so there is no permission to check. No audit row
    either: the audit log belongs to an organisation, and a report may come from
    someone who belongs to none.
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
    report.save()
    # No personal data in the log: the id is enough to find the report.
    logger.info("accessibility_report_created id=%s", report.pk)
    return report
