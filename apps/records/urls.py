from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("versions/<int:pk>/correct/", views.correct, name="correct"),
]
