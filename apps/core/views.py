import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from apps.accounts.client_ip import client_ip

from . import services
from .forms import AccessibilityReportForm
from .services import PAGE_URL_MAX_CHARS

# When the statement was last reviewed against the interface; change it with the text.
STATEMENT_DATE = datetime.date(2026, 11, 23)


def home(request):
    """The landing page after login: the dashboard of the person's role."""
    return redirect("dashboards:home")


@login_not_required
@require_safe
def health(request):
    """Liveness and database readiness for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
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


def _local_path(value: str) -> str:
    """A path on this site, or nothing: the form is prefilled only with our own pages."""
    if (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and value.isprintable()
    ):
        return value[:PAGE_URL_MAX_CHARS]
    return ""


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(FormView):
    """The accessibility statement the law requires of public bodies, with a report form.

    Public: people must be able to read it, and report a problem, without an account.
    """

    template_name = "core/accessibility_statement.html"
    form_class = AccessibilityReportForm

    def get_initial(self):
        return {"page_url": _local_path(self.request.GET.get("page", ""))}

    def form_valid(self, form):
        try:
            services.accessibility_report_create(
                **form.cleaned_data, sender=client_ip(self.request)
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you. Your report has been received, and we will look into the problem."),
        )
        return redirect("core:accessibility")

    def get_context_data(self, **kwargs):
        return super().get_context_data(statement_date=STATEMENT_DATE, **kwargs)


def bad_request(request, exception=None):
    """400 in the interface's design. A form larger than the server takes (a huge paste)
    is told apart: the page says what the limit is, and that the text is still in the form
    one step back (the browser keeps it); static/js/forms.js stops most such forms before
    they are sent."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
    from django.shortcuts import render
    from django.utils.formats import number_format

    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    context = {
        "too_big": too_big,
        "limit": number_format(limit_mb, decimal_pos=1),
        "back": _same_site_referer(request),
    }
    return render(request, "400.html", context, status=400)


def _same_site_referer(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.headers.get("Referer", "")
    allowed = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
    return referer if allowed else ""
