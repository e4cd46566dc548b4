from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/original/", views.download, name="download"),
]
