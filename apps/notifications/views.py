"""The inbox, preferences and the one-click unsubscribe of the e-mails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.post_only import post_only
from apps.organisations.models import Organisation

from . import kinds, mail, permissions, selectors, services
from .forms import PreferencesForm
from .models import Category

PER_PAGE = 30


@require_safe
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PER_PAGE).get_page(request.GET.get("page"))
    entries = [
        {
            "notification": n,
            "title": kinds.title(n),
            "action": kinds.action(n),
            "changes": kinds.changes(n),
        }
        for n in page
    ]
    return render(request, "notifications/inbox.html", {"page": page, "entries": entries})


@require_safe
def open_notification(request, pk):
    """Mark it read and go to the page it is about."""
    notification = permissions.notification_for(request.user, pk)
    services.notification_read(notification=notification, actor=request.user)
    return redirect(kinds.path(notification))


@post_only("notifications:inbox")
def read_all(request):
    services.notifications_read_all(actor=request.user)
    messages.success(request, _("Every notification is marked as read."))
    return redirect("notifications:inbox")


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    current = services.frequencies_of(request.user)
    form = PreferencesForm(request.POST or None, initial_frequencies=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, frequencies=form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # mail clients post the one-click unsubscribe (RFC 8058) without a token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks (a link scanner must not unsubscribe anyone); POST, from the page or a
    mail client's one-click, turns the token's categories off."""
    try:
        user_id, categories = mail.unsubscribe_read(token)
    except signing.BadSignature as error:
        raise Http404 from error
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    if request.method == "POST":
        services.unsubscribe(user=user, categories=categories)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
    # In the language the person reads their mails in, whatever the browser says.
    organisation = Organisation.objects.for_user(user).first()
    language = user.preferred_language or getattr(organisation, "language", None)
    with translation.override(language or translation.get_language()):
        labels = [str(Category(c).label) for c in categories]
        template = "unsubscribed" if request.method == "POST" else "unsubscribe"
        response = render(request, f"notifications/{template}.html", {"labels": labels})
        response.headers["Content-Language"] = translation.get_language()
    return response
