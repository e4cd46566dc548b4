from django.contrib.auth import views as auth_views
from django.urls import path

from apps.core.post_only import post_only
from apps.identity.sso.forms import PasswordLoginForm

from . import passwords, views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=PasswordLoginForm,
        ),
        name="login",
    ),
    path("logout/", post_only("home")(auth_views.LogoutView.as_view()), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/", passwords.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/", passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/", passwords.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/", passwords.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
