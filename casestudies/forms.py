"""The admin edit forms of case studies and toolkits."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, TranslatableMixin

from hub.forms import ContentCheckedPageForm
from hub.permissions import ICSOwnedPageForm


class SameLanguageChoicesPageForm(ContentCheckedPageForm):
    """Offers only pages and snippets in the page's own language in its many-to-many choices.

    Without it, the drivers or related case studies of every language are listed, each title several times. Values
    already chosen stay selectable, so a page whose links point at another language still saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if not locale_id:
            return
        for name, form_field in self.fields.items():
            queryset = getattr(form_field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, TranslatableMixin):
                continue
            current = Q()
            if self.instance.pk and name in {f.name for f in self.instance._meta.many_to_many}:
                current = Q(pk__in=[obj.pk for obj in getattr(self.instance, name).all()])
            queryset = queryset.filter(Q(locale_id=locale_id) | current)
            if issubclass(queryset.model, Page):
                queryset = queryset.order_by("path")
            form_field.queryset = queryset


class CaseStudyPageForm(ICSOwnedPageForm, SameLanguageChoicesPageForm):
    """Same-language choices, and an ICS that is needed to publish and limited to an ICS editor's own."""


class ToolkitPageForm(SameLanguageChoicesPageForm):
    """Same-language choices, and a licence that is needed to publish, with a message saying where to set it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("licence")
        if field is not None:
            field.error_messages["required"] = _(
                "Choose a licence before publishing: the Licence field, under 'Licence and credit' on the "
                "Content tab. Other ICSs may only reuse what is licensed."
            )
