"""`manage.py check --deploy` passes with the production settings: no warning is left."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[1]


def production_env():
    # Not what the test run itself sets: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would fail the check.
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({
        "NIEUWE_ROUTE_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "nieuweroute.example.nl",
        "DJANGO_SETTINGS_MODULE": "nieuwe_route.settings",
    })
    return env


def run(*args):
    return subprocess.run([sys.executable, *args], cwd=BASE, env=production_env(), capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_passes_without_warnings():
    r = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "System check identified no issues" in r.stdout, r.stdout
    assert "WARNINGS" not in r.stdout + r.stderr


PRODUCTION_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({k: getattr(settings, k, None) for k in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SILENCED_SYSTEM_CHECKS")}))
"""


def test_production_sends_cookies_over_https_only_and_asks_browsers_to_stay_on_https():
    r = run("-c", PRODUCTION_SETTINGS)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["CSRF_COOKIE_SECURE"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SESSION_COOKIE_AGE"] == 1800 and s["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    # Only the one check whose reason is written beside it in settings.py.
    assert s["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]


@pytest.mark.parametrize("secret_key", ["", "kort"])
def test_production_fails_the_check_without_a_real_secret_key(secret_key):
    env = {**production_env(), "SECRET_KEY": secret_key}
    r = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=BASE, env=env,
                       capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode != 0
