"""Admin: a warning when the admin is used on another address than SITE_BASE_URL; the ``coverfill`` image filter."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from hub.base_url import base_url, differs_from_request

from .image_operations import CoverFillOperation


@hooks.register("register_image_operations")
def register_cover_fill():
    return [("coverfill", CoverFillOperation)]


class BaseUrlWarningPanel(Component):
    """Shown first on the dashboard when this admin's address is not the configured public address."""

    name = "base_url_warning"
    order = -100

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="help-block help-warning" role="alert" aria-labelledby="base-url-warning-heading">'
            '<h2 id="base-url-warning-heading">{}</h2><p>{}</p></section>',
            _("The public address differs from this one"),
            _(
                "This site prints %(base)s in QR codes, short links, feeds, the sitemap and every link it shares, "
                "but you are using it at %(here)s. Set SITE_BASE_URL to the address readers use, or printed QR "
                "codes and shared links will point at the wrong place."
            )
            % {"base": base_url(), "here": f"{self.request.scheme}://{self.request.get_host()}"},
        )


@hooks.register("construct_homepage_panels")
def warn_about_another_base_url(request, panels):
    if differs_from_request(request):
        panels.insert(0, BaseUrlWarningPanel(request))
