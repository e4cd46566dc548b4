import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from apps.core.checks import refuse_development_key_in_production  # noqa: E402

refuse_development_key_in_production()

from apps.core.checks import warn_about_the_database_role  # noqa: E402

warn_about_the_database_role()
