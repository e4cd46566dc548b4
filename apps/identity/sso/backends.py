"""Password logins that respect an organisation's choice of work accounts only."""

from django.contrib.auth.backends import ModelBackend

from .services import password_login_refused_by


class LocalPasswordBackend(ModelBackend):
    """Django's password backend, closed to the people of organisations that switched
    local passwords off (the login form says why; this also closes every other
    password path, such as the admin's login)."""

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        return password_login_refused_by(user.get_username()) is None
