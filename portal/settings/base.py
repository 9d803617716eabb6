"""Settings shared by every environment; each value that differs between deployments
comes from an environment variable (see README, "Configuration")."""
from datetime import timedelta
from pathlib import Path

import environ

from plugins.manager import plugin_django_apps
from portal.http_policies import PERMISSIONS_POLICY as HTTP_PERMISSIONS_POLICY
from portal.http_policies import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.home",
    "portal.apidoc",
    "portal.opendata",
    "portal.accounts",
    "portal.synthesis",
    "portal.csp_admin",
    "portal.networks",
    "portal.indicators",
    "portal.outbox",
    "portal.embeds",
    "portal.schedule",
    "fiches",
    "search",
    "geo",
    "plugins",
    *plugin_django_apps(),
    "dsfr",
    "widget_tweaks",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    # Its French: Wagtail dates a page's moderation status with its naturaltime (« il y a 41 secondes »).
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

# A refused CSRF token: the French page (403_csrf.html), or a JSON error under /api/.
CSRF_FAILURE_VIEW = "portal.csrf_failure.csrf_failure"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.request_limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 405 (a GET on a form's action) gets the French error page, or a JSON error under /api/, not a blank body.
    "portal.method_not_allowed.MethodNotAllowedPageMiddleware",
    # TRACE, CONNECT or a made-up method: 405 before any view (a function view would render its page).
    "portal.method_not_allowed.UnservedMethodMiddleware",
    # Drops a ?next= of the admin that is no address (a 500 in Wagtail's redirects otherwise).
    "portal.admin_next.AdminNextMiddleware",
    # Malformed admin requests answered before Wagtail's views take them for whole: an object id that is no id
    # (chooser « chosen », bulk actions' ?id=abc), revision 0, the root's position, a post without its field.
    "portal.admin_malformed.AdminMalformedRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.second_factor.SecondFactorMiddleware",
    # request.audience: which non-public fiches the visitor may see (fiches.visibility).
    "portal.networks.audience.AudienceMiddleware",
    # Who reads the admin's page titles: a page's pending title only for whom may edit it (fiches.admin_titles).
    "fiches.admin_titles.TitleViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

# Request bodies: larger than this is a 413 before it is read (the biggest form is a 10 MB
# document upload). Django's own bounds stay at their defaults: 2.5 MB of non-file fields
# (DATA_UPLOAD_MAX_MEMORY_SIZE, then a 400) and uploads above 2.5 MB streamed to a temporary file.
ACCROCHE_MAX_REQUEST_BYTES = env.int("ACCROCHE_MAX_REQUEST_BYTES", default=20 * 1024 * 1024)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "dsfr.context_processors.site_config",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = env("ACCROCHE_TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
# The project-wide assets (portal/static/portal/…): `portal` is a package, not an installed app,
# so its static folder is named here for the finders and for collectstatic.
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.staticfiles.CompressedManifestStorage"},
}
# collectstatic writes a brotli copy of each file beside the gzip one (whitenoise serves the
# smaller); brotli at its best ratio costs about a minute of CPU, so tests/deploy turn it off.
ACCROCHE_STATIC_BROTLI = env.bool("ACCROCHE_STATIC_BROTLI", default=True)

# E-mail: EMAIL_URL in django-environ syntax (smtp+tls://user:pass@host:587,
# consolemail://, filemail:///path); the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Accroche <ne-pas-repondre@accroche.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Accroche"
WAGTAILADMIN_BASE_URL = env("ACCROCHE_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
# An account's e-mail is who it is: the invitation's username, the address a password reset goes to, the account a
# State identity with that address signs in as (portal.accounts.state_login). Wagtail let anyone type any address, an
# other account's included, unverified: a superuser changes it (users' admin).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# The admin login form names its password field (Wagtail's leaves it to Django's English « Password »).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.LoginForm"
# Dates typed the French way (jj/mm/aaaa) in the admin's date pickers; ISO dates are still accepted.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "md", "pptx", "odp", "xlsx", "ods", "csv"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

LOGIN_URL = "wagtailadmin_login"
# The admin calls no outside service: no release check, no Gravatar (staff e-mail hashes stay here).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Logins (docs/securite.md): django-axes locks a username from one client address after
# ACCROCHE_LOGIN_FAILURE_LIMIT failures, for ACCROCHE_LOGIN_COOLOFF_MINUTES (or until an
# administrator runs `manage.py axes_reset_username NAME`), on every form that logs in.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend",
                           "portal.accounts.state_login.StateIdentityBackend"]
AXES_FAILURE_LIMIT = env.int("ACCROCHE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ACCROCHE_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"
# The address of a login attempt: REMOTE_ADDR, or behind ACCROCHE_TRUSTED_PROXY_COUNT reverse proxies the
# client's address as the outermost one wrote it in X-Forwarded-For (portal.accounts.client_address).
# 0 here (development: no proxy); the production settings trust one, as docker/README.md requires.
AXES_CLIENT_IP_CALLABLE = "portal.accounts.client_address.client_address"
ACCROCHE_TRUSTED_PROXY_COUNT = env.int("ACCROCHE_TRUSTED_PROXY_COUNT", default=0)
# Accounts that can read minors' files (a plugin's hook says which: the SAS roles) confirm each
# login with a TOTP code when ACCROCHE_REQUIRE_2FA is on (the default; dev and the embedded demo
# turn it off), and their sessions last ACCROCHE_SENSITIVE_SESSION_SECONDS, « remember me » or not.
ACCROCHE_REQUIRE_2FA = env.bool("ACCROCHE_REQUIRE_2FA", default=True)
ACCROCHE_SENSITIVE_SESSION_SECONDS = env.int("ACCROCHE_SENSITIVE_SESSION_SECONDS", default=2 * 3600)
OTP_TOTP_ISSUER = "Accroche"

# Sign in with the State's identity (OpenID Connect through mozilla-django-oidc; docs/securite.md):
# on when ACCROCHE_OIDC_CLIENT_ID and the provider's endpoints are set. ProConnect's scopes by default;
# an identity is placed by its UAI, SIRET or e-mail domain (portal/accounts/state_identity.py).
OIDC_RP_CLIENT_ID = env("ACCROCHE_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("ACCROCHE_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("ACCROCHE_OIDC_AUTHORIZATION_URL", default="")
OIDC_OP_TOKEN_ENDPOINT = env("ACCROCHE_OIDC_TOKEN_URL", default="")
OIDC_OP_USER_ENDPOINT = env("ACCROCHE_OIDC_USERINFO_URL", default="")
OIDC_OP_JWKS_ENDPOINT = env("ACCROCHE_OIDC_JWKS_URL", default="")
OIDC_OP_LOGOUT_ENDPOINT = env("ACCROCHE_OIDC_LOGOUT_URL", default="")
OIDC_RP_SCOPES = env("ACCROCHE_OIDC_SCOPES", default="openid email given_name usual_name siret uid")
OIDC_RP_SIGN_ALGO = env("ACCROCHE_OIDC_SIGN_ALGO", default="RS256")
# ProConnect's level of assurance, when the service asks one (e.g. "eidas1").
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": env("ACCROCHE_OIDC_ACR_VALUES")} if env("ACCROCHE_OIDC_ACR_VALUES", default="") else {}
)
OIDC_TIMEOUT = env.float("ACCROCHE_OIDC_TIMEOUT", default=10.0)
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:state_login_callback"
OIDC_OP_LOGOUT_URL_METHOD = "portal.accounts.state_login.provider_logout_url"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
LOGIN_REDIRECT_URL_FAILURE = "/admin/login/"
LOGOUT_REDIRECT_URL = "/"

# Fiche search service (search/): Elasticsearch when ELASTICSEARCH_URL is set,
# the database otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="") or "accroche-fiches"
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ACCROCHE_ONLINE_GEOCODER = env("ACCROCHE_ONLINE_GEOCODER", default="")
# Map tiles: any XYZ tile server; the map still shows fiches when tiles cannot load.
# An empty value (as compose passes when unset) means the default.
ACCROCHE_MAP_TILES_URL = env("ACCROCHE_MAP_TILES_URL", default="") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ACCROCHE_MAP_ATTRIBUTION = env("ACCROCHE_MAP_ATTRIBUTION", default="") or (
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>'
)

# Content-Security-Policy and Permissions-Policy headers (portal/http_policies.py): the map's
# tile server is the only outside origin a page may load from.
CONTENT_SECURITY_POLICY = content_security_policy(ACCROCHE_MAP_TILES_URL)
PERMISSIONS_POLICY = HTTP_PERMISSIONS_POLICY

# Background tasks (index updates, e-mails): stored in the database, run by
# `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ACCROCHE_DEFAULT_LICENCE = "etalab-2.0"

# Indicator reports (DESIGN.md §2, §9; docs/indicators.md). One codebase, three roles:
# "portal" receives reports, "node" (an establishment's own server) sends them, "embedded"
# (the demo) does both in one process. Keys: an Ed25519 seed in base64, or the path of a file
# holding it; empty means a file in ACCROCHE_KEY_DIR (`manage.py node_keygen` writes the node's).
ACCROCHE_ROLE = env("ACCROCHE_ROLE", default="embedded")
if ACCROCHE_ROLE not in {"portal", "node", "embedded"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ACCROCHE_ROLE vaut « portal », « node » ou « embedded ».")
ACCROCHE_KEY_DIR = env("ACCROCHE_KEY_DIR", default=str(BASE_DIR / "var" / "keys"))
ACCROCHE_PORTAL_URL = env("ACCROCHE_PORTAL_URL", default="")
ACCROCHE_PORTAL_KEY = env("ACCROCHE_PORTAL_KEY", default="")
ACCROCHE_PORTAL_PUBLIC_KEY = env("ACCROCHE_PORTAL_PUBLIC_KEY", default="")
ACCROCHE_NODE_UAI = env("ACCROCHE_NODE_UAI", default="")
ACCROCHE_NODE_KEY = env("ACCROCHE_NODE_KEY", default="")
# Freshness of signed reports: a signature lives ACCROCHE_SIGNATURE_LIFETIME seconds; the portal
# tolerates ACCROCHE_SIGNATURE_CLOCK_SKEW seconds of difference between the clocks.
ACCROCHE_SIGNATURE_LIFETIME = env.int("ACCROCHE_SIGNATURE_LIFETIME", default=300)
ACCROCHE_SIGNATURE_CLOCK_SKEW = env.int("ACCROCHE_SIGNATURE_CLOCK_SKEW", default=60)
ACCROCHE_REPORT_MAX_BYTES = env.int("ACCROCHE_REPORT_MAX_BYTES", default=2 * 1024 * 1024)
# Outbox retries: first after RETRY_BASE seconds, doubling up to RETRY_MAX.
ACCROCHE_OUTBOX_RETRY_BASE = env.float("ACCROCHE_OUTBOX_RETRY_BASE", default=30.0)
ACCROCHE_OUTBOX_RETRY_MAX = env.float("ACCROCHE_OUTBOX_RETRY_MAX", default=3600.0)
ACCROCHE_OUTBOX_TIMEOUT = env.float("ACCROCHE_OUTBOX_TIMEOUT", default=20.0)
# Statistical disclosure control of indicator reports (docs/indicators.md): a group under the threshold is
# never sent (11 by default, never below 5; per académie: ACCROCHE_SUPPRESSION_THRESHOLDS="bordeaux=15;lyon=11");
# optional differential privacy on académie and national roll-ups spends at most ACCROCHE_DP_BUDGET (ε) per
# establishment and period.
ACCROCHE_SUPPRESSION_THRESHOLD = env.int("ACCROCHE_SUPPRESSION_THRESHOLD", default=11)
ACCROCHE_SUPPRESSION_THRESHOLDS = env.dict("ACCROCHE_SUPPRESSION_THRESHOLDS", cast={"value": int}, default={})
ACCROCHE_DP_BUDGET = env.float("ACCROCHE_DP_BUDGET", default=1.0)
# Embedded role without ACCROCHE_PORTAL_URL: deliver to this process's own portal (the demo).
ACCROCHE_EMBEDDED_DELIVERY = env.bool("ACCROCHE_EMBEDDED_DELIVERY", default=False)

# django-dsfr's coming behaviour: mark optional fields rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"without_traceback": {"()": "portal.log_filters.WithoutTraceback"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"elastic_transport": {"level": "WARNING"}, "wagtail": {"level": "WARNING"},
                "django_tasks": {"level": "WARNING"},
                # Its warnings (a run missed, a run skipped while the previous one goes on), not « Running job ».
                "apscheduler": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # Not django-axes' « AXES: BEGIN version … » at the start of every command; its lockouts stay logged.
                "axes.apps": {"level": "WARNING"},
                # One line per request for a host name not in DJANGO_ALLOWED_HOSTS, not its traceback.
                "django.security.DisallowedHost": {"filters": ["without_traceback"]}},
}
