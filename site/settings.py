"""Settings for the whole site, read from the environment.

With nothing set, the site runs for development: SQLite, the local-memory cache,
email printed to the console, DEBUG on. `DJANGO_ENV=production` turns on the
production defaults (DEBUG off, HTTPS-only cookies, HSTS, a required SECRET_KEY).
Every variable is listed, with an example, in `.env.example`.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = Path(__file__).resolve().parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-deploy"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
# Everything signed (sessions, manage and check-in links, password resets)
# can be forged by anyone who knows the key, so production refuses to start
# with none, with a known one (ours, Django's startproject placeholder), or
# with one too short to resist guessing.
if PRODUCTION and (
    len(SECRET_KEY) < 50
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in production to a long random string (at least"
        " 50 characters, not the development default), for example:"
        " python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

# Unset, the address is the development server's, on the port it serves on
# (`PORT=8080 make run`), so links in emails, feeds and pages reach it.
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# --- Applications ----------------------------------------------------------

INSTALLED_APPS = [
    # Before every app whose models it translates, and before any admin
    # (modeltranslation's documented order); it ships no templates, so our own
    # apps still override everyone else's.
    "modeltranslation",
    # Our own apps come first so their templates override those of libraries.
    "clubsite",
    "content",
    "masterminds",
    "clubs",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "clubs.admin_users.UsersAppConfig",  # wagtail.users: deleting erases, forms guarded
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Abuse limits (its system checks guard the cache the counters use)
    "django_ratelimit",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Scheduling
    "recurrence",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "clubsite.middleware.HealthCheckMiddleware",
    "clubsite.middleware.AdminNulQueryMiddleware",
    # An anonymous page is served from the page cache before anything below
    # runs; it was stored with all that the middleware below adds to it.
    "clubs.caching.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clubsite.middleware.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside the page cache's middleware and after the user is known: what a
    # signed-in person is sent is never stored anywhere (clubs/caching.py).
    "clubs.caching.PersonalNoStoreMiddleware",
    "clubsite.middleware.MemberTimezoneMiddleware",
    "clubsite.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clubsite.middleware.InvalidFormStatusMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A view past its abuse limit raises Ratelimited: the 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "clubsite.urls"
WSGI_APPLICATION = "clubsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "clubsite.context_processors.site",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so concurrent
    # writers queue up (for `timeout` seconds) instead of failing with
    # "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not shared memory, so concurrency behaves as in real use;
    # one per process, so two test runs never share it.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f"test-db-{os.getpid()}.sqlite3"}
else:
    # Connections come from a pool in each process (psycopg's, through
    # Django's `pool` option): a request borrows one and gives it back when it
    # ends, so a process never holds more than DB_POOL_MAX_SIZE, however many
    # threads serve it. Kept per thread instead (CONN_MAX_AGE), runserver's
    # thread per request left one idle connection behind each finished thread
    # until PostgreSQL refused everyone ("too many clients").
    # DB_POOL_MAX_SIZE=0 turns the pool off (behind PgBouncer, say): then a
    # connection lasts one request, or CONN_MAX_AGE seconds in one thread.
    DB_POOL_MIN_SIZE = env.int("DB_POOL_MIN_SIZE", default=1)
    DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=8)
    if DB_POOL_MAX_SIZE:
        if not 0 <= DB_POOL_MIN_SIZE <= DB_POOL_MAX_SIZE:
            raise ImproperlyConfigured(
                "DB_POOL_MIN_SIZE must be between 0 and DB_POOL_MAX_SIZE."
            )
        if env.int("CONN_MAX_AGE", default=0):
            raise ImproperlyConfigured(
                "CONN_MAX_AGE keeps connections per thread, the pool per process:"
                " set DB_POOL_MAX_SIZE=0 to use CONN_MAX_AGE instead."
            )
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": DB_POOL_MIN_SIZE, "max_size": DB_POOL_MAX_SIZE}
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# How long a page built for anonymous visitors is served from the cache (and
# may be kept by a CDN); 0 turns the page cache off.
CACHE_MIDDLEWARE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
CACHE_MIDDLEWARE_KEY_PREFIX = "page"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cache",
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "session",
            "TIMEOUT": None,
        },
        # The abuse limits' counters (see "Abuse limits" below), apart from the
        # page cache so that clearing one never resets the other.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratelimit",
        },
        # Share-link visits waiting for the database (content.visit_buffer):
        # apart from the page cache, so that clearing it loses no visit.
        "counters": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "counters",
            "TIMEOUT": None,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "counters",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work: the database backend, worked off by `manage.py db_worker`.
# The tests switch to the immediate backend (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# --- Accounts --------------------------------------------------------------

AUTH_USER_MODEL = "clubs.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
# Signing in lands on the member's own home (site/views.py).
LOGIN_REDIRECT_URL = "member_home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "clubs.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "clubs.forms.accounts.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Mandatory: a new account signs in from the link in its first email (which
# signs it in at once, below). Only so can sign-up answer a known address as it
# answers a new one (allauth's ACCOUNT_PREVENT_ENUMERATION needs it).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Sign-up, login by code and password reset answer alike for known and unknown
# addresses; the owner of a known one is told by email instead.
ACCOUNT_PREVENT_ENUMERATION = True
# A field people never see (hidden by site.css); a bot that fills it in gets
# allauth's usual "check your inbox" page, and no account.
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# Every form allauth lets a site replace, with the site's InputGuard mixed in
# (clubs/forms/account_forms.py; a test finds any that allauth adds).
ACCOUNT_FORMS = {
    "signup": "clubs.forms.signup.HoneypotSignupForm",
    **{
        key: f"clubs.forms.account_forms.{name}"
        for key, name in {
            "login": "LoginForm",
            "reauthenticate": "ReauthenticateForm",
            "add_email": "AddEmailForm",
            "change_email": "ChangeEmailForm",
            "change_password": "ChangePasswordForm",
            "set_password": "SetPasswordForm",
            "reset_password": "ResetPasswordForm",
            "reset_password_from_key": "ResetPasswordKeyForm",
            "user_token": "UserTokenForm",
            "request_login_code": "RequestLoginCodeForm",
            "confirm_login_code": "ConfirmLoginCodeForm",
            "verify_phone": "VerifyPhoneForm",
            "change_phone": "ChangePhoneForm",
            "confirm_email_verification_code": "ConfirmEmailVerificationCodeForm",
            "confirm_password_reset_code": "ConfirmPasswordResetCodeForm",
        }.items()
    },
}

# --- Abuse limits ------------------------------------------------------------

# Every public write that costs something (a seat, an email, a Stripe session,
# a count in a report) is limited here, in one place, and the README lists the
# same numbers. Counters live in the `ratelimit` cache: Redis in production, so
# every app server counts the same hits; the local-memory cache in development.
# A request past a limit gets the 429 page (site/templates/429.html) in its
# language. The rates are per window ("6/h": six an hour), counted by
# django-ratelimit (clubs.ratelimits) for the site's own views and by allauth
# for the account pages. RATELIMIT_ENABLE=false turns the site's limits off
# (tests switch them off per test with the `no_rate_limits` fixture).
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "clubsite.views.rate_limited"
# The client's address, as allauth reads it: behind the load balancer, the
# TRUSTED_PROXY_COUNT'th address from the end of X-Forwarded-For is the one our
# proxy saw (production: one load balancer; elsewhere none, the header is
# ignored). Wrong, every visitor would share the balancer's address and limit.
RATELIMIT_IP_META_KEY = "clubs.ratelimits.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=int(PRODUCTION))
RATE_LIMITS = {
    # A guest's registration, per address: a family or a few colleagues at one
    # office register together; a script of 50 is stopped at the 7th. Hosts
    # entering walk-ins at the door work in the admin, signed in, unlimited.
    "guest_registration_ip": "6/h",
    # All guests of one meeting together: more than a breakfast room holds.
    "guest_registration_meeting": "60/h",
    # A member's one-click registrations (and waitlist joins), per member.
    "member_registration": "20/h",
    # "Send me my link again", per address (each place also waits 5 minutes
    # between two resends: clubs.services.registrations).
    "link_resend": "5/h",
    # Referral slips, per member: a busy meeting yields a handful.
    "referral_create": "20/h",
    # Following share links, per address. The visit itself is counted once per
    # visitor, link and day whatever the rate (content.views.links).
    "share_link": "60/10m",
    # The host's check-in scans and taps at the door, per host: a guest every
    # two seconds still passes.
    "check_in": "60/m",
    # Opening Stripe Checkout or the billing portal, per person or address.
    "checkout": "10/10m",
    # Applying for a mastermind seat (the waitlist), per member.
    "waitlist_join": "5/h",
    # Downloading the file of one's own data, per member: it reads every row
    # they have, and nobody needs it twice a minute.
    "personal_data_download": "10/h",
    # Deleting one's account asks for the password again: a stolen session
    # gets a few guesses an hour, not a brute force.
    "account_delete": "5/h",
}
# allauth's own limits, set explicitly (its defaults are looser). "/ip" counts
# per address, "/key" per email address, "/user" per account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "request_login_code": "10/h/ip,3/15m/key",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# --- Email -----------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Referral Clubs <hello@example.com>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Internationalisation --------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("id", _("Indonesian")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Hosts' translations of domain text (clubs/translation.py): English is the
# original, in the `<field>_en` column, and every language falls back to it,
# an empty translation counting as missing (the fields' default is "").
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",)}
# `Series(title=...)` fills `title_en` whatever language is active, so a host
# creating something from /es/ never leaves the original empty.
MODELTRANSLATION_AUTO_POPULATE = "default"


def _translated_label(verbose_name, code):
    """The original's label stays "Title"; a translation's is "Title
    (Español)", the language named in its own words as hosts look for it."""
    from django.utils.text import format_lazy

    if code == MODELTRANSLATION_DEFAULT_LANGUAGE:
        return verbose_name
    return format_lazy("{} ({})", verbose_name, _language_local_name(code))


