"""Asking for exports and making them: reuse, idempotence, atomic writes, failures."""

import datetime
import os
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.exports import pdf, services
from apps.exports.models import ExportJob, ExportStatus
from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyVersion
from tests.factories import SectionFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(organisation):
    draft = VersionFactory(strategy__organisation=organisation, strategy__title="Åben kommune")
    SectionFactory(version=draft, heading="Formål", body="Vi taler klart.")
    return mark_adopted(draft)


@pytest.fixture
def employee(organisation, member_of):
    return member_of(organisation, RoleLevel.EMPLOYEE)


@pytest.fixture
def render_spy():
    with mock.patch.dict(
        services.RENDERERS, {"strategy": mock.Mock(wraps=pdf.strategy_pdf)}
    ) as renderers:
        yield renderers["strategy"]


def stored_files(media_root):
    folder = media_root / "exports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_request_renders_the_pdf_once_the_transaction_commits(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_request(version=version, actor=employee)
    assert job.status == ExportStatus.QUEUED
    render_spy.assert_not_called()

    for callback in callbacks:
        callback()

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert job.attempts == 1
    assert job.file.name == f"exports/{job.content_key}.pdf"
    assert default_storage.open(job.file.name).read().startswith(b"%PDF-1.7")
    render_spy.assert_called_once()


def test_two_requests_for_the_same_version_share_one_job_and_one_render(
    version,
    employee,
    member_of,
    organisation,
    render_spy,
    media_root,
    django_capture_on_commit_callbacks,
):
    colleague = member_of(organisation, RoleLevel.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.export_request(version=version, actor=employee)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.export_request(version=version, actor=colleague)

    assert second.pk == first.pk
    assert ExportJob.objects.count() == 1
    assert render_spy.call_count == 1
    assert stored_files(media_root) == [f"{first.content_key}.pdf"]


def test_request_is_audited_once_per_job(version, employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_request(version=version, actor=employee)
        services.export_request(version=version, actor=employee)

    event = AuditEvent.objects.get(verb="export.request")
    assert (event.actor, event.version, event.object_id) == (employee, version, job.pk)


def test_running_the_task_again_for_a_done_job_does_not_render_again(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_request(version=version, actor=employee)

    services.export_render(job_id=job.pk)
    services.export_render(job_id=job.pk)

    assert render_spy.call_count == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportStatus.DONE, 1)


def test_a_duplicate_delivery_while_the_job_is_running_does_nothing(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=version, actor=employee)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )

    result = services.export_render(job_id=job.pk)

    assert result.status == ExportStatus.RUNNING
    render_spy.assert_not_called()


def test_a_job_left_running_by_a_lost_worker_is_taken_over(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=version, actor=employee)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )

    result = services.export_render(job_id=job.pk)

    assert result.status == ExportStatus.DONE
    render_spy.assert_called_once()


def test_a_new_draft_revision_gets_a_new_job(
    organisation, member_of, django_capture_on_commit_callbacks
):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    draft = VersionFactory(strategy__organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False):
        first = services.export_request(version=draft, actor=comms)
        StrategyVersion.objects.filter(pk=draft.pk).update(revision=draft.revision + 1)
        draft.refresh_from_db()
        second = services.export_request(version=draft, actor=comms)

    assert second.pk != first.pk
    assert second.content_key != first.content_key


@pytest.mark.parametrize(
    "change",
    [
        lambda v: setattr(v, "revision", v.revision + 1),
        lambda v: setattr(v, "status", "superseded"),
        lambda v: setattr(v.strategy, "title", "Ny titel"),
        lambda v: setattr(v.strategy.organisation, "primary_colour", "#123456"),
        lambda v: setattr(v.strategy.organisation, "logo", "logos/nyt.png"),
    ],
    ids=["revision", "status", "title", "colour", "logo"],
)
def test_content_key_changes_with_what_the_pdf_shows(version, change):
    key = services.export_content_key(version=version)

    change(version)

    assert services.export_content_key(version=version) != key


def test_content_key_changes_with_the_template_version(version):
    key = services.export_content_key(version=version)

    with mock.patch.object(pdf, "TEMPLATE_VERSION", "next"):
        assert services.export_content_key(version=version) != key
    assert services.export_content_key(version=version) == key


