"""Settings shared by every environment, read from the environment (12-factor).

`local` adds development defaults, `test` makes tests fast, `production` fails closed.
Every setting read here is listed in `.env.example` and the README.
"""

import re
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# `make run` serves on PORT (8000 unless set): the links it emails follow it.
SITE_URL = env("REGISTRY_SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "outbox",
    "django_htmx",
    "datastamp",
    "centres",
    "submissions",
    "evaluations",
    "registry",
    # Accounts (see "Accounts and sign-in" below).
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id.
    "registry.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "registry.middleware.PermissionsPolicyMiddleware",
    "registry.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "registry.middleware.AdminTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "centres.accounts.StaffTwoFactorMiddleware",
]

# Content-Security-Policy: every script and style comes from the site's own static files (no
# inline script, handler or style attribute; Django's admin marks its few inline ones with the
# request's nonce). Images may be data: URLs (the authenticator's QR code).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Powerful browser features the registry never uses, refused to the site and anything it embeds
# (registry.middleware.PermissionsPolicyMiddleware sends them as Permissions-Policy).
REGISTRY_PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL, e.g. postgres://user:password@host:5432/registry; SQLite when unset or empty
# (an `.env` line `DATABASE_URL=` means "no server", not "a database with no engine").
DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'registry.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: web and worker write at once. WAL lets readers run beside the writer; a
    # transaction takes the write lock when it begins (IMMEDIATE), so a second writer waits up to
    # the timeout instead of failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=env.int("REGISTRY_SQLITE_TIMEOUT", default=20),
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compiling the dashboards' counts costs 0.5-1 s a query and saves nothing at this size.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date (and time) format per language across the app: registry/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["registry.formats"]
USE_TZ = True
TIME_ZONE = "UTC"
# The Secretariat reads every due date in this time zone (Geneva).
REGISTRY_TIME_ZONE = env("REGISTRY_TIME_ZONE", default="Europe/Zurich")
# An obligation is "due soon" this many days before its deadline.
REGISTRY_DUE_SOON_DAYS = env.int("REGISTRY_DUE_SOON_DAYS", default=30)
# Dates read from a query ("as at", a period) must fall from this day to the end of the year
# this many years ahead (centres.params); a far date would overflow time-zone arithmetic.
REGISTRY_EARLIEST_DATE = env("REGISTRY_EARLIEST_DATE", default="1990-01-01")
REGISTRY_YEARS_AHEAD = env.int("REGISTRY_YEARS_AHEAD", default=10)

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents: never served by URL, only through permission-checked views.
MEDIA_ROOT = Path(env("REGISTRY_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = None
# With REGISTRY_S3_BUCKET set, uploads live in that S3-compatible bucket (django-storages), which
# every web and worker host shares; otherwise in MEDIA_ROOT on this host. Either way the keys are
# random (upload_to), nothing has a public URL, and downloads stream through permission-checked
# views. The bucket must be private (no public ACL, no listing).
REGISTRY_S3_BUCKET = env("REGISTRY_S3_BUCKET", default="")
if REGISTRY_S3_BUCKET:
    from botocore.config import Config as _S3Config

    _s3_endpoint = env("REGISTRY_S3_ENDPOINT_URL", default="") or None
    _uploads = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REGISTRY_S3_BUCKET,
            # Empty: AWS itself; else the server's address (MinIO, Ceph, moto, a cloud's S3 API).
            "endpoint_url": _s3_endpoint,
            "region_name": env("REGISTRY_S3_REGION", default="") or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID..., an instance role).
            "access_key": env("REGISTRY_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("REGISTRY_S3_SECRET_ACCESS_KEY", default="") or None,
            # A folder inside the bucket (empty: its root).
            "location": env("REGISTRY_S3_PREFIX", default=""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            # A download bigger than this is spooled to a temporary file, not kept in memory.
            "max_memory_size": 4 * 1024 * 1024,
            # Bounded waits (a page or the health probe must not hang on a silent server);
            # path-style addresses for servers of one's own (MinIO, Ceph): no DNS per bucket.
            "client_config": _S3Config(
                connect_timeout=3,
                read_timeout=30,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path" if _s3_endpoint else "auto"},
            ),
        },
    }
else:
    _uploads = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _uploads,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console by default; EMAIL_URL in production, e.g. smtp+tls://user:pass@host:587
# (smtp+ssl:// for implicit TLS), or filemail:///path/to/dir to write messages to files.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_options = {"timeout": env.int("EMAIL_TIMEOUT", default=20)}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _options.update(
        host=_email["EMAIL_HOST"],
        port=_email["EMAIL_PORT"],
        username=_email["EMAIL_HOST_USER"],
        password=_email["EMAIL_HOST_PASSWORD"],
        use_tls=_email.get("EMAIL_USE_TLS", False),
        use_ssl=_email.get("EMAIL_USE_SSL", False),
    )
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _options = {"file_path": _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")}
elif _email["EMAIL_BACKEND"].endswith("console.EmailBackend"):
    # Decoded, so that a link in a message can be clicked (see registry/mail.py).
    _email["EMAIL_BACKEND"] = "registry.mail.ReadableConsoleBackend"
    _options = {}
else:
    _options = {}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _options}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="registry@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# /healthz tells anonymous callers only "ok" or "unavailable"; a monitor that sends this token
