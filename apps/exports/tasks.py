"""Background rendering of exports. Tasks take ids and call services."""

from celery import shared_task

from . import services


@shared_task(
    bind=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
)
def export_render_task(self, job_id: int) -> None:
    """Make the file of one export job. Safe to run twice: a done job is left alone."""
    # Run eagerly (no broker), a retry would only repeat at once inside the web request:
    # the first failure is final there, and the page offers to try again.
    final_attempt = self.request.is_eager or self.request.retries >= self.max_retries
    task_id = self.request.id or ""
    if (self.request.delivery_info or {}).get("redelivered"):
        # The broker hands a message out again when the worker that had it never
        # acknowledged it (acks_late): that worker died, perhaps while making the file.
        services.export_reclaim(job_id=job_id, task_id=task_id)
    services.export_render(job_id=job_id, final_attempt=final_attempt, task_id=task_id)


@shared_task
def exports_requeue_stale() -> int:
    """Celery beat: send again the exports whose message was lost (CELERY_BEAT_SCHEDULE)."""
    return services.export_requeue_stale()
