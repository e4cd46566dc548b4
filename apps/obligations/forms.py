from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, CheckInStatus

HASH_PATTERN = r"^[0-9a-f]{64}$"


class AcknowledgeForm(forms.Form):
    strategy = forms.IntegerField(min_value=1)
    text_hash = forms.RegexField(HASH_PATTERN)
    next = forms.CharField(required=False, max_length=500)


class CheckInForm(forms.Form):
    """One obligation's check-in; each form on the page has the obligation as prefix.

    Left empty (no status, no note) it is skipped: a leader saves the obligations
    they have filled in and comes back for the rest.
    """

    status = forms.ChoiceField(
        label=_("How is the work going?"),
        choices=CheckInStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, at most 500 characters."),
        error_messages={
            "max_length": _("Keep the note to %(limit_value)s characters (it has %(show_value)s).")
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("note", "").strip() and not cleaned.get("status"):
            self.add_error("status", _(
                "Choose how the work on this obligation is going: a note is saved with a status."
            ))
        return cleaned

    @property
    def filled(self) -> bool:
        return bool(self.cleaned_data.get("status"))

    def status_radios(self, choices) -> list[dict]:
        """The status's radio buttons, named, numbered and checked as RadioSelect does,
        from `choices` translated once for the page (UnitCheckInsForm.labels)."""
        field = self["status"]
        name, auto_id, value = field.html_name, field.auto_id, field.value()
        chosen = "" if value is None else str(value)
        return [
            {"name": name, "id": f"{auto_id}_{i}", "value": choice, "label": label,
             "checked": choice == chosen}
            for i, (choice, label) in enumerate(choices)
        ]


def seen_stamp(check_in) -> str:
    """Which registration of a check-in the page showed: its last change, or none."""
    return check_in.updated_at.isoformat() if check_in is not None else ""


class _SharedFields(dict):
    """A form class's fields, given to each of its forms as they are instead of a deep
    copy for each: the check-in page makes a form for every obligation the unit owes
    (279 at a large municipality), and copying the fields of each took a third of the
    page's view. Nothing may change a field of one such form."""

    def __deepcopy__(self, memo):
        return self


# Forms of the page change no field: only their data, initial values and errors differ.
CheckInForm.base_fields = _SharedFields(CheckInForm.base_fields)


class UnitCheckInsForm:
    """The quarter's check-ins of one unit as one form with one save: a CheckInForm
    per obligation the unit owes, prefixed by the obligation's token.

    Only the obligations filled in and changed are saved; if any is wrong, none is.
    `stale`: obligations filled in on a page opened before a new version changed them.
    """

    def __init__(self, statuses, data=None):
        self.is_bound = data is not None
        # What every row says alike, translated once for the page: a large
        # municipality's unit owes hundreds of obligations.
        fields = CheckInForm.base_fields
        self.labels = {
            "status": str(fields["status"].label),
            "note": str(fields["note"].label),
            "note_help": str(fields["note"].help_text),
        }
        choices = [(value, str(label)) for value, label in fields["status"].choices]
        self.rows = []
        for status in statuses:
            check_in = status.check_in
            initial = {"status": check_in.status, "note": check_in.note} if check_in else {}
            form = CheckInForm(data, prefix=status.obligation.token, initial=initial)
            self.rows.append(
                {"status": status, "form": form, "radios": form.status_radios(choices)}
            )
        current = {status.obligation.token for status in statuses}
        self.stale = []
        for token in (data.getlist("obligation") if data is not None else []):
            typed = (data.get(f"{token}-status") or "", (data.get(f"{token}-note") or "").strip())
            if token not in current and any(typed):
                self.stale.append({"token": token, "note": typed[1]})
        self.non_field_errors = []

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        forms_valid = all([row["form"].is_valid() for row in self.rows])
        if not forms_valid or self.stale:
            return False
        self._entries = [entry for row in self.rows if (entry := self._entry(row))]
        return not any(row["form"].errors for row in self.rows)

    def _entry(self, row):
        """The row's check-in to save: None when left empty, untouched since the page
        was opened (`was`), or already so. Changed by someone else since the page was
        opened (`seen`): an error on the row, keeping what this person typed."""
        from .services import CheckInEntry

        form, status = row["form"], row["status"]
        if not form.filled:
            return None
        prefix, data = form.prefix, form.data
        typed = (form.cleaned_data["status"], form.cleaned_data["note"].strip())
        was = (data.get(f"{prefix}-was-status", ""), (data.get(f"{prefix}-was-note") or "").strip())
        before = status.check_in
        if typed == was or (before is not None and (before.status, before.note) == typed):
            return None
        if before is not None and data.get(f"{prefix}-seen", "") != seen_stamp(before):
            form.add_error(None, _(
                "Meanwhile %(who)s registered this check-in as “%(status)s”. What you typed "
                "is kept here; save again to replace it."
            ) % {"who": before.recorded_by or "–", "status": before.get_status_display()})
            return None
        return CheckInEntry(
            status.obligation.strategy_id, status.obligation.text_hash, *typed
        )

    def page_rows(self) -> list[dict]:
        """The rows as the page shows them, each form's names, ids, value and errors
        read once, after validation: the template reads plain values (looking a form's
        field up in a template costs more than the rest of its row)."""
        for row in self.rows:
            form = row["form"]
            status, note = form["status"], form["note"]
            check_in = row["status"].check_in
            note_value = note.value() or ""
            row.update(
                token=row["status"].obligation.token,
                errors=form.non_field_errors(),
                status_id=status.auto_id,
                status_errors=status.errors,
                note_name=note.html_name,
                note_id=note.auto_id,
                note_value=note_value,
                note_errors=note.errors,
                # Sent back with a note that is not what is registered: not saved.
                note_unsaved=self.is_bound and note_value.strip() != (
                    check_in.note if check_in else ""
                ),
            )
        return self.rows

    def entries(self):
        """Every obligation filled in with something new (after is_valid)."""
        return self._entries

    def add_refusal(self, refused) -> None:
        """Put a service's refusal back on the obligations it concerns."""
        by_token = {row["status"].obligation.token: row["form"] for row in self.rows}
        for token, fields in refused.errors.items():
            form = by_token.get(token)
            for field, messages in fields.items():
                for message in messages:
                    if form is None:
                        self.non_field_errors.append(message)
                    else:
                        form.add_error(field if field in form.fields else None, message)
        if refused.unknown:
            self.non_field_errors.append(_(
                "Some of the obligations are no longer owed by this unit. Nothing was saved; "
                "check the form and save again."
            ))

    @property
    def errors(self) -> list[dict]:
        """Every message with the field to go to, in the order of the page."""
        summary = [{"target": "", "message": message} for message in self.non_field_errors]
        for row in self.rows:
            form = row["form"]
            for name, messages in form.errors.items():
                if name == "status":
                    target = f"{form[name].auto_id}_0"  # the first choice takes the focus
                elif name in form.fields:
                    target = form[name].auto_id
                else:
                    target = row["status"].obligation.token
                for message in messages:
                    summary.append({
                        "target": target, "message": message,
                        "obligation": row["status"].obligation,
                    })
        return summary
