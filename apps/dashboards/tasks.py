"""Background work for the dashboards."""

from celery import shared_task
from django.utils import timezone

from . import trends


@shared_task
def dashboards_record_quarters() -> int:
    """Celery beat: keep what every organisation and centre ended the last quarters
    with, so that the first dashboard of a new quarter does not wait for it."""
    return trends.record_all_ended_quarters(timezone.localdate())
