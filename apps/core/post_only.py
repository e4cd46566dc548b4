"""POST-only URLs that answer GET and HEAD with their page instead of a blank 405.

A form rejected at a POST URL is shown at that URL (the lifecycle's
/strategies/versions/<pk>/status/adopted/, say). Reloading it without resending,
bookmarking it, following it from the history or switching the language there asks
for it with GET: the person gets the page the form belongs to.

    @post_only("strategies:version_detail", pk="pk")
    def version_transition(request, pk, to_status): ...

names the page (a URL name) and which of the view's URL arguments it takes (the
page's argument = the view's); a callable `page(request, *args, **kwargs) -> url`
serves a page that has to be looked up. A class-based view is decorated as a class.
`page_of(path)` gives the language switch a page that exists for any path.
tests/core/test_post_only.py sweeps every URL pattern: a POST-only view without this
answers 405 and fails it.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

SAFE = ("GET", "HEAD")


def _page_url(page, pass_on, request, args, kwargs) -> str:
    if callable(page):
        return page(request, *args, **kwargs)
    return reverse(page, kwargs={target: kwargs[source] for target, source in pass_on.items()})


def post_only(page: str | Callable, **pass_on: str):
    def decorate(view):
        if isinstance(view, type):
            dispatch = view.dispatch

            def guarded_dispatch(self, request, *args, **kwargs):
                if request.method in SAFE:
                    return redirect(_page_url(page, pass_on, request, args, kwargs))
                return dispatch(self, request, *args, **kwargs)

            view.dispatch = wraps(dispatch)(guarded_dispatch)
            view.post_only_page = staticmethod(
                lambda request, *args, **kwargs: _page_url(page, pass_on, request, args, kwargs)
            )
            return view

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method in SAFE:
                return redirect(_page_url(page, pass_on, request, args, kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        guarded.post_only_page = (
            lambda request, *args, **kwargs: _page_url(page, pass_on, request, args, kwargs)
        )
        # A page found through the view's object (a callable) is 404 where that object
        # is out of the person's reach, as the view itself would be.
        guarded.post_only_looks_up = callable(page)
        return guarded

    return decorate


def page_getter(func):
    """The callable that gives a POST-only view's page, or None for any other view."""
    getter = getattr(func, "post_only_page", None)
    if getter is None:
        getter = getattr(getattr(func, "view_class", None), "post_only_page", None)
    return getter


def page_of(request, url: str) -> str:
    """`url` itself if a GET there shows a page; the page of a POST-only URL instead
    (keeping nothing of its query, which belonged to the POST)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    getter = page_getter(match.func)
    if getter is None:
        return url
    return getter(request, *match.args, **match.kwargs)
