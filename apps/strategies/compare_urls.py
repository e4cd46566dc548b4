from django.urls import path

from . import compare_views as views

app_name = "compare"

urlpatterns = [
    path("", views.compare_pick, name="pick"),
    path("<int:a_pk>/<int:b_pk>/", views.compare, name="versions"),
    path("<int:a_pk>/<int:b_pk>/print/", views.compare_print, name="print"),
    path("<int:a_pk>/<int:b_pk>/pdf/", views.compare_pdf, name="pdf"),
    path("versions/<int:pk>/adopted/", views.compare_with_adopted, name="with_adopted"),
]