def test_someone_who_may_not_see_the_version_cannot_request_it(
    organisation, other_organisation, member_of, version
):
    outsider = member_of(other_organisation, RoleLevel.COMMUNICATIONS)
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    draft = VersionFactory(strategy__organisation=organisation)

    with pytest.raises(PermissionDenied):
        services.export_request(version=version, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.export_request(version=draft, actor=employee)
    assert ExportJob.objects.count() == 0


def test_a_render_failure_marks_the_job_failed_and_leaves_no_file(
    version, employee, media_root, django_capture_on_commit_callbacks
):
    broken = mock.Mock(side_effect=ValueError("layout exploded"))
    with (
        mock.patch.dict(services.RENDERERS, {"strategy": broken}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = services.export_request(version=version, actor=employee)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error == "ValueError: layout exploded"
    assert not job.file
    assert stored_files(media_root) == []


def test_a_failure_while_writing_leaves_neither_a_partial_nor_a_temporary_file(
    version, employee, media_root, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(services.os, "replace", side_effect=PermissionError("read-only")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = services.export_request(version=version, actor=employee)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error.startswith("PermissionError")
    assert stored_files(media_root) == []


def test_the_file_appears_under_its_name_only_when_complete(version, employee, media_root):
    """The bytes are written beside the target and renamed over it in one step."""
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append((os.path.basename(source), os.path.exists(target)))
        real_replace(source, target)

    with mock.patch.object(services.os, "replace", side_effect=replace):
        name = services._store("exports/x.pdf", b"%PDF-1.7 test")

    assert seen[0][0].startswith(".export-") and seen[0][0].endswith(".part")
    assert seen[0][1] is False
    assert stored_files(media_root) == ["x.pdf"]
    assert default_storage.open(name).read() == b"%PDF-1.7 test"


def test_a_transient_failure_is_raised_for_a_retry_and_the_job_waits(
    version, employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=version, actor=employee)
    flaky = mock.Mock(side_effect=OperationalError("connection lost"))

    with mock.patch.dict(services.RENDERERS, {"strategy": flaky}), pytest.raises(OperationalError):
        services.export_render(job_id=job.pk, final_attempt=False)

    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED
    assert "connection lost" in job.error


def test_the_final_attempt_of_a_transient_failure_marks_the_job_failed(
    version, employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=version, actor=employee)
    flaky = mock.Mock(side_effect=OSError("disk full"))

    with mock.patch.dict(services.RENDERERS, {"strategy": flaky}):
        services.export_render(job_id=job.pk, final_attempt=True)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_asking_again_after_a_failure_starts_the_same_job_over(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    broken = mock.Mock(side_effect=ValueError("once"))
    with (
        mock.patch.dict(services.RENDERERS, {"strategy": broken}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        failed = services.export_request(version=version, actor=employee)

    with django_capture_on_commit_callbacks(execute=True):
        again = services.export_request(version=version, actor=employee)

    again.refresh_from_db()
    assert again.pk == failed.pk
    assert (again.status, again.error, again.attempts) == (ExportStatus.DONE, "", 2)


def test_a_done_job_whose_file_was_lost_is_made_again(
    version, employee, render_spy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_request(version=version, actor=employee)
    job.refresh_from_db()
    default_storage.delete(job.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        services.export_request(version=version, actor=employee)

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert default_storage.exists(job.file.name)
    assert render_spy.call_count == 2


def test_a_draft_edited_before_the_render_is_not_printed_under_the_old_key(
    organisation, member_of, render_spy, django_capture_on_commit_callbacks
):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    draft = VersionFactory(strategy__organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=draft, actor=comms)
    StrategyVersion.objects.filter(pk=draft.pk).update(revision=draft.revision + 1)

    services.export_render(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error.startswith("VersionChanged")
    render_spy.assert_not_called()


def test_a_draft_edited_while_it_renders_is_not_stored_under_the_old_key(
    organisation, member_of, media_root, django_capture_on_commit_callbacks
):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    draft = VersionFactory(strategy__organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_request(version=draft, actor=comms)

    def render_while_someone_edits(version):
        data = pdf.strategy_pdf(version)
        StrategyVersion.objects.filter(pk=draft.pk).update(revision=draft.revision + 1)
        return data

    with mock.patch.dict(services.RENDERERS, {"strategy": render_while_someone_edits}):
        services.export_render(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "while the file was being made" in job.error
    assert stored_files(media_root) == []


def test_download_name_is_plain_ascii_and_says_draft(organisation, member_of):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    draft = VersionFactory(
        strategy__organisation=organisation,
        strategy__title="Åben og nær – Næstved's plan",
        number=3,
    )
    job = ExportJob(
        organisation=organisation,
        version=draft,
        version_status=draft.status,
        version_revision=1,
        requested_by=comms,
    )

    assert services.export_filename(job) == "aaben-og-naer-naestveds-plan-v3-udkast.pdf"


def test_a_broker_that_cannot_take_the_task_fails_the_job_instead_of_the_request(
    version, employee, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerDown

    from apps.exports.tasks import export_render_task

    with (
        mock.patch.object(export_render_task, "delay", side_effect=BrokerDown("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = services.export_request(version=version, actor=employee)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "refused" in job.error
