"""The public site: an organisation's published policies, each in force with its PDF,
earlier adopted versions and final consultation summary, and its calendar. No login.

Answers carry ETag and Last-Modified, and a conditional request for an unchanged page
gets 304. The pages may be embedded in the organisation's own website (its `website`
origin) in an iframe: their CSP's frame-ancestors names exactly that origin, and only
on these pages (docs/public.md).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.csp import CSP
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from apps.consultations.models import Comment
from apps.consultations.selectors import consultation_summary
from apps.core.post_only import post_only
from apps.exports import services as export_services
from apps.exports.models import ExportKind
from apps.records import selectors as records
from apps.strategies import rendering

from . import calendar, permissions, selectors, services


def embed_origin(organisation) -> str:
    """The origin of the organisation's website, the one place that may frame its
    public pages ('' when it has none)."""
    parts = urlsplit(organisation.website or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def _public_csp(organisation) -> dict:
    ancestors = [CSP.SELF]
    if origin := embed_origin(organisation):
        ancestors.append(origin)
    return {**settings.SECURE_CSP, "frame-ancestors": ancestors}


def _conditional(request, organisation, render_page, strategy=None, extra=()):
    """Render a public page unless the client holds it already (304)."""
    with translation.override(organisation.language):
        etag, last_modified = selectors.public_state(organisation, strategy, extra=(
            request.get_full_path(), *extra,
        ))
        etag = f'"{etag}"'
        response = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if response is None:
            response = render_page()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Content-Language"] = organisation.language
    response["Cache-Control"] = "public, max-age=300"
    patch_vary_headers(response, ["Cookie"])
    response._csp_config = _public_csp(organisation)
    return response


def _context(request, organisation, **extra):
    return {
        "organisation": organisation,
        "current_organisation": organisation,
        "embedded": request.GET.get("embed") == "1",
        **extra,
    }


@login_not_required
@xframe_options_exempt
@require_safe
def organisation_page(request, org_slug):
    organisation = permissions.get_organisation(org_slug)

    def page():
        return render(request, "public/organisation.html", _context(
            request, organisation, rows=selectors.organisation_page(organisation),
        ))

    return _conditional(request, organisation, page)


@login_not_required
@xframe_options_exempt
@require_safe
def strategy_page(request, org_slug, slug, number=None):
    organisation = permissions.get_organisation(org_slug)
    strategy = permissions.get_published_strategy(organisation, slug)
    version = permissions.get_public_version(strategy, number)

    def page():
        return render(request, "public/strategy.html", _context(
            request, organisation, strategy=strategy, version=version,
            record=records.with_records([version])[0].record,
            body=rendering.version_body(version),
            earlier=selectors.earlier_versions(strategy),
            has_summary=selectors.had_consultation(version),
        ))

    return _conditional(request, organisation, page, strategy)


def _summary_state(version):
    latest = Comment.objects.filter(version=version).order_by("-pk").values_list(
        "pk", "answered_at", "hidden_at"
    )
    return tuple(str(row) for row in latest[:1]) + (str(Comment.objects.filter(
        version=version, hidden_at__isnull=True).count()),)


@login_not_required
@xframe_options_exempt
@require_safe
def summary_page(request, org_slug, slug, number):
    organisation = permissions.get_organisation(org_slug)
    strategy = permissions.get_published_strategy(organisation, slug)
    version = permissions.get_public_version(strategy, number)
    if not selectors.had_consultation(version):
        raise Http404

    def page():
        return render(request, "public/summary.html", _context(
            request, organisation, strategy=strategy, version=version,
            summary=consultation_summary(version),
        ))

    return _conditional(request, organisation, page, strategy, extra=_summary_state(version))


@login_not_required
@require_safe
def pdf(request, org_slug, slug, number, kind=ExportKind.STRATEGY):
    """The version's PDF (or its consultation summary's), made once and then kept; while
    it is being made, a page that says so and offers to look again."""
    organisation = permissions.get_organisation(org_slug)
    strategy = permissions.get_published_strategy(organisation, slug)
    version = permissions.get_public_version(strategy, number)
    if kind == ExportKind.CONSULTATION_SUMMARY and not selectors.had_consultation(version):
        raise Http404
    job = export_services.export_job_for(
        version=version, kind=kind, actor=None,
        failed_retry_after=export_services.PUBLIC_RETRY_AFTER,
    )
    job.refresh_from_db()  # made already, when tasks run in this process
    if not job.is_done or not job.file:
        with translation.override(organisation.language):
            response = render(request, "public/pdf_pending.html", _context(
                request, organisation, strategy=strategy, version=version, failed=job.is_failed,
            ))
        response["Cache-Control"] = "no-store"
        response["Refresh"] = "5"
        response._csp_config = _public_csp(organisation)
        return response
    try:
        stream = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        stream, filename=export_services.export_filename(job), content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    response["ETag"] = f'"{job.content_key[:32]}"'
    return response


@login_not_required
@require_safe
def public_calendar(request, org_slug):
    organisation = permissions.get_organisation(org_slug)
    with translation.override(organisation.language):
        body = calendar.as_ical(
            calendar.public_entries(organisation), name=organisation.name
        )
    return ical_response(body)


def ical_response(body: bytes) -> HttpResponse:
    # Inline (no Content-Disposition): Outlook and Google subscribe to the address.
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- Signed-in: publishing, and one's own calendar ------------------------------


@post_only("strategies:detail", pk="pk")
def publish(request, pk):
    strategy = permissions.get_strategy_to_publish(request.user, pk)
    published = request.POST.get("published") == "1"
    services.publication_set(actor=request.user, strategy=strategy, published=published)
    if published:
        messages.success(
            request,
            _("The strategy is published. Its adopted versions are on the public site."),
        )
    else:
        messages.success(request, _("The strategy is no longer on the public site."))
    return redirect("strategies:detail", strategy.pk)


@require_safe
def personal_calendar_page(request):
    feed = getattr(request.user, "calendar_feed", None)
    address = ""
    if feed is not None and feed.is_active:
        address = request.build_absolute_uri(
            _feed_path(calendar.feed_token(feed))
        )
    response = render(request, "public/personal_calendar.html", {"address": address})
    response["Cache-Control"] = "no-store"
    return response


def _feed_path(token):
    return reverse("calendar:feed", args=[token])


@post_only("calendar:personal")
def personal_calendar_renew(request):
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request, _("Your calendar has a new address. Any earlier address no longer works.")
    )
    return redirect("calendar:personal")


@post_only("calendar:personal")
def personal_calendar_stop(request):
    services.calendar_feed_stop(user=request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("calendar:personal")


@login_not_required
@require_safe
def personal_feed(request, token):
    user = calendar.feed_user(token)
    if user is None:
        raise Http404
    first = permissions.organisations_of(user).first()
    language = user.preferred_language or getattr(first, "language", settings.LANGUAGE_CODE)
    with translation.override(language):
        body = calendar.as_ical(calendar.personal_entries(user), name=_("Kompas: my calendar"))
    response = ical_response(body)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
