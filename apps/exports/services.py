"""Asking for an export and making it.

export_request() is called by the web request: it finds or creates the job for
exactly this document and enqueues the rendering after the transaction commits.
export_render() is called by the Celery task: it claims the job, renders the PDF
outside any transaction, writes the file atomically and marks the job done.
Rendering the same content key twice is never needed, so it never happens.
"""

import datetime
import hashlib
import json
import logging
import os
import tempfile
import time
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.audit.services import audit_record
from apps.strategies.models import StrategyVersion

from . import pdf, permissions
from .models import ExportJob, ExportKind, ExportStatus

logger = logging.getLogger(__name__)

# Failures worth another try: the disk, the network to the database, a lost connection.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)

# A job still "queued" or "running" after this long lost its worker (the task's hard
# time limit is 180 s): asking again re-enqueues it, and a redelivered task may claim it.
STALE_AFTER = datetime.timedelta(minutes=10)

MAX_ERROR_CHARS = 2000

# What makes the file of each kind of document. The consultation summary (høringsnotat)
# joins here once consultations provide one.
RENDERERS: dict[str, Callable[[StrategyVersion], bytes]] = {
    ExportKind.STRATEGY: pdf.strategy_pdf,
}


class VersionChanged(Exception):
    """The version was edited after the export was asked for; its key no longer fits."""


def export_content_key(*, version: StrategyVersion, kind: str = ExportKind.STRATEGY) -> str:
    """A digest of everything that decides what the file looks like.

    Adopted versions never change and a draft's `revision` is bumped on every edit;
    the strategy's title and the organisation's name, logo and colours are on the
    cover but live outside the version, so they are part of the key too.
    """
    strategy = version.strategy
    organisation = strategy.organisation
    identity = {
        "kind": kind,
        "template": pdf.TEMPLATE_VERSION,
        "version": version.pk,
        "revision": version.revision,
        "status": version.status,
        "language": version.language,
        "strategy": [strategy.pk, strategy.title, strategy.subtitle],
        "organisation": [
            organisation.pk,
            organisation.name,
            organisation.logo.name if organisation.logo else "",
            organisation.primary_colour,
            organisation.secondary_colour,
        ],
    }
    encoded = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def export_request(
    *, version: StrategyVersion, actor, kind: str = ExportKind.STRATEGY
) -> ExportJob:
    """The job that makes (or made) this document; created, reused or restarted."""
    if not permissions.can_export(actor, version):
        raise PermissionDenied
    if kind not in RENDERERS:
        raise ValueError(f"unknown export kind {kind!r}")
    content_key = export_content_key(version=version, kind=kind)
    job, created = ExportJob.objects.select_for_update().get_or_create(
        content_key=content_key,
        defaults={
            "organisation": version.strategy.organisation,
            "version": version,
            "kind": kind,
            "version_status": version.status,
            "version_revision": version.revision,
            "template_version": pdf.TEMPLATE_VERSION,
            "requested_by": actor,
        },
    )
    if created:
        audit_record(
            organisation=job.organisation,
            actor=actor,
            verb="export.request",
            obj=job,
            version=version,
            data={"kind": kind, "status": version.status},
        )
        _enqueue(job)
    elif _needs_restart(job):
        job.status = ExportStatus.QUEUED
        job.error = ""
        job.file = ""
        job.save(update_fields=["status", "error", "file", "updated_at"])
        _enqueue(job)
    return job


def _needs_restart(job: ExportJob) -> bool:
    if job.status == ExportStatus.FAILED:
        return True
    if job.status == ExportStatus.DONE:
        return not (job.file and default_storage.exists(job.file.name))
    return job.updated_at < timezone.now() - STALE_AFTER


def _enqueue(job: ExportJob) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: _send(job_id))


