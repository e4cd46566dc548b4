"""What the imports' audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext_lazy, ngettext

from apps.audit.presentation import Sentence


def _blocks(event, context):
    blocks = (event.data or {}).get("blocks")
    if blocks is None:
        return ""
    return ngettext("Read as %(count)s block.", "Read as %(count)s blocks.", blocks) % {
        "count": blocks
    }


def _rows(event, context):
    rows = (event.data or {}).get("rows")
    if rows is None:
        return ""
    return ngettext(
        "The draft got %(count)s item.", "The draft got %(count)s items.", rows
    ) % {"count": rows}


SENTENCES = {
    "import.prepare": Sentence(gettext_lazy("Brought in a document to review"), _blocks),
    "import.create_draft": Sentence(gettext_lazy("Created a draft from a document"), _rows),
    "import.discard": Sentence(gettext_lazy("Removed a document brought in")),
}
