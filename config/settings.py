"""Settings for Kompas.

Every value that differs between a laptop, CI and production is read from the
environment here and nowhere else. With no environment at all the app runs on
SQLite with Celery tasks executed eagerly, so a newcomer needs nothing else.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default key is only good for a laptop; production sets DJANGO_SECRET_KEY. The web
# server refuses to start without it when DEBUG is off (config/wsgi.py), and
# `check --deploy` fails (apps.core.checks).
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-change-me-0123456789"  # noqa: S105 - public on purpose
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "apps.core",
    "apps.accounts",
    "apps.organisations",
    "apps.audit",
    "apps.strategies",
    "apps.consultations",
    "apps.obligations",
    "apps.dashboards",
    "apps.exports",
    "apps.demo",
    "apps.identity",
    "apps.notifications",
    "apps.imports",
    "apps.followup",
    "apps.search",
    "apps.klarsprog",
    "apps.records",
    "apps.public",
    "apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # request.saml_session: the SAML flow's own session, whose cookie comes back with the
    # IdP's cross-site POST (SameSite=None over HTTPS).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages and the language, so the sign-out notice is said in the person's.
    "apps.accounts.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.organisation",
                "apps.notifications.context_processors.inbox",
                "apps.notifications.context_processors.needs_you",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves real requests: concurrent writers queue for the write
    # lock (taken at BEGIN, so a transaction never fails half-way on an upgrade) and wait
    # up to 20 s instead of answering "database is locked"; WAL lets readers go on while
    # one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Counters shared by every web process (the public report form's rate limit). One
# process on the embedded default; production sets CACHE_URL=redis://… (docker-compose).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses logins while a username or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's password backend, closed where an organisation allows work accounts only.
    "apps.identity.sso.backends.LocalPasswordBackend",
    "apps.identity.sso.oidc.OrganisationOIDCBackend",
    "apps.identity.sso.backends.SingleSignOnBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling for 15 minutes: 5 failures lock a username *at that address* (a
# nested list is a combination), so nobody elsewhere can lock a colleague out; 50
# failures lock an address for every username (a town hall behind one NAT is one
# address). apps.accounts.throttling weighs the two limits. The address is REMOTE_ADDR
# unless our own proxies are trusted. A locked-out person gets back in by resetting
# their password.
AXES_ENABLED = env.bool("KOMPAS_LOGIN_THROTTLING", default=True)
AXES_FAILURE_LIMIT = env.int("KOMPAS_LOGIN_FAILURE_LIMIT", default=5)
KOMPAS_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("KOMPAS_LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "apps.accounts.throttling.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "apps.accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Single sign-on (apps/identity/sso): each organisation's identity provider is a row in
# the admin; these are the installation-wide parts. Seconds to wait for a provider's
# token and key endpoints.
KOMPAS_SSO_HTTP_TIMEOUT = env.float("KOMPAS_SSO_HTTP_TIMEOUT", default=10.0)
# The SAML service provider's key pair (PEM files), which signs the AuthnRequests and is
# published in each organisation's SP metadata; and pysaml2's xmlsec1 program.
KOMPAS_SAML_KEY_FILE = env("KOMPAS_SAML_KEY_FILE", default="")
KOMPAS_SAML_CERT_FILE = env("KOMPAS_SAML_CERT_FILE", default="")
KOMPAS_SAML_XMLSEC_BINARY = env("KOMPAS_SAML_XMLSEC_BINARY", default="/usr/bin/xmlsec1")
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "kompas_saml_session"
# Django's own CSP middleware is on, and the redirect binding needs no exception from it.
SAML_CSP_HANDLER = ""
# Browsers drop SameSite=None cookies that are not Secure; over plain HTTP (a laptop,
# the tests, where IdP and Kompas share a site) Lax is what gets through.
SAML_SESSION_COOKIE_SAMESITE = "None" if env.bool("DJANGO_SECURE_COOKIES", default=False) else "Lax"
# Anonymous access is never needed; guardian's anonymous user would only be a liability.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", "Dansk"),
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our English writes dates day-month-year with a 24-hour clock (config/formats/en).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages are installed by npm (pinned in package.json) and served from
# node_modules under their own prefix, never copied into the repository by hand.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("axe-core", BASE_DIR / "node_modules" / "axe-core"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
    },
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        ),
    },
}
# Serve from the finders too, so runserver, tests and the live server need no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Celery: with no broker configured every task runs eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task's message is acknowledged when the task ends, not when it starts, so work is
# not lost with its worker: a killed pool process hands its message back at once
# (reject on worker lost); a whole worker that dies leaves it unacknowledged, and Redis
# hands it out again after the visibility timeout. That timeout must outlast the longest
# task (hard limit 180 s) and retry countdown (60 s), or live tasks would run twice.
# A redelivered task takes its job up again at most apps.exports.services.MAX_ATTEMPTS
# times, so a task that kills its worker every time cannot loop.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Messages lost anyway (Redis restarted without persistence) are sent again by beat.
CELERY_BEAT_SCHEDULE = {
    "exports-requeue-stale": {
        "task": "apps.exports.tasks.exports_requeue_stale",
        "schedule": 300.0,
    },
    "notifications-send": {
        "task": "apps.notifications.tasks.notifications_send",
        "schedule": 60.0,
    },
    "notifications-scan": {
        "task": "apps.notifications.tasks.notifications_scan",
        "schedule": 3600.0,
    },
    # Cheap when nothing is missing (one query per organisation and centre).
    "dashboards-record-quarters": {
        "task": "apps.dashboards.tasks.dashboards_record_quarters",
        "schedule": 3600.0,
    },
    "submissions-purge": {
        "task": "apps.core.tasks.submissions_purge",
        "schedule": 86400.0,
    },
}

# E-mail: EMAIL_URL (smtp://host:25, smtp+tls://user:pass@host:587, smtp+ssl://…); with
# none, mails are written to the console. Links in mails start with KOMPAS_BASE_URL.
_email = env.email("EMAIL_URL", default="consolemail://")
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kompas <kompas@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The installation's own address (e.g. https://kompas.naestved.dk): links in mails start
# with it, and relative links in texts are made absolute to it on pages and in PDFs.
# `check --deploy` warns while it is left at the local default (kompas.W004).
KOMPAS_BASE_URL = env("KOMPAS_BASE_URL", default="http://127.0.0.1:8000")
# Local hour at which daily digests (and on Mondays weekly ones) become due.
NOTIFICATIONS_DIGEST_HOUR = env.int("KOMPAS_DIGEST_HOUR", default=7)

# Security headers. Production (DJANGO_DEBUG unset, HTTPS behind a proxy) turns the
# HTTPS-only ones on through the environment.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A sign-in ends after 8 idle hours (a working day away) and at the latest 24 hours after
# it began (apps.accounts.sessions); changing one's password ends every other session.
KOMPAS_SESSION_IDLE_SECONDS = int(env.float("KOMPAS_SESSION_IDLE_HOURS", default=8) * 3600)
SESSION_COOKIE_AGE = int(env.float("KOMPAS_SESSION_MAX_HOURS", default=24) * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# The container health check talks plain HTTP to gunicorn from inside.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Passwords of the demo users printed by `manage.py load_demo`.
DEMO_PASSWORD = env("KOMPAS_DEMO_PASSWORD", default="kompas-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kv": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Axes announces itself at every start; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
        # pysaml2 logs each assertion's subject (an e-mail address) at INFO; refusals are
        # logged by apps.identity.sso and written to the audit log.
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}

# The import review posts a type (and for some blocks a role level or priority) per block
# of a document: a 40-page policy has over a thousand blocks, past Django's 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Requests to the read API (apps/api) per client address without a token, and per token.
KOMPAS_API_RATE_ANONYMOUS = env("KOMPAS_API_RATE_ANONYMOUS", default="120/m")
KOMPAS_API_RATE_TOKEN = env("KOMPAS_API_RATE_TOKEN", default="1200/m")
# Answers to a public consultation from one address to one consultation, per hour.
KOMPAS_PUBLIC_ANSWERS_PER_HOUR = env.int("KOMPAS_PUBLIC_ANSWERS_PER_HOUR", default=20)
