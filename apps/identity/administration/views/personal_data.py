"""A person's personal data: download it all as JSON, or erase the person."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ... import permissions, services
from .common import organisation_of


def person_export(request, pk):
    organisation = organisation_of(request)
    person = permissions.get_person(organisation, pk)
    data = services.person_data_export(
        actor=request.user, organisation=organisation, person=person
    )
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


def person_erase(request, pk):
    """GET: what erasing means, and a button. POST: erase (pseudonymise) the person."""
    organisation = organisation_of(request)
    person = permissions.get_person(organisation, pk)
    if request.method == "POST":
        try:
            services.person_erase(actor=request.user, organisation=organisation, person=person)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("identity:person_detail", pk=person.pk)
        messages.success(
            request, _("The person was erased. Their records now show a pseudonym.")
        )
        return redirect("identity:person_detail", pk=person.pk)
    return render(request, "identity/person_erase.html", {
        "organisation": organisation, "person": person,
        "pseudonym": services.pseudonym(organisation, person),
    })
