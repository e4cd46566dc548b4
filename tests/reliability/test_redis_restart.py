"""Redis restarted under a waiting worker, on a Redis server of the test's own.

The shared Redis is never touched. This server keeps nothing on disk, like the CI one:
a restart empties it. What holds:

- the worker survives the restart and reconnects by itself;
- an export it was making when Redis went away still finishes;
- an export asked for after the restart is made;
- an export asked for before the restart and still waiting in the queue is lost with
  the queue. The job row stays "queued", and the periodic sweep
  (exports_requeue_stale, every 5 minutes by Celery beat) sends it again once it has
  waited longer than STALE_AFTER; then it is made.
"""

import datetime
import shutil

import pytest
import redis
from django.db import connection
from django.utils import timezone

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.exports.tasks import exports_requeue_stale
from apps.organisations.models import RoleLevel
from tests.factories import SectionFactory, VersionFactory, mark_adopted

from .processes import (
    RedisServer,
    free_port,
    route_exports_to,
    unique_name,
    use_broker,
    wait_for,
    worker,
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or shutil.which("redis-server") is None,
        reason="needs PostgreSQL (DATABASE_URL) and the redis-server program; CI has both",
    ),
]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(free_port(), tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


def status_of(job):
    return ExportJob.objects.values_list("status", flat=True).get(pk=job.pk)


def test_queued_work_completes_after_redis_restarts_under_a_waiting_worker(
    organisation, member_of, redis_server, media_root, tmp_path
):
    actor = member_of(organisation, RoleLevel.EMPLOYEE)
    versions = []
    for title in ("Mens den venter", "I gang", "I køen", "Efter genstart"):
        draft = VersionFactory(strategy__organisation=organisation, strategy__title=title)
        SectionFactory(version=draft)
        versions.append(mark_adopted(draft))
    while_idle, in_flight, waiting, after = versions
    queue = unique_name("kompas-reliability-redis")
    log = tmp_path / "worker.log"

    with (
        use_broker(redis_server.url),
        route_exports_to(queue),
        worker(
            queue=queue,
            broker_url=redis_server.url,
            media_root=media_root,
            log=log,
            options=("--render-delay", "2"),
        ) as survivor,
    ):
        # Restarted while the worker waits for work, with nothing queued.
        redis_server.kill()
        redis_server.start()
        first = services.export_request(version=while_idle, actor=actor)
        wait_for(lambda: status_of(first) == ExportStatus.DONE, what="the first export", log=log)

        # Restarted while the worker makes one export and another waits in the queue.
        busy = services.export_request(version=in_flight, actor=actor)
        wait_for(lambda: status_of(busy) == ExportStatus.RUNNING, what="the render", log=log)
        queued = services.export_request(version=waiting, actor=actor)
        broker = redis.Redis(port=redis_server.port)
        assert broker.llen(queue) == 1
        broker.close()

        redis_server.kill()
        redis_server.start()

        wait_for(lambda: status_of(busy) == ExportStatus.DONE, what="the export in flight", log=log)
        later = services.export_request(version=after, actor=actor)
        wait_for(lambda: status_of(later) == ExportStatus.DONE, what="the later export", log=log)
        # The message of the job that waited in the queue went with Redis.
        assert status_of(queued) == ExportStatus.QUEUED

        # Ten minutes on, beat's sweep finds the job still waiting and sends it again.
        ExportJob.objects.filter(pk=queued.pk).update(
            updated_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=1)
        )
        assert exports_requeue_stale.apply().get() == 1
        wait_for(lambda: status_of(queued) == ExportStatus.DONE, what="the lost export", log=log)

        assert survivor.process.poll() is None
    assert log.read_text(errors="replace").count("Connection to broker lost") == 2
    attempts = dict(ExportJob.objects.values_list("pk", "attempts"))
    assert attempts == {first.pk: 1, busy.pk: 1, queued.pk: 1, later.pk: 1}
