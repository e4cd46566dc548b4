"""Sending the outbox: each person's due notifications, exactly once.

A row's e-mail moves pending → sending → sent (EmailStatus). A run claims people's
due rows in a short transaction: it locks them with SELECT … FOR UPDATE SKIP LOCKED,
so two runs at once (two beats, a duplicate task delivery, cron beside beat) take
different people, and moves them to `sending` under its own claim token with a
conditional UPDATE (only rows still pending), so even a database without row locks
(SQLite) never gives one row to two runs. Only then is the mail sent, and the rows
are marked sent. A failure (the server down, a recipient refused) puts the rows back
to pending with a later next attempt (backoff), up to MAX_ATTEMPTS. A run that died
after claiming leaves rows in `sending`; after STALE_CLAIM they are tried again:
the one case where a mail may be sent twice is a process killed between the
server's acceptance and the commit of `sent`, and that mail has the same Message-ID.

What is due: rows of categories the person wants immediately, and digest rows made
before the last digest time (daily at DIGEST_HOUR, weekly on Mondays); everything due
for one person goes in one mail. Categories turned off are skipped (the inbox still
shows them), as are people without an address. Mails of one run share one SMTP
connection and are sent in batches of BATCH_USERS people.
"""

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import mail
from .models import EmailStatus, Frequency, Notification, Preference, default_frequency

logger = logging.getLogger(__name__)

BATCH_USERS = 100
MAX_ATTEMPTS = 8
# 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h: about a day before giving up.
BACKOFF = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
STALE_CLAIM = datetime.timedelta(minutes=30)


@dataclass
class Report:
    sent: int = 0  # mails
    notifications: int = 0  # rows in them
    skipped: int = 0
    retried: int = 0
    failed: int = 0


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def digest_moment(now: datetime.datetime, frequency: str) -> datetime.datetime:
    """The last time (≤ now) a digest of this frequency was due."""
    local = timezone.localtime(now)
    day = local.date()
    if frequency == Frequency.WEEKLY:
        day -= datetime.timedelta(days=day.weekday())
    hour = datetime.time(settings.NOTIFICATIONS_DIGEST_HOUR)
    moment = timezone.make_aware(datetime.datetime.combine(day, hour))
    if moment > now:
        moment -= datetime.timedelta(days=7 if frequency == Frequency.WEEKLY else 1)
    return moment


def _due_filter(now) -> Q:
    return Q(email_status=EmailStatus.PENDING) & (
        Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    )


def release_stale(now) -> int:
    """Rows a run claimed and never finished (its process died) are pending again."""
    return Notification.objects.filter(
        email_status=EmailStatus.SENDING, email_claimed_at__lt=now - STALE_CLAIM
    ).update(
        email_status=EmailStatus.PENDING, email_claim="", email_attempts=F("email_attempts") + 1
    )


def _candidates(now, after: int, limit: int) -> list[int]:
    return list(
        Notification.objects.filter(_due_filter(now), user_id__gt=after)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:limit]
    )


def _is_due(row, frequency, moments) -> bool:
    if frequency == Frequency.IMMEDIATELY or row.email_attempts:
        return True
    return row.created_at < moments[frequency]