# (header "Authorization: Bearer <token>") or a signed-in staff member also gets each check's
# details. Empty: details for staff only.
REGISTRY_HEALTHZ_TOKEN = env("REGISTRY_HEALTHZ_TOKEN", default="")

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no server needed).
REDIS_URL = env("REDIS_URL", default="")
BROKER_DIR = Path(env("REGISTRY_BROKER_DIR", default=str(VAR_DIR / "broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Log lines carry the request id (registry.requestid: the web request's, or the task's that the
# request enqueued). "json" writes one JSON object a line (python-json-logger) for a collector.
REGISTRY_LOG_FORMAT = env("REGISTRY_LOG_FORMAT", default="text")
if REGISTRY_LOG_FORMAT not in ("text", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("REGISTRY_LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "registry.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": REGISTRY_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
# The worker logs through LOGGING above (with the task's request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reporting: unhandled errors of pages and tasks go to Sentry when SENTRY_DSN is set.
# No personal data is sent (no user names, addresses or request bodies).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )

# --- Accounts and sign-in: django-allauth, staff two-factor authentication, uploads ------------
# Contacts are invited by the Secretariat (centres.invitations); nobody signs up alone.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "centres.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed sign-ins: at most 10 a minute from one client address and 5 per account in 5 minutes,
# whatever identifier (username or email) was typed (centres.accounts.AccountAdapter).
# The counters live in the cache: LocMemCache serves one host; set REDIS_URL for several.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
LOGIN_REDIRECT_URL = "portal:home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Addresses are proven by the invitation link (or entered by the Secretariat for staff).
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = env("REGISTRY_TOTP_ISSUER", default="BRS regional centres registry")
# Staff who signed in through the accounts flow without an authenticator are sent to set one up.
REGISTRY_STAFF_MFA_REQUIRED = env.bool("REGISTRY_STAFF_MFA_REQUIRED", default=True)
# The latest due date an extension may set: this many days after the due date it extends.
REGISTRY_EXTENSION_MAX_DAYS = env.int("REGISTRY_EXTENSION_MAX_DAYS", default=730)
# Extension requests go to REGISTRY_SECRETARIAT_EMAIL (defined with the deadlines engine).
# An invitation link works once, for this many days.
REGISTRY_INVITATION_DAYS = env.int("REGISTRY_INVITATION_DAYS", default=14)
# Behind the reverse proxy every request comes from the proxy's address: the sign-in limits
# count per client only when the client's address is read from what the proxy adds. Either the
# number of proxies that append to X-Forwarded-For (1 for one nginx), or the name of a header
# that the proxy sets and overwrites (e.g. X-Real-IP); neither when clients connect directly.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
# The cache holds the sign-in counters, used TOTP codes and the dashboards' answers: shared
# Redis for several hosts (REDIS_CACHE_URL, e.g. another database number than the broker's, else
# REDIS_URL), else one process-local cache. When Redis is down the cache falls back to process
# memory for a while (registry.cache): sign-in keeps working, with per-process counters.
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=REDIS_URL)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "registry.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "registry",
            "OPTIONS": {
                # A request must not hang on a Redis that accepts and never answers.
                "socket_connect_timeout": env.float("REDIS_CACHE_TIMEOUT", default=1.0),
                "socket_timeout": env.float("REDIS_CACHE_TIMEOUT", default=1.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds the cache is left alone after a failure before Redis is tried again.
REGISTRY_CACHE_RETRY_SECONDS = env.int("REGISTRY_CACHE_RETRY_SECONDS", default=10)
# The dashboards' counted answers: which cache, and for how long at most (the data stamp
# invalidates them on every write; the time to live is a safety net).
DASHBOARD_CACHE_ALIAS = "default"
DASHBOARD_CACHE_SECONDS = env.int("REGISTRY_DASHBOARD_CACHE_SECONDS", default=600)

# Uploads: judged by content. Kinds: pdf, docx, xlsx, odt (see submissions.uploads).
REGISTRY_UPLOAD_TYPES = env.list("REGISTRY_UPLOAD_TYPES", default=["pdf", "docx", "xlsx", "odt"])
REGISTRY_UPLOAD_MAX_BYTES = env.int("REGISTRY_UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
REGISTRY_UPLOAD_MAX_FILES = env.int("REGISTRY_UPLOAD_MAX_FILES", default=10)
# Office files are zip archives: refuse too many entries, or too much once expanded.
REGISTRY_UPLOAD_MAX_ZIP_ENTRIES = env.int("REGISTRY_UPLOAD_MAX_ZIP_ENTRIES", default=2000)
REGISTRY_UPLOAD_MAX_EXPANDED_BYTES = env.int(
    "REGISTRY_UPLOAD_MAX_EXPANDED_BYTES", default=100 * 1024 * 1024
)
REGISTRY_UPLOAD_MAX_RATIO = env.int("REGISTRY_UPLOAD_MAX_RATIO", default=200)
# Bytes all the files of one upload may expand to together: bounds the work one request costs.
REGISTRY_UPLOAD_MAX_EXPANDED_TOTAL_BYTES = env.int(
    "REGISTRY_UPLOAD_MAX_EXPANDED_TOTAL_BYTES", default=250 * 1024 * 1024
)

# --- Antivirus: ClamAV's daemon scans every uploaded file (submissions.antivirus) ----------------
# Where clamd listens: a unix socket path (/run/clamav/clamd.ctl or unix:///...) or host:port.
# REGISTRY_CLAMD_SOCKET is read when REGISTRY_CLAMD_ADDRESS is unset. Scanning is on when set.
REGISTRY_CLAMD_ADDRESS = env("REGISTRY_CLAMD_ADDRESS", default="") or env(
    "REGISTRY_CLAMD_SOCKET", default=""
)
# Turn scanning off explicitly (production refuses to start with no address unless this is set).
REGISTRY_VIRUS_SCAN_DISABLED = env.bool("REGISTRY_VIRUS_SCAN_DISABLED", default=False)
# When clamd cannot be reached: "refuse" uploads ("try again later") or "hold" them for review.
REGISTRY_CLAMD_UNAVAILABLE = env("REGISTRY_CLAMD_UNAVAILABLE", default="refuse")
if REGISTRY_CLAMD_UNAVAILABLE not in ("refuse", "hold"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("REGISTRY_CLAMD_UNAVAILABLE must be refuse or hold.")
if REGISTRY_CLAMD_ADDRESS and not (
    REGISTRY_CLAMD_ADDRESS.startswith("unix://")
    or ("/" in REGISTRY_CLAMD_ADDRESS and not REGISTRY_CLAMD_ADDRESS.startswith("tcp://"))
    or re.fullmatch(
        r"(tcp://)?(\[[0-9A-Fa-f:.]+\]|[^:/\s\[\]]+):[0-9]{1,5}",
        REGISTRY_CLAMD_ADDRESS,
        flags=re.ASCII,
    )
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "REGISTRY_CLAMD_ADDRESS must be a unix socket path or host:port, "
        f"not {REGISTRY_CLAMD_ADDRESS!r}."
    )
# Seconds to wait for clamd's answer on one file.
REGISTRY_CLAMD_TIMEOUT = env.int("REGISTRY_CLAMD_TIMEOUT", default=60)

# --- Deadlines engine: reminders, late flags, digests (submissions.reminders) ---
# Who receives late flags and the digest, and is copied on escalations.
REGISTRY_SECRETARIAT_EMAIL = env("REGISTRY_SECRETARIAT_EMAIL", default="secretariat@localhost")
# Defaults for request kinds without a reminder policy in the admin.
REGISTRY_REMINDER_DAYS_BEFORE = env("REGISTRY_REMINDER_DAYS_BEFORE", default="60,30,7,1")
REGISTRY_REMINDER_OVERDUE_EVERY_DAYS = env.int("REGISTRY_REMINDER_OVERDUE_EVERY_DAYS", default=14)
REGISTRY_REMINDER_OVERDUE_MAX = env.int("REGISTRY_REMINDER_OVERDUE_MAX", default=5)
REGISTRY_REMINDER_ESCALATE_AFTER_DAYS = env.int("REGISTRY_REMINDER_ESCALATE_AFTER_DAYS", default=30)
# A step missed by more than this is not sent late (old data, a scan that was down).
REGISTRY_REMINDER_STALE_DAYS = env.int("REGISTRY_REMINDER_STALE_DAYS", default=7)
# Every open obligation is looked at again at least this often (catches edited due dates).
REGISTRY_REMINDER_RECHECK_HOURS = env.int("REGISTRY_REMINDER_RECHECK_HOURS", default=24)
# The beat: scan every N minutes; the digest on this weekday (0 = Sunday, 1 = Monday) and UTC hour.
REGISTRY_DEADLINE_SCAN_MINUTES = env.int("REGISTRY_DEADLINE_SCAN_MINUTES", default=60)
REGISTRY_DIGEST_WEEKDAY = env.int("REGISTRY_DIGEST_WEEKDAY", default=1)
REGISTRY_DIGEST_HOUR_UTC = env.int("REGISTRY_DIGEST_HOUR_UTC", default=6)
# Sending: attempts, backoff (capped far below the broker's visibility timeout), and the lease
# after which an email claimed by a dead worker is sent again.
REGISTRY_EMAIL_MAX_ATTEMPTS = env.int("REGISTRY_EMAIL_MAX_ATTEMPTS", default=8)
REGISTRY_EMAIL_RETRY_BASE_SECONDS = env.int("REGISTRY_EMAIL_RETRY_BASE_SECONDS", default=60)
REGISTRY_EMAIL_RETRY_MAX_SECONDS = env.int("REGISTRY_EMAIL_RETRY_MAX_SECONDS", default=900)
REGISTRY_EMAIL_LEASE_SECONDS = env.int("REGISTRY_EMAIL_LEASE_SECONDS", default=300)
REGISTRY_EMAIL_RESUME_AFTER_SECONDS = env.int("REGISTRY_EMAIL_RESUME_AFTER_SECONDS", default=300)

# --- The API (/api/v1/, registry.api) ----------------------------------------------------------
# Requests allowed per API token (or signed-in user) and per anonymous client, "number/period".
REGISTRY_API_RATE_SIGNED_IN = env("REGISTRY_API_RATE_SIGNED_IN", default="600/m")
REGISTRY_API_RATE_ANONYMOUS = env("REGISTRY_API_RATE_ANONYMOUS", default="120/m")
# The longest validity of a personal API token, in days.
REGISTRY_API_TOKEN_MAX_DAYS = env.int("REGISTRY_API_TOKEN_MAX_DAYS", default=365)
# Anonymous clients are told apart by address: read it past the same proxies as sign-in limits.
NINJA_NUM_PROXIES = ALLAUTH_TRUSTED_PROXY_COUNT
