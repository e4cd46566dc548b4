"""Writes for the benchmark's mixed mode: people acknowledging obligations and leaders
recording check-ins over HTTP at a fixed rate, while wrk reads the pages.

A leader's check-in is one row of their unit's check-in page saved by its own button
(htmx), as a leader with the page open saves it: the page is read once per leader,
outside the measured time, and each row's answer says which registration the row
now shows (`seen`), for that row's next save.

The writers are real signed-in people of the organisation: their sessions are made
in-process (as a sign-in would, without paying the password hash for hundreds of
people) and each write is the POST a browser sends (htmx for acknowledgements, the
check-in form for leaders), with its CSRF token. Each write's latency is measured
from sending to the answer; a write answered with anything but the expected status
counts as an error.
"""

import html
import random
import re
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# Of every ten writes, two are check-ins and eight acknowledgements: the day after
# an adoption, when many people acknowledge and leaders follow up.
CHECK_IN_SHARE = 0.2


@dataclass(frozen=True)
class Write:
    kind: str  # "acknowledgement" or "check-in"
    path: str
    body: bytes
    cookie: str
    csrf: str
    expected: int
    # A check-in is saved from its page, which says which registration it showed
    # (`<token>-seen`): without it an update of someone else's is refused as a conflict,
    # as it is for a person.
    seen_field: str = ""
    page: str = ""  # the check-in page the row is on


@dataclass
class WriteStats:
    rate: float
    sent: int = 0
    errors: int = 0
    latencies_ms: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=20)[-1]

    def summary(self) -> dict:
        return {"rate": self.rate, "sent": self.sent, "errors": self.errors,
                "p50_ms": self.p50, "p95_ms": self.p95}


def _session(user) -> str:
    """A signed-in session of `user`, as django.contrib.auth.login makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in with a password (not django-axes' guard).
    session[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS
        if b.endswith(("ModelBackend", "LocalPasswordBackend"))
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class WritePool:
    """Writes not yet sent, handed out once each (acknowledging twice changes nothing,
    so each acknowledgement is a new one); check-ins may repeat (an update)."""

    def __init__(self, acknowledgements: list[Write], check_ins: list[Write], seed: int):
        self.acknowledgements = acknowledgements
        self.check_ins = check_ins
        self.random = random.Random(seed)  # noqa: S311 - a reproducible mix, not a secret
        self.lock = threading.Lock()

    def take(self) -> Write | None:
        with self.lock:
            if self.check_ins and (
                not self.acknowledgements or self.random.random() < CHECK_IN_SHARE
            ):
                return self.random.choice(self.check_ins)
            return self.acknowledgements.pop() if self.acknowledgements else None

    def __len__(self):
        return len(self.acknowledgements)


def prepare(slug: str, *, employees: int, leaders: int, skip: int = 0, seed: int = 1) -> WritePool:
    """Writes of `employees` people (from the `skip`-th) acknowledging what they have
    left, and of `leaders` leaders recording check-ins for their unit."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from apps.obligations import selectors
    from apps.obligations.models import CheckInStatus, quarter_start
    from apps.organisations.models import Organisation

    organisation = Organisation.objects.get(slug=slug)
    index = selectors.obligation_index(organisation)
    users = get_user_model().objects.filter(
        role_assignments__organisation=organisation
    ).distinct()
    acknowledgements = []
    for user in users.filter(username__regex=rf"^{slug}-medarbejder-\d+$").order_by("pk")[
        skip: skip + employees
    ]:
        cookie, csrf = _session(user), secrets.token_hex(16)
        for status in selectors.obligations_for_user(user, organisation, index=index):
            if status.acknowledged:
                continue
            body = urllib.parse.urlencode({
                "strategy": status.obligation.strategy_id,
                "text_hash": status.obligation.text_hash,
                "next": "",
            }).encode()
            acknowledgements.append(Write(
                "acknowledgement", reverse("obligations:acknowledge"), body,
                f"sessionid={cookie}; csrftoken={csrf}", csrf, 200,
            ))
    check_ins = []
    period = quarter_start(timezone.localdate())
    statuses = list(CheckInStatus.values)
    chooser = random.Random(seed)  # noqa: S311 - a reproducible mix
    for user in users.filter(username__regex=rf"^{slug}-leder-\d+-\d+$").order_by("pk")[
        skip // 10: skip // 10 + leaders
    ]:
        assignments = selectors.assignments_of(user, organisation)
        units = [a.unit for a in assignments if a.unit_id and a.role_level == "leader"]
        if not units:
            continue
        cookie, csrf = _session(user), secrets.token_hex(16)
        for status in selectors.obligations_for_leader(
            user, units[0], index=index, assignments=assignments, period=period
        )[:10]:
            token = status.obligation.token
            body = urllib.parse.urlencode({
                f"{token}-status": chooser.choice(statuses),
                f"{token}-note": "",
            }).encode()
            check_ins.append(Write(
                "check-in", reverse("obligations:check_in_row", args=[units[0].pk, token]),
                body, f"sessionid={cookie}; csrftoken={csrf}", csrf, 200,
                seen_field=f"{token}-seen",
                page=reverse("obligations:check_ins", args=[units[0].pk]),
            ))
    random.Random(seed).shuffle(acknowledgements)  # noqa: S311 - a reproducible order
    return WritePool(acknowledgements, check_ins, seed)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


