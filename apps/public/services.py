"""Writes of the public publication: publishing a strategy, and personal calendar feeds."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.audit.services import audit_record

from . import permissions
from .models import CalendarFeed, Publication


@transaction.atomic
def publication_set(*, actor, strategy, published: bool) -> Publication:
    """Publish the strategy on the public site, or take it off. `actor` None: the
    installation itself (load_demo). A change is recorded in the audit log."""
    if actor is not None and not permissions.can(actor, permissions.PUBLISH, strategy):
        raise PermissionDenied
    publication, _created = Publication.objects.select_for_update().get_or_create(
        strategy=strategy
    )
    if publication.is_published == published:
        return publication
    publication.is_published = published
    publication.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    publication.save()
    audit_record(
        organisation=strategy.organisation,
        actor=actor,
        verb="strategy.publish" if published else "strategy.unpublish",
        obj=strategy,
        data={"published": published},
    )
    return publication


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A (new) personal feed address for the person; every earlier one stops working."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.generation += 1
    feed.is_active = True
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_stop(*, user) -> None:
    """No personal feed address works any more, until the person asks for a new one."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is not None and feed.is_active:
        feed.generation += 1
        feed.is_active = False
        feed.save()
