"""Archiving a strategy out of the lists and back, and deleting one started by mistake."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.core.post_only import post_only

from .. import archive
from .common import get_strategy


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the strategy is deleted"), required=False,
        help_text=gettext_lazy("Kept in the audit log with the deletion."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-input input-width-xl"}),
    )


def _refused(request, strategy, error):
    for message in error.messages:
        messages.error(request, message)
    return redirect("strategies:detail", strategy.pk)


@post_only("strategies:detail", pk="pk")
def strategy_archive(request, pk):
    strategy = get_strategy(request.user, pk, "archive")
    try:
        archive.strategy_archive(strategy=strategy, actor=request.user)
    except ValidationError as error:
        return _refused(request, strategy, error)
    messages.success(
        request,
        _("“%(title)s” was archived. It is no longer in the lists; you find it under "
          "archived strategies.") % {"title": strategy.title},
    )
    return redirect("strategies:detail", strategy.pk)


@post_only("strategies:detail", pk="pk")
def strategy_unarchive(request, pk):
    strategy = get_strategy(request.user, pk, "archive")
    archive.strategy_unarchive(strategy=strategy, actor=request.user)
    messages.success(
        request, _("“%(title)s” is back in the lists.") % {"title": strategy.title}
    )
    return redirect("strategies:detail", strategy.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def strategy_delete(request, pk):
    strategy = get_strategy(request.user, pk, "delete")
    refusal = archive.removal_refusal(strategy)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        title = strategy.title
        try:
            archive.strategy_delete(
                strategy=strategy, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            return _refused(request, strategy, error)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("strategies:list")
    return render(
        request, "strategies/strategy_confirm_delete.html",
        {"strategy": strategy, "refusal": refusal, "form": form,
         "versions": strategy.versions.order_by("-number")},
        status=409 if refusal and request.method == "POST" else 200,
    )
