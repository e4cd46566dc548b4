"""PostgreSQL connections cut between two requests of a real web server: the person sees
nothing of it.

gunicorn serves the app with persistent connections (DJANGO_CONN_MAX_AGE), as in
production. Between two page loads every connection of the server is terminated
(pg_terminate_backend, what a database restart or failover does to them); the next
page loads normally, on a new connection, because CONN_HEALTH_CHECKS tests a reused
connection before the request uses it. (A connection cut during a task is in
test_worker_faults.py.)
"""

import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from apps.organisations.models import RoleLevel
from tests.factories import StrategyFactory

from .processes import database_url, free_port, stop, unique_name, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI runs it"
    ),
]


def backends(application_name: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [application_name],
        )
        return [pid for (pid,) in cursor.fetchall()]


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s) AS pid", [pids])


# The servers run with DEBUG off, which refuses the public development key; the test
# process signs its sessions with the same key the servers check them with.
SERVER_SECRET_KEY = secrets.token_urlsafe(50)


@pytest.fixture(autouse=True)
def server_secret_key(settings):
    settings.SECRET_KEY = SERVER_SECRET_KEY

@pytest.fixture
def server(tmp_path):
    name = unique_name("kompas-web")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "false",
    }
    env.pop("CELERY_BROKER_URL", None)
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(f"{base}/health/"), what="gunicorn", log=log)
        yield base, name
    finally:
        stop(process)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our server
            return response.status == 200
    except OSError:
        return False


def get(url: str, session: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - our own server over http
        url, headers={"Cookie": f"sessionid={session}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_connections_terminated_between_requests_are_replaced_unseen(
    server, client, organisation, member_of
):
    base, name = server
    person = member_of(organisation, RoleLevel.COMMUNICATIONS)
    StrategyFactory(organisation=organisation, title="Klar kommunikation")
    client.force_login(person)
    session = client.cookies["sessionid"].value
    page = base + reverse("strategies:list")

    first = get(page, session)
    before = backends(name)
    terminate(before)
    wait_for(lambda: not set(before) & set(backends(name)), what="the backends to end")
    second = get(page, session)
    after = backends(name)

    assert (first[0], second[0]) == (200, 200)
    assert "Klar kommunikation" in second[1]
    # The server kept a connection between requests, and the second is a new one.
    assert len(before) == 1
    assert len(after) == 1
    assert set(after).isdisjoint(before)
