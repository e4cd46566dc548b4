"""An indicator's latest value held against the target and baseline of the adopted text.

- on track: the target is reached (at or above it, or at or below it where a lower
  value is better);
- at risk: not reached, but at least half the way from the baseline to the target,
  or, without a baseline, within a tenth of the target;
- off track: further away than that.
Without a numeric target or a measurement there is no status to give.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


HALF = Decimal("0.5")
TENTH = Decimal("0.1")


def target_status(*, value, target, baseline, higher_is_better: bool = True) -> str | None:
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    sign = 1 if higher_is_better else -1
    if sign * (value - target) >= 0:
        return TargetStatus.ON_TRACK
    if baseline is not None and Decimal(baseline) != target:
        share = (value - Decimal(baseline)) / (target - Decimal(baseline))
        return TargetStatus.AT_RISK if share >= HALF else TargetStatus.OFF_TRACK
    near = abs(target) * TENTH if target else TENTH
    return TargetStatus.AT_RISK if abs(target - value) <= near else TargetStatus.OFF_TRACK
