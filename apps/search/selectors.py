"""Search across what a person may read: strategies, versions, their content, comments
and the person's own obligations.

Every group starts from the same permission helpers as the pages
(`apps.strategies.permissions.visible_versions`, the consultation rules for comments,
`apps.obligations.selectors.obligations_for_user`), so a search never finds what the
person could not open. On PostgreSQL each row is matched with the full-text
configuration of its own document's language (Danish, Swedish, Norwegian for bokmål
and nynorsk, English), so "kommunikationen" finds "kommunikation" in a Danish policy
and "medarbetarna" finds "medarbetare" in a Swedish one; SQLite (the embedded
default) matches every word of the query as a substring instead.

Content is searched in the versions that count now, the adopted one and the newest the
person may see of each strategy, unless earlier versions are asked for.

A search costs a fixed number of queries however much matches (on PostgreSQL two per
group and content table, the best rows and then their excerpts; plus the scope's and
the obligations' few): each group fetches at most LIMIT + 1 rows.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import get_objects_for_user

from apps.consultations.models import Comment
from apps.core.languages import SEARCH_CONFIGURATIONS, UNSTEMMED
from apps.obligations.selectors import obligations_for_user
from apps.strategies import permissions as strategy_permissions
from apps.strategies.forms import CONTENT_TYPES
from apps.strategies.models import FROZEN_STATUSES, Strategy, StrategyVersion, VersionStatus

from . import text

LIMIT = 20

# Where a content row is on its version's page (the ids of version_body.html).
ANCHORS = {
    "Section": "section", "Goal": "goal", "FocusArea": "focus-area", "Value": "value",
    "Principle": "principle", "Stakeholder": "stakeholder", "MunicipalityRole": "role",
    "Responsibility": "responsibility", "ResponsibilityItem": "duty", "Platform": "platform",
    "SpokespersonRule": "spokesperson-rule", "Action": "action", "AnnualWheelEvent": "event",
    "RelatedDocument": "document",
}
_TITLE_FIELDS = ("title", "heading", "name", "label", "speaker")


@dataclass
class Hit:
    title: str
    excerpt: SafeString
    url: str
    context: str
    language: str
    rank: float = 0.0
    # The same text in other versions searched (in force and its new draft, say).
    also_in: list[str] = field(default_factory=list)
    # For content: what makes two hits the same text, and the version's place.
    same: tuple = ()
    adopted: bool = False
    version_number: int = 0


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


@dataclass
class Results:
    query: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(group.hits) for group in self.groups)


GROUP_LABELS = {
    "strategies": gettext_lazy("Strategies"),
    "versions": gettext_lazy("Versions"),
    "content": gettext_lazy("Content"),
    "comments": gettext_lazy("Consultation comments"),
    "obligations": gettext_lazy("My obligations"),
}


def full_text() -> bool:
    return connection.vendor == "postgresql"


def _text_fields(model, names) -> list[str]:
    """The free-text fields among `names` (no choices, no relations)."""
    found = []
    for name in names:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, (models.CharField, models.TextField)) and not (
            model_field.choices or model_field.is_relation
        ):
            found.append(name)
    return found


def _config(language_path: str):
    """The row's text search configuration, from its document's language."""
    return Case(
        *[
            When(**{language_path: code}, then=Value(name))
            for code, name in SEARCH_CONFIGURATIONS.items()
        ],
        default=Value(UNSTEMMED),
        output_field=models.CharField(),
    )


def _joined(fields):
    parts = []
    for name in fields:
        if parts:
            parts.append(Value(" · "))
        parts.append(Coalesce(F(name), Value(""), output_field=models.TextField()))
    return parts[0] if len(parts) == 1 else Concat(*parts, output_field=models.TextField())


def _match(queryset, fields, query: str, language_path: str):
    """Rows of `queryset` that match, best first, at most LIMIT + 1, each with its
    `excerpt` (marked text) and `rank`; `fields` are searched and excerpted."""
    if full_text():
        config = _config(language_path)
        search = SearchQuery(query, config=config, search_type="websearch")
        vector = SearchVector(*fields, config=config)
        best = dict(
            queryset.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[: LIMIT + 1]
        )
        if not best:
            return []
        # The headline (ts_headline, the costly part) only for the rows shown. A second
        # query, not a subquery: Django leaves the expression inside a SearchVector's
        # config pointing at the outer query's tables, making the subquery correlated.
        rows = list(
            queryset.filter(pk__in=list(best)).annotate(
                excerpt=SearchHeadline(
                    _joined(fields), search, config=config,
                    start_sel=text.START, stop_sel=text.STOP,
                    max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
                ),
            )
        )
        for row in rows:
            row.rank = best[row.pk]
        return sorted(rows, key=lambda row: (-row.rank, row.pk))
    query_words = text.words(query)
    condition = Q()
    for word in query_words:
        condition &= Q(*[Q(**{f"{name}__icontains": word}) for name in fields], _connector=Q.OR)
    rows = list(queryset.filter(condition).order_by("pk")[: LIMIT + 1]) if query_words else []
    for row in rows:
        joined = " · ".join(str(getattr(row, name) or "") for name in fields)
        row.excerpt, row.rank = text.mark_words(joined, query_words), 0.0
    return rows


def _excerpt(row) -> SafeString:
    return text.marked(text.clean_headline(row.excerpt))


def _group(key, rows, make_hit) -> Group:
    group = Group(key, str(GROUP_LABELS[key]), [make_hit(row) for row in rows[:LIMIT]])
    group.more = len(rows) > LIMIT
    return group


def _version_label(version) -> str:
    return _("%(title)s, version %(number)s") % {
        "title": version.printed_title, "number": version.number,
    }


def _scope(user, include_earlier: bool) -> list[int]:
    """The ids of the versions whose content is searched: all the person may read, or
    the adopted one and the newest readable one of each strategy. Read once (one query),
    so that each content table is searched with a plain list of versions."""
    visible = list(
        strategy_permissions.visible_versions(user).values_list("pk", "strategy_id", "number",
                                                                  "status")
    )
    if include_earlier:
        return [pk for pk, *_ in visible]
    newest: dict[int, tuple[int, int]] = {}
    for pk, strategy_id, number, _status in visible:
        if number > newest.get(strategy_id, (0, 0))[0]:
            newest[strategy_id] = (number, pk)
    newest_ids = {pk for _number, pk in newest.values()}
    return [
        pk for pk, _strategy, _number, status in visible
        if status == VersionStatus.ADOPTED or pk in newest_ids
    ]


def _strategies(user, query) -> Group:
    readable = list(
        strategy_permissions.visible_strategies(user).filter(
            Q(pk__in=strategy_permissions.visible_versions(user).values("strategy_id"))
            | Q(versions__isnull=True)
        ).distinct().values_list("pk", flat=True)
    )
    rows = _match(
        Strategy.objects.filter(pk__in=readable).select_related("organisation"),
        ["title", "subtitle"], query, "organisation__language",
    )
    return _group("strategies", rows, lambda s: Hit(
        title=s.title, excerpt=_excerpt(s), url=reverse("strategies:detail", args=[s.pk]),
        context=str(s.get_kind_display()), language=s.organisation.language, rank=s.rank,
    ))


def _versions(scope, query) -> Group:
    fields = ["adopted_title", "period_label", "dated", "change_summary", "adoption_note",
              "adopted_by", "case_reference"]
    rows = _match(
        StrategyVersion.objects.filter(pk__in=scope).select_related("strategy"),
        fields, query, "language",
    )
    return _group("versions", rows, lambda v: Hit(
        title=_version_label(v), excerpt=_excerpt(v),
        url=reverse("strategies:version_detail", args=[v.pk]),
        context=str(v.get_status_display()), language=v.language, rank=v.rank,
    ))


def _content_types():
    seen = set()
    for content_type in CONTENT_TYPES.values():
        if content_type.model in seen:
            continue
        seen.add(content_type.model)
        fields = _text_fields(content_type.model, content_type.fields)
        if fields:
            yield content_type, fields


def _item_title(content_type, row, fields) -> str:
    names = [content_type.title_field, *_TITLE_FIELDS]
    for name in names:
        if name and name in fields and getattr(row, name, ""):
            return str(getattr(row, name))
    first = str(getattr(row, fields[0]) or "")
    return first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + " …"


def _content(scope, query) -> Group:
    hits = []
    more = False
    for content_type, fields in _content_types():
        model = content_type.model
        rows = _match(
            model.objects.filter(version__in=scope).select_related(
                "version__strategy"
            ),
            fields, query, "version__language",
        )
        more = more or len(rows) > LIMIT
        anchor = ANCHORS.get(model.__name__)
        for row in rows[:LIMIT]:
            url = reverse("strategies:version_detail", args=[row.version_id])
            title, excerpt = _item_title(content_type, row, fields), _excerpt(row)
            hits.append(Hit(
                title=title, excerpt=excerpt,
                url=f"{url}#{anchor}-{row.pk}" if anchor else url,
                context=f"{content_type.verbose_name} · {_version_label(row.version)}",
                language=row.version.language, rank=row.rank,
                same=(row.version.strategy_id, model.__name__, title, str(excerpt)),
                adopted=row.version.status == VersionStatus.ADOPTED,
                version_number=row.version.number,
            ))
    hits = _one_per_text(hits)
    group = Group("content", str(GROUP_LABELS["content"]), hits[:LIMIT])
    group.more = more or len(hits) > LIMIT
    return group


def _one_per_text(hits: list[Hit]) -> list[Hit]:
    """Best first, and a text that reads the same in two versions of a strategy (the one
    in force and its new draft) once, under the version in force, naming the other."""
    hits.sort(key=lambda hit: (-hit.rank, not hit.adopted, -hit.version_number))
    kept: dict[tuple, Hit] = {}
    for hit in hits:
        first = kept.setdefault(hit.same, hit)
        if first is not hit:
            first.also_in.append(
                _("also in version %(number)s") % {"number": hit.version_number}
            )
    return list(kept.values())


def _comments(user, query) -> Group:
    """Comments as the consultation page shows them: all of a version to those who
    prepare it (and to everyone once it is decided), otherwise the person's own; a
    hidden comment's text is shown to nobody, so it is never found."""
    visible = strategy_permissions.visible_versions(user)
    preparing = get_objects_for_user(
        user, strategy_permissions.VIEW_DRAFT,
        klass=Strategy.objects.filter(organisation__in=strategy_permissions.organisations_of(user)),
        accept_global_perms=False, with_superuser=False,
    )
    # Read once (one query each) so the comments' search is over plain lists.
    visible_ids = list(visible.values_list("pk", flat=True))
    preparing_ids = list(preparing.values_list("pk", flat=True))
    comments = Comment.objects.filter(version__in=visible_ids, hidden_at__isnull=True).filter(
        Q(version__strategy__in=preparing_ids)
        | Q(version__status__in=FROZEN_STATUSES)
        | Q(author=user)
    ).select_related("version__strategy")
    rows = _match(comments, ["text", "response", "target_label"], query, "version__language")
    return _group("comments", rows, lambda c: Hit(
        title=c.target_label or _("The whole version"), excerpt=_excerpt(c),
        url=reverse("consultations:version", args=[c.version_id]) + f"#comment-{c.pk}",
        context=_("%(author)s on %(version)s") % {
            "author": c.author_name, "version": _version_label(c.version),
        },
        language=c.version.language, rank=c.rank,
    ))


