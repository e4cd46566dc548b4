"""After load_demo, one run of send_notifications sends each demo user one digest and
a second run sends nothing."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from apps.notifications.models import Notification
from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db


def test_send_notifications_after_load_demo_sends_each_demo_user_one_mail_once():
    # Every demo user of every municipality: one per role level (README: make run).
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo_users = get_user_model().objects.filter(
        username__regex="-({})$".format("|".join(RoleLevel.values))
    )
    addresses = set(demo_users.values_list("email", flat=True))
    with_something = set(
        Notification.objects.filter(user__in=demo_users).values_list("user__email", flat=True)
    )

    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = Counter(address for message in mail.outbox for address in message.to)
    mail.outbox.clear()
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert set(first) == with_something == addresses  # every demo user, Glostrup's too
    assert set(first.values()) == {1}
    assert mail.outbox == []
