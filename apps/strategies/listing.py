"""The strategies list's filters and orderings (kind, status, the year in force, sort).

A status filter asks about the versions the person may see, so filtering cannot reveal
a draft the list would not show. The filters are a GET form: a filtered list can be
bookmarked, and a bad value is reported on the form while the whole list is shown.
"""

import datetime

from django import forms
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import StrategyKind, VersionStatus

IN_FORCE, ENDED = "in_force", "ended"

STATUS_CHOICES = [
    ("", _("Any status")),
    (IN_FORCE, _("In force")),
    (ENDED, _("Period ended")),
    (VersionStatus.CONSULTATION, VersionStatus.CONSULTATION.label),
    (VersionStatus.PROPOSED, VersionStatus.PROPOSED.label),
    (VersionStatus.DRAFT, _("Has a draft")),
]
SORT_CHOICES = [
    ("title", _("Title")),
    ("changed", _("Most recently changed")),
    ("adopted", _("Most recently adopted")),
    ("review", _("Review due first")),
]


class StrategyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StrategyKind.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    year = forms.IntegerField(
        label=_("In force in the year"), required=False, min_value=1950, max_value=2100,
        error_messages={
            "min_value": _("Give a year from 1950 on."),
            "max_value": _("Give a year up to 2100."),
            "invalid": _("Give the year as four digits, e.g. 2026."),
        },
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-input input-width-xs" if name == "year" else "form-select"
            field.widget.attrs["class"] = css
        self.fields["year"].widget.attrs["inputmode"] = "numeric"

    @property
    def filters(self) -> bool:
        """Whether the list is narrowed (not only sorted)."""
        if not (self.is_bound and self.is_valid()):
            return False
        return any(self.cleaned_data.get(name) for name in ("kind", "status", "year"))


def _decided_in_year(year: int) -> Q:
    """A decided version whose period (from its start, else its adoption) covers `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    starts = Q(valid_from__lte=last) | Q(valid_from__isnull=True, adopted_on__lte=last)
    return (
        Q(status__in=(VersionStatus.ADOPTED, VersionStatus.SUPERSEDED))
        & starts
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=first))
    )


def apply(strategies, shown_versions, form: StrategyFilterForm):
    """`strategies` filtered and ordered as the (valid) form asks; `shown_versions`: the
    versions the person may see. An invalid form filters nothing and sorts by title."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    if data.get("kind"):
        strategies = strategies.filter(kind=data["kind"])
    status = data.get("status")
    if status:
        adopted = shown_versions.filter(status=VersionStatus.ADOPTED)
        versions = {
            IN_FORCE: adopted.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)),
            ENDED: adopted.filter(valid_until__lt=today),
        }.get(status) or shown_versions.filter(status=status)
        strategies = strategies.filter(pk__in=versions.values("strategy_id"))
    if data.get("year"):
        strategies = strategies.filter(
            pk__in=shown_versions.filter(_decided_in_year(data["year"])).values("strategy_id")
        )
    sort = data.get("sort") or "title"
    if sort == "changed":
        return strategies.annotate(changed=Max("versions__updated_at")).order_by(
            F("changed").desc(nulls_last=True), "title"
        )
    if sort == "adopted":
        return strategies.annotate(
            adopted=Max("versions__adopted_on", filter=Q(versions__in=shown_versions))
        ).order_by(F("adopted").desc(nulls_last=True), "title")
    if sort == "review":
        return strategies.annotate(
            review=Min(
                "versions__review_due",
                filter=Q(versions__status=VersionStatus.ADOPTED),
            )
        ).order_by(F("review").asc(nulls_last=True), "title")
    return strategies.order_by("title")
