"""The list of people, a person's page, creating, editing, (de)activating people."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission
from apps.organisations.models import RoleAssignment

from ... import permissions, services
from ..forms import NewPersonForm, PersonForm, RoleForm, SearchForm
from .common import add_service_errors, back, organisation_of

PAGE_SIZE = 50


def person_list(request):
    organisation = organisation_of(request)
    search = SearchForm(request.GET)
    search.is_valid()
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    status = search.cleaned_data.get("status", "") if search.is_valid() else ""
    people = permissions.people_of(organisation).order_by("full_name", "pk")
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query)
            | Q(username__icontains=query)
        )
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "inactive":
        people = people.filter(is_active=False)
    people = people.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(organisation=organisation)
            .select_related("unit").order_by("pk"),
            to_attr="roles_here",
        )
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "identity/person_list.html", {
        "organisation": organisation,
        "page": page,
        "query": query,
        "status": status,
        "search": search,
        "params": params.urlencode(),
    })


@once_per_submission
def person_create(request):
    organisation = organisation_of(request)
    form = NewPersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user, organisation=organisation, email=data["email"],
                full_name=data["full_name"], role_level=data["role_level"],
                unit=data["unit"], title=data["title"], manager=data["manager"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person was created."))
            return redirect("identity:person_detail", pk=person.pk)
    return render(request, "identity/person_form.html", {
        "organisation": organisation, "form": form,
    })


def person_detail(request, pk):
    """The person's name and e-mail address to edit, their roles, and (de)activation."""
    organisation = organisation_of(request)
    person = permissions.get_person(organisation, pk)
    form = PersonForm(
        request.POST or None, organisation=organisation,
        initial={"full_name": person.full_name, "email": person.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user, organisation=organisation, person=person,
                email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("identity:person_detail", pk=person.pk)
    roles = (
        RoleAssignment.objects.filter(organisation=organisation, user=person)
        .select_related("unit", "manager").order_by("pk")
    )
    return render(request, "identity/person_detail.html", {
        "organisation": organisation,
        "person": person,
        "form": form,
        "roles": roles,
        "role_form": RoleForm(organisation=organisation, auto_id="new_role_%s"),
        "works_elsewhere": services.works_elsewhere(organisation, person),
        "erased": services.is_erased(person),
    })


def _activation(request, pk, service, done):
    organisation = organisation_of(request)
    person = permissions.get_person(organisation, pk)
    try:
        service(actor=request.user, organisation=organisation, person=person)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return back(request, reverse("identity:person_detail", args=[person.pk]))


@post_only("identity:person_detail", pk="pk")
def person_deactivate(request, pk):
    return _activation(
        request, pk, services.person_deactivate,
        _("The person was deactivated. They can no longer sign in; their history stays."),
    )


@post_only("identity:person_detail", pk="pk")
def person_reactivate(request, pk):
    return _activation(
        request, pk, services.person_reactivate, _("The person was reactivated."),
    )
