"""Consultation pages: comment on a version, invite to it, answer comments, and the
summary (høringsnotat). Every page works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from apps.core.post_only import post_only
from apps.core.submissions import AlreadyMade, already_sent, once_per_submission
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import FROZEN_STATUSES, VersionStatus

from . import deadlines, parties, permissions, selectors, services
from .deadlines import consultation_of
from .forms import (
    DOCUMENT,
    AnswerForm,
    CommentForm,
    DeadlineForm,
    HideCommentForm,
    InviteForm,
    PartiesForm,
    people_search,
    person_label,
)
from .models import ConsultationInvitation, ConsultationParty
from .selectors import consultation_outline, consultation_summary, outline_keys


def _add_service_error(form, error: ValidationError):
    """Put a service's error on the field it names, or on the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@method_decorator(once_per_submission, name="post")
class ConsultationView(FormView):
    """The version's content with a comment action per item, and the comments made."""

    template_name = "consultations/version.html"
    form_class = CommentForm

    def dispatch(self, request, *args, **kwargs):
        self.version = permissions.get_version_for_user(request.user, kwargs["pk"])
        self.comments = list(
            permissions.visible_comments(request.user, self.version)
            .select_related("author_unit", "answered_by", "respondent")
        )
        self.outline = consultation_outline(self.version, self.comments)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "outline": self.outline}

    def get_initial(self):
        target = self.request.GET.get("target", "")
        return {"target": target if target in outline_keys(self.outline) else DOCUMENT}

    def form_valid(self, form):
        target_model, target_id = form.cleaned_data["target"]
        try:
            comment = services.comment_create(
                version=self.version, actor=self.request.user, target_model=target_model,
                target_id=target_id, text=form.cleaned_data["text"],
            )
        except AlreadyMade as made:
            already_sent(self.request)
            return redirect(f"{self.get_success_url()}#comment-{made.obj.pk}")
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your comment has been saved. Thank you."))
        return redirect(f"{self.get_success_url()}#comment-{comment.pk}")

    def get_success_url(self):
        return reverse("consultations:version", args=[self.version.pk])

    def get_context_data(self, **kwargs):
        user, version = self.request.user, self.version
        keys = outline_keys(self.outline)
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filters = {
            "show": params.get("show", ""),
            "target": params.get("about", ""),
            "author": params.get("by", ""),
        }
        filtering = any(filters.values())
        consultation = consultation_of(version)
        context.update(
            version=version,
            strategy=version.strategy,
            consultation=consultation,
            consultation_past=bool(consultation and consultation.is_past()),
            filters=filters,
            filtering=filtering,
            filtered_comments=(
                selectors.filter_comments(self.comments, **filters) if filtering else []
            ),
            authors=selectors.comment_authors(self.comments),
            outline=self.outline,
            document_comments=[c for c in self.comments if not c.target_key],
            # Comments on items a later edit removed from this version.
            orphan_comments=[c for c in self.comments if c.target_key and c.target_key not in keys],
            comment_count=len(self.comments),
            in_consultation=version.status == VersionStatus.CONSULTATION,
            can_comment=permissions.can_comment(user, version),
            can_manage=permissions.can_manage(user, version),
            can_answer=permissions.can_answer(user, version),
            can_view_summary=permissions.can_view_summary(user, version),
            sees_all_comments=permissions.can_see_all_comments(user, version),
        )
        return context


INVITED_PER_PAGE = 50


