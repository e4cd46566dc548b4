"""Something due for every demo user, so that `manage.py send_notifications` sends each
of them one digest (printed to the console by default) and a second run sends nothing.

The demo's consultations, answers and proposals already told people as they were
made (the services do). Added here: the duties of the seed strategies, which were
loaded as adopted without going through an adoption (everything in them is new to
everyone), this quarter's check-ins for the leaders (and last quarter's, overdue, for
them and their managers), the demo action plan's actions due and overdue (for their
units' leaders and their managers), the scheduled run's reviews (the action plan's
review comes up in three weeks, so every communications department has one), and an
address for each printed demo user. The demo's story is that these have waited
since yesterday, so the daily digest is due now.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.notifications import schedule
from apps.notifications.adoption import adoption_notify
from apps.notifications.models import EmailStatus, Notification
from apps.obligations.models import quarter_start
from apps.organisations.models import Organisation, RoleLevel
from apps.strategies.models import StrategyVersion, VersionStatus

from .services import SEED_SLUGS


@transaction.atomic
def demo_notifications_load() -> int:
    today = timezone.localdate()
    organisations = list(Organisation.objects.filter(slug__in=SEED_SLUGS))
    usernames = [f"{o.slug}-{level}" for o in organisations for level in RoleLevel.values]
    for user in get_user_model().objects.filter(username__in=usernames, email=""):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    told = 0
    for version_id in StrategyVersion.objects.filter(
        strategy__organisation__in=organisations, status=VersionStatus.ADOPTED
    ).values_list("pk", flat=True):
        told += adoption_notify(version_id=version_id)
    for organisation in organisations:
        period = quarter_start(today)
        told += schedule.check_ins_due(organisation, period)
        # Nobody recorded last quarter's check-ins in the demo: overdue, and escalated.
        told += schedule.check_ins_overdue(
            organisation, quarter_start(period - datetime.timedelta(days=1))
        )
        told += schedule.actions(organisation, today)
        told += schedule.reviews(organisation, today)
    Notification.objects.filter(
        organisation__in=organisations, email_status=EmailStatus.PENDING, email_attempts=0
    ).update(created_at=timezone.now() - datetime.timedelta(days=1))
    return told
