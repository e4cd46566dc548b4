"""Form sendings are remembered for a month, then forgotten (apps/core/submissions.py),
so that the table of them does not grow with every save for ever."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from apps.core.models import Submission
from apps.core.tasks import submissions_purge

pytestmark = pytest.mark.django_db


def _sent(days_ago: float) -> Submission:
    sending = Submission.objects.create(key=uuid.uuid4(), url="/strategies/1/")
    Submission.objects.filter(pk=sending.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return sending


def test_sendings_older_than_a_month_are_forgotten_and_newer_ones_kept():
    old, recent = _sent(days_ago=31), _sent(days_ago=29)

    purged = submissions_purge()

    assert purged == 1
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Submission.objects.filter(pk=old.pk).exists()


def test_the_purge_runs_every_day():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "apps.core.tasks.submissions_purge"
    )

    assert entry["schedule"] == 24 * 60 * 60
