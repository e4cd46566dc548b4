from django.urls import path

from . import public_views, views

app_name = "consultations"

urlpatterns = [
    path("versions/<int:pk>/", views.ConsultationView.as_view(), name="version"),
    path("versions/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("versions/<int:pk>/invite/search/", views.invite_search, name="invite_search"),
    path("versions/<int:pk>/deadline/", views.DeadlineView.as_view(), name="deadline"),
    path("versions/<int:pk>/parties/", views.invite_parties, name="invite_parties"),
    path("parties/<int:pk>/withdraw/", views.withdraw_party, name="withdraw_party"),
    path("comments/<int:pk>/letter/", public_views.letter, name="letter"),
    path("versions/<int:pk>/summary/", views.SummaryView.as_view(), name="summary"),
    path("comments/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("comments/<int:pk>/hide/", views.HideCommentView.as_view(), name="hide"),
]
