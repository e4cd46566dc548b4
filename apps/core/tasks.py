"""Background work of the core."""

from celery import shared_task

from . import submissions


@shared_task
def submissions_purge() -> int:
    """Celery beat, daily: forget the form sendings older than submissions.KEPT_FOR."""
    return submissions.submissions_purge()
