"""A strategy's audit log as its readers see it: every verb in words in the reader's
language (apps/audit/presentation.py), filtered by who, what and when, and as CSV.
"""

from django.db.models import Q
from django.http import HttpResponse
from django.utils.text import slugify
from django.views.generic import ListView

from apps.audit import presentation
from apps.audit.filters import AuditFilterForm, log_csv
from apps.audit.models import AuditEvent

from .common import get_strategy


def _strategy_log(strategy):
    return (
        AuditEvent.objects.filter(organisation_id=strategy.organisation_id)
        .filter(Q(version__strategy=strategy) | Q(object_type="Strategy", object_id=strategy.pk))
        .select_related("actor", "version")
        .order_by("-created_at", "-pk")
    )


class StrategyAuditView(ListView):
    template_name = "strategies/audit_log.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.strategy = get_strategy(self.request.user, self.kwargs["pk"], "audit")
        log = _strategy_log(self.strategy)
        self.filters = AuditFilterForm(self.request.GET or None, events=log)
        return self.filters.apply(log)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            events = self.get_queryset()
            response = HttpResponse(log_csv(events), content_type="text/csv; charset=utf-8")
            name = f"{slugify(self.strategy.title) or 'strategy'}-audit-log.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context.update(
            strategy=self.strategy,
            filters=self.filters,
            rows=presentation.describe(context["events"]),
            query=query.urlencode(),
        )
        return context
