from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission
from apps.organisations.models import Organisation

from . import permissions, reasons, selectors, services
from .forms import AcknowledgeForm, UnitCheckInsForm, seen_stamp
from .models import quarter_start
from .rules import LEADERSHIP_LEVELS


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
        index = selectors.obligation_index(organisation)
        assignments = selectors.assignments_of(self.request.user, organisation)
        statuses = selectors.obligations_for_user(
            self.request.user, organisation, index=index, assignments=assignments
        )
        reasons.attach(statuses, assignments, index.tree)
        return super().get_context_data(
            organisation=organisation,
            groups=selectors.grouped(statuses),
            acknowledged=sum(s.acknowledged for s in statuses),
            total=len(statuses),
            next_url=self.request.get_full_path(),
            **kwargs,
        )


@post_only("obligations:list")
def acknowledge(request):
    """Acknowledge one obligation; htmx gets the acknowledged fragment, others a redirect."""
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        raise Http404
    organisation = organisation_of(request.user)
    # Read once, for the write and for the counters the answer shows.
    index = selectors.obligation_index(organisation)
    assignments = selectors.assignments_of(request.user, organisation)
    try:
        acknowledgement = services.acknowledgement_create(
            user=request.user,
            organisation=organisation,
            strategy_id=form.cleaned_data["strategy"],
            text_hash=form.cleaned_data["text_hash"],
            index=index,
            assignments=assignments,
        )
    except (services.ObligationNotFound, PermissionDenied) as error:
        raise Http404 from error
    if request.headers.get("HX-Request") == "true":
        return render(
            request, "obligations/includes/acknowledge_response.html",
            {"acknowledgement": acknowledgement, "announce": True,
             **_counts(request, organisation, index, assignments)},
        )
    messages.success(request, _("Thank you. Your acknowledgement has been recorded."))
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("obligations:list")
    return redirect(target)


def _counts(request, organisation, index, assignments) -> dict:
    """The counters of the page the acknowledgement was made on, to swap in out of band:
    the leader dashboard's of the unit it shows (`unit`), or else all the person's."""
    unit = next(
        (a.unit for a in assignments
         if a.unit_id is not None and a.role_level in LEADERSHIP_LEVELS
         and str(a.unit_id) == request.POST.get("unit")),
        None,
    )
    if unit is not None:
        obligations = selectors.leader_obligations(
            unit, index=index, assignments=assignments
        )
        return {"unit_count": {
            "acknowledged": selectors.acknowledged_count(request.user, obligations),
            "total": len(obligations),
        }}
    obligations = index.for_assignments((a.role_level, a.unit_id) for a in assignments)
    return {
        "acknowledged": selectors.acknowledged_count(request.user, obligations),
        "total": len(obligations),
    }


