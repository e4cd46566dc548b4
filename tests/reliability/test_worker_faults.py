"""A real PDF worker on Redis and PostgreSQL, and what happens when it is hurt.

- Killed with SIGKILL in the middle of writing the file: no partial file appears under
  the export's name, the job is not done, and once another worker is running Redis
  hands the unacknowledged task out again and the export completes exactly once.
- A document that kills its worker process every time (a prefork child, SIGKILL while
  writing): the message goes back to the queue each time (reject on worker lost), the
  job is taken up again MAX_ATTEMPTS times and then fails with the reason; the message
  is then acknowledged, so it does not go round for ever, and no partial file appears.
- The same task delivered twice at once: one render, one file.
- Its database connection terminated while it renders, and while it writes: the job
  still ends done, with no error shown.

The workers are tests/reliability/slow_worker.py: the real worker, slowed from outside
the application so the fault lands at a known moment. They use a Redis database number
of their own (see processes.separate_redis_db) and a queue of their own.
"""

import datetime
import io

import pytest
import redis
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.exports.tasks import export_render_task
from apps.organisations.models import RoleLevel
from tests.factories import SectionFactory, VersionFactory, mark_adopted

from .processes import (
    TASK,
    redis_url_with_db,
    route_exports_to,
    separate_redis_db,
    unique_name,
    use_broker,
    wait_for,
    worker,
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL); CI runs it",
    ),
]

FINISHED = (ExportStatus.DONE, ExportStatus.FAILED)


@pytest.fixture
def broker():
    url = redis_url_with_db(
        settings.CELERY_BROKER_URL, separate_redis_db(settings.CELERY_BROKER_URL)
    )
    with use_broker(url):
        yield url


@pytest.fixture
def queue(broker):
    name = unique_name("kompas-reliability")
    with route_exports_to(name):
        yield name
    client = redis.Redis.from_url(broker)
    client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    client.close()


@pytest.fixture
def employee(organisation, member_of):
    return member_of(organisation, RoleLevel.EMPLOYEE)


@pytest.fixture
def make_version(organisation):
    def make(title):
        draft = VersionFactory(strategy__organisation=organisation, strategy__title=title)
        SectionFactory(version=draft, heading="Formål", body="Vi taler klart.")
        return mark_adopted(draft)

    return make


def start(queue, broker, media_root, log, *options, **kwargs):
    return worker(
        queue=queue, broker_url=broker, media_root=media_root, log=log, options=options, **kwargs
    )


def finished(job):
    job.refresh_from_db()
    return job.status in FINISHED


def terminate_backends(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [application_name],
        )
        return sum(1 for (done,) in cursor.fetchall() if done)


def test_a_worker_killed_mid_write_leaves_no_partial_file_and_the_export_completes_once(
    make_version, employee, queue, broker, media_root, tmp_path
):
    exports = media_root / "exports"
    log = tmp_path / "worker.log"
    version = make_version("Åben kommune")

    with start(queue, broker, media_root, log, "--write-delay", "60") as doomed:
        job = services.export_request(version=version, actor=employee)
        wait_for(lambda: list(exports.glob(".export-*.part")), what="the write", log=log)
        doomed.kill()

    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING
    assert not (exports / f"{job.content_key}.pdf").exists()
    # What the dead worker left is only ever a temporary file beside the target.
    assert [p.name for p in exports.iterdir() if not p.name.startswith(".export-")] == []

    with start(queue, broker, media_root, log, "--visibility-timeout", "2"):
        wait_for(lambda: finished(job), what="the redelivered export", log=log)

    assert (job.status, job.error, job.attempts) == (ExportStatus.DONE, "", 2)
    target = exports / f"{job.content_key}.pdf"
    assert sorted(exports.glob("*.pdf")) == [target]
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(data)).metadata.title == "Åben kommune"

    # The periodic sweep clears what killed workers left behind.
    services.export_requeue_stale(older_than=datetime.timedelta(0))
    assert sorted(p.name for p in exports.iterdir()) == [target.name]


