"""Admin registrations of the core: the taxonomy snippets in one menu group."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.models import Indicator, IntegratedCareSystem, Organisation, Person


class IntegratedCareSystemViewSet(SnippetViewSet):
    model = IntegratedCareSystem
    icon = "site"
    menu_label = _("Integrated Care Systems")
    list_display = ["name", "short_name", "region"]
    search_fields = ["name", "region"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role"]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    list_display = ["name"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 250
    items = (IntegratedCareSystemViewSet, OrganisationViewSet, PersonViewSet, IndicatorViewSet)


register_snippet(TaxonomyGroup)
