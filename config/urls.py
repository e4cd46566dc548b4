from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from apps.api.api import urls as api_urls
from apps.core import views as core_views

# A bad request (e.g. a form larger than DATA_UPLOAD_MAX_MEMORY_SIZE) in the design.
handler400 = "apps.core.views.bad_request"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("theme/<slug:slug>.css", core_views.theme_css, name="theme_css"),
    path("accessibility/", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("strategies/", include("apps.strategies.urls")),
    path("compare/", include("apps.strategies.compare_urls")),
    path("consultations/", include("apps.consultations.urls")),
    path("hoering/", include("apps.consultations.public_urls")),
    path("obligations/", include("apps.obligations.urls")),
    path("dashboards/", include("apps.dashboards.urls")),
    path("exports/", include("apps.exports.urls")),
    path("administration/", include("apps.identity.urls")),
    path("scim/v2/", include("apps.identity.scim.urls")),
    path("sso/", include("apps.identity.sso.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("imports/", include("apps.imports.urls")),
    path("followup/", include("apps.followup.urls")),
    path("search/", include("apps.search.urls")),
    path("klarsprog/", include("apps.klarsprog.urls")),
    path("records/", include("apps.records.urls")),
    path("public/", include("apps.public.urls")),
    path("publication/", include("apps.public.manage_urls")),
    path("calendar/", include("apps.public.calendar_urls")),
    path("api/", api_urls()),
    path("api-tokens/", include("apps.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Uploaded logos only: exported PDFs are handed out by exports:download, which
    # checks who asks, never straight from the folder.
    urlpatterns += static(
        f"{settings.MEDIA_URL}logos/", document_root=settings.MEDIA_ROOT / "logos"
    )
