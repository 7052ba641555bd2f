"""Settings shared by every environment.

Everything that differs between machines comes from environment variables (12-factor), so scaling out
(PostgreSQL, Redis, S3-compatible media, OpenSearch) is configuration only. See README.md, "Configuration".
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "hub"


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, skipping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


DEBUG = False

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and static files win.
    "hub",
    "home",
    "reports",
    "indicators",
    "toolkit",
    "casestudies",
    "events",
    "shortlinks",
    "search",
    "api",
    "portability",
    # Wagtail and its contrib apps.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (same app label)
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
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
    # Security: Content-Security-Policy headers (django-csp) and admin login rate limiting (django-axes).
    "csp",
    "axes",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Background tasks: the database queue that `manage.py db_worker` runs (see "Background tasks" below).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # gzip for pages, feeds, CSV and JSON (not static files: whitenoise serves them precompressed). Outside the page
    # cache, which keeps plain copies.
    "hub.middleware.TextCompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous readers get cached public pages before any view or database work (off unless
    # PAGE_CACHE_SECONDS > 0; see hub/cache.py). After CsrfViewMiddleware, so a cached page with a form gets the
    # reader's own CSRF token and cookie. Responses it keeps carry the headers added by the middleware below.
    "hub.middleware.PageCacheMiddleware",
    # The request's Wagtail site (and its home page) from the cache: two queries fewer per page (hub/routing.py).
    "hub.routing.CachedSiteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Permissions-Policy everywhere; X-Frame-Options SAMEORIGIN for the admin (its preview frames itself).
    "hub.middleware.SecurityHeadersMiddleware",
    # Content-Security-Policy: strict on public pages, CONTENT_SECURITY_POLICY_ADMIN under /admin/.
    "hub.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes last: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login attempt first (and refuses locked-out ones); Django's backend then logs in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                # `archive` in templates: set only while `manage.py build_archive` renders the static copy.
                "hub.context_processors.archive",
                "hub.context_processors.fragments",
            ],
        },
    },
]

WSGI_APPLICATION = "hub.wsgi.application"

# Database: DATABASE_URL, e.g. postgres://user@127.0.0.1:5432/chec. Default: a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a production-grade embedded database (several gunicorn workers and threads writing at once):
    # - WAL journal: readers never block the writer and the writer never blocks readers (a property of the file,
    #   set on every connection; a no-op once set). WAL needs a local disk, not a network share.
    # - synchronous=NORMAL: safe with WAL (a power cut may lose the last commits, never corrupt the file).
    # - timeout: a writer waits up to SQLITE_TIMEOUT seconds for the lock instead of failing "database is locked".
    # - IMMEDIATE transactions take the write lock when they start, so two transactions that read then write
    #   queue for the lock instead of one failing at once (SQLite cannot wait for a lock upgrade).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise in-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "chec"),
        }
    }
else:
    # Django's default of 300 entries is too few once pages keep their parts (each listing card is an entry): a
    # listing with 20 filter combinations alone holds 240 cards, and at 300 the cache throws a third away at each set.
    # Each worker has its own; entries are a few KB (cards, fragments) to 30 KB (whole pages of the page cache).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "chec",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. British English is the default; community languages of the partner areas are enabled by
# SITE_LANGUAGES (comma-separated codes; the first is the default). Each language's name is in its own language.
LANGUAGE_NAMES = {"en-gb": "English", "pl": "Polski", "ur": "اردو"}
SITE_LANGUAGES = env_list("SITE_LANGUAGES", "en-gb,pl,ur")
LANGUAGE_CODE = SITE_LANGUAGES[0]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [(code, LANGUAGE_NAMES.get(code, code)) for code in SITE_LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files: whitenoise serves compressed, hashed files (see production.py for the manifest storage).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# S3-compatible media (AWS S3, MinIO, Cloudflare R2...) when a bucket is named. Needs django-storages[s3].
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", True)
    AWS_S3_FILE_OVERWRITE = False

# Uploads: a bounded size and an allow-list of types (never HTML or SVG, which could carry scripts).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "csv", "pptx", "odp", "txt", "rtf", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# The admin's image form refuses images over WAGTAILIMAGES_MAX_IMAGE_PIXELS (Wagtail's default, 128 million) with a
# message, including those Pillow will not open at all (hub/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "hub.image_forms.ImageForm"
# The admin's indicator CSV upload imports within the request, which must end well inside the proxy's and gunicorn's
# timeouts (30 s): 2 MB is about 13,000 Fingertips rows, 7 s at the benchmark's 2,000 rows/s (16 s on a busy 2-core
# machine). Larger files: `manage.py import_indicators`, which has no limit.
INDICATOR_UPLOAD_MAX_BYTES = env_int("INDICATOR_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)

# Serving files: documents (Wagtail's serve view, which counts downloads first) and toolkit ZIPs (built once into
# storage, toolkit/downloads.py) are handed to a proxy or to storage where one is configured, so a slow reader of a
# large file holds no worker. DOCUMENT_SENDFILE=nginx: the app answers with an empty response and X-Accel-Redirect
# to SENDFILE_URL (an nginx `internal` location whose alias is SENDFILE_ROOT, the media folder); xsendfile: the same
# with X-Sendfile (Apache mod_xsendfile, lighttpd). With S3 storage files are a redirect to the storage URL.
# Otherwise the worker streams the file itself (one gthread thread per reader).
DOCUMENT_SENDFILE = os.environ.get("DOCUMENT_SENDFILE", "").strip().lower()
SENDFILE_BACKENDS = {"nginx": "django_sendfile.backends.nginx", "xsendfile": "django_sendfile.backends.xsendfile"}
if DOCUMENT_SENDFILE and DOCUMENT_SENDFILE not in SENDFILE_BACKENDS:
    raise ImproperlyConfigured(f"DOCUMENT_SENDFILE must be empty, 'nginx' or 'xsendfile', not {DOCUMENT_SENDFILE!r}.")
if DOCUMENT_SENDFILE:
    SENDFILE_BACKEND = SENDFILE_BACKENDS[DOCUMENT_SENDFILE]
    SENDFILE_ROOT = os.path.abspath(os.environ.get("SENDFILE_ROOT") or MEDIA_ROOT)
    SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected-media/").strip()
if AWS_STORAGE_BUCKET_NAME:
    WAGTAILDOCS_SERVE_METHOD = "redirect"  # still through Wagtail's view, so downloads are counted

# Wagtail.
WAGTAIL_SITE_NAME = "Children and Young People's Health Equity Collaborative"
# The public base address (scheme, host and port, no path): the one source of every absolute URL the site emits
# (canonical, og:, hreflang, sitemap, feeds, .ics UIDs, QR codes, ZIP manifests, the static archive). `make run`
# sets it to where it serves; production sets it to the public address (hub/base_url.py).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_BASE_URL):
    raise ImproperlyConfigured(f"SITE_BASE_URL must be like https://chec.example.org (no path), not {SITE_BASE_URL!r}.")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip() or SITE_BASE_URL
WAGTAILAPI_BASE_URL = SITE_BASE_URL  # the API's detail and download URLs (api/)
# Set by `manage.py build_archive` (portability/archive.py) in its own process while it renders the static copy:
# {"date": the archive's date}. Templates then show the archive banner and replace forms that need the server;
# listings show every item on one page. Never set it on a live site.
ARCHIVE_BUILD = None
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}  # shared page passwords are stored in plain text
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The page type of a site's home page: the core's sections (framework, reports, data) go directly under it. Like
# AUTH_USER_MODEL, the settings name it so the core never does.
HOME_PAGE_MODEL = "home.HomePage"

# Search: Wagtail's database backend by default (SQLite FTS5, or PostgreSQL full text when DATABASE_URL is
# PostgreSQL). SEARCH_BACKEND=elasticsearch8 with SEARCH_URL moves it to an Elasticsearch 8 server (its client is
# installed; then run `manage.py update_index`). OpenSearch's client cannot be installed beside this project: it
# needs the PyPI package "Events", whose import name clashes with the `events` app (see docs/search.md).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip()
if SEARCH_BACKEND not in {"database", "elasticsearch8"}:
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be 'database' or 'elasticsearch8', not {SEARCH_BACKEND!r}.")
if SEARCH_BACKEND == "elasticsearch8":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": env_list("SEARCH_URL", "http://127.0.0.1:9200"),
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "chec_"),
            "TIMEOUT": env_int("SEARCH_TIMEOUT", 5),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            # PostgreSQL only: the text search configuration (English stemming finds "housing" for "house").
            "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "english"),
        }
    }
# CDN purge (wagtail.contrib.frontend_cache): publishing, unpublishing or moving a page purges its URLs from the
# CDN or caching proxy. Off unless one of these is set; several can be set at once.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("CDN_PURGE_URL"):  # Varnish, Fastly-style or nginx proxies that accept an HTTP PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["CDN_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # uses the AWS_* credentials, like the S3 media
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Search statistics are written in batches (search/stats.py).
SEARCH_LOG_BATCH_SIZE = env_int("SEARCH_LOG_BATCH_SIZE", 50)
SEARCH_LOG_BATCH_SECONDS = env_int("SEARCH_LOG_BATCH_SECONDS", 60)
SEARCH_LOG_MIN_SECONDS = env_int("SEARCH_LOG_MIN_SECONDS", 5)

# Background tasks (django-tasks). "default" runs Wagtail's own small tasks (search and reference index updates)
# in the request, as Wagtail does out of the box. "background" is a queue in the database for slow work, today the
# text extraction of uploaded documents (search/extraction.py): an upload only queues it, and a worker process runs
# it: `manage.py db_worker --backend background` (`make run` starts one; production: docs/search.md).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Each document is read in a child process with these limits; a file that hits one is recorded and not retried.
DOCUMENT_EXTRACTION_TIMEOUT = env_int("DOCUMENT_EXTRACTION_TIMEOUT", 20)  # seconds of wall-clock time
DOCUMENT_EXTRACTION_CPU_SECONDS = env_int("DOCUMENT_EXTRACTION_CPU_SECONDS", 20)
DOCUMENT_EXTRACTION_MEMORY_MB = env_int("DOCUMENT_EXTRACTION_MEMORY_MB", 512)  # address space of the child
DOCUMENT_EXTRACTION_MAX_CHARS = env_int("DOCUMENT_EXTRACTION_MAX_CHARS", 200_000)  # text kept per document
DOCUMENT_EXTRACTION_MAX_UNPACKED_MB = env_int("DOCUMENT_EXTRACTION_MAX_UNPACKED_MB", 100)  # DOCX/ODT refused above
DOCUMENT_EXTRACTION_MAX_FILES = env_int("DOCUMENT_EXTRACTION_MAX_FILES", 2000)  # files inside a DOCX/ODT

# Translating a live page must not publish the untranslated copy (wagtail-localize).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in the translation editor: set WAGTAILLOCALIZE_MACHINE_TRANSLATOR_CLASS (e.g.
# wagtail_localize.machine_translators.deepl.DeepLTranslator) and its API key in WAGTAILLOCALIZE_MACHINE_TRANSLATOR_KEY.
if os.environ.get("WAGTAILLOCALIZE_MACHINE_TRANSLATOR_CLASS"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": os.environ["WAGTAILLOCALIZE_MACHINE_TRANSLATOR_CLASS"],
        "OPTIONS": {"AUTH_KEY": os.environ.get("WAGTAILLOCALIZE_MACHINE_TRANSLATOR_KEY", "")},
    }

# Rich text: a small feature set keeps pages plain and accessible (no colours, no h1, no underline).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# Security defaults for every environment; production.py adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4). Public pages: nothing inline, nothing third-party but the click-to-load
# video players. The admin needs inline scripts and styles (Wagtail's own markup), so it gets a looser policy
# (hub.middleware.ContentSecurityPolicyMiddleware picks it for ADMIN_PATH_PREFIXES).
ADMIN_PATH_PREFIXES = ("/admin/",)
VIDEO_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
MEDIA_ORIGINS = ["'self'"]
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_ORIGINS.append(
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else (AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
    )
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [*MEDIA_ORIGINS, "data:"],
        "media-src": MEDIA_ORIGINS,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": VIDEO_ORIGINS,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*MEDIA_ORIGINS, "data:", "blob:"],
        "media-src": MEDIA_ORIGINS,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_ORIGINS],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# No Gravatar avatars in the admin: no third-party requests (and none the admin CSP would have to allow).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Permissions-Policy (hub.middleware.SecurityHeadersMiddleware): no sensors, camera, microphone, location or
# payments; autoplay, full screen and picture-in-picture only for the video players the reader chose to load.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "autoplay": ["self", *(f'"{origin}"' for origin in VIDEO_ORIGINS)],
    "fullscreen": ["self", *(f'"{origin}"' for origin in VIDEO_ORIGINS)],
    "picture-in-picture": ["self", *(f'"{origin}"' for origin in VIDEO_ORIGINS)],
}

# Admin login rate limiting (django-axes): 5 failures for one user name from one address lock that pair out for
# 15 minutes; hub.middleware.lockout_response explains it (status 429).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hub.middleware.lockout_response"
# Behind a proxy, set AXES_IPWARE_PROXY_COUNT / AXES_IPWARE_META_PRECEDENCE_ORDER so the client address is used.

# Full-page cache for anonymous readers (hub/cache.py): off here; production.py turns it on.
PAGE_CACHE_SECONDS = 0
# Parts of pages kept for the current content version even with the page cache off (the home page's content, each
# page's live translations for the language switcher and hreflang); a publish moves the version on at once.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# A CDN or caching proxy in front may keep public pages this long (Cache-Control s-maxage; hub/cache.py). Publishing
# purges a page's own URLs through WAGTAILFRONTENDCACHE; listings that show it may stay stale this long. 0: off.
CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", 0)
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/go/", "/healthz")
