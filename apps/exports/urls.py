from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("versions/<int:version_pk>/", views.export_create, name="create"),
    path("versions/<int:version_pk>/summary/", views.summary_export_create, name="summary_create"),
    path("<int:pk>/", views.job_status, name="job_status"),
    path("<int:pk>/download/", views.job_download, name="download"),
    path("<int:pk>/again/", views.job_ask_again, name="ask_again"),
]
