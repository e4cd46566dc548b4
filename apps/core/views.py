from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET


def home(request):
    """The landing page after login: the dashboard of the person's role."""
    return redirect("dashboards:home")


@login_not_required
@require_GET
def health(request):
    """Liveness and database readiness for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def theme_css(request, slug):
    """The organisation's colours as CSS custom properties (inline styles are blocked by CSP)."""
    from django.shortcuts import get_object_or_404
    from django.template.loader import render_to_string

    from apps.organisations.models import Organisation

    organisation = get_object_or_404(Organisation, slug=slug)
    css = render_to_string("core/theme.css", {"organisation": organisation})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
