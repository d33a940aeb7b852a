"""Django settings for ServiceHall, read only from environment variables (see docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from servicehall.core.env import ConfigError, env_bool, env_float, env_int, env_list, env_str

# Generic classes of Django (ModelAdmin[…], QuerySet[…]) subscriptable at run time, as typed.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("SERVICEHALL_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("SERVICEHALL_REQUIRE_SECRET", False):
        raise ConfigError("DJANGO_SECRET_KEY must be set in production")
    # Development and tests only: a fixed key keeps sessions across restarts of `make run`.
    SECRET_KEY = "servicehall-insecure-development-key-change-me"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: no CDN on the intranet
    "servicehall.core",
    "servicehall.history",
    "servicehall.org",
    "servicehall.accounts",
    "servicehall.catalog",
    "servicehall.cases",
    "servicehall.journal",
    "servicehall.figures",
    "servicehall.reports",
    "servicehall.archive",
    "servicehall.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "servicehall.history.middleware.ChangeContextMiddleware",
]

ROOT_URLCONF = "servicehall.urls"
WSGI_APPLICATION = "servicehall.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SERVICEHALL_SQLITE_PATH", str(VAR_DIR / "servicehall.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while a writer commits; IMMEDIATE takes the write lock
                # at BEGIN, so two writers queue instead of failing with "database is locked".
                # synchronous=FULL: a committed (acknowledged) write survives a power cut too.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The archive upload takes many past reports at once (reports.views.archive.MAX_UPLOAD_FILES).
DATA_UPLOAD_MAX_NUMBER_FILES = 500

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns on every request when the collectstatic directory does not exist yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # API clients send "Authorization: Token …" (servicehall api-token); first, so that a
        # refused request answers 401 with its WWW-Authenticate. No HTTP Basic: it runs the
        # password hash on every request (4 requests/s) and invites password guessing.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ServiceHall API",
    "DESCRIPTION": "政务大厅综合窗口与周报系统 REST API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three models have a `kind` field: name each enum once so the schema validates cleanly.
    "ENUM_NAME_OVERRIDES": {
        "WindowKindEnum": "servicehall.org.models.Window.Kind",
        "EventKindEnum": "servicehall.cases.models.EventKind",
        "ItemKindEnum": "servicehall.catalog.models.ItemKind",
    },
}

# Working days allowed to follow up a bad service evaluation (差评整改时限).
SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS = env_int("SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS", 5)
# Reject event rows whose department is not in the register (部门严格校验).
SERVICEHALL_STRICT_DEPARTMENTS = env_bool("SERVICEHALL_STRICT_DEPARTMENTS", False)
# The series drafted when none is named (draft-issue without --layout).
SERVICEHALL_DEFAULT_SERIES = env_str("SERVICEHALL_DEFAULT_SERIES", "窗口工作周报")
# Week-on-week change that a pre-publication check flags (环比波动阈值), as a share.
SERVICEHALL_FIGURE_JUMP_SHARE = env_float("SERVICEHALL_FIGURE_JUMP_SHARE", 0.5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SERVICEHALL_LOG_LEVEL", "WARNING")},
}
