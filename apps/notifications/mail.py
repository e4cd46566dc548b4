"""One e-mail to one person: a notification, or a digest of several.

Written in the recipient's language (their choice, else their organisation's), with
a text and an HTML part, absolute links to the pages (settings.KOMPAS_BASE_URL) and
a signed link per category that turns that category's e-mail off without signing in,
also offered as the one-click List-Unsubscribe header (RFC 8058).
"""

import email.policy
import hashlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from . import kinds
from .models import Category

UNSUBSCRIBE_SALT = "kompas.notifications.unsubscribe"


class Message(EmailMultiAlternatives):
    """Header lines up to RFC 5322's limit of 998: at the default 78, a long
    List-Unsubscribe URL is folded into RFC 2047 encoded words, which mail clients do
    not read as a URL."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def absolute(path: str) -> str:
    return settings.KOMPAS_BASE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, categories) -> str:
    return signing.dumps(
        {"u": user_id, "c": sorted(categories)}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def unsubscribe_read(token: str) -> tuple[int, list[str]]:
    """The person and categories a token names; signing.BadSignature when forged."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(value["u"]), [c for c in value["c"] if c in Category.values]


def unsubscribe_url(user_id: int, categories) -> str:
    return absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, categories)])
    )


def language_of(user, organisation) -> str:
    return user.preferred_language or organisation.language or settings.LANGUAGE_CODE


def message_id(user, notifications) -> str:
    """The same for the same person and notifications: a copy sent again after a
    crash between the server's acceptance and our record of it can be told apart."""
    ids = ",".join(str(n.pk) for n in sorted(notifications, key=lambda n: n.pk))
    digest = hashlib.sha256(f"{user.pk}:{ids}".encode()).hexdigest()[:24]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "kompas"
    return f"<kompas.{user.pk}.{digest}@{domain}>"


def build(user, notifications) -> EmailMultiAlternatives:
    organisation = notifications[0].organisation
    with translation.override(language_of(user, organisation)):
        items = [
            {
                "title": kinds.title(n),
                "url": absolute(kinds.path(n)),
                "action": kinds.action(n),
                "changes": kinds.changes(n),
            }
            for n in notifications
        ]
        categories = sorted({n.category for n in notifications})
        if len(items) == 1:
            subject = items[0]["title"]
        else:
            subject = ngettext(
                "%(count)s thing in Kompas needs your attention",
                "%(count)s things in Kompas need your attention",
                len(items),
            ) % {"count": len(items)}
        context = {
            "user": user,
            "organisation": organisation,
            "items": items,
            "digest": len(items) > 1,
            "subject": subject,
            "inbox_url": absolute(reverse("notifications:inbox")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "unsubscribe": [
                {"label": Category(c).label, "url": unsubscribe_url(user.pk, [c])}
                for c in categories
            ],
            "language": translation.get_language(),
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
        stop_all = unsubscribe_url(user.pk, categories)
        headers = {
            "List-Unsubscribe": f"<{stop_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id(user, notifications),
            "Content-Language": translation.get_language(),
            "Auto-Submitted": "auto-generated",
        }
    message = Message(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
