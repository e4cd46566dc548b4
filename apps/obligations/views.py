from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from apps.organisations.models import Organisation

from . import permissions, selectors, services
from .forms import AcknowledgeForm, CheckInForm
from .models import quarter_start


def organisation_of(user) -> Organisation:
    """The organisation the signed-in person works in (as the page header shows it)."""
    organisation = Organisation.objects.for_user(user).first()
    if organisation is None:
        raise Http404
    return organisation


class ObligationListView(TemplateView):
    """Everything that binds the signed-in person, to read and acknowledge."""

    template_name = "obligations/obligation_list.html"

    def get_context_data(self, **kwargs):
        organisation = organisation_of(self.request.user)
        statuses = selectors.obligations_for_user(self.request.user, organisation)
        return super().get_context_data(
            organisation=organisation,
            groups=selectors.grouped(statuses),
            acknowledged=sum(s.acknowledged for s in statuses),
            total=len(statuses),
            next_url=self.request.get_full_path(),
            **kwargs,
        )


@require_POST
def acknowledge(request):
    """Acknowledge one obligation; htmx gets the acknowledged fragment, others a redirect."""
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        raise Http404
    organisation = organisation_of(request.user)
    try:
        acknowledgement = services.acknowledgement_create(
            user=request.user,
            organisation=organisation,
            strategy_id=form.cleaned_data["strategy"],
            text_hash=form.cleaned_data["text_hash"],
        )
    except (services.ObligationNotFound, PermissionDenied) as error:
        raise Http404 from error
    if request.headers.get("HX-Request") == "true":
        return render(
            request, "obligations/includes/acknowledged.html",
            {"acknowledgement": acknowledgement, "announce": True},
        )
    messages.success(request, _("Thank you. Your acknowledgement has been recorded."))
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("obligations:list")
    return redirect(target)


class CheckInView(TemplateView):
    """A leader's check-ins of this quarter, one form per obligation of their unit."""

    template_name = "obligations/check_ins.html"

    def dispatch(self, request, *args, **kwargs):
        self.unit = permissions.get_unit_for_user(request.user, kwargs["pk"], permissions.CHECK_IN)
        self.organisation = self.unit.organisation
        self.period = quarter_start(timezone.localdate())
        return super().dispatch(request, *args, **kwargs)

    def statuses(self):
        index = selectors.obligation_index(self.organisation)
        assignments = selectors.assignments_of(self.request.user, self.organisation)
        return selectors.obligations_for_leader(
            self.request.user, self.unit, index=index, assignments=assignments,
            period=self.period,
        )

    def forms_for(self, statuses, bound=None):
        rows = []
        for status in statuses:
            prefix = status.obligation.token
            if bound is not None and bound.prefix == prefix:
                form = bound
            else:
                check_in = status.check_in
                initial = {"status": check_in.status, "note": check_in.note} if check_in else {}
                form = CheckInForm(prefix=prefix, initial=initial)
            rows.append({"status": status, "form": form})
        return rows

    def get_context_data(self, **kwargs):
        statuses = kwargs.pop("statuses", None) or self.statuses()
        return super().get_context_data(
            unit=self.unit,
            period=self.period,
            rows=self.forms_for(statuses, kwargs.pop("bound", None)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        statuses = self.statuses()
        token = request.POST.get("obligation", "")
        status = next((s for s in statuses if s.obligation.token == token), None)
        if status is None:
            raise Http404
        form = CheckInForm(request.POST, prefix=token)
        if form.is_valid():
            try:
                services.checkin_record(
                    leader=request.user,
                    unit=self.unit,
                    strategy_id=status.obligation.strategy_id,
                    text_hash=status.obligation.text_hash,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            except services.ObligationNotFound as error:
                raise Http404 from error
        if form.is_valid():
            messages.success(request, _("The check-in has been saved."))
            return redirect(f"{request.path}#{token}")
        return self.render_to_response(
            self.get_context_data(statuses=statuses, bound=form, error_token=token)
        )