@transaction.atomic
def _claim(user_ids, now, token) -> tuple[dict[int, list[Notification]], int]:
    """Claim the due rows of these people; returns them by person, and how many were
    skipped (category off, no address)."""
    rows = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(_due_filter(now), user_id__in=user_ids)
        .only("pk", "user_id", "category", "created_at", "email_attempts")
    )
    chosen = defaultdict(dict)
    for user_id, category, frequency in Preference.objects.filter(
        user_id__in={r.user_id for r in rows}
    ).values_list("user_id", "category", "frequency"):
        chosen[user_id][category] = frequency
    addresses = dict(
        get_user_model().objects.filter(pk__in={r.user_id for r in rows}).values_list("pk", "email")
    )
    moments = {f: digest_moment(now, f) for f in (Frequency.DAILY, Frequency.WEEKLY)}
    due, skipped = [], []
    for row in rows:
        frequency = chosen[row.user_id].get(row.category, default_frequency(row.category))
        if frequency == Frequency.OFF or not addresses.get(row.user_id):
            skipped.append(row.pk)
        elif _is_due(row, frequency, moments):
            due.append(row.pk)
    n_skipped = Notification.objects.filter(
        pk__in=skipped, email_status=EmailStatus.PENDING
    ).update(email_status=EmailStatus.SKIPPED)
    Notification.objects.filter(pk__in=due, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING, email_claim=token, email_claimed_at=now
    )
    claimed = defaultdict(list)
    for row in (
        Notification.objects.filter(email_claim=token, email_status=EmailStatus.SENDING)
        .select_related("organisation")
        .order_by("user_id", "created_at", "pk")
    ):
        claimed[row.user_id].append(row)
    return claimed, n_skipped


def _retry_later(rows, now, error: str) -> tuple[int, int]:
    """Back to pending with a later attempt, or failed after the last one."""
    attempts = max(r.email_attempts for r in rows) + 1
    pks = [r.pk for r in rows]
    if attempts >= MAX_ATTEMPTS:
        n = Notification.objects.filter(pk__in=pks, email_status=EmailStatus.SENDING).update(
            email_status=EmailStatus.FAILED,
            email_attempts=attempts,
            email_error=error[:500],
            email_claim="",
        )
        return 0, n
    n = Notification.objects.filter(pk__in=pks, email_status=EmailStatus.SENDING).update(
        email_status=EmailStatus.PENDING,
        email_attempts=attempts,
        email_next_attempt_at=now + backoff(attempts),
        email_error=error[:500],
        email_claim="",
    )
    return n, 0


def _sent(rows, now) -> None:
    Notification.objects.filter(
        pk__in=[r.pk for r in rows], email_status=EmailStatus.SENDING
    ).update(email_status=EmailStatus.SENT, email_sent_at=now, email_claim="", email_error="")


def send_due(*, now: datetime.datetime | None = None, batch_users: int = BATCH_USERS) -> Report:
    """Send every person's due notifications; safe to run any number of times at once."""
    now = now or timezone.now()
    report = Report()
    release_stale(now)
    users = get_user_model().objects
    connection = None
    after = 0
    try:
        while True:
            candidates = _candidates(now, after, batch_users)
            if not candidates:
                break
            after = candidates[-1]
            token = uuid.uuid4().hex
            claimed, skipped = _claim(candidates, now, token)
            report.skipped += skipped
            if not claimed:
                continue
            people = users.in_bulk(list(claimed))
            if connection is None:
                connection = mailers.default
            broken = None
            for user_id, rows in claimed.items():
                if broken is not None:
                    retried, failed = _retry_later(rows, now, broken)
                    report.retried += retried
                    report.failed += failed
                    continue
                try:
                    connection.open()
                    connection.send_messages([mail.build(people[user_id], rows)])
                except smtplib.SMTPRecipientsRefused as error:
                    retried, failed = _retry_later(rows, now, f"refused: {error.recipients}")
                    report.retried += retried
                    report.failed += failed
                    logger.warning("notification_refused user=%s", user_id)
                except (smtplib.SMTPException, OSError) as error:
                    # The server is down or went away: nobody else in this run either.
                    broken = f"{type(error).__name__}: {error}"
                    retried, failed = _retry_later(rows, now, broken)
                    report.retried += retried
                    report.failed += failed
                    logger.warning("notification_smtp_unavailable error=%s", broken)
                    _close(connection)
                    connection = None
                else:
                    _sent(rows, now)
                    report.sent += 1
                    report.notifications += len(rows)
            if broken is not None:
                break
    finally:
        _close(connection)
    logger.info(
        "notifications_sent mails=%s notifications=%s skipped=%s retried=%s failed=%s",
        report.sent,
        report.notifications,
        report.skipped,
        report.retried,
        report.failed,
    )
    return report


def _close(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail too
        logger.debug("smtp_close_failed", exc_info=True)
