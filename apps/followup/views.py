"""Pages of the follow-up: thin, they authorise, call selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from apps.core.post_only import post_only
from apps.core.submissions import AlreadyMade, once_per_submission
from apps.exports import services as export_services
from apps.exports.models import ExportKind
from apps.strategies.models import Indicator

from . import csv_io, indicators, permissions, selectors, services
from .forms import MeasurementForm, MeasurementImportForm, ProgressForm, ReportForm


def _safe_next(request, target: str, fallback: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _action_context(request, action, form=None, saved=False) -> dict:
    today = timezone.localdate()
    current = selectors.with_progress(type(action).objects.filter(pk=action.pk), today).values(
        "progress_status", "progress_percent", "progress_at", "is_overdue"
    )[0]
    may_update = permissions.may_update_action(request.user, action)
    if form is None and may_update:
        form = ProgressForm(
            action=action,
            initial={
                "status": current["progress_status"],
                "percent": current["progress_percent"],
                "next": request.GET.get("next", ""),
            },
        )
    return {
        "action": action,
        "version": action.version,
        "strategy": action.version.strategy,
        "current": current,
        "current_label": selectors.status_label(current["progress_status"]),
        "history": selectors.history(action),
        "may_update": may_update,
        "form": form,
        "saved": saved,
    }


@require_safe
def action_detail(request, pk):
    action = permissions.get_action_for_user(request.user, pk)
    return render(request, "followup/action_detail.html", _action_context(request, action))


@post_only("followup:action", pk="pk")
@once_per_submission
def action_progress(request, pk):
    """Record progress; htmx gets the progress panel back, others a redirect."""
    action = permissions.get_action_for_user(request.user, pk, permissions.UPDATE)
    form = ProgressForm(request.POST, action=action)
    htmx = request.headers.get("HX-Request") == "true"
    if form.is_valid():
        try:
            services.action_progress_record(
                action=action,
                actor=request.user,
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                text=form.cleaned_data["text"],
            )
        except AlreadyMade:
            pass  # the same update a moment ago: recorded once, and shown as recorded
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
    if form.is_valid():
        if htmx:
            context = _action_context(request, action, saved=True)
            return render(request, "followup/includes/progress_panel.html", context)
        messages.success(request, _("The progress of the action has been recorded."))
        fallback = reverse("followup:action", args=[action.pk])
        return redirect(_safe_next(request, form.cleaned_data["next"], fallback))
    context = _action_context(request, action, form=form)
    template = "followup/includes/progress_panel.html" if htmx else "followup/action_detail.html"
    return render(request, template, context, status=422 if not htmx else 200)


def _version_context(
    request,
    version,
    measurement_form=None,
    import_form=None,
    import_errors=(),
    report_form=None,
) -> dict:
    today = timezone.localdate()
    actions = selectors.version_actions(version, today)
    for action in actions:
        action.progress_label = selectors.status_label(action.progress_status)
    may_measure = permissions.may_enter_measurements(request.user, version)
    if may_measure and measurement_form is None:
        measurement_form = MeasurementForm(indicators=Indicator.objects.filter(version=version))
    return {
        "version": version,
        "strategy": version.strategy,
        "actions": actions,
        "indicators": indicators.version_indicators(version),
        "may_measure": may_measure,
        "measurement_form": measurement_form,
        "import_form": import_form or MeasurementImportForm(),
        "import_errors": import_errors,
        "report_form": report_form
        or ReportForm(initial={"period": str(timezone.localdate().year - 1)}),
        "today": today,
    }


@require_safe
def version_followup(request, pk):
    version = permissions.get_version_for_user(request.user, pk)
    return render(request, "followup/version_followup.html", _version_context(request, version))


@post_only("followup:version", pk="pk")
@once_per_submission
def measurement_add(request, pk):
    version = permissions.get_version_for_measurements(request.user, pk)
    form = MeasurementForm(request.POST, indicators=Indicator.objects.filter(version=version))
    if form.is_valid():
        try:
            measurement = services.measurement_record(
                indicator=form.cleaned_data["indicator"],
                actor=request.user,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
    if form.is_valid():
        messages.success(request, _("The measurement has been saved."))
        url = reverse("followup:version", args=[version.pk])
        return redirect(f"{url}#indicator-{measurement.indicator_id}")
    context = _version_context(request, version, measurement_form=form)
    return render(request, "followup/version_followup.html", context, status=422)


@require_safe
def measurements_export(request, pk):
    """Every measurement of the version's strategy, for a spreadsheet."""
    version = permissions.get_version_for_user(request.user, pk)
    response = HttpResponse(
        csv_io.measurements_csv(version.strategy), content_type="text/csv; charset=utf-8"
    )
    name = f"{slugify(version.strategy.title) or 'strategy'}-measurements.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@post_only("followup:version", pk="pk")
@once_per_submission
def measurements_import(request, pk):
    """Measurements from a CSV file: all saved, or none and every bad line named."""
    version = permissions.get_version_for_measurements(request.user, pk)
    form = MeasurementImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        try:
            count = services.measurements_import(
                version=version, actor=request.user, data=form.cleaned_data["file"].read()
            )
        except csv_io.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s measurement has been saved.",
                    "%(count)s measurements have been saved.",
                    count,
                )
                % {"count": count},
            )
            return redirect(reverse("followup:version", args=[version.pk]) + "#indicators")
    context = _version_context(request, version, import_form=form, import_errors=errors)
    return render(request, "followup/version_followup.html", context, status=422)


@post_only("followup:version", pk="pk")
@once_per_submission
def report_create(request, pk):
    """The follow-up report of a period for the council, made in the background as a
    PDF like the strategy document; the person waits on the export's page."""
    version = permissions.get_version_for_user(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        context = _version_context(request, version, report_form=form)
        return render(request, "followup/version_followup.html", context, status=422)
    job = export_services.export_request(
        version=version,
        actor=request.user,
        kind=ExportKind.FOLLOWUP_REPORT,
        period=form.cleaned_data["period"],
    )
    return redirect("exports:job_status", pk=job.pk)
