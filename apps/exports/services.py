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
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.audit.services import audit_record
from apps.followup import report as followup_report
from apps.strategies.models import StrategyVersion

from . import pdf, permissions, summary_pdf, vocabulary
from .models import PENDING_STATUSES, ExportJob, ExportKind, ExportStatus

logger = logging.getLogger(__name__)

# Failures worth another try: the disk, the network to the database, a lost connection.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)

# A job still "queued" or "running" after this long lost its worker (the task's hard
# time limit is 180 s): asking again re-enqueues it, and a redelivered task may claim it.
STALE_AFTER = datetime.timedelta(minutes=10)

# A failed document asked for on the public site is made again no sooner than this after
# it failed: its page reloads every 5 s, and anyone may keep it open (a person who asks
# for an export in Kompas starts it again at once).
PUBLIC_RETRY_AFTER = datetime.timedelta(minutes=15)

# A job whose worker died while making it (killed, out of memory, machine lost) is taken
# up again until it has been started this often; then it fails with the reason recorded,
# so a document that kills its worker every time cannot loop for ever.
MAX_ATTEMPTS = 5

MAX_ERROR_CHARS = 2000

# Longer than this waiting or being made and the status page says so, and lets the person
# ask again (export_ask_again). A file usually takes a few seconds.
SLOW_AFTER = datetime.timedelta(seconds=60)
# A run cannot outlive the task's hard time limit (180 s, apps.exports.tasks): a job
# "running" longer than that lost its worker, and may be taken over at once.
RUNNING_DEAD_AFTER = datetime.timedelta(seconds=180 + 30)

# What makes the file of each kind of document.
RENDERERS: dict[str, Callable[[StrategyVersion], bytes]] = {
    ExportKind.STRATEGY: pdf.strategy_pdf,
    ExportKind.CONSULTATION_SUMMARY: summary_pdf.summary_pdf,
    ExportKind.FOLLOWUP_REPORT: followup_report.report_pdf,
}
# Kinds that cover a chosen period (ExportJob.period): their renderer and fingerprint
# take it as a second argument.
PERIOD_KINDS = frozenset({ExportKind.FOLLOWUP_REPORT})

# What a kind of document prints from outside the version, as a fingerprint for its
# content key: consultation comments and answers change without the version's revision.
FINGERPRINTS: dict[str, Callable[[StrategyVersion], str]] = {
    ExportKind.CONSULTATION_SUMMARY: summary_pdf.summary_fingerprint,
    ExportKind.FOLLOWUP_REPORT: followup_report.report_fingerprint,
}


class VersionChanged(Exception):
    """The version was edited after the export was asked for; its key no longer fits."""


class WorkerLost(Exception):
    """The worker making the file stopped before it finished, too often to try again."""


def export_content_key(
    *, version: StrategyVersion, kind: str = ExportKind.STRATEGY, period: str = ""
) -> str:
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
        "strategy": [strategy.pk, version.printed_title, strategy.subtitle],
        "organisation": [
            organisation.pk,
            organisation.name,
            organisation.logo.name if organisation.logo else "",
            organisation.primary_colour,
            organisation.secondary_colour,
        ],
    }
    if version.is_frozen:
        # Corrections of the record print on the cover (apps/records).
        from apps.records.selectors import fingerprint as record_fingerprint

        identity["record"] = record_fingerprint(version)
    if kind in PERIOD_KINDS:
        identity["period"] = period
        identity["data"] = FINGERPRINTS[kind](version, period)
    elif kind in FINGERPRINTS:
        identity["data"] = FINGERPRINTS[kind](version)
    encoded = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def export_request(
    *, version: StrategyVersion, actor, kind: str = ExportKind.STRATEGY, period: str = ""
) -> ExportJob:
    """The job that makes (or made) this document; created, reused or restarted."""
    if not permissions.can_export(actor, version):
        raise PermissionDenied
    return export_job_for(version=version, actor=actor, kind=kind, period=period)


