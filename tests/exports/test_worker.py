"""A real Celery worker on Redis exports a seed strategy from a real PostgreSQL database.

The worker is a separate process, so it only sees committed data in a database it can
reach: this runs with DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis (as
CI does) and is skipped on the in-memory SQLite test database.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from apps.demo.services import SEEDS_DIR, seed_load_file
from apps.exports import services
from apps.exports.models import ExportStatus
from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyVersion
from config.celery import app as celery_app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)",
    ),
]

TASK = "apps.exports.tasks.export_render_task"
WAIT_SECONDS = 90


def worker_database_url() -> str:
    """The test database (test_kompas, not kompas) as a URL for the worker process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def queue():
    """A queue of this test's own, so no other worker picks the task up."""
    name = f"kompas-exports-test-{uuid.uuid4().hex[:12]}"
    routes = celery_app.conf.task_routes
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_routes = {TASK: {"queue": name}}
    celery_app.amqp.flush_routes()
    # The app keeps its router once made: make it again with the routes just set.
    celery_app.amqp.__dict__.pop("router", None)
    yield name
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    # The app keeps its router once made: make it again with the routes just set.
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def worker(queue, media_root, tmp_path):
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with open(log, "wb") as output:
        process = subprocess.Popen(  # noqa: S603 - a fixed command line
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def wait_until_finished(job, process, log):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return job
        if process.poll() is not None:
            pytest.fail(f"the worker stopped:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.5)
    pytest.fail(f"no PDF after {WAIT_SECONDS} s:\n{log.read_text(errors='replace')[-4000:]}")


def test_a_real_worker_exports_the_naestved_seed(transactional_db, worker, member_of):
    process, log = worker
    organisation = seed_load_file(SEEDS_DIR / "naestved.yaml")
    version = StrategyVersion.objects.select_related("strategy__organisation").get(
        strategy__organisation=organisation
    )

    # Committed at once (no test transaction), so the task is sent to Redis right away.
    job = services.export_request(
        version=version, actor=member_of(organisation, RoleLevel.EMPLOYEE)
    )
    assert job.status == ExportStatus.QUEUED

    job = wait_until_finished(job, process, log)

    assert job.status == ExportStatus.DONE, job.error
    assert job.attempts == 1
    with default_storage.open(job.file.name) as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    assert reader.metadata.title == "Borgeren i centrum"
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
