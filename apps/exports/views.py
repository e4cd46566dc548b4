from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.post_only import post_only

from . import permissions, services
from .models import ExportKind


@post_only("strategies:version_detail", pk="version_pk")
def export_create(request, version_pk):
    version = permissions.get_version_for_export(request.user, version_pk)
    job = services.export_request(version=version, actor=request.user)
    return redirect("exports:job_status", pk=job.pk)


@post_only("strategies:version_detail", pk="version_pk")
def summary_export_create(request, version_pk):
    """The consultation summary (høringsnotat) of a version as a PDF."""
    version = permissions.get_version_for_summary_export(request.user, version_pk)
    job = services.export_request(
        version=version, actor=request.user, kind=ExportKind.CONSULTATION_SUMMARY
    )
    return redirect("exports:job_status", pk=job.pk)


@require_safe
def job_status(request, pk):
    job = permissions.get_job_for_user(request.user, pk)
    # htmx polls for the state alone; everyone else gets the whole page.
    template = "exports/job_status.html"
    if request.headers.get("HX-Request") == "true":
        template += "#job-state"
    context = {
        "job": job,
        "version": job.version,
        "waited": services.export_waited(job) if job.is_pending else None,
        "slow": services.export_is_slow(job),
    }
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response


def job_ask_again(request, pk):
    """Ask again for a file that takes longer than usual; a GET (a reload, a bookmark)
    just shows the job's page."""
    job = permissions.get_job_for_user(request.user, pk)
    if request.method == "POST":
        if services.export_ask_again(job=job, actor=request.user):
            messages.info(request, _("The PDF has been asked for again."))
        else:
            messages.info(request, _("The PDF is still being made. Give it a moment more."))
    return redirect("exports:job_status", pk=job.pk)


@require_safe
def job_download(request, pk):
    job = permissions.get_job_for_user(request.user, pk)
    if not job.is_done or not job.file:
        raise Http404
    try:
        stream = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=services.export_filename(job),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
