from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def user_set_language(*, user, language: str) -> None:
    """Remember the interface language a person chose; empty means the organisation's."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the offered languages."))
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def user_unlock_login(*, user) -> None:
    """Forget a person's failed logins, from every address: they have just proved who
    they are (a password reset by e-mail), so a lockout must not keep them out."""
    from axes.utils import reset

    reset(username=user.get_username())
