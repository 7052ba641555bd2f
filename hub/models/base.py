"""The abstract page every public page type inherits from."""

import threading

from django.db import models
from django.urls import Resolver404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from hub.forms import ContentCheckedPageForm
from hub.querysets import may_have_view_restrictions


def standard_promote_panels(*, summary: bool = True) -> list:
    """The Promote tab of every page type. Page types that ask for the summary on their Content tab (case
    studies, toolkits, events) leave it out here, so it is never on two tabs."""
    listing_fields = [FieldPanel("show_in_menus"), FieldPanel("listing_image")]
    if summary:
        listing_fields.insert(1, FieldPanel("summary"))
    return [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description"), FieldPanel("social_image")],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel(listing_fields, heading=_("For listings and menus") if summary else _("For listings")),
        FieldPanel("for_young_people"),
    ]


class BasePage(Page):
    """Listing, sharing and young-people fields with sensible fallbacks.

    - ``summary``: one or two sentences shown in listings, and the fallback description for search engines and
      link previews.
    - ``listing_image``: shown in listings, and the fallback image for link previews.
    - ``social_image``: an Open Graph image when a different crop suits link previews.
    - ``for_young_people``: shows the "Quick exit" button on the page.
    """

    summary = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("One or two plain-English sentences for listings and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the page in listings."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Open Graph image"),
        help_text=_("Shown when the page is shared on social media. Defaults to the listing image."),
    )
    for_young_people = models.BooleanField(
        default=False,
        verbose_name=_("Meant for young people"),
        help_text=_("Shows a 'Quick exit' button so a young person can leave the page quickly and safely."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("search_description"),
    ]

    promote_panels = standard_promote_panels()
    # The content checks of every rich text field and block (hub/forms.py); page types' own forms extend it.
    base_form_class = ContentCheckedPageForm

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        """Routable page types build their URL resolver under a lock (see ``_get_resolver_once``)."""
        super().__init_subclass__(**kwargs)
        if issubclass(cls, RoutablePageMixin) and "get_resolver" not in cls.__dict__:
            cls.get_resolver = classmethod(_get_resolver_once)

    def route(self, request, path_components):
        """Resolve a URL several levels deep in two queries, instead of two queries per level.

        Wagtail's routing fetches each level's child and then its specific page. Here every page on the path is
        fetched in one query and only the deepest is made specific; it then routes what is left of the path (a
        report's ``print/``, say). Where a page on the way would route the path itself, Wagtail's routing decides.
        """
        if len(path_components) > 1:
            found = self._deepest_descendant_on_path(path_components)
            if found is not None:
                page, remaining = found
                return page.route(request, remaining)
        return super().route(request, path_components)

    def _deepest_descendant_on_path(self, path_components):
        url_paths = [
            self.url_path + "/".join(path_components[: depth + 1]) + "/" for depth in range(len(path_components))
        ]
        pages = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=url_paths, path__startswith=self.path, depth__gt=self.depth)
        }
        chain = []
        for url_path in url_paths:
            if url_path not in pages:
                break
            chain.append(pages[url_path])
        if len(chain) < 2:
            return None  # nothing to gain over Wagtail's own routing
        for depth, page in enumerate(chain[:-1]):
            if not _routes_only_to_children(page.specific_class, path_components[depth + 1 :]):
                return None
        target = chain[-1].specific
        target._cached_parent_obj = chain[-2]  # treebeard's get_parent() uses it: no query for the parent
        if self.depth == 2:  # routed from a site's home page: every ancestor below the tree root is at hand
            target._route_ancestors = [self, *chain[:-1]]  # the breadcrumbs use them: no query for the ancestors
        return target, path_components[len(chain) :]

    def get_view_restrictions(self):
        """Wagtail's check, skipped (two queries on every page view) where the cached list of restricted and alias
        pages shows that none can apply (hub/querysets.py)."""
        if may_have_view_restrictions(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    @property
    def meta_description(self) -> str:
        """The search description, falling back to the summary."""
        return self.search_description or self.summary

    @property
    def share_image(self):
        return self.social_image or self.listing_image

    @property
    def page_title(self) -> str:
        """The browser title: the SEO title if set, else the page title."""
        return self.seo_title or self.title


_resolver_lock = threading.Lock()


def _get_resolver_once(cls):
    """``RoutablePageMixin.get_resolver()``, safe with threaded workers.

    Wagtail builds a routable page type's resolver on first use by iterating the ``__dict__`` of every class in its
    MRO, then stores it as a new class attribute. Two threads doing that at once on a cold class (gunicorn gthread
    at start-up) meant one added the attribute while the other iterated the same class dict: "RuntimeError:
    dictionary changed size during iteration". Building under one lock serialises the build; reads of a built
    resolver take no lock. ``HubConfig.ready()`` also builds every resolver before the first request.
    """
    resolver = cls.__dict__.get("_routablepage_urlresolver")
    if resolver is None:
        with _resolver_lock:
            resolver = RoutablePageMixin.get_resolver.__func__(cls)
    return resolver


def warm_routable_resolvers() -> None:
    """Build the URL resolver of every routable page type now (no database needed)."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            model.get_resolver()


def _routes_only_to_children(page_class, remaining_components) -> bool:
    """Would a page of this class hand ``remaining_components`` on to its children, as Wagtail's routing does?

    True for plain pages; for a routable page, only when none of its own sub-routes matches the rest of the path.
    """
    if page_class is None:
        return False
    if page_class.route in (Page.route, BasePage.route):
        return True
    if issubclass(page_class, RoutablePageMixin) and page_class.route is RoutablePageMixin.route:
        try:
            page_class.get_resolver().resolve("/" + "/".join(remaining_components) + "/")
        except Resolver404:
            return True
    return False