def _language_local_name(code):
    from django.utils.translation import get_language_info

    # modeltranslation names Indonesian's columns `_ind` (`_id` is Django's
    # suffix for foreign keys), and passes that suffix here.
    name = get_language_info("id" if code == "ind" else code)["name_local"]
    return name[:1].upper() + name[1:]


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _translated_label
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and media ------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Media (members' photos, Wagtail's images and their renditions) go to
# S3-compatible object storage when a bucket is named: with more than one app
# server, a file uploaded to one must be readable from the others. Static
# files stay with whitenoise, built into every server. Without a bucket,
# media stay on this server's disk (MEDIA_ROOT), as in development.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Any S3-compatible service (MinIO, Cloudflare R2, DigitalOcean Spaces...);
    # empty for Amazon's own.
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    # Empty: boto3 finds credentials itself (an instance role, ~/.aws).
    AWS_S3_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
    AWS_S3_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
    # A CDN or the bucket's own public host name, without a scheme.
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    # Media were public under /media/ and stay public: plain URLs, which a
    # cached page can carry for as long as it is kept (signed ones expire).
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    # A second upload of "photo.jpg" gets a new name, as on a disk, rather
    # than replacing the first one's file under a page that still shows it.
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=86400"}
# Serve files straight from the apps' static folders outside production.
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail ---------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Referral Clubs")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The admin makes no calls to outside services: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Pages and snippets in several languages: editors translate a page with
# "Translate" (simple_translation), and each language lives under its prefix.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin speaks the site's languages, and follows each person's
# (clubsite.middleware.AdminLanguageMiddleware, clubs.services.languages).
# Wagtail ships Indonesian as "id-id"; gettext falls back from it to the
# site's own "id" catalogue.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("id-id" if code == "id" else code, name) for code, name in LANGUAGES
]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt"]

