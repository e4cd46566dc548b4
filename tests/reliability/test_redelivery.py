"""A task handed out again after its worker died takes its job up again, a bounded number
of times: a document that kills its worker every time ends failed, with the reason,
instead of going round for ever. Runs on any database; the real worker is in
test_worker_faults.py."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.exports.tasks import export_render_task
from apps.organisations.models import RoleLevel
from tests.factories import SectionFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db

TASK_ID = "5d1c3d0e-0000-4000-8000-000000000001"


@pytest.fixture
def lost_job(organisation, member_of, django_capture_on_commit_callbacks):
    """A job whose worker died while making it: still "running", just started."""
    draft = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=draft)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(
            version=mark_adopted(draft), actor=member_of(organisation, RoleLevel.EMPLOYEE)
        )
    job_id = job.pk

    def started(times, *, by=TASK_ID):
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.RUNNING, attempts=times, started_at=timezone.now(), claimed_by=by
        )
        return ExportJob.objects.get(pk=job_id)

    return started


def deliver(job_id, *, redelivered, task_id=TASK_ID):
    """Run the task as a worker does for a message the broker hands out (again)."""
    export_render_task.push_request(
        id=task_id,
        retries=0,
        is_eager=False,
        called_directly=False,
        delivery_info={"redelivered": redelivered},
    )
    try:
        export_render_task.run(job_id)
    finally:
        export_render_task.pop_request()


def counting_renderer():
    render = services.RENDERERS["strategy"]
    return mock.Mock(side_effect=render)


def test_a_redelivered_task_makes_the_file_its_dead_worker_did_not(lost_job):
    job = lost_job(1)
    render = counting_renderer()

    with mock.patch.dict(services.RENDERERS, {"strategy": render}):
        deliver(job.pk, redelivered=True)

    job.refresh_from_db()
    assert (job.status, job.attempts, render.call_count) == (ExportStatus.DONE, 2, 1)


def test_a_task_delivered_again_while_its_job_is_made_does_not_make_it_twice(lost_job):
    # Not redelivered: a second copy of the message while a live worker makes the file.
    job = lost_job(1)
    render = counting_renderer()

    with mock.patch.dict(services.RENDERERS, {"strategy": render}):
        deliver(job.pk, redelivered=False)

    job.refresh_from_db()
    assert (job.status, job.attempts, render.call_count) == (ExportStatus.RUNNING, 1, 0)


def test_an_old_message_handed_out_again_leaves_a_job_another_message_took_over(lost_job):
    # Beat's sweep sent a new message for a job that seemed lost, and a live worker is
    # making it; then the broker hands the original message out again (a lost
    # connection, a visibility timeout). It must not start a second render.
    job = lost_job(2, by="the-sweeps-message")
    render = counting_renderer()

    with mock.patch.dict(services.RENDERERS, {"strategy": render}):
        deliver(job.pk, redelivered=True, task_id=TASK_ID)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.claimed_by, render.call_count) == (
        ExportStatus.RUNNING,
        2,
        "the-sweeps-message",
        0,
    )


def test_a_worker_taken_over_cannot_overwrite_the_outcome_of_the_one_that_took_over(
    lost_job,
):
    job = lost_job(0)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED)  # waiting

    def render_then_lose_the_claim(version):
        # While this worker renders, it seems lost and another claims the job.
        ExportJob.objects.filter(pk=job.pk).update(attempts=5, claimed_by="the-other")
        raise ValueError("this worker's render failed")

    with mock.patch.dict(services.RENDERERS, {"strategy": render_then_lose_the_claim}):
        deliver(job.pk, redelivered=False)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.claimed_by, job.error) == (
        ExportStatus.RUNNING,
        5,
        "the-other",
        "",
    )


def test_a_job_that_killed_its_worker_max_attempts_times_fails_with_the_reason(lost_job):
    job = lost_job(services.MAX_ATTEMPTS)
    render = counting_renderer()

    with mock.patch.dict(services.RENDERERS, {"strategy": render}):
        deliver(job.pk, redelivered=True)
        deliver(job.pk, redelivered=True)

    job.refresh_from_db()
    assert (job.status, job.attempts, render.call_count) == (
        ExportStatus.FAILED,
        services.MAX_ATTEMPTS,
        0,
    )
    assert job.error == (
        f"WorkerLost: the export was started {services.MAX_ATTEMPTS} times and never finished"
    )
    assert job.file.name == ""


def test_the_periodic_sweep_fails_a_job_that_killed_its_worker_too_often(
    lost_job, django_capture_on_commit_callbacks
):
    tired = lost_job(services.MAX_ATTEMPTS)
    ExportJob.objects.filter(pk=tired.pk).update(
        updated_at=tired.updated_at - services.STALE_AFTER - datetime.timedelta(seconds=1)
    )

    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert services.export_requeue_stale() == 0

    tired.refresh_from_db()
    assert (tired.status, sent) == (ExportStatus.FAILED, [])
