"""Background work of notifications. Every task is idempotent: a duplicate delivery,
a retry or two at once change nothing beyond what one run does."""

from celery import shared_task

from . import adoption, delivery, schedule


@shared_task(name="apps.notifications.tasks.notifications_send", ignore_result=True)
def notifications_send() -> int:
    """Send the due e-mails (run by beat every minute, and soon after new ones)."""
    return delivery.send_due().sent


@shared_task(name="apps.notifications.tasks.notifications_scan", ignore_result=True)
def notifications_scan() -> int:
    """Make the notifications the date calls for (check-ins, reviews, lost adoptions)."""
    return schedule.scan()


@shared_task(
    name="apps.notifications.tasks.notifications_adoption",
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)
def notifications_adoption(version_id: int) -> int:
    """Tell the people an adopted version binds of their new and changed duties."""
    return adoption.adoption_notify(version_id=version_id)
