"""Consultation pages: comment on a version, invite to it, answer comments, and the
summary (høringsnotat). Every page works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from apps.core.submissions import AlreadyMade, already_sent, once_per_submission
from apps.strategies.models import FROZEN_STATUSES, VersionStatus

from . import permissions, services
from .forms import DOCUMENT, AnswerForm, CommentForm, HideCommentForm, InviteForm
from .models import ConsultationInvitation
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
            .select_related("author_unit", "answered_by")
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
        context.update(
            version=version,
            strategy=version.strategy,
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


class InviteView(FormView):
    template_name = "consultations/invite.html"
    form_class = InviteForm

    def dispatch(self, request, *args, **kwargs):
        self.version = permissions.get_version_for_user(request.user, kwargs["pk"], "manage")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.version.strategy.organisation}

    def form_valid(self, form):
        users, units = form.cleaned_data["users"], form.cleaned_data["units"]
        try:
            services.consultation_invite(
                version=self.version, actor=self.request.user, users=users, units=units
            )
        except ValidationError as error:
            _add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, " ".join([
            ngettext("%(count)d person invited.", "%(count)d people invited.", len(users))
            % {"count": len(users)},
            ngettext("%(count)d unit invited.", "%(count)d units invited.", len(units))
            % {"count": len(units)},
        ]))
        return redirect("consultations:invite", self.version.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            version=self.version,
            strategy=self.version.strategy,
            invitations=list(
                ConsultationInvitation.objects.filter(version=self.version)
                .select_related("user", "unit", "invited_by")
            ),
            can_invite=self.version.status in permissions.INVITABLE_STATUSES,
        )
        return context


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
