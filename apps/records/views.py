"""Correcting the record of a decided version: the form, and the correction it makes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.strategies import permissions
from apps.strategies.views.common import add_service_errors

from . import selectors, services
from .forms import CorrectionForm


@require_http_methods(["GET", "HEAD", "POST"])
def correct(request, pk):
    version = permissions.get_version_for_user(request.user, pk, "correct_record")
    record = selectors.record_of(version)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.record_correct(
                    version=version, actor=request.user, changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The record was corrected. The correction is shown with the version."),
                )
                return redirect("strategies:version_detail", version.pk)
    else:
        form = CorrectionForm(initial={name: record.value(name) for name in selectors.FIELDS})
    return render(
        request, "records/correct.html",
        {"version": version, "strategy": version.strategy, "form": form, "record": record},
    )
