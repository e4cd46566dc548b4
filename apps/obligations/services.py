"""Writes of acknowledgements and check-ins: atomic, permission-checked and audited."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record

from . import permissions, selectors
from .models import NOTE_MAX_LENGTH, Acknowledgement, CheckIn, CheckInStatus, quarter_start
from .rules import Obligation


class ObligationNotFound(Exception):
    """No current obligation of the person has this identity (changed, or never theirs)."""


def _find(obligations, strategy_id: int, text_hash: str) -> Obligation:
    for obligation in obligations:
        if obligation.key == (strategy_id, text_hash):
            return obligation
    raise ObligationNotFound


@transaction.atomic
def acknowledgement_create(
    *, user, organisation, strategy_id: int, text_hash: str, index=None, assignments=None
) -> Acknowledgement:
    """Record that the user has read and understood one of their current obligations.

    Acknowledging twice changes nothing: the first acknowledgement stands. `index` and
    `assignments` (the person's roles in the organisation), when the caller has read
    them for its answer, are not read again.
    """
    if assignments is None and user.is_authenticated:
        assignments = selectors.assignments_of(user, organisation)
    if not assignments:
        # Nobody without a role in the organisation acknowledges anything in it.
        raise PermissionDenied
    index = index or selectors.obligation_index(organisation)
    mine = index.for_assignments((a.role_level, a.unit_id) for a in assignments)
    obligation = _find(mine, strategy_id, text_hash)
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
            obj=acknowledgement, version_id=acknowledgement.version_id,
            data={"strategy": obligation.strategy_id, "text_hash": obligation.text_hash},
        )
    return acknowledgement


@dataclass(frozen=True)
class CheckInEntry:
    """One obligation's status and note as the leader filled them in."""

    strategy_id: int
    text_hash: str
    status: str
    note: str = ""

    @property
    def token(self) -> str:
        return f"{self.strategy_id}-{self.text_hash}"


class CheckInsRefused(Exception):
    """Nothing was saved. `errors`: messages per field per obligation token;
    `unknown`: tokens of entries that are not (or no longer) owed by the unit."""

    def __init__(self, errors: dict[str, dict[str, list[str]]], unknown: list[str]):
        super().__init__(errors, unknown)
        self.errors = errors
        self.unknown = unknown


def _entry_errors(entry: CheckInEntry) -> dict[str, list[str]]:
    errors = {}
    if entry.status not in CheckInStatus.values:
        errors["status"] = [_("Choose how the work on this obligation is going.")]
    if len(entry.note) > NOTE_MAX_LENGTH:
        errors["note"] = [
            _("Keep the note to %(max)s characters.") % {"max": NOTE_MAX_LENGTH}
        ]
    return errors


@transaction.atomic
def checkins_record(
    *, leader, unit, entries, on: datetime.date | None = None, owed=None
) -> list[CheckIn]:
    """Record the unit's status of several obligations for the quarter `on` falls in
    (today), all or none: one bad entry and nothing is saved (CheckInsRefused).

    Any of the unit's leaders and managers may record any obligation the unit owes
    (every obligation of each of them). Recording again in the quarter updates the
    check-in and who recorded it. `owed`: what the unit owes (selectors.owed_by), if
    the caller has worked it out already.
    """
    if not permissions.can(leader, permissions.CHECK_IN, unit):
        raise PermissionDenied
    entries = [
        CheckInEntry(e.strategy_id, e.text_hash, e.status, (e.note or "").strip())
        for e in entries
    ]
    if owed is None:
        owed = selectors.owed_by(
            selectors.obligation_index(unit.organisation), selectors.unit_leaders(unit)
        )
    by_key = {o.key: o for o in owed}
    errors = {e.token: found for e in entries if (found := _entry_errors(e))}
    unknown = [e.token for e in entries if (e.strategy_id, e.text_hash) not in by_key]
    if errors or unknown:
        raise CheckInsRefused(errors, unknown)
    period = quarter_start(on or timezone.localdate())
    return [
        _record(leader=leader, unit=unit, obligation=by_key[(e.strategy_id, e.text_hash)],
                entry=e, period=period)
        for e in entries
    ]


def _record(*, leader, unit, obligation: Obligation, entry: CheckInEntry, period) -> CheckIn:
    organisation = unit.organisation
    check_in, created = CheckIn.objects.select_for_update().update_or_create(
        unit=unit,
        strategy_id=obligation.strategy_id,
        text_hash=obligation.text_hash,
        period=period,
        defaults={
            "status": entry.status,
            "note": entry.note,
            "recorded_by": leader,
            "text": obligation.text,
            "version_id": obligation.version_id,
        },
        create_defaults={
            "organisation": organisation,
            "role_level": obligation.role_level,
            "status": entry.status,
            "note": entry.note,
            "recorded_by": leader,
            "text": obligation.text,
            "version_id": obligation.version_id,
        },
    )
    # Known already: not read again for the audit row (its description names the unit).
    check_in.unit = unit
    audit_record(
        organisation=organisation, actor=leader,
        verb="obligation.check_in" if created else "obligation.check_in_update",
        obj=check_in, version_id=check_in.version_id,
        data={"unit": unit.pk, "period": period.isoformat(), "status": entry.status,
              "strategy": obligation.strategy_id, "text_hash": obligation.text_hash},
    )
    return check_in


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
    """Record one obligation's check-in (checkins_record with one entry): a
    ValidationError by field for bad input, ObligationNotFound for a duty the unit
    does not owe."""
    entry = CheckInEntry(strategy_id, text_hash, status, note or "")
    try:
        (check_in,) = checkins_record(leader=leader, unit=unit, entries=[entry], on=on)
    except CheckInsRefused as refused:
        if refused.errors:
            raise ValidationError(refused.errors[entry.token]) from refused
        raise ObligationNotFound from refused
    return check_in
