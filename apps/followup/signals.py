"""Raise the organisation's content generation with every follow-up write, in the
same transaction, so a page kept in apps/core/page_cache (the dashboards, a decided
version's page) is never served without it. Bulk writes (apps/demo) call
generations_raise themselves.
"""

from django.db.models.signals import post_save

from apps.dashboards.signals import CONTENT
from apps.obligations.signals import generations_raise

from .models import Measurement, ProgressUpdate


def _raise(sender, instance, **kwargs):
    generations_raise(CONTENT, pk=instance.organisation_id)


for model in (ProgressUpdate, Measurement):
    post_save.connect(_raise, sender=model, dispatch_uid=f"followup-{model.__name__}-save")
