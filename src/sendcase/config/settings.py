"""Settings for sendcase, read from environment variables.

DATABASE_URL  sqlite:///path or postgres://user:pass@host/db (default: SQLite file in var/)
SECRET_KEY    required unless DEBUG is on
DEBUG         true/false (default false)
ALLOWED_HOSTS comma-separated (default: localhost names when DEBUG, none otherwise)
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sendcase.notifications.conf import notification_settings

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("SENDCASE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

_secret = env_str("SECRET_KEY", "")
if not _secret:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    _secret = "insecure-development-key-only-for-debug"  # noqa: S105 - refused outside DEBUG above
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "sendcase.core",
    "sendcase.settings_data",
    "sendcase.people",
    "sendcase.caseload",
    "sendcase.assessments",
    "sendcase.plans",
    "sendcase.portal",
    "sendcase.notifications",
    "sendcase.performance",
    "sendcase.improvement",
    "sendcase.imports",
    "sendcase.linkage",
    "sendcase.data_quality",
    "sendcase.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sendcase.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sendcase.core.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "sendcase.config.urls"
WSGI_APPLICATION = "sendcase.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sendcase.core.context_processors.service",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sendcase.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must name an SQLite file or a PostgreSQL database.")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Take the write lock when a transaction starts, so two writers queue instead of one failing with
    # "database is locked" part-way through.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:start"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling: this many failures for one username, or from one address, within the window
# locks further attempts until the window has passed.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)

# Staff two-factor authentication (an authenticator app, as portal users have). Off by default so the demo
# and existing set-ups keep working; a staff member who has set an app up is always asked for a code.
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", default=False)

# GOV.UK One Login for portal users (OpenID Connect). Offered only when these are set; see docs/portal.md.
ONE_LOGIN_CLIENT_ID = env_str("ONE_LOGIN_CLIENT_ID", "")
ONE_LOGIN_DISCOVERY_URL = env_str("ONE_LOGIN_DISCOVERY_URL", "")
ONE_LOGIN_PRIVATE_KEY = env_str("ONE_LOGIN_PRIVATE_KEY", "").replace("\\n", "\n")
ONE_LOGIN_CLIENT_SECRET = env_str("ONE_LOGIN_CLIENT_SECRET", "")
ONE_LOGIN_SCOPES = env_str("ONE_LOGIN_SCOPES", "openid email")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = True

# Uploaded documents: what families, schools and advisers may send us.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

_MAIL = "django.core.mail.backends"
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", f"{_MAIL}.console.EmailBackend" if DEBUG else f"{_MAIL}.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "send-service@example.org")

SERVICE_NAME = env_str("SERVICE_NAME", "Manage SEND cases")
AUTHORITY_NAME = env_str("AUTHORITY_NAME", "Demo City Council")
# Email, text messages and letters (see docs/notifications.md): recording backend unless configured.
NOTIFICATIONS = notification_settings()

# The authority's old three-digit DfE LA code: which row of the published statistics is "us" (demo: 330,
# Birmingham).
AUTHORITY_LA_CODE = env_str("AUTHORITY_LA_CODE", "330")
# SEN2 header: whether the area has a designated medical officer and a designated clinical officer (Y, N
# or R). Left blank, the return's header check says so before submission.
SEN2_DMO = env_str("SEN2_DMO", "")
SEN2_DCO = env_str("SEN2_DCO", "")
# The officer's default caseload threshold, above which a manager's view flags them.
CASELOAD_THRESHOLD = env_int("CASELOAD_THRESHOLD", 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sendcase.api.permissions.IsStaffOrServiceAccount"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sendcase.api.problems.problem_details_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/minute"),
        "user": env_str("API_USER_RATE", "2000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sendcase API",
    "DESCRIPTION": "Children, EHC needs assessment requests and their statutory steps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
