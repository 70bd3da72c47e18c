"""unknot's one settings module: everything that differs between machines comes from the environment.

DEBUG=true gives a development set-up; with DEBUG off (the default) the app is in production mode and
refuses to start without a real SECRET_KEY, ALLOWED_HOSTS and mail settings.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
INSECURE_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
# Where people reach unknot: links in emails are built from it (no request to take a host from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

if not DEBUG:
    problems = []
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY must be set to a long random value (50+ characters)")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the host names this site answers to")
    if not SITE_URL.startswith(("https://", "http://")):
        problems.append("SITE_URL must be the address people use, e.g. https://unknot.example.org")
    if not os.environ.get("EMAIL_HOST"):
        problems.append("EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) must name a mail server")
    if problems:
        raise ImproperlyConfigured(
            "unknot is in production mode (DEBUG is off) and cannot start: "
            + "; ".join(problems)
            + ". For development set DEBUG=true."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "unknot",  # the project's own commands (backup, restore)
    "atlas",
    "guide",
    "access",
    "care",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "unknot.headers.PermissionsPolicyMiddleware",
    # Anonymous visitors of public pages get the finished, compressed page from the cache.
    "unknot.public.PublicPageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "unknot.accounts.ThrottledMiddleware",
    "unknot.devices.KnownDeviceMiddleware",
    "care.middleware.PersonalTimeMiddleware",
    "care.middleware.StaffTimeoutMiddleware",
    "care.middleware.PasswordlessProofMiddleware",
    "care.middleware.SecondFactorMiddleware",
    "care.middleware.KeptCopyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so it sees a view's exception first: a full disk or read-only database answers 503.
    "unknot.storage.StorageErrorMiddleware",
]

ROOT_URLCONF = "unknot.urls"
WSGI_APPLICATION = "unknot.wsgi.application"

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
                "django.template.context_processors.csp",
                "unknot.context.release",
                "unknot.context.emergency",
                "unknot.context.person",
            ],
        },
    },
]

# SQLite by default: WAL lets readers run beside a writer, IMMEDIATE transactions take the write lock
# up front so concurrent writers wait (busy timeout) instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "unknot.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
            # Kept open between requests, as PostgreSQL's: opening the file and setting its pragmas again
            # cost a signed-in page more than its own queries.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", SQLITE_OPTIONS)
    # The test database is a file: an in-memory one would exercise neither WAL nor locking. Named by the
    # process, so two test runs in one checkout do not share (and destroy) each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-unknot-{os.getpid()}.sqlite3")}
    # The database holds health data: its folder is made 700 (and the project's own var/ closed to 700), so
    # other users of the host cannot open the file, its WAL or its shared-memory file, whatever the umask.
    _db_folder = Path(DATABASES["default"]["NAME"]).parent
    if not _db_folder.exists():
        _db_folder.mkdir(mode=0o700, parents=True)
    if _db_folder == BASE_DIR / "var":
        _db_folder.chmod(0o700)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): sign in with an email address; the same reply whether or not an account
# exists; failed sign-ins throttled per client address and per account; "remember me" for up to 30 days.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "unknot.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up reveals nothing about who has an account: the address is verified by a six-digit code typed on
# the next page, every sign-up ends on that same page, and the owner of an address already in use gets
# an email saying so instead. Every account email goes through the task queue (unknot.mail).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 30 * 60
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_FORMS = {
    "confirm_email_verification_code": "unknot.accounts.EmailCodeForm",
    "login": "unknot.account_forms.UnknotLoginForm",
    "signup": "unknot.account_forms.UnknotSignupForm",
    "reset_password": "unknot.account_forms.UnknotResetPasswordForm",
    "reset_password_from_key": "unknot.account_forms.UnknotResetPasswordKeyForm",
    "change_password": "unknot.account_forms.UnknotChangePasswordForm",
    "set_password": "unknot.account_forms.UnknotSetPasswordForm",
    "add_email": "unknot.account_forms.UnknotAddEmailForm",
    "request_login_code": "unknot.accounts.LoginCodeRequestForm",
    "confirm_login_code": "unknot.accounts.LoginCodeForm",
}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None  # the person chooses
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keeps this device signed in; every other session ends
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset link works for two hours (Django's default is three days): a link read from a mailbox or a backup
# later is useless.
PASSWORD_RESET_TIMEOUT = 2 * 3600
# Sign-in limits (unknot.accounts, unknot.limits), keyed on the account and the client address (as allauth
# resolves it behind the proxy, see TRUSTED_PROXY_COUNT below), never on the Host header. Wrong passwords:
# 10 a minute from one address (any account), 5 in 5 minutes for one account from one address, 30 an hour for
# one account from all addresses (not counted on a device the owner signed in on). Past that last one, which
# strangers can use up, a right password signs in only with a one-time code emailed to the owner, and a wrong
# one gets the same answer (unknot.accounts.proving_by_code). Sign-in codes: 3 an hour for one account from one
# address, each a mail within the address's share (unknot.accounts.ADDRESS_LIMITS), good for 3 tries and 10
# minutes; wrong codes where a code is all that is asked for, 10 a day for one address (the guess arithmetic is
# beside ADDRESS_LIMITS). Every key is an HMAC with SECRET_KEY (unknot.limits.make_key) and an account's limits go when it is
# deleted (care.deletion).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "request_login_code": "20/m/ip",
    "signup": "20/m/ip",
    # No limit per address: strangers could keep its owner from resetting; mail per address is capped instead.
    "reset_password": "20/m/ip",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "login": "30/m/ip",
    # allauth's own "one confirmation mail per 3 minutes" answers 429 to a second sign-up for an address that
    # waits for its code, which tells a stranger a sign-up is pending; unknot.accounts caps mail per address
    # instead and holds mail back silently, with the same answer for every address.
    "confirm_email": "",
}
UNKNOT_ACCOUNT_LIMITS = {
    "login_failed_from_address": "5/5m",
    "login_failed": "30/h",
    "login_code_from_address": "3/h",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "unknot: "
LOGIN_REDIRECT_URL = "/home/"
LOGIN_URL = "/accounts/login/"
# Without "remember me" a session ends when the browser closes, and on the server within a day; with it,
# 30 days (allauth sets that on sign-in). Sign-up never ticks it for the person.
# Sessions are stored under a hash of their key (unknot.sessions): the table holds no live cookie.
SESSION_ENGINE = "unknot.sessions"
SESSION_COOKIE_AGE = 24 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ACCOUNT_SESSION_COOKIE_AGE = 30 * 24 * 3600
STAFF_IDLE_SECONDS = 30 * 60
# Two-factor sign-in (allauth.mfa): a code from an authenticator app, with recovery codes for a lost phone.
# Owners, practitioners and staff must have passed it in the current session before anyone else's records
# (access.second_factor); patients may turn it on in Settings. Wrong codes share the sign-in's "login_failed"
# limit, counted per account (allauth keys it on the person). Remembering a browser is off: every sign-in asks.
MFA_ADAPTER = "unknot.accounts.MFAAdapter"
# Passkeys too, as the second step where the browser offers them (not instead of the password). Browsers allow
# them only on https, and on http://localhost in development and tests.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "unknot"
MFA_TOTP_TOLERANCE = 1  # the code of the 30 seconds before or after also counts: a phone's clock drifts
MFA_RECOVERY_CODE_COUNT = 10
MFA_TRUST_ENABLED = False
MFA_FORMS = {
    "authenticate": "unknot.account_forms.UnknotMFACodeForm",
    "reauthenticate": "unknot.account_forms.UnknotMFAReauthenticateForm",
    "activate_totp": "unknot.account_forms.UnknotActivateTOTPForm",
}
UNKNOT_SECOND_FACTOR = "access.second_factor.passed_this_session"
# The audit trail of who opened whose record is kept this long, then purged (manage.py purge_audit); the
# privacy page says so. Eight years by default, as medical records commonly are.
AUDIT_KEEP_DAYS = int(os.environ.get("AUDIT_KEEP_DAYS", 8 * 365 + 2))
# A patient's invitation link to join a clinic works this long.
PATIENT_INVITATION_DAYS = 7
# Messages live in the session: a cookie of their own would carry text such as an email address.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# API lists come a page at a time, at most this many items (declared in the schema; more answers 422).
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_PER_PAGE = 50

# Background work: Django's tasks framework with a database-backed queue (django-tasks-db).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development and tests static files come straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Two caches. "default" is shared by every process and server (sign-in limits and anything that must
# agree): Django's database cache, its table made by a migration. "pages" is per process, for public
# pages and rendered content, which change only with a release; a shared one would write to the
# database on anonymous visits.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "unknot_cache",
        # Rate-limit keys are stored as an HMAC with SECRET_KEY: no address, nor an unsalted hash of one.
        "KEY_FUNCTION": "unknot.limits.make_key",
        # Django culls a third of the entries past 300 by default: a flood of sign-in tries could then push
        # an attacker's own counters out. Expired entries still go.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "unknot-pages"},
}

# Public pages may be kept by browsers and proxies for this long (seconds).
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "300"))

# Security headers. No inline script and no inline style: everything is served by unknot itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SAFETY_COOKIE_NAME = "unknot-safety" if DEBUG else "__Host-unknot-safety"
QUICK_CHECK_COOKIE_NAME = "unknot-quick" if DEBUG else "__Host-unknot-quick"
# No page of unknot uses these browser features; nothing embedded may either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_USE_SESSIONS = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent only over HTTPS, to this exact host, for the whole site: no subdomain can set
    # or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # HSTS preload is a one-way commitment for the whole domain, made by whoever owns it, not by the app.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The proxy (load balancer) tells us the original scheme, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Behind load balancers every visitor arrives from the balancer's address: take the client's address from
# X-Forwarded-For, counting this many trusted proxies from the right, or from a header the proxy sets.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None

# Mail: the console in development, a real SMTP server from the environment in production.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "unknot <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint says each step of every handout it prints at INFO: only its warnings are worth a line.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Another folder can be reviewed by pointing CONTENT_DIR at it; the default is the release's own content.
CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
