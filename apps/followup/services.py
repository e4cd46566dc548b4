"""Every write of the follow-up goes through here: atomic, authorised, validated,
saved, audited. Writing raises the organisation's content generation (signals.py),
so dashboards and the version's page kept in apps/core/page_cache show it at once.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.submissions import REPEAT_WINDOW_SECONDS, AlreadyMade
from apps.strategies.models import Action, Indicator

from . import csv_io, permissions
from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, Measurement, ProgressStatus, ProgressUpdate
from .periods import period_label, period_parse


@transaction.atomic
def action_progress_record(
    *, action: Action, actor, status: str, percent: int | None = None, text: str = ""
) -> ProgressUpdate:
    """Record how an action of the version in force is getting on. Never changes the
    adopted text: the update is a row of its own, and the history is every such row."""
    action = Action.objects.select_related("version__strategy__organisation", "owner_unit").get(
        pk=action.pk
    )
    if not permissions.can(actor, permissions.UPDATE, action):
        raise PermissionDenied
    text = (text or "").strip()
    errors = {}
    if status not in ProgressStatus.values:
        errors["status"] = _("Choose one of the statuses.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Enter a percentage from 0 to 100.")
    if len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("Write at most %(limit)s characters.") % {"limit": TEXT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    strategy = action.version.strategy
    # The same update sent twice in a row (a double click) is recorded once. The action
    # row is locked so that two at once see each other.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    latest = ProgressUpdate.objects.filter(lineage=action.lineage, strategy=strategy).order_by(
        "-created_at", "-pk"
    ).first()
    if (
        latest is not None and latest.author_id == actor.pk and latest.status == status
        and latest.percent == (100 if status == ProgressStatus.DONE else percent)
        and latest.text == text
        and latest.created_at >= timezone.now() - datetime.timedelta(
            seconds=REPEAT_WINDOW_SECONDS)
    ):
        raise AlreadyMade(latest)
    update = ProgressUpdate.objects.create(
        organisation=strategy.organisation,
        strategy=strategy,
        lineage=action.lineage,
        action=action,
        status=status,
        # Done is all done, whatever percentage the form still held from before.
        percent=100 if status == ProgressStatus.DONE else percent,
        text=text,
        author=actor,
    )
    audit_record(
        organisation=strategy.organisation,
        actor=actor,
        verb="action.progress",
        obj=action,
        version=action.version,
        data={"status": status, "percent": update.percent, "update": update.pk},
    )
    return update


def _measurement_errors(*, value, note: str, source: str) -> dict:
    errors = {}
    if value is None:
        errors["value"] = _("Enter the measured value as a number.")
    elif not value.is_finite() or abs(value) >= Decimal("1e10"):
        errors["value"] = _("Enter a number smaller than ten billion.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Write at most %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}
    if len(source) > 300:
        errors["source"] = _("Write at most %(limit)s characters.") % {"limit": 300}
    return errors


def _save_measurement(*, indicator, actor, kind, start, value, note, source):
    strategy = indicator.version.strategy
    existing = (
        Measurement.objects.select_for_update()
        .filter(strategy=strategy, lineage=indicator.lineage, period_kind=kind, period_start=start)
        .first()
    )
    replaced = None if existing is None else str(existing.value)
    measurement = existing or Measurement(
        organisation=strategy.organisation,
        strategy=strategy,
        lineage=indicator.lineage,
        period_kind=kind,
        period_start=start,
    )
    measurement.indicator = indicator
    measurement.value = value.quantize(Decimal("0.0001"))
    measurement.note = note
    measurement.source = source
    measurement.entered_by = actor
    measurement.save()
    audit_record(
        organisation=strategy.organisation,
        actor=actor,
        verb="indicator.measurement",
        obj=indicator,
        version=indicator.version,
        data={
            "period": period_label(kind, start),
            "value": str(measurement.value),
            "replaced": replaced,
        },
    )
    return measurement


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    actor,
    period: str,
    value: Decimal | None,
    note: str = "",
    source: str = "",
) -> Measurement:
    """Enter an indicator's measured value for a period (2025, 2025-Q3, 2025-07) on the
    version in force; a value already entered for that period is replaced."""
    indicator = Indicator.objects.select_related("version__strategy__organisation").get(
        pk=indicator.pk
    )
    if not permissions.may_enter_measurements(actor, indicator.version):
        raise PermissionDenied
    note, source = (note or "").strip(), (source or "").strip()
    errors = _measurement_errors(value=value, note=note, source=source)
    try:
        kind, start = period_parse(period)
    except ValidationError as error:
        errors["period"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return _save_measurement(
        indicator=indicator,
        actor=actor,
        kind=kind,
        start=start,
        value=value,
        note=note,
        source=source,
    )


@transaction.atomic
def measurements_import(*, version, actor, data: bytes) -> int:
    """Enter every measurement of a CSV file on the version in force: all of them, or,
    when any row is bad, none (csv_io.ImportRefused names each bad line and why)."""
    if not permissions.may_enter_measurements(actor, version):
        raise PermissionDenied
    indicators = list(
        Indicator.objects.filter(version=version).select_related("version__strategy__organisation")
    )
    rows = csv_io.measurements_read(data, indicators)
    for row in rows:
        _save_measurement(
            indicator=row.indicator,
            actor=actor,
            kind=row.kind,
            start=row.start,
            value=row.value,
            note=row.note,
            source=row.source,
        )
    return len(rows)
