from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("versions/<int:pk>/", views.ConsultationView.as_view(), name="version"),
    path("versions/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("versions/<int:pk>/summary/", views.SummaryView.as_view(), name="summary"),
    path("comments/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("comments/<int:pk>/hide/", views.HideCommentView.as_view(), name="hide"),
]
