"""Django settings for ServiceHall, read only from environment variables (see docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF, UNSAFE_INLINE

from servicehall.core.env import (
    ConfigError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    installation_secret,
)

# Generic classes of Django (ModelAdmin[…], QuerySet[…]) subscriptable at run time, as typed.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("SERVICEHALL_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or ""
if env_bool("SERVICEHALL_REQUIRE_SECRET", False) and len(SECRET_KEY) < 50:
    raise ConfigError("DJANGO_SECRET_KEY must be set in production, 50 characters or more")
if not SECRET_KEY:
    # make run and tests: a key of this installation's own, made once and kept in VAR_DIR
    # (never one shared by every copy of the code, which would let anybody forge a session).
    SECRET_KEY = installation_secret(VAR_DIR / "secret_key")
# The key of the archive's ledger (reports/ledger.py), kept outside the database so that
# whoever can write the database cannot rewrite the ledger. Production: set it in the env file
# and keep a copy offline (docs/security.md); else one is made once in VAR_DIR.
SERVICEHALL_LEDGER_KEY = env_str("SERVICEHALL_LEDGER_KEY") or installation_secret(
    VAR_DIR / "ledger_key"
)
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
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: no CDN on the intranet
    "axes",
    "servicehall.core",
    "servicehall.workcal",
    "servicehall.history",
    "servicehall.org",
    "servicehall.accounts",
    "servicehall.catalog",
    "servicehall.cases",
    "servicehall.journal",
    "servicehall.liaison",
    "servicehall.figures",
    "servicehall.reports",
    "servicehall.archive",
    "servicehall.federation",
    "servicehall.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Right after it: moves a session's idle end without saving its data (core.sessions).
    "servicehall.core.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "servicehall.history.middleware.ChangeContextMiddleware",
    "servicehall.core.middleware.MethodNotAllowedPage",
    # Last: it answers a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
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
                "servicehall.liaison.context.unread_notices",
            ],
        },
    },
]

# SQLite as the hall needs it, however it is named (DATABASE_URL=sqlite:///… or the default file):
# WAL lets readers go on while a writer commits; IMMEDIATE takes the write lock at BEGIN, so two
# writers queue instead of failing with "database is locked"; synchronous=FULL: a committed
# (acknowledged) write survives a power cut too.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SERVICEHALL_SQLITE_TIMEOUT", 30),
}
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SERVICEHALL_SQLITE_PATH", str(VAR_DIR / "servicehall.sqlite3")),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation (issue 22): the indicators' 差评 query over a province's month spent
    # ~47 ms compiling for a ~75 ms run; every indicator for a month at 20M events took 148 ms
    # with PostgreSQL's default and 101 ms without (docs/benchmarks.md, "province").
    # No parallel workers for a statement by default (SERVICEHALL_PG_PARALLEL_WORKERS): on the
    # 2-core machine a request's gather took the core another request was using; the same
    # indicators, 12 rounds interleaved at load 2.7, took 95 ms without them and 116 ms with 2.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _parallel = env_int("SERVICEHALL_PG_PARALLEL_WORKERS", 0)
    _options["options"] = (
        f"-c jit=off -c max_parallel_workers_per_gather={_parallel} {_options.get('options', '')}"
    ).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # Kept open between requests as PostgreSQL's are (issue 24): a new SQLite connection per
    # request parses the schema again and starts with an empty page cache, so every request
    # read its rollup pages from the OS (GET /api/stats/ p99 75 ms against PostgreSQL's 25).
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "servicehall.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins (web form and admin) and refuses a locked-out login.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair for 15 minutes (an
# office behind one NAT address is not locked out by one person's typing); `servicehall
# axes_reset_username NAME` unlocks at once.
AXES_FAILURE_LIMIT = env_int("SERVICEHALL_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = env_float("SERVICEHALL_LOCKOUT_HOURS", 0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And one address, whatever accounts it names, after 20 wrong passwords in the same window
# (password spraying: a few tries on every account); accounts.lockout adds it to axes.
AXES_HANDLER = "servicehall.accounts.lockout.AddressLimitHandler"
SERVICEHALL_ADDRESS_FAILURES = env_int("SERVICEHALL_ADDRESS_FAILURES", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "servicehall.core.clientip.client_ip"
AXES_VERBOSE = False
# Addresses of the reverse proxies (nginx) whose X-Forwarded-For / -Proto are believed.
SERVICEHALL_PROXIES = env_list("SERVICEHALL_PROXIES", [])
if SERVICEHALL_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions end after an idle hour, and with the browser. A session's data is saved only by a
# request that changed it (overlapping requests of one browser never write an older copy back);
# a request moves the idle end alone, at most once a minute (core.sessions).
SESSION_ENGINE = "servicehall.core.sessions"
SESSION_COOKIE_AGE = env_int("SERVICEHALL_SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# HTTPS in production (SERVICEHALL_HTTPS=true behind nginx with TLS): redirect, secure cookies,
# HSTS. Off for make run on plain http://127.0.0.1.
HTTPS = env_bool("SERVICEHALL_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SERVICEHALL_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload lists public domains; an intranet host is never on them.
    "security.W021",
]
# No inline script anywhere (scripts are static files); inline styles stay allowed for the
# style attributes of templates and the charts ECharts draws.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The archive upload takes many past reports at once (reports.views.archive.MAX_UPLOAD_FILES).
DATA_UPLOAD_MAX_NUMBER_FILES = 500
# Upload limits (core.uploads; docs/deployment.md): MiB per file of each kind, per request, and
# what an .xlsx or .docx may unpack to.
SERVICEHALL_UPLOAD_LIMITS_MB = {
    "events": env_int("SERVICEHALL_MAX_EVENTS_MB", 200),
    ".txt": env_int("SERVICEHALL_MAX_REPORT_TXT_MB", 2),
    ".docx": env_int("SERVICEHALL_MAX_REPORT_DOCX_MB", 20),
    ".pdf": env_int("SERVICEHALL_MAX_REPORT_PDF_MB", 50),
    ".zip": env_int("SERVICEHALL_MAX_REPORT_ZIP_MB", 500),  # a folder of past reports
    "item-spec": env_int("SERVICEHALL_MAX_ITEM_SPEC_MB", 20),  # a 一单一图一表 file
    "evidence": env_int("SERVICEHALL_MAX_EVIDENCE_MB", 10),  # a 差评整改 step's 佐证材料
}
SERVICEHALL_MAX_REQUEST_MB = env_int("SERVICEHALL_MAX_REQUEST_MB", 512)
SERVICEHALL_MAX_UNZIPPED_MB = env_int("SERVICEHALL_MAX_UNZIPPED_MB", 500)
SERVICEHALL_MAX_ZIP_RATIO = 200
SERVICEHALL_MAX_ZIP_MEMBERS = 10_000
# Rows of one events file (a CSV; a workbook holds at most Excel's 1,048,576).
SERVICEHALL_MAX_ROWS = env_int("SERVICEHALL_MAX_ROWS", 50_000_000)
# Background jobs (core.jobs): the worker writes a running job's heartbeat this often; a job of
# another machine's worker silent this long is reaped as failed; a job running longer is killed.
SERVICEHALL_JOB_HEARTBEAT_SECONDS = env_float("SERVICEHALL_JOB_HEARTBEAT_SECONDS", 10)
SERVICEHALL_JOB_STALE_SECONDS = env_int("SERVICEHALL_JOB_STALE_SECONDS", 120)
SERVICEHALL_JOB_TIMEOUT_SECONDS = env_int("SERVICEHALL_JOB_TIMEOUT_SECONDS", 6 * 3600)
FILE_UPLOAD_HANDLERS = [
    "servicehall.core.uploads.RequestSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True
# collectstatic names each file by its content's hash and writes its .gz and .br beside it;
# WhiteNoise serves those names with a year's immutable cache and the compressed copy the
# browser accepts (docs/decisions.md, "Light pages"). Tests use the plain storage (conftest).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only the hashed names are kept and compressed (half the work of collectstatic); source maps
# (the API docs' bundles) are never asked for by a browser that does not debug them.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg",
    "mpg", "webm", "wmv", "map",
)  # fmt: skip
# WhiteNoise warns on every request when the collectstatic directory does not exist yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# A program's token lasts until rotated (servicehall api-token NAME --rotate); one per login.
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # API clients send "Authorization: Token …" (servicehall api-token); first, so that a
        # refused request answers 401 with its WWW-Authenticate. No HTTP Basic: it runs the
        # password hash on every request (4 requests/s) and invites password guessing. Tokens
        # are django-rest-knox's: the database keeps their SHA-512 only.
        "servicehall.accounts.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["servicehall.core.filtering.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "servicehall.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ServiceHall API",
    "DESCRIPTION": "政务大厅综合窗口与周报系统 REST API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page list every route: for signed-in users and token clients only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three models have a `kind` field: name each enum once so the schema validates cleanly.
    "ENUM_NAME_OVERRIDES": {
        "WindowKindEnum": "servicehall.org.models.Window.Kind",
        "EventKindEnum": "servicehall.cases.models.EventKind",
        "ItemKindEnum": "servicehall.catalog.models.ItemKind",
        "RectificationStateEnum": "servicehall.journal.rectification.State",
        # 好差评's five levels: the rating's and the 回访's satisfaction, one enum.
        "EvaluationLevelEnum": "servicehall.journal.models.ServiceEvaluation.Level",
        # A center's level (省/市/县/乡镇): the center's own and an indicator target's, one enum.
        "CenterLevelEnum": "servicehall.org.models.Center.Level",
    },
}

# Working days allowed to follow up a bad service evaluation (差评整改时限).
SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS = env_int("SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS", 15)
# Reject event rows whose department is not in the register (部门严格校验).
# Event imports from the command line: names missing from the registers and steps out of a
# case's life are row errors (strict) or named warnings (lenient, the default: files from
# other systems). The web upload asks, strict by default. The older name still works.
SERVICEHALL_STRICT_IMPORTS = env_bool(
    "SERVICEHALL_STRICT_IMPORTS", env_bool("SERVICEHALL_STRICT_DEPARTMENTS", False)
)
# The series drafted when none is named (draft-issue without --layout).
SERVICEHALL_DEFAULT_SERIES = env_str("SERVICEHALL_DEFAULT_SERIES", "窗口工作周报")
# Week-on-week change that a pre-publication check flags (环比波动阈值), as a share.
SERVICEHALL_FIGURE_JUMP_SHARE = env_float("SERVICEHALL_FIGURE_JUMP_SHARE", 0.5)
# The weekly submissions of the departments (部门报送): due on the last working day of the
# working week at this time (HH:MM, Beijing time).
SERVICEHALL_SUBMISSION_DEADLINE = env_str("SERVICEHALL_SUBMISSION_DEADLINE", "17:00")

# E-mail of reminders (提醒邮件): sent only when an SMTP host is set; otherwise the in-app notice
# alone (the intranet often has no mail server).
EMAIL_HOST = env_str("SERVICEHALL_EMAIL_HOST", "")
EMAIL_PORT = env_int("SERVICEHALL_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SERVICEHALL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SERVICEHALL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SERVICEHALL_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SERVICEHALL_EMAIL_FROM", "servicehall@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SERVICEHALL_LOG_LEVEL", "WARNING")},
}

# Halls that run their own copy (联网报送, docs/deployment.md): this instance's private signing
# key for the bundles it pushes to its parent (a file outside the database, mode 0600), and
# after how many days without a push a federated child is marked stale at the parent.
SERVICEHALL_FEDERATION_KEY_FILE = env_str(
    "SERVICEHALL_FEDERATION_KEY_FILE", str(VAR_DIR / "federation" / "signing.key")
)
SERVICEHALL_FEDERATION_STALE_DAYS = env_int("SERVICEHALL_FEDERATION_STALE_DAYS", 2)
