"""The consultation's deadline (høringsfrist): set when a version goes to consultation,
extended only by the communications department, every change recorded.

Comments close at the end of the deadline's day (local time). A version that went to
consultation before deadlines were kept has none and stays open until one is set.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.strategies.models import StrategyVersion, VersionStatus

from . import permissions
from .models import Consultation, DeadlineChange

REASON_MAX_CHARS = 500


def consultation_of(version) -> Consultation | None:
    try:
        return version.consultation
    except Consultation.DoesNotExist:
        return None


def is_open(version, now=None) -> bool:
    """Whether comments may be made now: in consultation and the deadline not past."""
    if version.status != VersionStatus.CONSULTATION:
        return False
    consultation = consultation_of(version)
    return consultation is None or not consultation.is_past(now)


def _check_future(deadline, field="deadline"):
    if deadline is None:
        raise ValidationError(
            {field: _("Enter the consultation deadline: the last day comments can be made.")},
            code="required",
        )
    if deadline <= timezone.localdate():
        raise ValidationError(
            {field: _("The consultation deadline must be after today.")}, code="past"
        )


def consultation_open(
    *, version: StrategyVersion, actor, deadline: datetime.date | None, public: bool = False
) -> Consultation:
    """Set the deadline of a version going to consultation. Called by the lifecycle
    service inside its transaction, with the version locked; raises before anything
    is written when the deadline is missing or not in the future."""
    _check_future(deadline)
    consultation = consultation_of(version)
    old = consultation.deadline if consultation else None
    if consultation is None:
        consultation = Consultation.objects.create(
            version=version, deadline=deadline, public=public, opened_by=actor
        )
    else:
        consultation.deadline, consultation.public, consultation.opened_by = deadline, public, actor
        consultation.save(update_fields=["deadline", "public", "opened_by"])
    DeadlineChange.objects.create(
        consultation=consultation, old_deadline=old, new_deadline=deadline, actor=actor,
        reason=_("The version went to consultation."),
    )
    return consultation


@transaction.atomic
def deadline_extend(
    *, version: StrategyVersion, actor, deadline: datetime.date | None, reason: str
) -> Consultation:
    """Move the deadline later (also after it has passed, which opens the comments
    again). Recorded with who, when, from, to and why, and in the audit log."""
    locked = (
        StrategyVersion.objects.select_for_update(of=("self",))
        .select_related("strategy__organisation")
        .get(pk=version.pk)
    )
    if not permissions.can_manage(actor, locked):
        raise PermissionDenied
    if locked.status != VersionStatus.CONSULTATION:
        raise ValidationError(
            _("The deadline can only be extended while the version is in consultation."),
            code="status",
        )
    consultation = consultation_of(locked)
    reason = (reason or "").strip()
    errors = {}
    try:
        _check_future(deadline)
    except ValidationError as error:
        errors.update(error.error_dict)
    if not errors and consultation is not None and deadline <= consultation.deadline:
        errors["deadline"] = _(
            "The new deadline must be later than the current one, %(date)s."
        ) % {"date": formats.date_format(consultation.deadline, "DATE_FORMAT")}
    if not reason:
        errors["reason"] = _("Say why the deadline is extended.")
    elif len(reason) > REASON_MAX_CHARS:
        errors["reason"] = _("The reason can be at most %(limit)d characters long.") % {
            "limit": REASON_MAX_CHARS
        }
    if errors:
        raise ValidationError(errors)
    old = consultation.deadline if consultation else None
    if consultation is None:
        consultation = Consultation.objects.create(
            version=locked, deadline=deadline, opened_by=actor
        )
    else:
        consultation.deadline = deadline
        consultation.save(update_fields=["deadline"])
    DeadlineChange.objects.create(
        consultation=consultation, old_deadline=old, new_deadline=deadline, actor=actor,
        reason=reason,
    )
    audit_record(
        organisation=locked.strategy.organisation, actor=actor,
        verb="consultation.deadline_extend", obj=locked, version=locked,
        data={"from": old.isoformat() if old else None, "to": deadline.isoformat(),
              "reason": reason},
    )
    return consultation
