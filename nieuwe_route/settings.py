"""Settings for Nieuwe Route.

Everything that differs between a laptop and production comes from the
environment: DATABASE_URL (SQLite when unset), SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("NIEUWE_ROUTE_PRODUCTION") == "1":
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "nieuwe_route",
    "organisaties",
    "kwesties",
    "kaders",
    "voorbereiding",
    "besluitvorming",
    "links",
    "beheer",
    # The access log reads every app above; none of them imports it (they leave notes: nieuwe_route.toegang).
    "logboek",
    "gegevens",
    "account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the storing middleware, so the 503 page carries the policy too.
    "csp.middleware.CSPMiddleware",
    "nieuwe_route.storing.StoringMiddleware",  # a POST is one transaction, its session too; database gone: a 503 page
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nieuwe_route.middleware.DutchUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the view: one entry in the access log per request that showed or changed case data. Outside the
    # two-step check, so it sees the answer that was really given.
    "logboek.middleware.ToegangMiddleware",
    "account.middleware.SessieVerlengenMiddleware",
    "account.middleware.TweestapsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a lock-out noticed during the login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nieuwe_route.urls"
WSGI_APPLICATION = "nieuwe_route.wsgi.application"
ASGI_APPLICATION = "nieuwe_route.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own cursors never prepare (they bind on the client). This lets nieuwe_route.db.een_rij prepare the
    # polls' queries; behind PgBouncer in transaction mode use version 1.21 or later (max_prepared_statements).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction begins: concurrent writers wait instead of failing halfway.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # Tests use a file, not shared-cache memory: the browser tests' threaded server then waits for a lock
    # like production does, instead of failing with "database table is locked".
    # NR_TEST_DB names another file, so two test runs on one machine do not share a database.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(BASE_DIR / os.environ.get("NR_TEST_DB", "test-db.sqlite3"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisaties.User"
# Axes first: it refuses a locked-out email address and IP before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overzicht"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in the database so that several app processes behave as one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Logged out after 30 minutes without a click, and when the browser closes. The 30 minutes slide:
# account.middleware.SessieVerlengenMiddleware saves the session at most once a minute (not on every request,
# as SESSION_SAVE_EVERY_REQUEST would, while screens poll every second).
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# htmx sends the token from the page (hx-headers in base.html), so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True

# Two-step login (django-otp): a code from an authenticator app, or one of ten one-time recovery codes.
OTP_TOTP_ISSUER = "Nieuwe Route"
# After a wrong code the next try waits 1, 2, 4, 8 ... seconds (per device, in the database).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Login throttling (django-axes): five wrong passwords for one email address from one IP address lock that
# pair out for 15 minutes. Kept in the database, so every app process sees the same count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "account.axes.username"
AXES_CLIENT_IP_CALLABLE = "account.axes.ip_address"
AXES_LOCKOUT_CALLABLE = "account.views.geblokkeerd"
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the email address
AXES_VERBOSE = False  # no banner on every manage.py command; lock-outs are still logged

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Right after vaststellen, a plan's PDF is rendered in a process of its own (besluitvorming.pdf), so the first
# download finds it ready. Tests switch it off; "0" here renders on the first download instead.
PLAN_PDF_ACHTERGROND = os.environ.get("PLAN_PDF_ACHTERGROND", "1") == "1"

# A 1 MB request body is far beyond any form here; bigger bodies get a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and everything else only from our own static files.
# No inline script, style or event handler anywhere (tests/test_csp.py), so no nonces and nothing unsafe.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if os.environ.get("NIEUWE_ROUTE_PRODUCTION") == "1":
    # HTTPS only: cookies never travel in the clear, http:// is redirected, and browsers remember that for a year.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [
        # HSTS preload asks browsers to hard-code HTTPS for the whole domain of the hosting organisation and all
        # its subdomains, for good. That is that organisation's decision (and its submission), not the app's.
        "security.W021",
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint logs every rendering step at INFO: only its warnings belong in the app's log.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Outside production, WhiteNoise serves straight from the static folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = os.environ.get("NIEUWE_ROUTE_PRODUCTION") != "1"
CSRF_FAILURE_VIEW = "nieuwe_route.views.csrf_failure"

# Personal links for the kring (app links): how long a new link stays valid, and
# how many unknown tokens one address may try before it has to wait.
LINK_GELDIG_DAGEN = int(os.environ.get("LINK_GELDIG_DAGEN", 120))
LINK_POGINGEN_MAX = 20
LINK_POGINGEN_MINUTEN = 15

# How long a closed traject is kept before manage.py bewaartermijn erases it, in months (an organisation may set its
# own in beheer). 240 months is the Jeugdwet's 20 years for jeugdbescherming dossiers (art. 7.3.8).
BEWAARTERMIJN_MAANDEN = int(os.environ.get("BEWAARTERMIJN_MAANDEN", "240"))
