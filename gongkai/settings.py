"""One settings module, driven by environment variables (healthchecks' style).

SQLite is the embedded default; set DATABASE_URL to use PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="False"):
    """A yes/no setting. A value that is neither (a typo such as "ture") stops the start with a
    message instead of quietly meaning "no"."""
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"{name}={os.environ.get(name)!r} is not a yes/no value: use one of 1/true/yes/on or 0/false/no/off"
    )


DEBUG = envbool("DEBUG", "True" if not os.environ.get("SECRET_KEY") else "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only ever used for local development: DEBUG is on whenever SECRET_KEY is unset.
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000")
SITE_NAME = os.environ.get("SITE_NAME", "政府信息公开平台")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.accounts",
    "gongkai.disclosure",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.reports",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "gongkai.portal",
]

MIDDLEWARE = [
    "gongkai.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.web.RejectControlCharacters",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.accounts.twofactor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # last: it needs the user and the messages, and a page it serves still gets every header above
    "gongkai.portal.pagecache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.accounts.context_processors.site",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Deployed, each process keeps its database connection (DB_CONN_MAX_AGE seconds, checked before
# reuse): opening one per request costs more than the public form's whole work, and SQLite
# checkpoints its WAL whenever the last connection closes. With DEBUG (runserver: a thread per
# request) a request opens its own.
conn_max_age = int(os.environ.get("DB_CONN_MAX_AGE", "0" if DEBUG else "600"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}", conn_max_age=conn_max_age, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while the office writes; the timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME") or None}
# A read replica for the public portal and the API (gongkai/replica.py), when there is one.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=conn_max_age, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gongkai.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "gongkai.replica.PublicReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Proxies whose X-Forwarded-For is believed (comma-separated addresses or networks). The
# documented deployment runs nginx on the same host, hence loopback by default.
TRUSTED_PROXIES = [p for p in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A lockout holds one username from one client address: another user, or the same user from
# another address, can still sign in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongkai.accounts.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.lockout.lockout_response"

# 等保 level 2 (GB/T 22239-2019 8.1.4.1): passwords of some length and complexity, sessions that
# end after a period of inactivity.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongkai.accounts.passwords.CharacterClassValidator"},
]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Applicants' ID and phone numbers are encrypted at rest (gongkai/encryption.py). Production sets
# both; without them, development keys are derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k.strip()]
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
# Two-factor sign-in (TOTP): anyone may set it up; when required, the OGI office and
# administrators must before they use staff pages or the admin.
OTP_REQUIRED = envbool("OTP_REQUIRED")
OTP_TOTP_ISSUER = SITE_NAME
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Files with personal data (applicants' attachments): outside MEDIA_ROOT, never served by a web
# server, streamed only by views that check permissions first.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
# Files: folders on this machine by default; with S3_BUCKET set, an S3-compatible object store
# (django-storages) shared by every node. Either way nothing is served straight from the store:
# the application streams each file after its permission check, so the bucket stays private and
# the applicants' attachments (the "private" storage) have no URL at all.
S3_BUCKET = os.environ.get("S3_BUCKET", "")


def s3_storage(location):
    return {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "location": location,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not S3_BUCKET
    else {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage("media")},
    "private": {"BACKEND": "gongkai.applications.storage.PrivateFolderStorage"}
    if not S3_BUCKET
    else {"BACKEND": "gongkai.applications.s3storage.PrivateS3Storage", "OPTIONS": s3_storage("private")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Request bodies are bounded here, not only by the reverse proxy: a body over MAX_REQUEST_BYTES is
# refused with 413 before it is read; form fields other than files over 2.5 MB and more than
# 1000 fields are refused by Django; uploads over 2.5 MB go to a temporary file, not memory.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(100 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Background work (the supervisors' bulk check, the outbox's notices): django-tasks with its database backend; the
# worker is `gongkai db_worker` (a systemd service beside gunicorn; `make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# One bulk check's overall budget, on top of each file's own limits: its wall time and the pages
# it reads (scans are read by OCR at tens of seconds a page); files past it are listed unchecked.
BULK_CHECK_SECONDS = int(os.environ.get("BULK_CHECK_SECONDS", "3600"))
BULK_CHECK_PAGES = int(os.environ.get("BULK_CHECK_PAGES", "600"))
# Scans read by OCR are cached by file hash here, so a file checked again is not read again.
os.environ.setdefault("GONGKAI_OCR_CACHE", str(DATA_DIR / "ocr-cache"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
# A mail server that does not answer must not hold a request or the outbox run for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Text messages to applicants (gongkai.applications.sms): the console backend logs them;
# gongkai.applications.sms.AliyunBackend sends through Alibaba Cloud (pip install 'gongkai[sms]').
SMS_BACKEND = os.environ.get("SMS_BACKEND", "gongkai.applications.sms.ConsoleBackend")
SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_ENDPOINT = os.environ.get("SMS_ALIYUN_ENDPOINT", "dysmsapi.aliyuncs.com")
# Always https (not read from the environment); the tests set "http" for the provider's stand-in
# on loopback.
SMS_ALIYUN_PROTOCOL = "https"
SMS_ALIYUN_SIGN_NAME = os.environ.get("SMS_ALIYUN_SIGN_NAME", "")
SMS_ALIYUN_TEMPLATE_CODE = os.environ.get("SMS_ALIYUN_TEMPLATE_CODE", "")
SMS_ALIYUN_CODE_TEMPLATE_CODE = os.environ.get("SMS_ALIYUN_CODE_TEMPLATE_CODE", "")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))  # for the file-based backend

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "gongkai.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The cache must be shared by every worker process of a deployment (a page cached by one worker
# is invalidated by another), so the default is a folder on disk rather than each process's
# memory; several machines share Redis instead (CACHE_BACKEND=django.core.cache.backends.redis.RedisCache,
# CACHE_LOCATION=redis://host:6379/0). The portal's rate-limit counters live in the database.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", str(DATA_DIR / "cache")),
    }
}

# Public pages are kept in the cache this many seconds at most (0: not cached); every change to
# what a page shows invalidates it at once (gongkai/portal/pagecache.py).
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))

# The public portal: rate limits of public forms (attempts, seconds) per client address (see
# TRUSTED_PROXIES for how the address is found behind a proxy).
PORTAL_RATE_APPLICATION = (int(os.environ.get("PORTAL_RATE_APPLICATION", "20")), 3600)
PORTAL_RATE_FEEDBACK = (int(os.environ.get("PORTAL_RATE_FEEDBACK", "10")), 3600)
PORTAL_RATE_OPENDAY = (int(os.environ.get("PORTAL_RATE_OPENDAY", "10")), 3600)
PORTAL_RATE_QUERY_CODE = (int(os.environ.get("PORTAL_RATE_QUERY_CODE", "10")), 3600)
# citizen accounts: registrations and codes asked for together; failed sign-ins; reset codes per
# address and per account name (whoever asks)
PORTAL_RATE_ACCOUNT = (int(os.environ.get("PORTAL_RATE_ACCOUNT", "5")), 3600)
PORTAL_RATE_ACCOUNT_LOGIN = (int(os.environ.get("PORTAL_RATE_ACCOUNT_LOGIN", "10")), 3600)
PORTAL_RATE_ACCOUNT_RESET = (int(os.environ.get("PORTAL_RATE_ACCOUNT_RESET", "5")), 3600)
PORTAL_RATE_ACCOUNT_RESET_NAME = (int(os.environ.get("PORTAL_RATE_ACCOUNT_RESET_NAME", "3")), 3600)
# Seconds without a touch before the kiosk (一体查询机) returns to its home page.
KIOSK_IDLE_SECONDS = int(os.environ.get("KIOSK_IDLE_SECONDS", "60"))
