"""The read API under /api/, with its OpenAPI 3 schema at /api/openapi.json.

Anyone reads what the public site shows: published strategies and their adopted
versions, with the structured content (apps/exports/structured.py, the same data an
archived PDF carries). With an organisation's token (`Authorization: Bearer kapi_…`,
made on the API tokens page) also everything that organisation owns: every strategy
and version, the obligations per role level, acknowledgement and check-in shares per
unit, the actions with their progress and the indicators with their measurements.

Lists are paginated (`?page=`, 50 a page, `?page_size=` up to 100). Requests are
limited per client address without a token and per token with one
(KOMPAS_API_RATE_ANONYMOUS, KOMPAS_API_RATE_TOKEN, counted in the Django cache); past
the limit the answer is 429.
"""

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from apps.accounts.client_ip import client_ip
from apps.exports.structured import version_as_data
from apps.followup.models import Measurement
from apps.followup.selectors import with_progress
from apps.obligations.models import quarter_start
from apps.obligations.selectors import current_obligations, follow_up
from apps.organisations.models import Organisation
from apps.records import selectors as records
from apps.strategies.models import Action, Indicator, VersionStatus

from . import permissions
from .services import api_token_authenticate

PAGE_SIZE = 50


# --- Who asks ---------------------------------------------------------------------


def request_token(request):
    """The API token the request carries (None without one); 401 for a header that
    names no usable token, so a revoked token is never read as anonymous."""
    if hasattr(request, "_kompas_api_token"):
        return request._kompas_api_token
    header = request.headers.get("Authorization", "")
    token = None
    if header:
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        token = api_token_authenticate(secret.strip())
        if token is None:
            raise AuthenticationError
    request._kompas_api_token = token
    return token


def request_organisation(request):
    token = request_token(request)
    return token.organisation if token else None


class TokenAuth(HttpBearer):
    """An organisation's API token: required by the organisation's own endpoints."""

    def authenticate(self, request, token):
        found = request_token(request)
        return found.organisation if found else None


class _SettingsRateThrottle(SimpleRateThrottle):
    """A rate read from the settings at each request (so a changed setting holds
    without a restart of the operations that copied the throttle)."""

    setting = ""

    def __init__(self):
        super().__init__(getattr(settings, self.setting))

    def allow_request(self, request):
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonymousThrottle(_SettingsRateThrottle):
    scope = "anonymous"
    setting = "KOMPAS_API_RATE_ANONYMOUS"

    def get_cache_key(self, request):
        try:
            if request_token(request) is not None:
                return None
        except AuthenticationError:
            pass
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class TokenThrottle(_SettingsRateThrottle):
    scope = "token"
    setting = "KOMPAS_API_RATE_TOKEN"

    def get_cache_key(self, request):
        try:
            token = request_token(request)
        except AuthenticationError:
            return None
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"t{token.pk}"}


