"""Authentication backends of sign-in: passwords where the organisation allows them, and
the sessions of people signed in through an identity provider."""

from django.contrib.auth.backends import ModelBackend

from .services import password_login_refused_by


class LocalPasswordBackend(ModelBackend):
    """Django's password backend, closed to the people of organisations that switched
    local passwords off (the login form says why; this also closes every other
    password path, such as the admin's login)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and password_login_refused_by(user.get_username()) is not None:
            return None
        return user


class SingleSignOnBackend(ModelBackend):
    """Keeps the sessions of people signed in through a SAML IdP (the views verify the
    IdP's answer; this backend never checks a password). Like ModelBackend it ends the
    session of a person who has been deactivated."""

    def authenticate(self, request, **credentials):
        return None
