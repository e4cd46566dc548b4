"""What the exports' audit verbs mean, in words, with the job's state now: an export
recorded as asked for is shown as what became of it (apps/audit/presentation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

from .models import ExportJob, ExportKind, ExportStatus

OUTCOME = {
    ExportStatus.QUEUED: gettext_lazy("Waiting to start."),
    ExportStatus.RUNNING: gettext_lazy("Being made now."),
    ExportStatus.DONE: gettext_lazy("Ready."),
    ExportStatus.FAILED: gettext_lazy("Failed."),
}


def prepare(events):
    ids = {e.object_id for e in events if e.object_type == "ExportJob" and e.object_id}
    if not ids:
        return {}
    return {"export_jobs": {job.pk: job for job in ExportJob.objects.filter(pk__in=ids)}}


def _job(event, context):
    data = event.data or {}
    kind = dict(ExportKind.choices).get(data.get("kind"))
    parts = [_("%(kind)s as PDF.") % {"kind": kind}] if kind else []
    job = context.get("export_jobs", {}).get(event.object_id)
    # The row's name was written with the state it had then ("… (Waiting to start)").
    item = str(kind or event.object_repr)
    if job is None:
        parts.append(_("The file is no longer kept."))
        return {"text": " ".join(parts), "item": item}
    parts.append(_("Now: %(outcome)s") % {"outcome": OUTCOME[job.status]})
    link_text = _("Download the PDF") if job.status == ExportStatus.DONE else _(
        "See the export"
    )
    return {
        "text": " ".join(parts),
        "item": item,
        "link": reverse("exports:job_status", args=[job.pk]),
        "link_text": link_text,
    }


SENTENCES = {
    "export.request": Sentence(gettext_lazy("Asked for a PDF"), _job),
    "export.ask_again": Sentence(gettext_lazy("Asked for a failed PDF again"), _job),
}
