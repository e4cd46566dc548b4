"""The Celery task: configuration, idempotence and how failures are handed to retries."""

from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.exports.tasks import export_render_task
from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyVersion
from tests.factories import SectionFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_job(organisation, member_of, django_capture_on_commit_callbacks):
    draft = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=draft)
    version = mark_adopted(draft)
    with django_capture_on_commit_callbacks(execute=False):
        return services.export_request(
            version=version, actor=member_of(organisation, RoleLevel.EMPLOYEE)
        )


def run_as_worker(retries, job_id):
    """Run the task body as a worker would on its given delivery (not eagerly)."""
    export_render_task.push_request(retries=retries, is_eager=False, called_directly=False)
    try:
        export_render_task.run(job_id)
    finally:
        export_render_task.pop_request()


def test_task_retries_transient_failures_with_backoff_and_has_time_limits():
    assert set(export_render_task.autoretry_for) >= {OSError, OperationalError, InterfaceError}
    assert export_render_task.max_retries == 3
    assert export_render_task.retry_backoff is True
    assert export_render_task.soft_time_limit == 120
    assert export_render_task.time_limit == 180
    assert export_render_task.acks_late is True


@pytest.mark.parametrize(("retries", "final"), [(0, False), (2, False), (3, True)])
def test_only_the_last_delivery_is_told_it_is_the_final_attempt(retries, final):
    with mock.patch.object(services, "export_render") as render:
        run_as_worker(retries, 42)

    render.assert_called_once_with(job_id=42, final_attempt=final, task_id=mock.ANY)


def test_a_transient_failure_on_a_worker_is_raised_so_celery_retries(queued_job):
    flaky = mock.Mock(side_effect=OSError("disk busy"))
    with mock.patch.dict(services.RENDERERS, {"strategy": flaky}), pytest.raises(OSError):
        services.export_render(job_id=queued_job.pk, final_attempt=False)

    queued_job.refresh_from_db()
    assert queued_job.status == ExportStatus.QUEUED


def test_eager_run_marks_a_transient_failure_failed_instead_of_breaking_the_request(queued_job):
    flaky = mock.Mock(side_effect=OSError("disk busy"))
    with mock.patch.dict(services.RENDERERS, {"strategy": flaky}):
        export_render_task.delay(queued_job.pk)

    queued_job.refresh_from_db()
    assert queued_job.status == ExportStatus.FAILED
    assert queued_job.error == "OSError: disk busy"


def test_task_takes_the_job_id_and_is_idempotent(queued_job):
    export_render_task.delay(queued_job.pk)
    export_render_task.delay(queued_job.pk)

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts) == (ExportStatus.DONE, 1)


def test_task_for_a_job_that_no_longer_exists_does_nothing(db):
    export_render_task.delay(999_999)


def test_running_out_of_time_fails_the_job_without_a_retry(queued_job):
    slow = mock.Mock(side_effect=SoftTimeLimitExceeded())
    with mock.patch.dict(services.RENDERERS, {"strategy": slow}):
        run_as_worker(0, queued_job.pk)

    queued_job.refresh_from_db()
    assert queued_job.status == ExportStatus.FAILED
    assert queued_job.error.startswith("SoftTimeLimitExceeded")


def test_a_draft_deleted_before_the_render_leaves_nothing_behind(
    organisation, member_of, django_capture_on_commit_callbacks
):
    draft = VersionFactory(strategy__organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(
            version=draft, actor=member_of(organisation, RoleLevel.COMMUNICATIONS)
        )
    StrategyVersion.objects.filter(pk=draft.pk).delete()

    export_render_task.delay(job.pk)

    assert not ExportJob.objects.filter(pk=job.pk).exists()