def _obligations(user, query) -> Group:
    """The person's own obligations (what binds them through their roles) whose text
    has every word of the query."""
    query_words = text.words(query)
    rows = []
    for organisation in strategy_permissions.organisations_of(user):
        for status in obligations_for_user(user, organisation):
            obligation = status.obligation
            joined = " · ".join(filter(None, [
                obligation.label, obligation.heading, obligation.text,
            ]))
            folded = joined.casefold()
            if query_words and all(word in folded for word in query_words):
                rows.append((obligation, joined))
    group = Group("obligations", str(GROUP_LABELS["obligations"]))
    group.hits = [
        Hit(
            title=obligation.heading or obligation.label,
            excerpt=text.marked(text.mark_words(joined, query_words)),
            url=reverse("obligations:list"),
            context=_("%(title)s, version %(number)s") % {
                "title": obligation.strategy_title, "number": obligation.version_number,
            },
            language=obligation.language,
        )
        for obligation, joined in rows[:LIMIT]
    ]
    group.more = len(rows) > LIMIT
    return group


def search(user, query: str, *, include_earlier: bool = False) -> Results:
    """Everything the person may read that matches `query`, grouped; empty groups left out."""
    query = query.strip()
    if not query or not user.is_authenticated:
        return Results(query, [])
    scope = _scope(user, include_earlier)
    groups = [
        _strategies(user, query),
        _versions(scope, query),
        _content(scope, query),
        _comments(user, query),
        _obligations(user, query),
    ]
    return Results(query, [group for group in groups if group.hits])