class InviteView(FormView):
    """Invite people (found by search), units, role levels and outside parties, and
    see who is invited and who has answered. A fixed number of queries however many
    are invited (the people invited are listed a page at a time)."""

    template_name = "consultations/invite.html"
    form_class = InviteForm
    parties_form = None

    def dispatch(self, request, *args, **kwargs):
        self.version = permissions.get_version_for_user(request.user, kwargs["pk"], "manage")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.version.strategy.organisation}

    def form_valid(self, form):
        data = form.cleaned_data
        users, units, levels = data["users"], data["units"], data["role_levels"]
        try:
            created = services.consultation_invite(
                version=self.version, actor=self.request.user, users=users, units=units,
                role_levels=levels,
            )
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        people = sum(1 for invitation in created if invitation.user_id)
        messages.success(self.request, " ".join([
            ngettext("%(count)d person invited.", "%(count)d people invited.", people)
            % {"count": people},
            ngettext("%(count)d unit invited.", "%(count)d units invited.", len(units))
            % {"count": len(units)},
        ]))
        return redirect("consultations:invite", self.version.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version, organisation = self.version, self.version.strategy.organisation
        query = self.request.GET.get("q", "")
        found = people_search(organisation, query)
        invited_people = (
            ConsultationInvitation.objects.filter(version=version, user__isnull=False)
            .select_related("user", "invited_by").order_by("user__full_name", "pk")
        )
        page = Paginator(invited_people, INVITED_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            version=version,
            strategy=version.strategy,
            consultation=consultation_of(version),
            unit_invitations=list(
                ConsultationInvitation.objects.filter(version=version, unit__isnull=False)
                .select_related("unit", "invited_by")
            ),
            people_page=page,
            query=query,
            found=_found_rows(version, found),
            parties=selectors.party_rows(version),
            parties_form=self.parties_form or PartiesForm(),
            can_invite=version.status in permissions.INVITABLE_STATUSES,
            can_invite_parties=version.status == VersionStatus.CONSULTATION,
        )
        return context


def _found_rows(version, people) -> list[dict]:
    invited = set(
        ConsultationInvitation.objects.filter(
            version=version, user__in=[person.pk for person in people]
        ).values_list("user_id", flat=True)
    ) if people else set()
    return [
        {"person": person, "label": person_label(person), "invited": person.pk in invited}
        for person in people
    ]


def invite_search(request, pk):
    """The people matching a search, for the invite form (htmx swaps them in)."""
    version = permissions.get_version_for_user(request.user, pk, "manage")
    query = request.GET.get("q", "")
    found = people_search(version.strategy.organisation, query)
    return render(request, "consultations/includes/invite_search_results.html", {
        "version": version, "query": query, "found": _found_rows(version, found),
    })


@method_decorator(once_per_submission, name="post")
class AnswerView(FormView):
    template_name = "consultations/answer.html"
    form_class = AnswerForm

    def dispatch(self, request, *args, **kwargs):
        self.comment = permissions.get_comment_for_user(request.user, kwargs["pk"], "manage")
        self.version = self.comment.version
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "response": self.comment.response,
            "outcome": self.comment.outcome or None,
            "resulting_change": self.comment.resulting_change,
        }

    def form_valid(self, form):
        try:
            services.comment_answer(comment=self.comment, actor=self.request.user,
                                    **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer has been saved."))
        return redirect(
            reverse("consultations:version", args=[self.version.pk]) + f"#comment-{self.comment.pk}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            comment=self.comment,
            version=self.version,
            strategy=self.version.strategy,
            can_answer=permissions.can_answer(self.request.user, self.version),
        )
        return context


class HideCommentView(FormView):
    """Hide an abusive comment, with a reason that stays in the record."""

    template_name = "consultations/hide.html"
    form_class = HideCommentForm

    def dispatch(self, request, *args, **kwargs):
        self.comment = permissions.get_comment_for_user(request.user, kwargs["pk"], "manage")
        self.version = self.comment.version
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.comment_hide(
                comment=self.comment, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The comment is hidden. It stays in the record."))
        return redirect(
            reverse("consultations:version", args=[self.version.pk]) + f"#comment-{self.comment.pk}"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment,
            version=self.version,
            strategy=self.version.strategy,
            can_hide=self.version.status not in FROZEN_STATUSES and not self.comment.is_hidden,
            **kwargs,
        )


class SummaryView(TemplateView):
    """The consultation summary (høringsnotat): comments, answers and outcomes."""

    template_name = "consultations/summary.html"

    def get_context_data(self, **kwargs):
        version = permissions.get_version_for_user(self.request.user, kwargs["pk"], "summary")
        context = super().get_context_data(**kwargs)
        context.update(
            version=version,
            strategy=version.strategy,
            summary=consultation_summary(version),
            can_answer=permissions.can_answer(self.request.user, version),
        )
        return context


class DeadlineView(FormView):
    """Extend the consultation's deadline, with the reason, and see its changes."""

    template_name = "consultations/deadline.html"
    form_class = DeadlineForm

    def dispatch(self, request, *args, **kwargs):
        self.version = permissions.get_version_for_user(request.user, kwargs["pk"], "manage")
        self.consultation = consultation_of(self.version)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            deadlines.deadline_extend(
                version=self.version, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The deadline has been extended."))
        return redirect("consultations:version", self.version.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.version,
            strategy=self.version.strategy,
            consultation=self.consultation,
            changes=list(
                self.consultation.deadline_changes.select_related("actor")
            ) if self.consultation else [],
            can_extend=self.version.status == VersionStatus.CONSULTATION,
            **kwargs,
        )


@post_only("consultations:invite", pk="pk")
def invite_parties(request, pk):
    version = permissions.get_version_for_user(request.user, pk, "manage")
    form = PartiesForm(request.POST)
    if form.is_valid():
        try:
            invited = parties.parties_invite(
                version=version, actor=request.user,
                entries=parties.parse_parties(form.cleaned_data["parties"]),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, ngettext(
                "%(count)d outside party invited. The invitation is sent by e-mail.",
                "%(count)d outside parties invited. The invitations are sent by e-mail.",
                len(invited),
            ) % {"count": len(invited)})
            return redirect(reverse("consultations:invite", args=[version.pk]) + "#parties")
    view = InviteView.as_view(parties_form=form)
    return view(request, pk=pk)


def _managed_party(request, pk) -> ConsultationParty:
    """An outside party of a consultation the person runs; 404 otherwise."""
    party = get_object_or_404(
        ConsultationParty.objects.select_related("version__strategy__organisation"),
        pk=pk, version__strategy__organisation__in=strategy_permissions.organisations_of(
            request.user
        ),
    )
    permissions.get_version_for_user(request.user, party.version_id, "manage")
    return party


def _party_invite_page(request, pk):
    return reverse("consultations:invite", args=[_managed_party(request, pk).version_id])


@post_only(_party_invite_page)
def withdraw_party(request, pk):
    party = _managed_party(request, pk)
    parties.party_withdraw(party=party, actor=request.user)
    messages.success(
        request,
        _("The invitation of %(party)s is withdrawn: their link no longer works.")
        % {"party": party},
    )
    return redirect(reverse("consultations:invite", args=[party.version_id]) + "#parties")
