"""Real processes for the reliability tests: Celery workers and a Redis server of their own.

Every process is started and stopped by its PID (terminate, then kill), and every wait
is bounded.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

TASK = "apps.exports.tasks.export_render_task"
WAIT_SECONDS = 90


def wait_for(
    condition: Callable[[], object],
    *,
    what: str,
    log: Path | None = None,
    seconds: float = WAIT_SECONDS,
):
    """Poll until `condition()` is truthy and return its value; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    pytest.fail(f"waited {seconds} s for {what}\n{tail}")


def database_url(application_name: str) -> str:
    """The test database as a URL for a worker, its connections named for pg_stat_activity."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    name = quote(db["NAME"], safe="")
    return f"postgres://{credentials}@{host}:{port}/{name}?application_name={application_name}"


def redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def separate_redis_db(url: str) -> int:
    """A database number of the shared Redis that the suite's other workers do not use.

    These workers restore unacknowledged messages after a few seconds; on the suite's
    own database they would hand out the messages of test_worker's worker a second time.
    """
    current = int(urlsplit(url).path.strip("/") or 0)
    return (current + 8) % 16


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def use_broker(url: str) -> Iterator[None]:
    """Point this process's Celery producer (the one export_request sends with) at `url`."""
    # Sending uses broker_write_url (which falls back to broker_url when None).
    previous = celery_app.conf.task_always_eager
    celery_app.conf.broker_write_url = url
    celery_app.conf.task_always_eager = False
    _reset_producer_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_write_url = None
        celery_app.conf.task_always_eager = previous
        _reset_producer_pools()


def _reset_producer_pools() -> None:
    # Celery caches its connection and producer pools for the first broker URL it used;
    # kombu keeps the pools themselves per URL, so they are forgotten here, not closed.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def route_exports_to(queue: str) -> Iterator[None]:
    routes = celery_app.conf.task_routes
    celery_app.conf.task_routes = {TASK: {"queue": queue}}
    _flush_routes()
    try:
        yield
    finally:
        celery_app.conf.task_routes = routes
        _flush_routes()


def _flush_routes() -> None:
    celery_app.amqp.flush_routes()
    # The app keeps its router once made: make it again with the routes just set.
    celery_app.amqp.__dict__.pop("router", None)
    # The router is cached with the routes it was made with; the next test's queue
    # would otherwise get the previous test's.
    celery_app.amqp.__dict__.pop("router", None)


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Worker:
    """One Celery worker process (solo pool unless told otherwise) on its own queue."""

    def __init__(
        self,
        *,
        queue: str,
        broker_url: str,
        media_root: Path,
        log: Path,
        options: tuple[str, ...] = (),
        pool: str = "solo",
        concurrency: int = 1,
    ):
        self.queue = queue
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url(queue),
            "CELERY_BROKER_URL": broker_url,
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        command = [
            sys.executable,
            "-m",
            "tests.reliability.slow_worker",
            *options,
            "--",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            queue,
            "-n",
            f"{queue}-{uuid.uuid4().hex[:6]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        self.pid = self.process.pid

    def wait_ready(self) -> None:
        wait_for(
            lambda: self._alive() and "ready." in self.log.read_text(errors="replace"),
            what=f"worker {self.pid} to start",
            log=self.log,
        )

    def _alive(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"worker {self.pid} stopped:\n{self.log.read_text(errors='replace')}")
        return True

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        stop(self.process)


@contextlib.contextmanager
def worker(**kwargs) -> Iterator[Worker]:
    started = Worker(**kwargs)
    try:
        started.wait_ready()
        yield started
    finally:
        started.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A Redis server of the test's own, not persisting anything, like the CI one."""

    def __init__(self, port: int, log: Path):
        self.port = port
        self.log = log
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                [
                    binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._answers, what=f"redis-server on port {self.port}", log=self.log)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
