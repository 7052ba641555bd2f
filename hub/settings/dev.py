"""Local use (`make run`, `make dev`, `manage.py`): a fixed insecure key, emails to the console.

`make run` is a demo for newcomers, so DEBUG is off: unknown addresses get the site's own 404 page and errors its
500 page, never Django's technical pages. Developers ask for debug with `make dev` or DEBUG=1. Static files come
from whitenoise either way (straight from the source folders, no collectstatic), and uploaded media are served by
the app (production leaves media to the web server or storage).
"""

import os
import warnings
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-dev-only-never-use-in-production")
# The local addresses, the host of SITE_BASE_URL (`make run HOST=...`) and any listed in ALLOWED_HOSTS.
_base_host = urlsplit(os.environ.get("SITE_BASE_URL", "")).hostname
ALLOWED_HOSTS = [*env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]"), *([_base_host] if _base_host else [])]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Admin iframes (preview) need same-origin framing.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Serve files straight from static/ and the apps (no collectstatic needed); re-scan them on each request only when
# debugging, so the demo indexes them once at start-up.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
SERVE_MEDIA = True
# Whitenoise also looks in STATIC_ROOT, which only `collectstatic` creates: no warning about it missing here.
warnings.filterwarnings("ignore", message=r"No directory at: .*staticfiles")
