"""A PDF that takes longer than usual: the page says how long it has waited and that it is
taking long, and the person may ask again; asking again never makes a file twice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.organisations.models import RoleLevel

from .test_views import make_version, queued_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(organisation, member_of):
    return member_of(organisation, RoleLevel.EMPLOYEE)


@pytest.fixture
def job(organisation, employee, django_capture_on_commit_callbacks):
    return queued_job(make_version(organisation), employee, django_capture_on_commit_callbacks)


def _age(job, **fields):
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def _minutes_ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def test_a_fresh_job_says_it_usually_takes_seconds_and_offers_no_retry(client, job, employee):
    client.force_login(employee)

    page = client.get(reverse("exports:job_status", args=[job.pk]))

    assert "usually takes a few seconds" in page.text
    assert reverse("exports:ask_again", args=[job.pk]) not in page.text


def test_a_job_waiting_long_says_how_long_and_offers_to_ask_again(client, job, employee):
    _age(job, updated_at=_minutes_ago(15))
    client.force_login(employee)

    page = client.get(reverse("exports:job_status", args=[job.pk]))

    assert "It has waited 15 minutes." in page.text
    assert "taking longer than usual" in page.text
    assert reverse("exports:ask_again", args=[job.pk]) in page.text


def test_asking_again_sends_a_waiting_job_once_more(
    client, job, employee, django_capture_on_commit_callbacks
):
    _age(job, updated_at=_minutes_ago(5))
    client.force_login(employee)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("exports:ask_again", args=[job.pk]))

    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is sent again
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED
    assert job.updated_at > _minutes_ago(1)


def test_a_job_being_made_within_the_time_limit_is_not_taken_over(job, employee):
    _age(job, status=ExportStatus.RUNNING, started_at=timezone.now()
         - datetime.timedelta(seconds=90), claimed_by="task-1")

    assert services.export_ask_again(job=job, actor=employee) is False
    job.refresh_from_db()
    assert (job.status, job.claimed_by) == (ExportStatus.RUNNING, "task-1")


def test_a_run_older_than_the_hard_time_limit_is_taken_back_and_its_claim_cleared(
    job, employee, django_capture_on_commit_callbacks
):
    _age(job, status=ExportStatus.RUNNING, started_at=_minutes_ago(5), claimed_by="dead-task",
         attempts=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.export_ask_again(job=job, actor=employee) is True

    job.refresh_from_db()
    assert (job.status, job.claimed_by, len(callbacks)) == (ExportStatus.QUEUED, "", 1)
    # The dead worker's late write is fenced off by its claim.
    assert services._update(job.pk, claim={"claimed_by": "dead-task"}, status="done") == 0


def test_asking_again_by_reload_or_bookmark_shows_the_job(client, job, employee):
    client.force_login(employee)

    response = client.get(reverse("exports:ask_again", args=[job.pk]))

    assert response.status_code == 302
    assert response.url == reverse("exports:job_status", args=[job.pk])
