import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Page, Site

from tests.home.factories import HomePageFactory


@pytest.fixture
def home(db):
    """A live HomePage as the root of the default site (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="CHEC")
    return home


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /ur/ or /pl/ leaves its language active in the thread,
    which would otherwise translate the next test's lazy strings."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache. Entries of earlier tests are unreachable (the cache version moved on)
    but still fill Django's in-process cache, which culls a third of its entries at random points once it holds
    300: a query count measured just after a cull was one higher (the flaky 12-or-13-queries report test)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def compiled_translations():
    """Build the .mo files (as `make` does), then make Django reload its catalogues (cached per process). Modules
    that read translated text use it: ``pytestmark = pytest.mark.usefixtures("compiled_translations")``."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_translations")
    trans_real._translations = {}
    trans_real._default = None