@transaction.atomic
def export_job_for(
    *, version: StrategyVersion, actor, kind: str = ExportKind.STRATEGY, period: str = "",
    failed_retry_after: datetime.timedelta | None = None,
) -> ExportJob:
    """export_request for a caller that has authorised the document itself (the public
    site, for a published adopted version; `actor` None). `failed_retry_after`: a failed
    job is started again only once it has been failed this long (None: at once)."""
    if kind not in RENDERERS:
        raise ValueError(f"unknown export kind {kind!r}")
    content_key = export_content_key(version=version, kind=kind, period=period)
    job, created = ExportJob.objects.select_for_update().get_or_create(
        content_key=content_key,
        defaults={
            "organisation": version.strategy.organisation,
            "version": version,
            "kind": kind,
            "version_status": version.status,
            "version_revision": version.revision,
            "template_version": pdf.TEMPLATE_VERSION,
            "period": period,
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
    elif _needs_restart(job, failed_retry_after):
        job.status = ExportStatus.QUEUED
        job.error = ""
        job.file = ""
        job.save(update_fields=["status", "error", "file", "updated_at"])
        _enqueue(job)
    return job


def _needs_restart(job: ExportJob, failed_retry_after=None) -> bool:
    if job.status == ExportStatus.FAILED:
        return failed_retry_after is None or (
            job.updated_at < timezone.now() - failed_retry_after
        )
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


def export_render(
    *, job_id: int, final_attempt: bool = True, task_id: str = ""
) -> ExportJob | None:
    """Make the file of one job, unless it exists or someone else is making it.

    A transient failure (disk, database connection) is raised again so the task can
    retry, unless this is the final attempt; every other failure, and the final
    attempt's, marks the job failed with the error and is not raised. What this call
    writes to the job after it claimed it is written only while the job is still its
    claim (the same attempt, still running): a worker that was taken over when it
    seemed lost cannot overwrite the outcome of the one that took over.
    """
    job, claimed = _claim(job_id, task_id)
    if not claimed:
        return job
    claim = {"status": ExportStatus.RUNNING, "attempts": job.attempts}
    started = time.perf_counter()
    try:
        version = StrategyVersion.objects.select_related("strategy__organisation").get(
            pk=job.version_id
        )
        if export_content_key(version=version, kind=job.kind, period=job.period) != (
            job.content_key
        ):
            raise VersionChanged("the version changed after the export was asked for")
        data = (
            RENDERERS[job.kind](version, job.period)
            if job.kind in PERIOD_KINDS
            else RENDERERS[job.kind](version)
        )
        # The renderer reads the content as it goes; an edit made meanwhile (a proposal
        # sent back to draft and changed) could be in the file. Keep it only if what it
        # was made from is still what was asked for.
        current = StrategyVersion.objects.select_related("strategy__organisation").get(
            pk=job.version_id
        )
        if export_content_key(version=current, kind=job.kind, period=job.period) != (
            job.content_key
        ):
            raise VersionChanged("the version changed while the file was being made")
        name = _store(f"exports/{job.content_key}.pdf", data)
    except TRANSIENT_ERRORS as error:
        if final_attempt:
            _fail(job, error, claim=claim)
            return job
        _release(job, error, claim=claim)
        raise
    except Exception as error:
        _fail(job, error, claim=claim)
        return job
    _update(
        job.pk,
        claim=claim,
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


def _claim(job_id: int, task_id: str = "") -> tuple[ExportJob | None, bool]:
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
        if job.status == ExportStatus.RUNNING:
            if job.started_at and job.started_at > timezone.now() - STALE_AFTER:
                return job, False
            if job.attempts >= MAX_ATTEMPTS:
                _fail(job, _worker_lost(job))
                return job, False
        job.status = ExportStatus.RUNNING
        job.attempts += 1
        job.claimed_by = task_id or ""
        job.started_at = timezone.now()
        job.finished_at = None
        job.save(
            update_fields=[
                "status", "attempts", "claimed_by", "started_at", "finished_at", "updated_at"
            ]
        )
        return job, True


def _release(job: ExportJob, error: BaseException, *, claim: dict | None = None) -> None:
    """Back to the queue for the retry, with the error kept for whoever looks."""
    logger.warning("export_retry job=%s error=%r", job.pk, error)
    _update(
        job.pk,
        claim=claim,
        status=ExportStatus.QUEUED,
        error=_describe(error),
        updated_at=timezone.now(),
    )


def _fail(job: ExportJob, error: BaseException, *, claim: dict | None = None) -> None:
    logger.error("export_failed job=%s error=%r", job.pk, error, exc_info=error)
    fields = {
        "status": ExportStatus.FAILED,
        "error": _describe(error),
        "file": "",
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    # The row may be gone with its version, or (claim) taken over by another worker;
    # then there is nothing of ours left to mark.
    if _update(job.pk, claim=claim, **fields):
        for name, value in fields.items():
            setattr(job, name, value)


def _update(job_id: int, *, claim: dict | None = None, **fields) -> int:
    """Write to the job's row, if it is still `claim` (when given); once more on a new
    connection if the old one died. Returns how many rows were written (0 or 1).

    Making a PDF takes long enough for the database to restart or drop the connection
    in between (the first query after it fails). Outside a transaction nothing is lost
    by connecting again, and the job does not stay "running" for a file that exists.
    """
    rows = ExportJob.objects.filter(pk=job_id, **(claim or {}))
    try:
        written = rows.update(**fields)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block or connection.is_usable():
            raise
        logger.warning("export_reconnect job=%s", job_id)
        connection.close()
        written = rows.update(**fields)
    if claim and not written:
        logger.warning("export_claim_lost job=%s fields=%s", job_id, sorted(fields))
    return written


def _worker_lost(job: ExportJob) -> WorkerLost:
    return WorkerLost(f"the export was started {job.attempts} times and never finished")


def export_reclaim(*, job_id: int, task_id: str) -> None:
    """Put a job back in the queue whose worker died while making it.

    Called when the broker hands a task out again because the worker that had it never
    acknowledged it: the process was killed or lost (see CELERY_TASK_REJECT_ON_WORKER_LOST
    and the broker's visibility timeout). Only a job this very message (`task_id`)
    claimed is taken back: the broker also hands messages out again on a lost
    connection, and by then another message (beat's sweep) may have a live worker
    making the file. A job that was started MAX_ATTEMPTS times fails with the reason
    instead; only a new request starts it again.
    """
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .filter(pk=job_id, status=ExportStatus.RUNNING)
            .first()
        )
        if job is None:
            return
        if not task_id or job.claimed_by != task_id:
            return  # someone else's claim: _claim takes it over once it is stale
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job, _worker_lost(job))
            return
        logger.warning("export_reclaim job=%s attempts=%s", job.pk, job.attempts)
        job.status = ExportStatus.QUEUED
        job.save(update_fields=["status", "updated_at"])


def export_is_slow(job: ExportJob) -> bool:
    return job.is_pending and export_waited(job) > SLOW_AFTER


def export_waited(job: ExportJob) -> datetime.timedelta:
    """How long the job has been waiting (since queued) or being made (since started)."""
    since = job.started_at if job.status == ExportStatus.RUNNING and job.started_at else None
    return timezone.now() - (since or job.updated_at)


@transaction.atomic
def export_ask_again(*, job: ExportJob, actor) -> bool:
    """Someone waited longer than usual and asks again: send the job to a worker once more.

    Safe whatever the state: a queued job's message is sent again (a second delivery of
    the same job is claimed once, _claim); a running job is taken back only when its run
    is older than the task's hard time limit, so its worker is surely gone, and its claim
    is cleared so that a worker which did survive cannot write over the new run. Returns
    whether the job was sent again."""
    if not permissions.can_export(actor, job.version):
        raise PermissionDenied
    locked = ExportJob.objects.select_for_update().get(pk=job.pk)
    if not export_is_slow(locked):
        return False
    if locked.status == ExportStatus.RUNNING:
        if locked.started_at and locked.started_at > timezone.now() - RUNNING_DEAD_AFTER:
            return False
        if locked.attempts >= MAX_ATTEMPTS:
            _fail(locked, _worker_lost(locked))
            return False
    locked.status = ExportStatus.QUEUED
    locked.claimed_by = ""
    locked.save(update_fields=["status", "claimed_by", "updated_at"])
    audit_record(
        organisation=locked.organisation, actor=actor, verb="export.ask_again", obj=locked,
        version=locked.version, data={"attempts": locked.attempts},
    )
    _enqueue(locked)
    return True


def export_requeue_stale(*, older_than: datetime.timedelta = STALE_AFTER) -> int:
    """Send the task again for every job left waiting or running for too long.

    Its message was lost: Redis restarted without keeping its queues, or the worker died
    and no other worker took the message up. Run periodically by Celery beat. Also
    removes the temporary files that killed workers left behind. Returns how many jobs
    were sent again.
    """
    cutoff = timezone.now() - older_than
    stale = ExportJob.objects.filter(status__in=PENDING_STATUSES, updated_at__lt=cutoff)
    sent = 0
    for job_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None:
                continue
            if job.status == ExportStatus.RUNNING and job.attempts >= MAX_ATTEMPTS:
                _fail(job, _worker_lost(job))
                continue
            job.status = ExportStatus.QUEUED
            job.save(update_fields=["status", "updated_at"])
            _enqueue(job)
            sent += 1
    if sent:
        logger.warning("export_requeue_stale jobs=%s", sent)
    _remove_abandoned_temporaries(cutoff)
    return sent


def _remove_abandoned_temporaries(cutoff: datetime.datetime) -> None:
    """Delete the half-written files of workers killed in the middle of _store()."""
    try:
        folder = Path(default_storage.path("exports"))
    except NotImplementedError:
        return  # remote storages never show an incomplete upload
    limit = cutoff.timestamp()
    for temporary in folder.glob(".export-*.part"):
        with suppress(FileNotFoundError):
            if temporary.stat().st_mtime < limit:
                temporary.unlink()


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
    """A plain ASCII file name for the download: title, version, and draft if it is one.
    A consultation summary says what it is first, in the version's language, so it is
    not taken for the strategy itself."""
    version = job.version
    words = vocabulary.words(version.language)
    title = _ascii(version.printed_title) or "strategy"
    suffix = f"-v{version.number}"
    if job.is_draft:
        suffix += f"-{_ascii(words['draft'])}"
    name = f"{title[:80]}{suffix}.pdf"
    if job.kind == ExportKind.CONSULTATION_SUMMARY:
        name = f"{_ascii(words['consultation_summary'])}-{name}"
    elif job.kind == ExportKind.FOLLOWUP_REPORT:
        name = f"status-{_ascii(job.period)}-{name}"
    return name


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


# Dashes of a title ("2027–2030") stay a dash in the file name; slugify would drop them.
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TRANSLITERATE)
    return slugify(_DASHES.sub("-", text).lower())