# --- Meetings --------------------------------------------------------------

# How far ahead each series' meetings exist as rows (rolled forward daily).
OCCURRENCE_HORIZON_DAYS = env.int("OCCURRENCE_HORIZON_DAYS", default=400)

# How long the links in a place's emails (manage, check-in) keep working after
# the meeting ends, or after a link was sent again, whichever is later.
SIGNED_LINK_DAYS_AFTER_MEETING = env.int("SIGNED_LINK_DAYS_AFTER_MEETING", default=30)

# --- Share links --------------------------------------------------------------

# How long a personal share link's credit lasts after the visitor follows it:
# the first member's link within this window gets the credit.
REFERRAL_WINDOW_DAYS = env.int("REFERRAL_WINDOW_DAYS", default=60)

# --- Payments --------------------------------------------------------------

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")

# --- Security --------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    # The Wagtail admin ships inline scripts of its own; the public site has none.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Chrome applies form-action to a form's redirect too: "Register" and
        # "Pay now" answer with a redirect to Stripe's hosted Checkout, and
        # "Manage billing" with one to its customer portal.
        "form-action": [
            "'self'",
            "https://checkout.stripe.com",
            "https://billing.stripe.com",
        ],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"  # Wagtail lets its own previews be framed.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-ratelimit lists Django's own RedisCache as "not officially supported"
# (its list predates it); it increments atomically, as the limits need. Outside
# production the local-memory cache counts per process, which is all that one
# development server needs; production without REDIS_URL fails the check.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not PRODUCTION and not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

if PRODUCTION:
    # TLS ends at the load balancer, which says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging ---------------------------------------------------------------

# Addresses carry secrets (manage and check-in links, calendar feeds, reset
# keys): every handler blanks them out (site/log_redaction.py). runserver's
# request lines (`django.server`) go through it too; gunicorn's access log
# does through gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "clubsite.log_redaction.RedactSecretsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}
