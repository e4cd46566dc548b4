"""Follow-up on top of the demo (after activity.py): progress on the adopted action
plans' actions and two years of quarterly measurements of every adopted indicator,
so the dashboards show follow-up at first start. Written through apps.followup's
services as the communications department and the leaders would, so every row is
authorised and audited like a real one.

The seed documents give their targets in words only (tests/demo checks they stay
as written), so their indicators show a series without a status against target.
"""

import contextlib
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.core.submissions import AlreadyMade
from apps.followup import services
from apps.followup.models import ProgressStatus
from apps.organisations.models import Organisation, RoleLevel
from apps.strategies.models import Action, Indicator, VersionStatus

QUARTERS = 8

PROGRESS_TEXT = {
    "da": {
        "started": "Arbejdet er i gang; første del er afleveret.",
        "late": "Forsinket: vi mangler stadig input fra to afdelinger.",
        "done": "Gennemført og meldt ud til alle ledere.",
        "planned": "Planlægningen er begyndt.",
    },
    "sv": {
        "started": "Arbetet pågår; den första delen är levererad.",
        "late": "Försenat: vi väntar fortfarande på underlag från två avdelningar.",
        "done": "Genomfört och meddelat alla chefer.",
        "planned": "Planeringen har börjat.",
    },
    "nb": {
        "started": "Arbeidet er i gang; første del er levert.",
        "late": "Forsinket: vi mangler fortsatt innspill fra to avdelinger.",
        "done": "Gjennomført og meldt ut til alle ledere.",
        "planned": "Planleggingen er i gang.",
    },
}
SOURCE = {"da": "Demodata", "sv": "Demodata", "nb": "Demodata"}


def _user(organisation, role_level):
    return get_user_model().objects.filter(username=f"{organisation.slug}-{role_level}").first()


def demo_followup_load(organisation: Organisation) -> None:
    comms = _user(organisation, RoleLevel.COMMUNICATIONS)
    if comms is None:
        return
    words = PROGRESS_TEXT.get(organisation.language, PROGRESS_TEXT["da"])
    with transaction.atomic():
        _progress(organisation, comms, words)
    with transaction.atomic():
        _measurements(organisation, comms)


def _record(**kwargs):
    """One progress update; the same update made moments ago (a second load) is kept once."""
    with contextlib.suppress(AlreadyMade):
        services.action_progress_record(**kwargs)


def _progress(organisation, comms, words):
    """The first overdue action is at risk (it stays overdue, for the dashboards), the
    second done; the coming ones in progress with a percentage."""
    today = timezone.localdate()
    actions = Action.objects.filter(
        version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
    ).order_by("version_id", "position", "pk")
    overdue_seen = 0
    for n, action in enumerate(actions):
        if action.due_date and action.due_date < today:
            overdue_seen += 1
            _record(
                action=action,
                actor=comms,
                status=ProgressStatus.IN_PROGRESS,
                percent=30,
                text=words["started"],
            )
            final = ProgressStatus.AT_RISK if overdue_seen == 1 else ProgressStatus.DONE
            _record(
                action=action,
                actor=comms,
                status=final,
                percent=None if final == ProgressStatus.DONE else 60,
                text=words["late"] if final == ProgressStatus.AT_RISK else words["done"],
            )
        elif n % 2 == 0:
            _record(
                action=action,
                actor=comms,
                status=ProgressStatus.IN_PROGRESS,
                percent=10 * (n % 7 + 1),
                text=words["started"],
            )
        else:
            _record(
                action=action, actor=comms, status=ProgressStatus.PLANNED, text=words["planned"]
            )


def _quarters(today: datetime.date) -> list[str]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    periods = []
    for _ in range(QUARTERS):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        periods.append(f"{year}-Q{quarter}")
    return list(reversed(periods))


def _measurements(organisation, comms):
    """Eight quarters (two years) of a rising series per indicator, from its target and
    baseline where the adopted text gives them as numbers, else from a small index."""
    periods = _quarters(timezone.localdate())
    indicators = Indicator.objects.filter(
        version__strategy__organisation=organisation, version__status=VersionStatus.ADOPTED
    ).order_by("pk")
    for n, indicator in enumerate(indicators):
        start = (
            indicator.baseline_value
            if indicator.baseline_value is not None
            else Decimal(40 + 7 * (n % 5))
        )
        goal = indicator.target_value if indicator.target_value is not None else start * 2
        for q, period in enumerate(periods):
            # Most of the way to the target, with a dip in the middle: a real series wobbles.
            share = Decimal(q) / (len(periods) - 1) * Decimal("0.85")
            wobble = Decimal("-0.04") if q == len(periods) // 2 else Decimal(0)
            value = start + (goal - start) * (share + wobble)
            services.measurement_record(
                indicator=indicator,
                actor=comms,
                period=period,
                value=value.quantize(Decimal("0.1")),
                source=SOURCE[organisation.language],
            )
