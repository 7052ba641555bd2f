"""Settings of the live demo server the browser tests run against (tests/e2e/conftest.py starts it).

The test settings, with the database and media folder of this run (environment variables set by the fixture), the
page cache on as in production, and media files served (the pages' images must load in the browser).
"""

import os
from pathlib import Path

import dj_database_url

from hub.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["CHEC_E2E_DATABASE_URL"])}
MEDIA_ROOT = Path(os.environ["CHEC_E2E_MEDIA_ROOT"])
ROOT_URLCONF = "tests.e2e.urls"
AXES_ENABLED = True  # as in production: a real browser login goes through django-axes
PAGE_CACHE_SECONDS = 300
PAGE_CACHE_STAMP_FILE = str(MEDIA_ROOT.parent / "page-cache.stamp")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The live server's own address (the fixture sets it), not the test client's "testserver".
SITE_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000")
