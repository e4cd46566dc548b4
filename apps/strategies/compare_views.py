"""Compare two versions of one strategy, or a version with the adopted one."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions
from .compare import compare_versions
from .models import StrategyVersion, VersionStatus


def version_label(version: StrategyVersion) -> str:
    return _("Version %(number)s (%(status)s)") % {
        "number": version.number, "status": version.get_status_display(),
    }


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return version_label(obj)


class ComparePickForm(forms.Form):
    """Two versions of one strategy; sent with GET so the result has a plain address."""

    a = VersionChoiceField(
        queryset=StrategyVersion.objects.none(), label=gettext_lazy("From version"),
        empty_label=None, widget=forms.Select(attrs={"class": "form-select"}),
    )
    b = VersionChoiceField(
        queryset=StrategyVersion.objects.none(), label=gettext_lazy("To version"),
        empty_label=None, widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = versions
        self.fields["b"].queryset = versions


def _strategy_versions(user, strategy):
    return permissions.visible_versions(user).filter(strategy=strategy).order_by("-number")


def _render(request, version, base, *, message=""):
    """The page comparing `base` (older, as a rule) with `version`."""
    strategy = version.strategy
    versions = _strategy_versions(request.user, strategy)
    picker = ComparePickForm(
        versions=versions,
        initial={"a": base.pk if base else None, "b": version.pk},
    )
    diffs = compare_versions(base, version) if base is not None else []
    return render(request, "strategies/compare.html", {
        "strategy": strategy,
        "version": version,
        "base": base,
        "version_label": version_label(version),
        "base_label": version_label(base) if base is not None else "",
        "diffs": diffs,
        "changed_diffs": [diff for diff in diffs if diff.has_changes],
        "picker": picker,
        "message": message,
    })


def compare(request, a_pk, b_pk):
    """How version b differs from version a. Both must be visible and of one strategy."""
    base = permissions.get_version_for_user(request.user, a_pk)
    version = permissions.get_version_for_user(request.user, b_pk)
    if base.strategy_id != version.strategy_id:
        raise Http404
    return _render(request, version, base)


def _pair(request, a_pk, b_pk):
    base = permissions.get_version_for_user(request.user, a_pk)
    version = permissions.get_version_for_user(request.user, b_pk)
    if base.strategy_id != version.strategy_id:
        raise Http404
    return base, version


def compare_print(request, a_pk, b_pk):
    """The changes alone, as a page to print (the council's agenda)."""
    base, version = _pair(request, a_pk, b_pk)
    diffs = compare_versions(base, version)
    return render(request, "strategies/compare_print.html", {
        "strategy": version.strategy,
        "version": version,
        "base": base,
        "version_label": version_label(version),
        "base_label": version_label(base),
        "changed_diffs": [diff for diff in diffs if diff.has_changes],
    })


def compare_pdf(request, a_pk, b_pk):
    """The changes as a tagged PDF in the document's language."""
    from apps.exports.redline import redline_pdf

    base, version = _pair(request, a_pk, b_pk)
    response = HttpResponse(redline_pdf(base, version), content_type="application/pdf")
    name = f"{version.strategy.slug}-v{base.number}-v{version.number}-changes.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def compare_pick(request):
    """The picker's GET target: on to the comparison's own address."""
    a = permissions.get_version_for_user(request.user, _int(request.GET.get("a")))
    b = permissions.get_version_for_user(request.user, _int(request.GET.get("b")))
    if a.strategy_id != b.strategy_id:
        raise Http404
    return redirect("compare:versions", a.pk, b.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def compare_with_adopted(request, pk):
    """A version against the strategy's adopted one; the adopted one against its predecessor."""
    version = permissions.get_version_for_user(request.user, pk)
    strategy_versions = version.strategy.versions
    if version.status == VersionStatus.ADOPTED:
        base = (
            strategy_versions.filter(status=VersionStatus.SUPERSEDED, number__lt=version.number)
            .order_by("-number").first()
        )
        message = _(
            "This is the adopted version, and no earlier version was adopted before it, "
            "so there is nothing to compare it with."
        )
    else:
        base = strategy_versions.adopted().first()
        message = _(
            "This strategy has no adopted version yet, so there is nothing to compare "
            "this version with. Choose another version below."
        )
    if base is None:
        return _render(request, version, None, message=message)
    base = permissions.get_version_for_user(request.user, base.pk)
    return _render(request, version, base)