# What each leader's open check-in page shows of each row (`seen`), by session and
# field: read from the page once, then from each row's answer.
_shown: dict[tuple[str, str], str] = {}
_opened: set[str] = set()
_shown_lock = threading.Lock()


def _remember(cookie: str, page: str) -> None:
    with _shown_lock:
        for name, value in re.findall(r'name="([^"]+-seen)" value="([^"]*)"', page):
            _shown[cookie, name] = html.unescape(value)


def _seen(base: str, write: Write, rows: bool) -> bytes:
    """The body of a check-in with the `seen` its row shows on the leader's page,
    opening the page first if this leader has not (outside the measured time). A
    tree without rows saved on their own (`rows` false: a --before tree older than
    them) saves the whole page and is led back to it, so it reads the page each time."""
    if write.cookie not in _opened or not rows:
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            f"{base}{write.page}", headers={"Cookie": write.cookie}
        )
        try:
            with _opener.open(request, timeout=60) as response:
                _remember(write.cookie, response.read().decode())
                if rows:  # a tree saving whole pages leaves nothing open for the next
                    _opened.add(write.cookie)
        except OSError:
            pass
    seen = _shown.get((write.cookie, write.seen_field), "")
    return write.body + b"&" + urllib.parse.urlencode({write.seen_field: seen}).encode()


def _send(base: str, write: Write, rows: bool = True) -> tuple[float, bool]:
    path, expected, body = write.path, write.expected, write.body
    if write.seen_field:
        body = _seen(base, write, rows)
        if not rows:
            token = write.seen_field.removesuffix("-seen")
            path, expected = write.page, 302
            body += b"&" + urllib.parse.urlencode({"obligation": token}).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        f"{base}{path}", data=body, method="POST",
        headers={"Cookie": write.cookie, "X-CSRFToken": write.csrf,
                 "HX-Request": "true" if rows or not write.seen_field else "false",
                 "Content-Type": "application/x-www-form-urlencoded"},
    )
    started = time.perf_counter()
    try:
        with _opener.open(request, timeout=60) as response:
            answer = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status, answer = error.code, b""
    except OSError:
        status, answer = 0, b""
    latency = 1000 * (time.perf_counter() - started)
    if write.seen_field and status == 200:
        _remember(write.cookie, answer.decode())
    return latency, status == expected


class WriteLoad:
    """Sends writes from `pool` to `base` at `rate` a second (spread evenly, each on
    its schedule whatever the previous one's latency) until stopped."""

    def __init__(self, base: str, pool: WritePool, rate: float, *, rows: bool = True):
        self.base, self.pool, self.rate, self.rows = base, pool, rate, rows
        self.stats = WriteStats(rate=rate)
        self._stop = threading.Event()
        self._thread = None
        self._lock = threading.Lock()

    def __enter__(self):
        if self.rate > 0:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=90)

    def reset(self):
        """Forget what was measured so far (after a warm-up)."""
        with self._lock:
            self.stats = WriteStats(rate=self.rate)

    def _record(self, kind: str, latency: float, ok: bool):
        with self._lock:
            stats = self.stats
            stats.sent += 1
            stats.latencies_ms.append(latency)
            stats.by_kind.setdefault(kind, []).append(latency)
            if not ok:
                stats.errors += 1

    def _run(self):
        interval = 1 / self.rate
        started = time.monotonic()
        n = 0
        with ThreadPoolExecutor(max_workers=8) as pool:
            while not self._stop.is_set():
                due = started + n * interval
                delay = due - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    break
                write = self.pool.take()
                if write is None:
                    break
                pool.submit(
                    lambda w=write: self._record(w.kind, *_send(self.base, w, self.rows))
                )
                n += 1
