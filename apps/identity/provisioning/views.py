"""Importing units and people from a file: upload, preview (a dry run), apply."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.submissions import once_per_submission

from ..administration.forms import ImportForm
from ..administration.views.common import organisation_of
from ..models import ImportUpload, ImportUploadStatus
from ..services import FileError, ImportHasErrors, import_apply, import_plan
from .tabular import template_csv

PREVIEW_LIMIT = 200


@once_per_submission
def import_start(request):
    organisation = organisation_of(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = ImportUpload.objects.create(
            organisation=organisation, uploaded_by=request.user, filename=upload.name[:255],
            content=upload.read(), full=form.cleaned_data["full"],
        )
        return redirect("identity:import_preview", pk=stored.pk)
    return render(request, "identity/import_start.html", {
        "organisation": organisation, "form": form,
    })


def import_template(request):
    organisation_of(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kompas-import-template.csv"'
    return response


def _upload(request, pk):
    organisation = organisation_of(request)
    upload = ImportUpload.objects.for_organisation(organisation).filter(
        pk=pk, uploaded_by=request.user
    ).first()
    if upload is None:
        raise Http404
    return organisation, upload


def import_preview(request, pk):
    """GET: what the file would do. POST: do it, all or nothing."""
    organisation, upload = _upload(request, pk)
    arguments = {
        "actor": request.user, "organisation": organisation, "data": bytes(upload.content),
        "filename": upload.filename, "full": upload.full,
    }
    file_error = None
    if request.method == "POST" and upload.status == ImportUploadStatus.PREVIEWED:
        try:
            plan = import_apply(**arguments)
        except ImportHasErrors as error:
            plan = error.plan
        except FileError as error:
            plan, file_error = None, str(error)
        else:
            upload.status, upload.applied_at = ImportUploadStatus.APPLIED, timezone.now()
            upload.content, upload.summary = b"", plan.summary()
            upload.save(update_fields=["status", "applied_at", "content", "summary"])
            messages.success(request, _("The file was imported."))
            return redirect("identity:import_done", pk=upload.pk)
    elif upload.status == ImportUploadStatus.APPLIED:
        return redirect("identity:import_done", pk=upload.pk)
    else:
        try:
            plan = import_plan(**arguments)
        except FileError as error:
            plan, file_error = None, str(error)
    return render(request, "identity/import_preview.html", {
        "organisation": organisation, "upload": upload, "plan": plan,
        "file_error": file_error, "limit": PREVIEW_LIMIT,
    }, status=400 if file_error or (plan and plan.has_errors) else 200)


def import_done(request, pk):
    organisation, upload = _upload(request, pk)
    if upload.status != ImportUploadStatus.APPLIED:
        return redirect("identity:import_preview", pk=upload.pk)
    return render(request, "identity/import_done.html", {
        "organisation": organisation, "upload": upload,
    })
