from django.urls import path

from apps.exports.models import ExportKind

from . import views

app_name = "public"

urlpatterns = [
    path("<slug:org_slug>/", views.organisation_page, name="organisation"),
    path("<slug:org_slug>/calendar.ics", views.public_calendar, name="calendar"),
    path("<slug:org_slug>/<slug:slug>/", views.strategy_page, name="strategy"),
    path("<slug:org_slug>/<slug:slug>/v<int:number>/", views.strategy_page, name="version"),
    path("<slug:org_slug>/<slug:slug>/v<int:number>/pdf/", views.pdf, name="pdf"),
    path(
        "<slug:org_slug>/<slug:slug>/v<int:number>/consultation-summary/",
        views.summary_page, name="summary",
    ),
    path(
        "<slug:org_slug>/<slug:slug>/v<int:number>/consultation-summary/pdf/",
        views.pdf, {"kind": ExportKind.CONSULTATION_SUMMARY}, name="summary_pdf",
    ),
]
