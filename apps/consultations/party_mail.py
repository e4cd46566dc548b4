"""The mails to outside parties: the invitation with its personal link, and the
reminder of the deadline. Each is sent once: the row is claimed before sending and
given back when the server refuses, so the scheduled run tries again. (A crash between
the claim and the send loses that one mail rather than sending it twice.)"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from apps.strategies.models import VersionStatus

from .deadlines import consultation_of
from .models import ConsultationParty

logger = logging.getLogger(__name__)


def _party_message(party: ConsultationParty, *, reminder: bool) -> EmailMultiAlternatives:
    version = party.version
    consultation = consultation_of(version)
    # An outside party has no language of their own in Kompas: the document's.
    with translation.override(version.language):
        context = {
            "party": party,
            "version": version,
            "strategy": version.strategy,
            "organisation": version.strategy.organisation,
            "consultation": consultation,
            "url": _party_url(party),
            "reminder": reminder,
            "language": version.language,
        }
        if reminder:
            subject = _("Reminder: the consultation on %(strategy)s closes on %(date)s") % {
                "strategy": version.printed_title,
                "date": _date(consultation.deadline),
            }
        else:
            subject = _("Invitation to the consultation on %(strategy)s") % {
                "strategy": version.printed_title
            }
        context["subject"] = subject
        text = render_to_string("consultations/email/party.txt", context)
        html = render_to_string("consultations/email/party.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[party.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": version.language},
    )
    message.attach_alternative(html, "text/html")
    return message


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def party_mail_send(*, party_id: int) -> bool:
    """Send a party its invitation, once: the row is claimed before sending, and given
    back when the server refuses, so the scheduled run tries again."""
    claimed = ConsultationParty.objects.filter(
        pk=party_id, mailed_at__isnull=True, withdrawn_at__isnull=True,
        version__status=VersionStatus.CONSULTATION,
    ).update(mailed_at=timezone.now())
    if not claimed:
        return False
    party = ConsultationParty.objects.select_related(
        "version__strategy__organisation", "version__consultation"
    ).get(pk=party_id)
    try:
        _party_message(party, reminder=False).send()
    except Exception:  # noqa: BLE001 - given back and tried again by the scheduled run
        logger.exception("party_invitation_not_sent party=%s", party_id)
        ConsultationParty.objects.filter(pk=party_id).update(mailed_at=None)
        return False
    return True


def party_remind(*, party_id: int) -> bool:
    """Remind a party that has not answered of the deadline, once per deadline."""
    party = ConsultationParty.objects.select_related(
        "version__strategy__organisation", "version__consultation"
    ).get(pk=party_id)
    consultation = consultation_of(party.version)
    if consultation is None or party.is_withdrawn:
        return False
    deadline = consultation.deadline
    claimed = ConsultationParty.objects.filter(pk=party_id).filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=deadline)
    ).update(reminded_for=deadline)
    if not claimed:
        return False
    try:
        _party_message(party, reminder=True).send()
    except Exception:  # noqa: BLE001 - given back and tried again by the scheduled run
        logger.exception("party_reminder_not_sent party=%s", party_id)
        ConsultationParty.objects.filter(pk=party_id).update(reminded_for=None)
        return False
    return True


def unsent_invitations() -> int:
    """Send the invitations whose mail failed (the scheduled run)."""
    ids = ConsultationParty.objects.filter(
        mailed_at__isnull=True, withdrawn_at__isnull=True,
        version__status=VersionStatus.CONSULTATION,
    ).values_list("pk", flat=True)
    return sum(party_mail_send(party_id=pk) for pk in list(ids))


def _party_url(party) -> str:
    from .parties import party_url

    return party_url(party)