@method_decorator(once_per_submission, name="post")
class CheckInView(TemplateView):
    """The quarter's check-ins of a unit: one form, one save, for every obligation the
    unit owes (each row can also be saved on its own: CheckInRowView). Its leaders and
    managers register; those who follow the unit up (a manager above it, the executive
    board, the communications department) read it."""

    template_name = "obligations/check_ins.html"

    def dispatch(self, request, *args, **kwargs):
        self.unit = permissions.get_unit_for_user(
            request.user, kwargs["pk"], permissions.FOLLOW_UP
        )
        self.organisation = self.unit.organisation
        self.period = quarter_start(timezone.localdate())
        self.index = selectors.obligation_index(self.organisation)
        self.leaders = selectors.unit_leaders(self.unit)
        # permissions.can(CHECK_IN) answered from the leaders already read; the service
        # asks permissions itself before it writes.
        self.may_register = any(a.user_id == request.user.pk for a in self.leaders)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def owed(self):
        """What the unit owes a check-in for (its leaders' obligations), worked out once
        for the page, its save and its count."""
        return selectors.owed_by(self.index, self.leaders)

    def statuses(self, token: str | None = None):
        """What the unit owes a check-in for (`token`: only that obligation, if owed),
        each with why it binds the viewer (`reasons`), who of the unit's leaders
        carries it (`carriers`) and which registration the page shows (`seen`)."""
        statuses = selectors.obligations_owed_by_unit(
            self.unit, owed=self.owed, period=self.period, token=token
        )
        mine = [a for a in self.leaders if a.user_id == self.request.user.pk]
        reasons.attach(statuses, mine, self.index.tree)

        # What each leader carries, read once for the page (it owes hundreds at a
        # large municipality): who in the unit carries each obligation that is not the
        # viewer's own. Leaders with the same role share what they carry.
        carried = {}
        for a in self.leaders:
            if (a.role_level, a.unit_id) not in carried:
                carried[a.role_level, a.unit_id] = {
                    o.key for o in self.index.for_assignment(a.role_level, a.unit_id)
                }
        names = [(str(a.user), carried[a.role_level, a.unit_id]) for a in self.leaders]
        for status in statuses:
            key = status.obligation.key
            status.carriers = list(dict.fromkeys(name for name, keys in names if key in keys))
            status.seen = seen_stamp(status.check_in)
        return statuses

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or UnitCheckInsForm(self.statuses())
        leaders = {}
        for assignment in self.leaders:
            leaders.setdefault(assignment.user_id, {"user": assignment.user, "roles": []})
            leaders[assignment.user_id]["roles"].append(reasons.role_noun(assignment.role_level))
        return super().get_context_data(
            unit=self.unit,
            period=self.period,
            form=form,
            rows=form.page_rows(),
            form_labels=form.labels,
            may_register=self.may_register,
            leaders=list(leaders.values()),
            recorded=sum(row["status"].check_in is not None for row in form.rows),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.may_register:
            raise PermissionDenied
        form = UnitCheckInsForm(self.statuses(), request.POST)
        if form.is_valid():
            entries = form.entries()
            if not entries:
                messages.info(
                    request, _("Nothing was saved: no check-in was filled in or changed.")
                )
                return redirect(request.path)
            try:
                saved = services.checkins_record(
                    leader=request.user, unit=self.unit, entries=entries, owed=self.owed
                )
            except services.CheckInsRefused as refused:
                form.add_refusal(refused)
            else:
                messages.success(request, ngettext(
                    "%(count)s check-in has been saved.",
                    "%(count)s check-ins have been saved.",
                    len(saved),
                ) % {"count": len(saved)})
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class CheckInRowView(CheckInView):
    """One obligation's check-in saved from its row of the check-in page, by htmx: the
    answer is the row as it is now, with what was saved or what to correct, and the
    page's count of registrations out of band. The other rows, and what is typed in
    them, stay as they are on the leader's screen. (Without JavaScript the row's button
    sends the whole form, which CheckInView saves.)"""

    template_name = "obligations/includes/check_in_row_response.html"

    def get(self, request, *args, **kwargs):
        return redirect("obligations:check_ins", pk=self.unit.pk)

    def post(self, request, *args, **kwargs):
        if not self.may_register:
            raise PermissionDenied
        token = kwargs["token"]
        statuses = self.statuses(token)
        if not statuses:
            # Adopted anew (or the leader's role changed) since the page was opened.
            return self._answer(token=token, gone=True)
        form = UnitCheckInsForm(statuses, request.POST)
        if not form.is_valid():
            return self._answer(form=form)
        entries = form.entries()
        if not entries:
            # Nothing typed, or nothing new: the row as it is registered now.
            return self._answer(form=UnitCheckInsForm(statuses), unchanged=True)
        try:
            (saved,) = services.checkins_record(
                leader=request.user, unit=self.unit, entries=entries, owed=self.owed
            )
        except services.CheckInsRefused as refused:
            form.add_refusal(refused)
            return self._answer(form=form)
        (status,) = statuses
        status.check_in, status.seen = saved, seen_stamp(saved)
        return self._answer(form=UnitCheckInsForm(statuses), saved=True)

    def _answer(self, *, form=None, token="", **flags):
        """The row (`form`), or for an obligation no longer owed (`gone`) a notice in its
        place with the note the leader typed; and the page's count."""
        return render(self.request, self.template_name, {
            "unit": self.unit,
            "may_register": True,
            "row": form.page_rows()[0] if form is not None else None,
            "form_labels": form.labels if form is not None else {},
            "typed_note": (self.request.POST.get(f"{token}-note") or "").strip(),
            "recorded": selectors.check_ins_recorded(
                self.unit, obligations=self.owed, period=self.period
            ),
            "total": len(self.owed),
            **flags,
        })
