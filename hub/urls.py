"""URL configuration: admin, documents, sitemap and robots outside the language prefix; pages inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from hub import views
from hub.sitemap import SECTIONS as SITEMAP_SECTIONS

handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAP_SECTIONS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    path("healthz", views.health, name="health"),
    # Feature URLs outside the language prefix (short links, feeds, downloads) go here, one line per app.
    path("go/", include("shortlinks.urls")),
    path("api/v2/", include("api.urls")),
]

if getattr(settings, "SERVE_MEDIA", settings.DEBUG):  # local use (hub.settings.dev), with DEBUG on or off
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += i18n_patterns(
    # Feature URLs inside the language prefix (search, tag pages) go here, one line per app.
    path("", include("search.urls")),
    path("feeds/", include("hub.feeds")),
    # Wagtail's page serving catches everything, so it comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
