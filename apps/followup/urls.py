from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("versions/<int:pk>/", views.version_followup, name="version"),
    path("versions/<int:pk>/measurements/", views.measurement_add, name="measurement_add"),
    path(
        "versions/<int:pk>/measurements/import/",
        views.measurements_import,
        name="measurements_import",
    ),
    path("versions/<int:pk>/report/", views.report_create, name="report"),
    path("versions/<int:pk>/measurements.csv", views.measurements_export, name="measurements_csv"),
]
