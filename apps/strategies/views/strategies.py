"""The strategies list, starting a strategy, and a strategy's page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from apps.core.submissions import AlreadyMade, already_sent, once_per_submission
from apps.records import selectors as records
from apps.records.models import RecordCorrection

from .. import archive, listing, permissions, services
from ..forms import (
    StrategyCreateForm,
)
from ..models import Strategy, VersionStatus, VersionTransition
from .common import (
    add_service_errors,
    compare_with_adopted_url,
    creatable_organisations,
    export_button_available,
    get_strategy,
    with_something_to_read,
)


class StrategyListView(ListView):
    template_name = "strategies/strategy_list.html"
    context_object_name = "strategies"

    def showing_archived(self) -> bool:
        return self.request.GET.get("archived") == "1"

    def get_queryset(self):
        user = self.request.user
        shown = permissions.visible_versions(user)
        self.filter_form = listing.StrategyFilterForm(self.request.GET or None)
        strategies = permissions.visible_strategies(user)
        strategies = strategies.archived() if self.showing_archived() else strategies.listed()
        strategies = (
            with_something_to_read(user, strategies)
            .select_related("organisation")
            .prefetch_related(
                Prefetch("versions", queryset=shown.order_by("-number"), to_attr="shown_versions")
            )
        )
        return listing.apply(strategies, shown, self.filter_form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_create = creatable_organisations(user).exists()
        rows = []
        # Only someone who may create strategies can ever edit one; skip the check otherwise.
        changeable = (
            permissions.changeable_strategy_ids(
                user, Strategy.objects.filter(pk__in=[s.pk for s in context["strategies"]])
            )
            if may_create else set()
        )
        for strategy in context["strategies"]:
            has_draft = any(v.status == VersionStatus.DRAFT for v in strategy.shown_versions)
            may_edit = has_draft and strategy.pk in changeable
            rows.append(
                {
                    "strategy": strategy,
                    "versions": [
                        {"version": v, "may_edit": may_edit and v.status == VersionStatus.DRAFT}
                        for v in strategy.shown_versions
                    ],
                }
            )
        context.update(
            rows=rows, may_create=may_create, showing_archived=self.showing_archived(),
            filter_form=self.filter_form,
            # Only the communications department archives; only they are offered the list.
            archived_count=(
                with_something_to_read(user, permissions.visible_strategies(user).archived())
                .count() if may_create else 0
            ),
        )
        return context


@method_decorator(once_per_submission, name="post")
class StrategyCreateView(FormView):
    template_name = "strategies/strategy_form.html"
    form_class = StrategyCreateForm

    def dispatch(self, request, *args, **kwargs):
        self.organisations = creatable_organisations(request.user)
        if not self.organisations.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            strategy = services.strategy_create(
                organisation=data["organisation"], actor=self.request.user,
                title=data["title"], subtitle=data["subtitle"], kind=data["kind"],
            )
        except AlreadyMade as made:
            already_sent(self.request)
            return redirect("strategies:detail", made.obj.pk)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        draft = strategy.versions.get()
        messages.success(
            self.request, _("The strategy was created. Its first draft is ready to be written.")
        )
        return redirect("strategies:version_edit", draft.pk)


class StrategyDetailView(DetailView):
    template_name = "strategies/strategy_detail.html"
    context_object_name = "strategy"

    def get_object(self, queryset=None):
        return get_strategy(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, strategy = self.request.user, self.object
        versions = list(
            permissions.visible_versions(user).filter(strategy=strategy)
            .select_related("created_by").order_by("-number")
        )
        may_change = permissions.can(user, "change", strategy)
        corrections = {}
        for correction in RecordCorrection.objects.filter(
            version__in=[v.pk for v in versions if v.is_frozen]
        ):
            corrections.setdefault(correction.version_id, []).append(correction)
        adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
        context.update(
            versions=[
                {
                    "version": v,
                    "record": records.record_of(v, corrections.get(v.pk, [])),
                    # The version-level rules of permissions.can, decided without a query each.
                    "may_edit": may_change and v.status == VersionStatus.DRAFT,
                    "may_new_draft": may_change and v.is_frozen,
                    "compare_url": (
                        compare_with_adopted_url(v) if adopted and v.pk != adopted.pk else ""
                    ),
                }
                for v in versions
            ],
            history=VersionTransition.objects.filter(version__in=[v.pk for v in versions])
            .select_related("actor", "version")
            .order_by("-created_at", "-pk"),
            may_audit=permissions.can(user, "audit", strategy),
            may_remove=permissions.can(user, "delete", strategy),
            removable=not archive.removal_refusal(strategy),
            export_button=export_button_available(),
        )
        return context


