"""Who, what and when: the filters of an audit log, and the filtered log as CSV."""

import csv
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import presentation

SYSTEM = "system"


class AuditFilterForm(forms.Form):
    who = forms.ChoiceField(label=gettext_lazy("Who"), required=False)
    what = forms.ChoiceField(label=gettext_lazy("What"), required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data, *, events):
        """`events`: the whole log the filters narrow, for the people and verbs in it."""
        super().__init__(data)
        people = {}
        system = False
        for actor_id, name, username in (
            events.order_by().values_list("actor_id", "actor__full_name", "actor__username")
            .distinct()
        ):
            if actor_id is None:
                system = True
            else:
                people[str(actor_id)] = name or username
        who = [("", _("Everyone"))] + sorted(people.items(), key=lambda p: p[1].lower())
        if system:
            who.append((SYSTEM, _("The system")))
        self.fields["who"].choices = who
        verbs = set(events.order_by().values_list("verb", flat=True).distinct())
        known = dict(presentation.groups())
        self.fields["what"].choices = [("", _("Everything"))] + sorted(
            ((verb, known.get(verb, verb)) for verb in verbs), key=lambda v: v[1].lower()
        )
        for name, field in self.fields.items():
            css = "form-select" if name in ("who", "what") else "form-input"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def apply(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["who"] == SYSTEM:
            events = events.filter(actor__isnull=True)
        elif data["who"]:
            events = events.filter(actor_id=data["who"])
        if data["what"]:
            events = events.filter(verb=data["what"])
        if data["since"]:
            events = events.filter(created_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(created_at__date__lte=data["until"])
        return events

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


CHUNK = 500


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: never a formula (an item's title may start
    with "=")."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def log_csv(events) -> str:
    """The log in words, one row an event, for a spreadsheet (semicolons and a BOM, as
    the follow-up's CSV, so that Excel in the Nordic languages opens it as it is)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("When"), _("Who"), _("What"), _("Version"), _("Item"), _("Kind"),
                     _("Details")])
    events = events.select_related("actor", "version")
    for start in range(0, events.count(), CHUNK):
        for row in presentation.describe(events[start:start + CHUNK]):
            event = row.event
            writer.writerow([_cell(value) for value in (
                timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M"),
                str(event.actor) if event.actor else _("The system"),
                row.what,
                event.version.number if event.version else "",
                row.item,
                row.kind,
                row.details,
            )])
    return out.getvalue()
