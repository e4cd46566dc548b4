"""Writes of notifications: telling people, reading, preferences and unsubscribing.

Telling is idempotent: (person, event key) is unique, so a second report of the
same event (a retried task, the scheduled run again, two of them at once) adds
nothing. The e-mail goes out from the outbox these rows form (delivery.py), and
a send is asked for once the transaction that made them commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CATEGORY_OF_KIND, Category, Frequency, Notification, Preference

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Recipient:
    user_id: int
    data: dict | None = None  # the person's own details, when they differ from the event's


def notify(
    *, organisation, kind: str, obj, event_key: str, recipients: Iterable, data: dict | None = None
) -> int:
    """Tell each recipient (a user, a user id or a Recipient) of one event, once.

    Returns how many were told now (those already told of this event are left out).
    """
    content_type = ContentType.objects.get_for_model(obj)
    category = CATEGORY_OF_KIND[kind]
    people: dict[int, dict] = {}
    for recipient in recipients:
        if isinstance(recipient, Recipient):
            people[recipient.user_id] = recipient.data or data or {}
        else:
            people[getattr(recipient, "pk", recipient)] = data or {}
    if not people:
        return 0
    already = set()
    for chunk in _chunks(list(people), BATCH_SIZE):
        already.update(
            Notification.objects.filter(user_id__in=chunk, event_key=event_key).values_list(
                "user_id", flat=True
            )
        )
    rows = [
        Notification(
            user_id=user_id,
            organisation=organisation,
            kind=kind,
            category=category,
            event_key=event_key,
            content_type=content_type,
            object_id=obj.pk,
            data=details,
        )
        for user_id, details in people.items()
        if user_id not in already
    ]
    # The unique constraint settles a race with another run telling the same people.
    Notification.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    if rows:
        transaction.on_commit(_send_soon)
    return len(rows)


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _send_soon():
    """With a worker, send at once rather than at the next beat. Without one (the
    embedded default, where tasks run eagerly in the request) the mail waits for
    `manage.py send_notifications`: a request never waits on an SMTP server."""
    from config.celery import app

    from .tasks import notifications_send

    if not app.conf.task_always_eager:
        notifications_send.delay()


def notification_read(*, notification: Notification, actor) -> Notification:
    """Mark one of the person's own notifications read (reading again changes nothing)."""
    if notification.user_id != actor.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, actor) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


def frequencies_of(user) -> dict[str, str]:
    """The person's choice for every category, defaults filled in."""
    from .models import default_frequency

    chosen = dict(Preference.objects.filter(user=user).values_list("category", "frequency"))
    return {
        category: chosen.get(category, default_frequency(category)) for category in Category.values
    }


@transaction.atomic
def preferences_set(*, user, frequencies: dict[str, str]) -> None:
    """Save how often the person hears of each category."""
    errors = {}
    for category, frequency in frequencies.items():
        if category not in Category.values:
            errors[category] = _("Choose one of the kinds of notification listed.")
        elif frequency not in Frequency.values:
            errors[category] = _("Choose how often you want to hear of this.")
    if errors:
        raise ValidationError(errors)
    for category, frequency in frequencies.items():
        Preference.objects.update_or_create(
            user=user, category=category, defaults={"frequency": frequency}
        )


def unsubscribe(*, user, categories: Iterable[str]) -> list[str]:
    """Turn e-mail off for these categories (the inbox keeps showing them)."""
    categories = [c for c in categories if c in Category.values]
    preferences_set(user=user, frequencies=dict.fromkeys(categories, Frequency.OFF))
    return categories
