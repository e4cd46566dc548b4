"""The editor's formatting preview: a text as the reader page will show it."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

# A preview is read while typing; a text longer than this is previewed in part.
PREVIEW_LIMIT = 20_000


@require_safe
def markdown_preview(request):
    """The one text sent (htmx includes the field being typed in) as formatted HTML.
    Reads nothing and changes nothing, so a GET that anyone signed in may make."""
    text = next((value for _name, value in request.GET.items()), "")[:PREVIEW_LIMIT]
    html = render_to_string("strategies/includes/markdown_preview.html", {"text": text})
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response
