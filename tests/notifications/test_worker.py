"""Real Celery workers on Redis send the outbox to a real SMTP server exactly once,
however often the task is delivered and with two workers taking it at the same time.

Workers are separate processes: this runs with DATABASE_URL on PostgreSQL and
CELERY_BROKER_URL on Redis (as CI does) and is skipped otherwise.
"""

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from apps.consultations import services as consultation_services
from apps.notifications.models import EmailStatus, Notification
from config.celery import app as celery_app
from tests.exports.test_worker import worker_database_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)",
    ),
]

TASK = "apps.notifications.tasks.notifications_send"
WAIT_SECONDS = 90


def start_worker(queue, name, smtp_server, log):
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": smtp_server.url,
        "KOMPAS_BASE_URL": "https://kompas.example.dk",
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
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with open(log, "wb") as output:
        return subprocess.Popen(  # noqa: S603 - a fixed command line
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def test_duplicate_deliveries_to_two_workers_send_each_mail_once(
    transactional_db, draft, people, smtp_server, tmp_path
):
    invited = ["leader", "employee", "politician", "executive", "centre"]
    consultation_services.consultation_invite(
        version=draft, actor=people["communications"], users=[people[w] for w in invited]
    )
    queue = f"kompas-notifications-test-{uuid.uuid4().hex[:12]}"
    routes, eager = celery_app.conf.task_routes, celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_routes = {TASK: {"queue": queue}}
    celery_app.amqp.flush_routes()
    # The app keeps its router once made: make it again with the routes just set.
    celery_app.amqp.__dict__.pop("router", None)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_worker(queue, f"{queue}-{n}", smtp_server, log) for n, log in enumerate(logs)]
    try:
        for _delivery in range(6):  # beat, a duplicate delivery, cron beside it…
            celery_app.send_task(TASK, queue=queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            done = sum(log.read_text(errors="replace").count("succeeded") for log in logs)
            if done == 6:
                break
            if any(w.poll() is not None for w in workers):
                pytest.fail("a worker stopped:\n" + logs[0].read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        else:
            pytest.fail("the tasks did not finish:\n" + logs[0].read_text(errors="replace")[-3000:])
    finally:
        for worker in workers:
            stop(worker)
        celery_app.conf.task_routes = routes
        celery_app.conf.task_always_eager = eager
        celery_app.amqp.flush_routes()
        # The app keeps its router once made: make it again with the routes just set.
        celery_app.amqp.__dict__.pop("router", None)

    delivered = Counter(address for r in smtp_server.received for address in r.envelope_to)
    assert delivered == Counter({people[w].email: 1 for w in invited})
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
