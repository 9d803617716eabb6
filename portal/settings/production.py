"""Production: every secret comes from the environment; refuses to start without one."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, SECRET_KEY, env

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY n'est pas défini : fixez une clé secrète longue et aléatoire "
        "(par exemple `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

DEBUG = False
# Each worker keeps its database connection between requests: opening one costs a request that reads the
# database some 5 ms (a search whose words are checked for typos: 45 -> 39 ms at p50 under gunicorn).
# Checked before reuse, so a restarted database server costs no error. A `conn_max_age` in DATABASE_URL wins.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Gunicorn serves behind one reverse proxy (docker/README.md): a login lockout reads the client's address
# from the entry that proxy appends to X-Forwarded-For. 0 when nothing stands in front of gunicorn (any
# client could then write that header itself), 2 behind two proxies (a load balancer before nginx).
ACCROCHE_TRUSTED_PROXY_COUNT = env.int("ACCROCHE_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# The hashed static files storage rewrites the url() of every stylesheet, DSFR's included: their bytes then
# differ from the Subresource Integrity digests that django-dsfr's templates give (those of the files as
# shipped), and browsers refused dsfr.min.css and utility.min.css, leaving every page without the DSFR's
# styles. Same-origin files under hashed names need no such digest.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# Wagtail's live preview shows the site's own pages in a frame of the admin:
# SAMEORIGIN keeps that working while refusing every other site's frames.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# A cache the web processes and the task worker share (the worker computes the dashboards after a
# report, portal.networks.tasks.warm_dashboard), e.g. filecache:///var/cache/accroche or rediscache://...;
# the default (per-process memory) keeps each process's own computations only.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}