def test_the_same_task_delivered_twice_renders_once(
    make_version, employee, queue, broker, media_root, tmp_path
):
    log = tmp_path / "worker.log"
    version = make_version("Dobbelt levering")
    with start(
        queue, broker, media_root, log, "--render-delay", "2", pool="prefork", concurrency=2
    ):
        job = services.export_request(version=version, actor=employee)
        # The same message again, as a broker that delivers at least once may do.
        task_id = f"{queue}-job-{job.pk}"
        export_render_task.apply_async((job.pk,), task_id=task_id)
        export_render_task.apply_async((job.pk,), task_id=task_id)
        wait_for(
            lambda: log.read_text(errors="replace").count(f"[{task_id}] succeeded") == 2,
            what="both deliveries",
            log=log,
        )
        wait_for(lambda: finished(job), what="the export", log=log)

    assert (job.status, job.attempts) == (ExportStatus.DONE, 1)
    assert log.read_text(errors="replace").count(f"export_done job={job.pk} ") == 1
    assert sorted(p.name for p in (media_root / "exports").iterdir()) == [f"{job.content_key}.pdf"]


def test_a_database_connection_terminated_during_the_task_does_not_fail_the_export(
    make_version, employee, queue, broker, media_root, tmp_path
):
    exports = media_root / "exports"
    log = tmp_path / "worker.log"
    rendering, writing = (
        make_version("Afbrudt under tegning"),
        make_version("Afbrudt ved skrivning"),
    )

    with start(queue, broker, media_root, log, "--render-delay", "2", "--write-delay", "2"):
        first = services.export_request(version=rendering, actor=employee)
        wait_for(
            lambda: ExportJob.objects.filter(pk=first.pk, status=ExportStatus.RUNNING).exists(),
            what="the first render to start",
            log=log,
        )
        cut_while_rendering = terminate_backends(queue)
        wait_for(lambda: finished(first), what="the first export", log=log)

        second = services.export_request(version=writing, actor=employee)
        wait_for(lambda: list(exports.glob(".export-*.part")), what="the write", log=log)
        cut_while_writing = terminate_backends(queue)
        wait_for(lambda: finished(second), what="the second export", log=log)

    assert (cut_while_rendering, cut_while_writing) == (1, 1)
    # Cut while rendering: the render failed, the task was retried on a new connection.
    assert (first.status, first.error, first.attempts) == (ExportStatus.DONE, "", 2)
    # Cut while writing: the file was complete, so marking it done reconnected once.
    assert (second.status, second.error, second.attempts) == (ExportStatus.DONE, "", 1)
    assert f"export_reconnect job={second.pk}" in log.read_text(errors="replace")
    assert sorted(p.name for p in exports.iterdir()) == sorted(
        [f"{first.content_key}.pdf", f"{second.content_key}.pdf"]
    )


def test_a_document_that_kills_its_worker_every_time_fails_instead_of_looping(
    make_version, employee, queue, broker, media_root, tmp_path
):
    exports = media_root / "exports"
    log = tmp_path / "worker.log"
    version = make_version("Dræber sin arbejder")

    with start(
        queue, broker, media_root, log, "--die-while-writing", pool="prefork", concurrency=1
    ):
        job = services.export_request(version=version, actor=employee)
        wait_for(lambda: finished(job), what="the export to give up", log=log)
        # The delivery that gave up ends normally, so its message is acknowledged.
        wait_for(lambda: " succeeded in " in log.read_text(errors="replace"), what="the ack")
        client = redis.Redis.from_url(broker)
        left = (client.llen(queue), client.hlen("unacked"))
        client.close()

    assert (job.status, job.attempts) == (ExportStatus.FAILED, services.MAX_ATTEMPTS)
    assert job.error.startswith("WorkerLost: ")
    assert left == (0, 0)
    received = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if f"Task {TASK}[" in line and line.endswith("] received")
    ]
    # The first delivery and one per death: the last one finds the job given up.
    assert len(received) == services.MAX_ATTEMPTS + 1
    assert [p.name for p in exports.iterdir() if not p.name.startswith(".export-")] == []
