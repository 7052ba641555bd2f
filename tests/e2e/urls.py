"""The site's URLs plus media files, which the live test server serves itself (no web server in front of it)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from hub.urls import handler404, handler500  # noqa: F401 (the error views of the site)
from hub.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
