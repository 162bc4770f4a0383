"""Settings for the air-defence incident dashboard.

Every setting that differs between machines comes from the environment and is parsed here, in
one place. See `.env.example` and the configuration table in README.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# In production an unset key stays empty: the servers refuse to start (config/wsgi.py,
# config/asgi.py) and Django refuses anything that signs, while commands that sign nothing
# (`parse_statements`, `check`) still run on a machine that holds no secret.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Developing: the key `make run` keeps under var/ (sign-ins survive a restart), else one for
    # this process only. Never a key anyone can read in the repository.
    DEVELOPMENT_KEY = BASE_DIR / "var" / "secret_key"
    SECRET_KEY = (
        DEVELOPMENT_KEY.is_file() and DEVELOPMENT_KEY.read_text().strip()
    ) or secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS and browser protections: on by default in production, off while developing.
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", not DEBUG) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Editors' sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The admin's address; moving it off /admin/ keeps most drive-by login attempts away.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default): the
# client is the socket's address, so nobody can dodge or aim a login lockout with a header;
# set it (the compose stack's .env does) only where that many proxies are really in front.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "incidents",
    "dashboard",
]

MIDDLEWARE = [
    # First: health probes answer before host checks, HTTPS redirects and sessions.
    "config.availability.HealthMiddleware",
    # A database that cannot be reached is a 503 with Retry-After, not a 500.
    "config.availability.DatabaseUnavailableMiddleware",
    # Which database the request reads: a replica for public reads (config/replicas.py).
    "config.replicas.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # What does not say how it may be cached is private, no-store (after WhiteNoise, whose
    # static files say it themselves).
    "dashboard.httpcache.HttpCacheMiddleware",
    # Public pages and JSON compressed; never the admin or a page with a CSRF token (BREACH).
    "config.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: a page's from its address (/en/, /ru/, /uk/), the admin's from the browser;
    # before CommonMiddleware, whose slash redirect must see the language (config/languages.py).
    "config.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which editor made each change in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into a clear answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "dashboard.context_processors.demo",
                "dashboard.context_processors.language_free",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# The embedded default is an SQLite file under var/; DATABASE_URL names anything else, or
# POSTGRES_HOST (with POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD) a PostgreSQL.
# Persistent connections: opening a PostgreSQL connection per request costs ~14x on these machines.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
elif os.environ.get("POSTGRES_HOST"):
    # The same from separate variables (the compose stack): a password needs no URL-encoding.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ["POSTGRES_HOST"],
            "PORT": os.environ.get("POSTGRES_PORT", "5432"),
            "NAME": os.environ.get("POSTGRES_DB", "airdefense"),
            "USER": os.environ.get("POSTGRES_USER", "airdefense"),
            "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            # SQLite, making var/ when it first opens the file (config/embedded/base.py).
            "ENGINE": "config.embedded",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while an editor writes; IMMEDIATE avoids "database is
                # locked" errors when two writers upgrade their transactions at the same time.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
# Read replicas (config/replicas.py): PostgreSQL streaming replicas of the primary, comma-separated
# URLs; public reads go to one of them, writes, the admin and an editor's next few seconds
# (READ_YOUR_WRITES_SECONDS) to the primary.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")), conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "10"))
# Behind pgbouncer in transaction pooling (DATABASE_POOL_MODE=transaction): consecutive
# transactions may run on different server connections, so nothing may outlive one. psycopg's
# prepared statements do (prepare_threshold None: never prepare); named cursors are used only
# inside transactions (the JSON export's REPEATABLE READ; the CSV is a COPY in a transaction), so
# they stay on and the exports still stream.
POOLED = os.environ.get("DATABASE_POOL_MODE", "").strip().lower() == "transaction"
for database in DATABASES.values():
    if POOLED and database["ENGINE"].endswith("postgresql"):
        database.setdefault("OPTIONS", {})["prepare_threshold"] = None
    if database["ENGINE"].endswith("postgresql"):
        # A database host that neither answers nor refuses (a dropped network) must become a
        # 503 within seconds, not after the kernel's two-minute TCP timeout.
        database.setdefault("OPTIONS", {})["connect_timeout"] = int(
            os.environ.get("DB_CONNECT_TIMEOUT", "5")
        )
        # Dates as ISO text whatever the server's default: psycopg reads no other, and the
        # exports write dates as PostgreSQL's own text (incidents/cells.py).
        database["OPTIONS"].setdefault("options", "-c DateStyle=ISO")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages are cached under the record's data version (dashboard/freshness.py). REDIS_URL shares
# one cache between all web processes; without it each process keeps its own in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # The cache is optional (dashboard/freshness.py): a Redis that hangs must cost a page
            # half a second at most, never a worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {
            "BACKEND": "dashboard.freshness.BoundedMemoryCache",
            "OPTIONS": {
                "MAX_ENTRIES": 2000,
                "MAX_BYTES": int(os.environ.get("PAGE_CACHE_MB", "64")) * 2**20,
            },
        }
    )
}

# The whole record as files (dashboard/snapshots.py): the unfiltered downloads are written once
# per data version into SNAPSHOT_DIR and sent from disk; empty turns it off (always streamed live).
# SNAPSHOT_AUTOBUILD: a request that finds no snapshot of the current version starts
# `manage.py build_snapshots` in the background (run it from a timer too: docs/operations.md).
# SITE_URL: the public address (https://host) the files' links are written with by commands
# that have no request (build_snapshots, release); a request's own address otherwise.
SNAPSHOT_DIR = os.environ.get("SNAPSHOT_DIR", str(BASE_DIR / "var" / "snapshots"))
SNAPSHOT_AUTOBUILD = env_bool("SNAPSHOT_AUTOBUILD", True)
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and (
    not SITE_URL.startswith(("https://", "http://")) or "/" in SITE_URL.split("://", 1)[1]
):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r}: give https://host, without a path.")
# Dated, immutable releases of the data package (`manage.py release`).
RELEASE_DIR = os.environ.get("RELEASE_DIR", str(BASE_DIR / "var" / "releases"))

# The chart's covering index uses INCLUDE, which SQLite ignores (it still gets the index).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface's languages, each named in itself (the language switcher shows these names).
# Catalogues: locale/<code>/LC_MESSAGES/django.po, the compiled .mo beside it (`make messages`).
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"
# Where a sign-in lands when its `next` is missing or refused (not /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"

# A revision's reason carries the editor's correction note, which may be longer than 100 letters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked out for the cool-off time. Locking the pair (not the username alone)
# means an attacker cannot lock a real editor out from the editor's own address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # no banner on every manage.py run; lockouts are still logged

# Content Security Policy: everything from this site, no inline script, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The one page other sites may frame: the chart embed (/embed/chart/), from any site.
EMBED_FRAME_ANCESTORS = ["*"]

# The API is public and read-only: no sessions, no CSRF, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Air-defence incident record API",
    "DESCRIPTION": (
        "Published incidents as official statements report them. Every figure is a claim by "
        "the cited source. Codebook: /about/data/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"ReportingEnum": "incidents.choices.Reporting"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dashboard.api_schema.query_parameters",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pymorphy3 announces each dictionary load at INFO; the statement parser loads it once.
    "loggers": {"pymorphy3": {"level": "WARNING"}},
}
