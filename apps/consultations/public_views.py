"""The pages of a consultation reached without an account: an invited party's page
by its personal signed link (/hoering/<token>/) and a public consultation's page
(/hoering/public/<key>/). Nothing else of Kompas is reachable from them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from . import parties, permissions
from .deadlines import consultation_of, is_open
from .forms import RespondForm
from .selectors import consultation_outline
from .throttling import public_answer_allowed
from .views import _add_service_error


def _respond(request, version, *, party=None):
    outline = consultation_outline(version)
    open_now = is_open(version)
    form = RespondForm(outline=outline)
    if party is not None and request.method == "GET":
        form = RespondForm(outline=outline, initial={"organisation": party.name,
                                                     "contact": party.email})
    if request.method == "POST" and open_now:
        form = RespondForm(request.POST, request.FILES, outline=outline)
        if form.is_valid() and party is None and not public_answer_allowed(request, version):
            form.add_error(None, _too_many())
            return _render_respond(request, version, party, outline, form, open_now, 429)
        if form.is_valid():
            data = form.cleaned_data
            target_model, target_id = data["target"]
            try:
                parties.answer_without_account(
                    version=version, party=party, name=data["name"],
                    organisation=data["organisation"], contact=data["contact"],
                    accepted_notice=data["accept_notice"], target_model=target_model,
                    target_id=target_id, text=data["text"], letter=data["letter"],
                )
            except ValidationError as error:
                _add_service_error(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _thanks())
                return redirect(request.path)
    status = 200 if open_now or request.method == "GET" else 409
    return _render_respond(request, version, party, outline, form, open_now, status)


def _render_respond(request, version, party, outline, form, open_now, status):
    response = render(request, "consultations/respond.html", {
        "version": version,
        "strategy": version.strategy,
        "organisation": version.strategy.organisation,
        "consultation": consultation_of(version),
        "party": party,
        "outline": outline,
        "form": form,
        "is_open": open_now,
        # Sent after the deadline: shown back, so the writer can keep it.
        "unsent_text": request.POST.get("text", "") if not open_now else "",
    }, status=status)
    response["Content-Language"] = version.language
    return response


def _thanks():
    from django.utils.translation import gettext as _

    return _("Thank you. Your answer has been received and is part of the consultation.")


def _too_many():
    from django.utils.translation import gettext as _

    return _(
        "Many answers have come from your address in the last hour, so this one was not "
        "saved. Your text is kept below: send it again in an hour, or write to the "
        "municipality."
    )


def _invalid(request):
    return render(request, "consultations/link_invalid.html", status=404)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_answer(request, token):
    party = parties.party_from_token(token)
    if party is None or party.version.status != "consultation":
        return _invalid(request)
    # The page of an outside party is in the language of the document it is about:
    # its texts, the form's and the service's messages alike.
    with translation.override(party.version.language):
        return _respond(request, party.version, party=party)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def public_answer(request, key):
    version = parties.public_version(key)
    if version is None:
        return _invalid(request)
    with translation.override(version.language):
        return _respond(request, version)


def letter(request, pk):
    """A høringssvar's PDF letter, for those who read every comment of the version."""
    comment = permissions.get_comment_for_user(request.user, pk)
    if comment.respondent_id is None or not comment.respondent.letter:
        raise Http404
    if not permissions.can_see_all_comments(request.user, comment.version):
        raise Http404
    respondent = comment.respondent
    return FileResponse(
        respondent.letter.open("rb"), content_type="application/pdf", as_attachment=True,
        filename=respondent.letter_name or "letter.pdf",
    )



