"""The script that builds the home page, the standard pages and the site settings from the content files in
``home/demo_content/`` (``home.yaml``: the pages and settings; ``translations.yaml``: the sample translations).

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own. The programme
is written about in the past tense, the products in the present tense.
"""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from hub.base_url import site_hostname_and_port
from hub.demo_tools import content, ensure_child, ensure_menu_item, ensure_sample_translation, stream
from hub.models import FooterText, OrganisationSettings

from .models import HomePage, StandardPage

ORDER = 10  # first: everything else hangs below the home page

CONTENT = content(__name__, "home")
TRANSLATIONS = content(__name__, "translations")


def ensure_home_page(stdout) -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Wagtail's own migration creates a plain welcome page at /home/: remove it so the slug is free.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        data = CONTENT["home_page"]
        home = HomePage(
            slug="home",
            title=data["title"],
            seo_title=data["seo_title"],
            summary=data["summary"],
            intro=data["intro"],
            workstreams=[("workstream", item) for item in data["workstreams"]],
            body=stream(data.get("body")),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("  created the home page")
    # Wagtail's own full URLs (admin "view live" links) use the site's host and port: those of SITE_BASE_URL.
    hostname, port = site_hostname_and_port()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="CHEC")
    else:
        site.root_page = home
        site.hostname, site.port, site.site_name = hostname, port, "CHEC"
        site.save()
    return home


def ensure_settings(site, pages_by_slug) -> None:
    organisation = OrganisationSettings.for_site(site)
    if not organisation.partners:
        organisation.partners = [("partner", partner) for partner in CONTENT["settings"]["partners"]]
    organisation.show_demo_notice = True
    organisation.show_sample_translation_notice = True
    organisation.save()
    if not FooterText.objects.exists():
        FooterText.objects.create(text=CONTENT["settings"]["footer_text"], locale=Locale.get_default())

    ensure_menu_item(site, pages_by_slug["about"], "About")
    for slug in ("about", "accessibility-statement", "privacy", "cookies", "contact"):
        ensure_menu_item(site, pages_by_slug[slug], menu="footer_links")


def ensure_locales() -> None:
    """A locale for every content language the settings enable (SITE_LANGUAGES)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def load(stdout):
    ensure_locales()
    home = ensure_home_page(stdout)
    pages = {}
    for data in CONTENT["standard_pages"]:
        pages[data["slug"]] = ensure_child(
            home,
            StandardPage,
            data["slug"],
            stdout,
            title=data["title"],
            summary=data["summary"],
            body=stream(data["body"]),
        )
    ensure_settings(Site.objects.get(is_default_site=True), pages)
    # The sample translations come first: the other apps translate their pages under the translated home pages.
    enabled = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for language_code, strings in TRANSLATIONS.items():
        if language_code in enabled:
            translations = {item["en"]: item["translation"] for item in strings}
            ensure_sample_translation(home, language_code, translations, stdout)


def _page_at(home, url_path: str):
    """The live page of the home page's tree at a path such as ``/reports/born-unequal/`` (None if missing)."""
    return Page.objects.live().filter(url_path=home.url_path + url_path.strip("/") + "/").first()


def finish(stdout):
    """Once every section exists: the home page's routes, key figures and featured pages (each only while empty,
    so an editor's choices stay)."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    data = CONTENT["home_page"]
    changed = False
    if not home.routes:
        routes = []
        for route in data.get("routes", []):
            page = _page_at(home, route["page"])
            if page is not None:
                routes.append(("route", {**route, "page": page}))
        home.routes, changed = routes, bool(routes)
    if not home.key_figures and data.get("key_figures"):
        figures = dict(data["key_figures"])
        figures["report"] = _page_at(home, figures.get("report", "")) if figures.get("report") else None
        home.key_figures, changed = [("figures", figures)], True
    if not home.featured:
        featured = [_page_at(home, path) for path in data.get("featured", [])]
        home.featured = [("page", page) for page in featured if page is not None]
        changed = changed or bool(home.featured)
    if changed:
        home.save_revision().publish()
        stdout.write("  added the home page's routes, key figures and featured pages")
        # The sample translations were made before the routes existed: bring them up to date, so /pl/ and /ur/
        # have their routes and key figures too (the pages they link to in that language where there is one).
        enabled = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        for language_code, strings in TRANSLATIONS.items():
            if language_code in enabled:
                translations = {item["en"]: item["translation"] for item in strings}
                ensure_sample_translation(home, language_code, translations, stdout, update=True)
