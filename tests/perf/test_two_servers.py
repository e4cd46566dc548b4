"""Two web servers on one database: a write made through one is seen through the other.

Kompas runs several web processes on several machines, sharing PostgreSQL (and Redis,
when CACHE_URL says so; without it each server has a cache of its own, which must not
serve a stale figure either). An acknowledgement posted to server A shows on the
writer's next page through either server at once, on their leader's page at once,
and on the executive board's page, which may be kept a moment longer, within a second
(apps/core/page_cache.RECENT_SECONDS).
"""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.obligations import selectors
from apps.obligations.models import quarter_start
from apps.organisations.models import RoleLevel
from tests.obligations.factories import build_world
from tests.reliability.processes import database_url, free_port, stop, unique_name, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI runs it"
    ),
]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our server
            return response.status == 200
    except OSError:
        return False


# The servers run with DEBUG off, which refuses the public development key; the test
# process signs its sessions with the same key the servers check them with.
SERVER_SECRET_KEY = secrets.token_urlsafe(50)


@pytest.fixture(autouse=True)
def server_secret_key(settings):
    settings.SECRET_KEY = SERVER_SECRET_KEY

@pytest.fixture
def servers(tmp_path):
    """Two gunicorn servers of one worker each, on the test database."""
    started = []
    for n in range(2):
        port, log = free_port(), tmp_path / f"gunicorn-{n}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(unique_name("kompas-web")),
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "false",
            "DJANGO_CONN_MAX_AGE": "60",
        }
        env.pop("CELERY_BROKER_URL", None)
        with open(log, "ab") as output:
            process = subprocess.Popen(  # noqa: S603 - our own fixed command
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "300"],
                cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        started.append((process, f"http://127.0.0.1:{port}", log))
    try:
        for _process, base, log in started:
            wait_for(lambda base=base: _answers(f"{base}/health/"), what="gunicorn", log=log)
        yield [base for _process, base, _log in started]
    finally:
        for process, _base, _log in started:
            stop(process)


class Browser:
    """One signed-in person's cookies, on whichever server."""

    def __init__(self, user):
        client = Client()  # one each: signing another person in would end this session
        client.force_login(user)
        self.session = client.cookies["sessionid"].value
        self.csrf = secrets.token_hex(16)

    def _open(self, request):
        request.add_header("Cookie", f"sessionid={self.session}; csrftoken={self.csrf}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, url):
        return self._open(urllib.request.Request(url))  # noqa: S310 - our own server

    def post(self, url, fields):
        request = urllib.request.Request(  # noqa: S310 - our own server
            url, data=urllib.parse.urlencode(fields).encode(), method="POST",
            headers={"X-CSRFToken": self.csrf, "HX-Request": "true"},
        )
        return self._open(request)


# The figures at the top of a dashboard, found by their markup (in any language): the
# executive board's first is the organisation's coverage; a leader's include their staff's.
FIGURE = re.compile(r'<div class="kompas-figure"><dt>.*?</dt><dd>(.*?)</dd>', re.S)
FIGURES = re.compile(r'<dl class="kompas-figures">.*?</dl>', re.S)
# An obligation not yet acknowledged has its form on the employee's page.
OPEN = 'action="/obligations/acknowledge/"'


def _figure(html: str, n: int) -> str:
    """The n-th figure's value (the text before any remark in it)."""
    return FIGURE.findall(html)[n].split("<", 1)[0].strip()


def _coverage_shown(html: str) -> str:
    return _figure(html, 0)


def _coverage_now(organisation) -> str:
    today = timezone.localdate()
    total = selectors.follow_up(organisation, period=quarter_start(today), today=today).total
    return f"{total.percent} %"


def test_a_write_through_one_server_shows_through_the_other(servers, organisation):
    world = build_world(organisation)
    a, b = servers
    employee = Browser(world[RoleLevel.EMPLOYEE])
    leader = Browser(world[RoleLevel.LEADER])
    executive = Browser(world[RoleLevel.EXECUTIVE_BOARD])
    employee_page = reverse("dashboards:employee")
    leader_page = reverse("dashboards:leader")
    executive_page = reverse("dashboards:executive")
    # Every page rendered and kept on both servers first.
    for base in (a, b):
        for browser, page in ((employee, employee_page), (leader, leader_page),
                              (executive, executive_page)):
            assert browser.get(base + page)[0] == 200
            assert browser.get(base + page)[0] == 200
    open_before = employee.get(b + employee_page)[1].count(OPEN)
    leader_before = FIGURES.search(leader.get(b + leader_page)[1]).group()
    coverage_before = _coverage_shown(executive.get(b + executive_page)[1])
    obligation = next(
        s.obligation for s in selectors.obligations_for_user(world[RoleLevel.EMPLOYEE],
                                                             organisation)
        if not s.acknowledged
    )

    status, _ = employee.post(a + reverse("obligations:acknowledge"), {
        "strategy": obligation.strategy_id, "text_hash": obligation.text_hash, "next": "",
    })
    written = time.monotonic()
    employee_after_b = employee.get(b + employee_page)[1]
    employee_after_a = employee.get(a + employee_page)[1]
    expected = _coverage_now(organisation)
    seen = []
    while time.monotonic() - written < 1.0:
        seen.append(_coverage_shown(executive.get(b + executive_page)[1]))
        time.sleep(0.05)
    time.sleep(max(0.0, 1.0 - (time.monotonic() - written)))
    executive_after = _coverage_shown(executive.get(b + executive_page)[1])
    # The employee's leader sees their write within a second, as the board does.
    leader_after = FIGURES.search(leader.get(b + leader_page)[1]).group()

    assert status == 200
    assert employee_after_b.count(OPEN) == employee_after_a.count(OPEN) == open_before - 1
    assert leader_after != leader_before
    assert expected != coverage_before
    assert executive_after == expected
    assert set(seen) <= {coverage_before, expected}
