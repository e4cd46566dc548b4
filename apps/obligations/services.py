"""Writes of acknowledgements and check-ins: atomic, permission-checked and audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.strategies.permissions import organisations_of

from . import permissions, selectors
from .models import NOTE_MAX_LENGTH, Acknowledgement, CheckIn, CheckInStatus, quarter_start
from .rules import LEADERSHIP_LEVELS, Obligation


class ObligationNotFound(Exception):
    """No current obligation of the person has this identity (changed, or never theirs)."""


def _find(obligations, strategy_id: int, text_hash: str) -> Obligation:
    for obligation in obligations:
        if obligation.key == (strategy_id, text_hash):
            return obligation
    raise ObligationNotFound


@transaction.atomic
def acknowledgement_create(
    *, user, organisation, strategy_id: int, text_hash: str
) -> Acknowledgement:
    """Record that the user has read and understood one of their current obligations.

    Acknowledging twice changes nothing: the first acknowledgement stands.
    """
    if not organisations_of(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    mine = selectors.obligations_for_user(user, organisation)
    obligation = _find((s.obligation for s in mine), strategy_id, text_hash)
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        user=user,
        strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash,
        defaults={
            "organisation": organisation,
            "role_level": obligation.role_level,
            "text": obligation.text,
            "version_id": obligation.version_id,
        },
    )
    if created:
        audit_record(
            organisation=organisation, actor=user, verb="obligation.acknowledge",
            obj=acknowledgement, version=acknowledgement.version,
            data={"strategy": obligation.strategy_id, "text_hash": obligation.text_hash},
        )
    return acknowledgement


@transaction.atomic
def checkin_record(
    *,
    leader,
    unit,
    strategy_id: int,
    text_hash: str,
    status: str,
    note: str = "",
    on: datetime.date | None = None,
) -> CheckIn:
    """Record the unit's status of one obligation for the quarter `on` falls in (today).

    Recording again in the same quarter updates the check-in.
    """
    if not permissions.can(leader, permissions.CHECK_IN, unit):
        raise PermissionDenied
    note = (note or "").strip()
    errors = {}
    if status not in CheckInStatus.values:
        errors["status"] = _("Choose how the work on this obligation is going.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Keep the note to %(max)s characters.") % {"max": NOTE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    organisation = unit.organisation
    index = selectors.obligation_index(organisation)
    roles = [
        (a.role_level, a.unit_id) for a in selectors.assignments_of(leader, organisation)
        if a.unit_id == unit.pk and a.role_level in LEADERSHIP_LEVELS
    ]
    obligation = _find(index.for_assignments(roles), strategy_id, text_hash)
    period = quarter_start(on or timezone.localdate())
    check_in, created = CheckIn.objects.select_for_update().update_or_create(
        unit=unit,
        strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash,
        period=period,
        defaults={
            "status": status,
            "note": note,
            "recorded_by": leader,
            "text": obligation.text,
            "version_id": obligation.version_id,
        },
        create_defaults={
            "organisation": organisation,
            "role_level": obligation.role_level,
            "status": status,
            "note": note,
            "recorded_by": leader,
            "text": obligation.text,
            "version_id": obligation.version_id,
        },
    )
    audit_record(
        organisation=organisation, actor=leader,
        verb="obligation.check_in" if created else "obligation.check_in_update",
        obj=check_in, version=check_in.version,
        data={"unit": unit.pk, "period": period.isoformat(), "status": status,
              "strategy": obligation.strategy_id, "text_hash": obligation.text_hash},
    )
    return check_in
