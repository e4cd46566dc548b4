"""Reads of consultations for pages, dashboards and the PDF export, each in a fixed
number of queries whatever the number of comments or items."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.strategies.compare import content_rows, item_label, parent_field
from apps.strategies.models import CONTENT_MODELS, StrategyVersion
from apps.strategies.parts import part_position

from .models import Comment, ConsultationInvitation, ConsultationParty, Outcome

# The field that holds an item's running text, by preference.
_MAIN_TEXT = ("body", "text", "description", "goal", "measurement", "note")


@dataclass
class OutlineItem:
    """One section or item of a version, as a target for comments."""

    key: str
    label: str
    kind: str
    text: str = ""
    children: list["OutlineItem"] = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def choice_label(self) -> str:
        return f"{self.kind}: {self.label}"


@dataclass
class OutlineGroup:
    label: str
    items: list[OutlineItem]


def _main_text(row) -> str:
    for name in _MAIN_TEXT:
        value = getattr(row, name, "")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def consultation_outline(version: StrategyVersion, comments=()) -> list[OutlineGroup]:
    """The version's content by kind, children under their parents, each item with the
    given comments made on it. One query per content model."""
    rows = content_rows([version])
    by_key = {}
    by_target: dict[str, list] = {}
    for comment in comments:
        by_target.setdefault(comment.target_key, []).append(comment)
    groups = []
    for model in CONTENT_MODELS:
        parent = parent_field(model)
        kind = capfirst(str(model._meta.verbose_name))
        items = []
        for row in rows[(model, version.pk)]:
            key = f"{model._meta.model_name}:{row.pk}"
            item = OutlineItem(key=key, label=item_label(row), kind=kind, text=_main_text(row),
                               comments=by_target.get(key, []))
            by_key[key] = item
            owner = None
            if parent is not None:
                owner_model = parent.related_model._meta.model_name
                owner = by_key.get(f"{owner_model}:{getattr(row, parent.attname)}")
            if owner is not None:
                owner.children.append(item)
            else:
                items.append(item)
        if items:
            label = capfirst(str(model._meta.verbose_name_plural))
            groups.append((part_position(model), OutlineGroup(label, items)))
    # Built in CONTENT_MODELS order (parents before children), shown in reading order.
    return [group for _position, group in sorted(groups, key=lambda pair: pair[0])]


def outline_keys(groups) -> set[str]:
    keys = set()

    def walk(items):
        for item in items:
            keys.add(item.key)
            walk(item.children)

    for group in groups:
        walk(group.items)
    return keys


def consultation_summary(version: StrategyVersion) -> dict:
    """Everything the consultation summary (høringsnotat) says, in three queries.

    Returns a dict with:
      version, strategy;
      groups: [{"key", "label", "is_document", "comments": [Comment, ...]}] with the
        whole document first, then the items in document order;
      outcomes: [{"value", "label", "count"}] for every outcome, then unanswered;
      counts: {outcome value: count, "unanswered": n}; total, answered;
      invited_units, invited_people, invited_parties: the parties consulted (the last,
        outside parties invited by e-mail);
      is_final: whether the version is decided and the summary can no longer change.
    """
    comments = list(
        Comment.objects.for_version(version)
        .select_related("author_unit", "answered_by")
        .order_by("target_order", "target_type", "target_id", "created_at", "pk")
    )
    invitations = list(
        ConsultationInvitation.objects.filter(version=version).select_related("user", "unit")
    )
    groups: dict[str, dict] = {}
    for comment in comments:
        group = groups.setdefault(comment.target_key, {
            "key": comment.target_key,
            "label": comment.target_label or _("The whole document"),
            "is_document": not comment.target_key,
            "comments": [],
        })
        group["comments"].append(comment)
    counts = {value: 0 for value in Outcome.values}
    counts["unanswered"] = 0
    for comment in comments:
        counts[comment.outcome if comment.is_answered else "unanswered"] += 1
    outcomes = [
        {"value": value, "label": label, "count": counts[value]}
        for value, label in Outcome.choices
    ]
    outcomes.append({"value": "unanswered", "label": _("Not yet answered"),
                     "count": counts["unanswered"]})
    return {
        "version": version,
        "strategy": version.strategy,
        "groups": list(groups.values()),
        "outcomes": outcomes,
        "counts": counts,
        "total": len(comments),
        "answered": len(comments) - counts["unanswered"],
        "invited_units": sorted(
            (i.unit for i in invitations if i.unit_id), key=lambda unit: unit.path
        ),
        "invited_people": sorted(
            (i.user for i in invitations if i.user_id), key=lambda user: str(user).casefold()
        ),
        "invited_parties": list(
            # By name only: an address alone may be a citizen's, not for the record.
            ConsultationParty.objects.filter(version=version, withdrawn_at__isnull=True)
            .exclude(name="").order_by("name")
        ),
        "is_final": version.is_frozen,
    }


def open_comment_count(organisation) -> int:
    """Comments of an organisation's consultations still waiting for an answer."""
    return Comment.objects.for_organisation(organisation).open().count()


def party_rows(version: StrategyVersion) -> list:
    """The outside parties invited to a version, each with how many answers it gave
    (`answers`): one query."""
    return list(
        ConsultationParty.objects.filter(version=version)
        .annotate(answers=Count("respondents__comments"))
        .select_related("invited_by")
        .order_by("withdrawn_at", "name", "email")
    )


def open_comments_by_version(organisation) -> list[dict]:
    """Per version, the comments still waiting for an answer: {"version_id", "number",
    "title", "count"}, one query."""
    rows = (
        Comment.objects.for_organisation(organisation).open()
        .values("version_id", "version__number", "version__strategy__title")
        .annotate(count=Count("pk"))
        .order_by("version__strategy__title", "version__number")
    )
    return [
        {"version_id": row["version_id"], "number": row["version__number"],
         "title": row["version__strategy__title"], "count": row["count"]}
        for row in rows
    ]


# The consultation page's filters.
SHOW_UNANSWERED = "unanswered"


def comment_authors(comments) -> list[tuple[str, str]]:
    """The parties who commented, as (filter key, name) in name order."""
    authors = {}
    for comment in comments:
        authors.setdefault(author_key(comment), comment.author_name)
    return sorted(authors.items(), key=lambda pair: pair[1].casefold())


def author_key(comment) -> str:
    if comment.respondent_id:
        party = getattr(comment.respondent, "party_id", None)
        return f"party:{party}" if party else f"respondent:{comment.respondent_id}"
    return f"person:{comment.author_id}" if comment.author_id else f"name:{comment.author_name}"


def filter_comments(comments, *, show="", target="", author="") -> list:
    """The comments matching the consultation page's filters (all when none is set)."""
    return [
        comment for comment in comments
        if (show != SHOW_UNANSWERED or not comment.is_answered)
        and (not target or comment.target_key == target
             or (target == "document" and not comment.target_key))
        and (not author or author_key(comment) == author)
    ]