def _send(job_id: int) -> None:
    """Hand the job to Celery. If the broker cannot take it, the job fails visibly (the
    status page offers to try again) instead of waiting for a task that never comes."""
    from .tasks import export_render_task

    try:
        export_render_task.delay(job_id)
    except Exception as error:
        logger.exception("export_enqueue_failed job=%s", job_id)
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.FAILED, error=_describe(error), updated_at=timezone.now()
        )


def export_render(*, job_id: int, final_attempt: bool = True) -> ExportJob | None:
    """Make the file of one job, unless it exists or someone else is making it.

    A transient failure (disk, database connection) is raised again so the task can
    retry, unless this is the final attempt; every other failure, and the final
    attempt's, marks the job failed with the error and is not raised.
    """
    job, claimed = _claim(job_id)
    if not claimed:
        return job
    started = time.perf_counter()
    try:
        version = StrategyVersion.objects.select_related("strategy__organisation").get(
            pk=job.version_id
        )
        if export_content_key(version=version, kind=job.kind) != job.content_key:
            raise VersionChanged("the version changed after the export was asked for")
        data = RENDERERS[job.kind](version)
        name = _store(f"exports/{job.content_key}.pdf", data)
    except TRANSIENT_ERRORS as error:
        if final_attempt:
            _fail(job, error)
            return job
        _release(job, error)
        raise
    except Exception as error:
        _fail(job, error)
        return job
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        file=name,
        error="",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    logger.info(
        "export_done job=%s kind=%s version=%s bytes=%s seconds=%.2f",
        job.pk,
        job.kind,
        job.version_id,
        len(data),
        time.perf_counter() - started,
    )
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> tuple[ExportJob | None, bool]:
    """Mark the job running, in a short transaction of its own.

    Returns the job and whether this call claimed it. Nothing is claimed when the job
    is gone, its file exists, it failed for good (only a new request restarts it), or
    another worker is making it right now (a duplicate delivery of the same task)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None, False
        if job.status == ExportStatus.DONE and job.file and default_storage.exists(job.file.name):
            return job, False
        if job.status == ExportStatus.FAILED:
            return job, False
        if (
            job.status == ExportStatus.RUNNING
            and job.started_at
            and (job.started_at > timezone.now() - STALE_AFTER)
        ):
            return job, False
        job.status = ExportStatus.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.finished_at = None
        job.save(update_fields=["status", "attempts", "started_at", "finished_at", "updated_at"])
        return job, True


def _release(job: ExportJob, error: BaseException) -> None:
    """Back to the queue for the retry, with the error kept for whoever looks."""
    logger.warning("export_retry job=%s error=%r", job.pk, error)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.QUEUED, error=_describe(error), updated_at=timezone.now()
    )


def _fail(job: ExportJob, error: BaseException) -> None:
    logger.error("export_failed job=%s error=%r", job.pk, error, exc_info=error)
    fields = {
        "status": ExportStatus.FAILED,
        "error": _describe(error),
        "file": "",
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    # The row may be gone with its version; then there is nothing left to mark.
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]


def _store(name: str, data: bytes) -> str:
    """Write the file so that it is either complete under its name or not there at all.

    On a local disk the bytes go to a temporary file beside the target, which is then
    renamed over it (atomic on POSIX). Remote storages make an object visible only
    once its upload is complete, so they get an ordinary save.
    """
    try:
        target = Path(default_storage.path(name))
    except NotImplementedError:
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(data))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return name


def export_filename(job: ExportJob) -> str:
    """A plain ASCII file name for the download: title, version, and draft if it is one."""
    version = job.version
    title = _ascii(version.strategy.title) or "strategy"
    suffix = f"-v{version.number}"
    if job.is_draft:
        suffix += "-draft"
    return f"{title[:80]}{suffix}.pdf"


_TRANSLITERATE = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "oe",
        "Ø": "Oe",
        "å": "aa",
        "Å": "Aa",
        "ä": "ae",
        "Ä": "Ae",
        "ö": "oe",
        "Ö": "Oe",
        "ü": "ue",
        "Ü": "Ue",
        "ß": "ss",
    }
)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TRANSLITERATE)
    return slugify(text)
