"""The indicators section (/data/): indicators grouped by driver, a view per indicator, and CSV downloads.

Indicators are snippets, not pages, so their views are routes of the one IndicatorIndexPage.
"""

import copy

from django.conf import settings
from django.db import models
from django.http import Http404, StreamingHttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from hub import csv_safety
from hub.blocks import BodyBlock
from hub.models import BasePage, DriverPage
from indicators.importer import export_rows
from indicators.page_data import chosen_slice, indicator_report

from .data import Indicator, IndicatorValue


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV (Django's documented pattern)."""

    def write(self, value):
        return value


def csv_response(values, filename: str) -> StreamingHttpResponse:
    """The rows streamed as CSV, formula-looking text neutralised (hub/csv_safety.py), numbers as they are."""
    writer = csv_safety.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(values)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class IndicatorIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(blank=True, max_length=800)
    body = StreamField(
        BodyBlock(), blank=True, use_json_field=True, help_text=_("How to read and reuse the data, shown below.")
    )

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = [settings.HOME_PAGE_MODEL]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("indicator index page")

    def grouped_indicators(self):
        """[(driver or None, [indicators])], drivers in framework order, in three queries."""
        indicators = list(Indicator.objects.prefetch_related("drivers").order_by("name"))
        drivers = {
            driver.translation_key: driver
            for driver in DriverPage.objects.live().filter(locale_id=self.locale_id).order_by("path")
        }
        groups = {key: [] for key in drivers}
        ungrouped = []
        for indicator in indicators:
            keys = {driver.translation_key for driver in indicator.drivers.all()} & groups.keys()
            for key in keys:
                groups[key].append(indicator)
            if not keys:
                ungrouped.append(indicator)
        result = [(drivers[key], items) for key, items in groups.items() if items]
        if ungrouped:
            result.append((None, ungrouped))
        return result

    @path("")
    def index_view(self, request):
        # Read only when the template's fragment cache misses (kept per content version; an import moves it on).
        indicators = SimpleLazyObject(self.grouped_indicators)
        any_illustrative = SimpleLazyObject(
            lambda: any(indicator.is_illustrative for _, items in indicators for indicator in items)
        )
        return self.render(request, context_overrides={"groups": indicators, "any_illustrative": any_illustrative})

    @path("download/", name="all_csv")
    def all_csv(self, request):
        values = IndicatorValue.objects.select_related("indicator", "area").order_by("indicator__name", "pk")
        return csv_response(values.iterator(chunk_size=2000), "chec-indicators.csv")

    @re_path(r"^(?P<slug>[-a-zA-Z0-9_]{1,100})/$", name="indicator")
    def indicator_view(self, request, slug):
        indicator = self._get_indicator(slug)
        requested = {name: request.GET.get(name, "")[:150] for name in ("sex", "age", "deprivation")}
        # The breakdown shown is one the data has (unknown values fall back to the defaults), so the template's kept
        # copy is keyed on it, never on raw query values; the figures and charts are read only when it is not kept.
        chosen = chosen_slice(indicator, requested)
        return self.render(
            request,
            template="indicators/indicator_page.html",
            context_overrides={
                "page": self.page_for_indicator(indicator, request),
                "index_page": self,
                "indicator": indicator,
                "drivers": SimpleLazyObject(
                    lambda: [
                        driver
                        for driver in indicator.drivers.all()
                        if driver.live and driver.locale_id == self.locale_id
                    ]
                ),
                "chosen": chosen,
                "report": SimpleLazyObject(lambda: indicator_report(indicator, requested, chosen=chosen)),
            },
        )

    def indicator_description(self, indicator) -> str:
        text = indicator.definition or indicator.why_it_matters
        if not text:
            text = gettext("%(name)s: latest values for England and the partner areas, trend and inequality.") % {
                "name": indicator.name
            }
        return Truncator(" ".join(text.split())).chars(300)

    def page_for_indicator(self, indicator, request=None):
        """This page as the indicator's own page, for the shared meta tags (templates/includes/meta.html): its URL
        (canonical, Open Graph), title and description are the indicator's, not /data/'s.

        The copy's URL is the indicator route's, so templates link to the index through ``index_page`` instead.
        """
        suffix = self.reverse_subpage("indicator", args=[indicator.slug]).lstrip("/")
        page = copy.copy(self)
        original_url_parts = self.get_url_parts

        def get_url_parts(request=None):
            parts = original_url_parts(request=request)
            if parts is None or parts[2] is None:
                return parts
            return parts[0], parts[1], parts[2] + suffix

        page.get_url_parts = get_url_parts  # Page.full_url and url are built from it
        page.seo_title = indicator.name
        page.search_description = self.indicator_description(indicator)
        # Every language's /data/ has the same indicator routes: the hreflang links and the language switcher
        # point at this indicator in each language.
        from hub.i18n import live_translations

        page._live_translations = [
            {**translation, "url": translation["url"] + suffix} for translation in live_translations(self, request)
        ]
        return page

    @re_path(r"^(?P<slug>[-a-zA-Z0-9_]{1,100})/csv/$", name="indicator_csv")
    def indicator_csv(self, request, slug):
        indicator = self._get_indicator(slug)
        values = indicator.values.select_related("indicator", "area").order_by("area__name", "period_sort", "pk")
        return csv_response(values.iterator(chunk_size=2000), f"{indicator.slug}.csv")

    def _get_indicator(self, slug):
        try:
            return Indicator.objects.select_related("life_stage").get(slug=slug)
        except Indicator.DoesNotExist:
            raise Http404 from None