api = NinjaAPI(
    title="Kompas API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    throttle=[AnonymousThrottle(), TokenThrottle()],
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = api.create_response(request, {"detail": "Unauthorized."}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


# --- Schemas ------------------------------------------------------------------------


class OrganisationOut(Schema):
    name: str
    slug: str
    country: str
    language: str


class VersionSummary(Schema):
    """A version; its adoption facts as they stand, with any correction of the record."""

    id: int
    number: int
    status: str
    language: str
    adopted_on: datetime.date | None
    adopted_by: str
    case_reference: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    review_due: datetime.date | None
    period_label: str

    @staticmethod
    def resolve_adopted_on(version):
        return version.record.adopted_on

    @staticmethod
    def resolve_adopted_by(version):
        return version.record.adopted_by

    @staticmethod
    def resolve_case_reference(version):
        return version.record.case_reference


class StrategyOut(Schema):
    id: int
    organisation: str
    title: str
    subtitle: str
    kind: str
    slug: str
    published: bool
    versions: list[VersionSummary]


class VersionOut(Schema):
    format: str
    format_version: int
    organisation: dict[str, Any]
    strategy: dict[str, Any]
    version: dict[str, Any]
    content: dict[str, Any]


class ObligationOut(Schema):
    strategy_id: int
    strategy_title: str
    version_id: int
    version_number: int
    language: str
    role_level: str
    label: str
    heading: str
    text: str
    applies_down_tree: bool


class UnitFollowUpOut(Schema):
    unit_id: int
    unit: str
    depth: int
    people: int
    obligations_required: int
    obligations_acknowledged: int
    acknowledged_percent: int | None
    check_ins_expected: int
    check_ins_recorded: int
    check_ins_on_track: int
    check_ins_needs_attention: int
    check_ins_not_started: int
    overdue_actions: int


class FollowUpOut(Schema):
    period: datetime.date
    acknowledged_percent: int | None
    units: list[UnitFollowUpOut]


class ActionOut(Schema):
    id: int
    lineage: str | None
    strategy_id: int
    version_id: int
    title: str
    owner: str
    due_date: datetime.date | None
    status: str
    percent: int | None
    overdue: bool


class MeasurementOut(Schema):
    period_kind: str
    period_start: datetime.date
    value: float


class IndicatorOut(Schema):
    id: int
    lineage: str | None
    strategy_id: int
    version_id: int
    name: str
    target: str
    unit: str
    target_value: float | None
    baseline_value: float | None
    higher_is_better: bool
    measurements: list[MeasurementOut]


# --- Anyone -------------------------------------------------------------------------


def _with_records(strategies) -> None:
    """Each prefetched version's record as corrected, for all the strategies at once."""
    versions = [v for strategy in strategies for v in strategy.versions.all()]
    records.with_records(versions)


def _strategy_out(strategy, organisation) -> dict:
    own = organisation is not None and strategy.organisation_id == organisation.pk
    versions = [
        v for v in strategy.versions.all()
        if own or v.status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)
    ]
    return {
        "id": strategy.pk, "organisation": strategy.organisation.slug, "title": strategy.title,
        "subtitle": strategy.subtitle, "kind": strategy.kind, "slug": strategy.slug,
        "published": any(
            getattr(p, "is_published", False) for p in [getattr(strategy, "publication", None)]
        ),
        "versions": sorted(versions, key=lambda v: -v.number),
    }


@api.get("/organisations", response=list[OrganisationOut], tags=["public"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=100)
def organisations(request):
    """Organisations with at least one published strategy (and the token's own)."""
    strategies = permissions.visible_strategies(request_organisation(request))
    return Organisation.objects.filter(strategies__in=strategies).distinct().order_by("name")


@api.get("/strategies", response=list[StrategyOut], tags=["public"])
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=100)
def strategies(request, organisation: str | None = None):
    """Published strategies with their adopted versions; with a token, also every
    strategy and version of the token's organisation. `organisation`: a slug."""
    own = request_organisation(request)
    found = (
        permissions.visible_strategies(own)
        .select_related("organisation", "publication").prefetch_related("versions")
        .order_by("organisation__name", "title", "pk")
    )
    if organisation:
        found = found.filter(organisation__slug=organisation)
    found = list(found)
    _with_records(found)
    return [_strategy_out(strategy, own) for strategy in found]


@api.get("/strategies/{int:strategy_id}", response=StrategyOut, tags=["public"])
def strategy(request, strategy_id: int):
    own = request_organisation(request)
    found = (
        permissions.visible_strategies(own).select_related("organisation", "publication")
        .prefetch_related("versions").filter(pk=strategy_id).first()
    )
    if found is None:
        raise Http404
    _with_records([found])
    return _strategy_out(found, own)


@api.get("/versions/{int:version_id}", response=VersionOut, tags=["public"])
def version(request, version_id: int):
    """A version with its whole structured content, in document order."""
    found = permissions.get_version(request_organisation(request), version_id)
    return version_as_data(found)


# --- The token's organisation ---------------------------------------------------------


@api.get(
    "/organisation/obligations", response=list[ObligationOut], auth=TokenAuth(),
    tags=["organisation"],
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=100)
def obligations(request, role_level: str | None = None):
    """The obligations of the adopted versions, per role level (`role_level` filters)."""
    found = current_obligations(request.auth)
    if role_level:
        found = [o for o in found if o.role_level == role_level]
    return found


@api.get(
    "/organisation/follow-up", response=FollowUpOut, auth=TokenAuth(), tags=["organisation"]
)
def organisation_follow_up(request):
    """This quarter's acknowledgement and check-in shares of every unit, each summed
    over the units below it, and the overdue actions they own."""
    today = timezone.localdate()
    period = quarter_start(today)
    figures = follow_up(request.auth, period=period, today=today)
    units = []
    for row in figures.rows():
        coverage, check_ins = row["coverage"], row["check_ins"]
        units.append({
            "unit_id": row["unit"].pk, "unit": row["unit"].name, "depth": row["depth"],
            "people": coverage.people, "obligations_required": coverage.required,
            "obligations_acknowledged": coverage.acknowledged,
            "acknowledged_percent": coverage.percent,
            "check_ins_expected": check_ins.expected, "check_ins_recorded": check_ins.recorded,
            "check_ins_on_track": check_ins.on_track,
            "check_ins_needs_attention": check_ins.needs_attention,
            "check_ins_not_started": check_ins.not_started,
            "overdue_actions": row["overdue"],
        })
    return {"period": period, "acknowledged_percent": figures.total.percent, "units": units}


@api.get(
    "/organisation/actions", response=list[ActionOut], auth=TokenAuth(), tags=["organisation"]
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=100)
def actions(request):
    """The actions of the adopted versions with their current progress."""
    today = timezone.localdate()
    found = with_progress(
        Action.objects.filter(
            version__strategy__organisation=request.auth, version__status=VersionStatus.ADOPTED
        ), today,
    ).select_related("version", "owner_unit").order_by("version__strategy_id", "position", "pk")
    return [
        {
            "id": a.pk, "lineage": str(a.lineage) if a.lineage else None,
            "strategy_id": a.version.strategy_id, "version_id": a.version_id, "title": a.title,
            "owner": str(a.owner_unit or a.owner_label or ""), "due_date": a.due_date,
            "status": a.progress_status, "percent": a.progress_percent, "overdue": a.is_overdue,
        }
        for a in found
    ]


@api.get(
    "/organisation/indicators", response=list[IndicatorOut], auth=TokenAuth(),
    tags=["organisation"],
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=100)
def indicators(request):
    """The indicators of the adopted versions with every measurement entered."""
    found = list(
        Indicator.objects.filter(
            version__strategy__organisation=request.auth, version__status=VersionStatus.ADOPTED
        ).select_related("version").order_by("version__strategy_id", "position", "pk")
    )
    measured: dict = {}
    for m in Measurement.objects.filter(organisation=request.auth).order_by("period_start"):
        measured.setdefault((m.strategy_id, m.lineage), []).append(m)
    return [
        {
            "id": i.pk, "lineage": str(i.lineage) if i.lineage else None,
            "strategy_id": i.version.strategy_id, "version_id": i.version_id, "name": i.name,
            "target": i.target, "unit": i.unit,
            "target_value": i.target_value, "baseline_value": i.baseline_value,
            "higher_is_better": i.higher_is_better,
            "measurements": measured.get((i.version.strategy_id, i.lineage), []),
        }
        for i in found
    ]


def urls():
    """The API's URL patterns, open without login (the API authorises by token)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
