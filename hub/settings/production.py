"""Production: HTTPS only, secrets from the environment, hashed and compressed static files.

Required: SECRET_KEY and ALLOWED_HOSTS. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 (trust
X-Forwarded-Proto) and, if the proxy already redirects to HTTPS, SECURE_SSL_REDIRECT=0.
"""

import os
import sys

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    # One clear line instead of a traceback: the site must never start with a guessable key.
    sys.exit("Configuration error: set the SECRET_KEY environment variable (a long random string) for production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    sys.exit("Configuration error: set ALLOWED_HOSTS (comma-separated host names) for production.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Anonymous readers get cached pages (hub/cache.py), emptied on every publish or edit; 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
