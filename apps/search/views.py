"""The search page: a GET form, so a search can be bookmarked and shared (signed-in only,
as every page is: LoginRequiredMiddleware)."""

from django.shortcuts import render

from . import selectors
from .forms import SearchForm


def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.search(
            request.user, form.cleaned_data["q"], include_earlier=form.cleaned_data["earlier"]
        )
    return render(
        request, "search/search.html",
        {"form": form, "results": results, "section": "search"},
    )
