"""A leader's table of obligations as plain values, worked out once a row.

At storby a leader's page lists the 279 obligations their role gives them, each with
its acknowledgement and this quarter's check-in. Rendered through the shared includes
(obligations/includes/acknowledge.html, acknowledged.html, check_in_status.html) the
table took 75 of the page's 125 ms: two includes, a translated sentence with a
formatted date, a URL and a truncated text a row. The page is rendered anew whenever
the leader or another leader of the unit writes, so the table reads these values
instead; its markup is the includes', and tests/dashboards/test_obligation_rows.py
holds the two to the same HTML.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.obligations.models import CheckInStatus

# What the table shows of an obligation's text (as the truncatewords filter cuts it).
TEXT_WORDS = 60
BADGE = {
    CheckInStatus.ON_TRACK: "badge-success",
    CheckInStatus.NEEDS_ATTENTION: "badge-warning",
}
OTHER_BADGE = "badge-error"
NOT_RECORDED_BADGE = "badge-info"


@dataclass(frozen=True, slots=True)
class ObligationRow:
    """One obligation of the table: what it says, and what its cells show."""

    token: str
    language: str
    meta: str  # its label, and its heading if it has one
    text: str  # the first TEXT_WORDS words
    strategy_id: int
    text_hash: str
    acknowledged: SafeString | None  # the confirmation's sentence, once acknowledged
    check_in_badge: str  # the check-in's badge class
    check_in_label: str
    check_in_note: str


@lru_cache(maxsize=8192)
def _shortened(text: str) -> str:
    # Obligations' texts are few and shared by everyone who owes them: each is cut once
    # a process, not once a row of every page.
    return Truncator(text).words(TEXT_WORDS, truncate=" …")


def leader_rows(statuses) -> list[ObligationRow]:
    """The rows of `statuses` (selectors.obligations_for_leader), in the active language."""
    not_recorded = _("Not recorded")
    labels = {status.value: str(status.label) for status in CheckInStatus}
    # As {% blocktranslate %} gives it: the sentence as translated, the date escaped;
    # made once a day of acknowledgement, not once a row.
    sentence = _("You confirmed on %(date)s that you have read and understood this.")
    confirmed: dict = {}

    def confirmation(acknowledgement) -> SafeString:
        day = timezone.localtime(acknowledgement.acknowledged_at).date()
        if day not in confirmed:
            date = conditional_escape(formats.date_format(day, "DATE_FORMAT"))
            confirmed[day] = mark_safe(sentence % {"date": date})  # noqa: S308 - our catalogue's text
        return confirmed[day]

    rows = []
    for status in statuses:
        obligation, check_in = status.obligation, status.check_in
        rows.append(ObligationRow(
            token=obligation.token,
            language=obligation.language,
            meta=f"{obligation.label}: {obligation.heading}" if obligation.heading
            else obligation.label,
            text=_shortened(obligation.text),
            strategy_id=obligation.strategy_id,
            text_hash=obligation.text_hash,
            acknowledged=confirmation(status.acknowledgement) if status.acknowledgement
            else None,
            check_in_badge=BADGE.get(check_in.status, OTHER_BADGE) if check_in
            else NOT_RECORDED_BADGE,
            check_in_label=labels.get(check_in.status, check_in.status) if check_in
            else not_recorded,
            check_in_note=check_in.note if check_in else "",
        ))
    return rows
