import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "kompas.example.dk",
    "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_BEHIND_TLS_PROXY": "true",
    "KOMPAS_BASE_URL": "https://kompas.example.dk",
    "EMAIL_URL": "smtp://mail.example.dk:25",
}


def test_production_settings_pass_the_deploy_check_with_no_warning():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _production_env(**changes):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def test_the_deploy_check_fails_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_production_env(DJANGO_SECRET_KEY=None),
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "kompas.E001" in result.stderr + result.stdout


def _start_wsgi(env):
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_web_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _start_wsgi(_production_env(DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_web_server_starts_with_a_secret_key_or_in_debug():
    with_key = _start_wsgi(_production_env())
    debug = _start_wsgi(_production_env(DJANGO_SECRET_KEY=None, DJANGO_DEBUG="true"))

    assert with_key.returncode == 0, with_key.stderr
    assert debug.returncode == 0, debug.stderr


def test_responses_carry_the_security_headers(client, db):
    response = client.get("/accounts/login/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_scripts_on_pages_carry_the_responses_nonce(client, db):
    response = client.get("/accounts/login/")

    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.text


def test_health_check_answers_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    health = client.get("/health/")
    login = client.get("/accounts/login/")

    assert health.status_code == 200
    assert login.status_code == 301


def test_the_deploy_check_warns_while_the_base_url_is_this_machine():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(KOMPAS_BASE_URL=None),
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "kompas.W004" in result.stderr + result.stdout
