"""Admin of short links (for moderators; editors may view them and their click counts)."""

from __future__ import annotations

import datetime

import django_filters
from django.contrib import messages
from django.db.models import BooleanField, Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Site

from .models import ShortLink
from .qr import qr_png, qr_svg

RECENT_DAYS = 30
DAILY_TABLE_DAYS = 90


class ShortLinkForm(WagtailAdminModelForm):
    """A new link's fallback page starts as the home page, so it is visible (and changeable) from the start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "fallback_page" in self.fields and not self.initial.get("fallback_page"):
            site = Site.objects.filter(is_default_site=True).first()
            if site is not None:
                self.initial["fallback_page"] = site.root_page_id


class ShortLinkFilterSet(WagtailFilterSet):
    broken = django_filters.BooleanFilter(label=_("Broken target"), method="filter_broken")
    target_type = django_filters.ChoiceFilter(label=_("Target"), choices=ShortLink.TargetType.choices)

    class Meta:
        model = ShortLink
        fields = ["target_type"]

    def filter_broken(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(ShortLink.broken_q()) if value else queryset.exclude(ShortLink.broken_q())


class TargetColumn(Column):
    cell_template_name = "shortlinks/admin/target_cell.html"


class ShortLinkIndexView(generic.IndexView):
    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS - 1)
        return (
            super()
            .get_base_queryset()
            .select_related("target_page", "target_document", "fallback_page")
            .annotate(
                total_clicks=Coalesce(Sum("clicks__count"), 0),
                recent_clicks=Coalesce(Sum("clicks__count", filter=Q(clicks__date__gte=since)), 0),
                broken=Case(
                    When(ShortLink.broken_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
                ),
            )
        )

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "code",
                label=_("Short link"),
                accessor=str,
                sort_key="code",
                get_url=lambda link: self.get_edit_url(link) or self.get_inspect_url(link),
            ),
            TargetColumn("target", label=_("Target"), accessor=lambda link: link, sort_key="broken"),
            NumberColumn(
                "recent_clicks",
                label=ngettext("Clicks, last %(days)d day", "Clicks, last %(days)d days", RECENT_DAYS)
                % {"days": RECENT_DAYS},
                sort_key="recent_clicks",
            ),
            NumberColumn("total_clicks", label=_("Clicks, all time"), sort_key="total_clicks"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for kind, label, priority in (
            ("svg", _("Download QR code (SVG)"), 40),
            ("png", _("Download QR code (PNG)"), 41),
        ):
            buttons.append(
                Button(
                    label,
                    url=reverse("shortlinks:qr", args=(instance.pk, kind)),
                    icon_name="download",
                    priority=priority,
                    attrs={"download": f"go-{instance.code}.{kind}"},
                )
            )
        return buttons


class ShortLinkInspectView(generic.InspectView):
    """The link, where it goes (and whether it is broken), its QR code and its clicks per day."""

    template_name = "shortlinks/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ShortLink.objects.select_related("target_page", "target_document", "fallback_page"), pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = self.object
        today = timezone.localdate()
        since = today - datetime.timedelta(days=DAILY_TABLE_DAYS - 1)
        days = list(link.clicks.filter(date__gte=since).order_by("-date").values_list("date", "count"))
        totals = link.clicks.aggregate(total=Coalesce(Sum("count"), 0, output_field=IntegerField()))
        destination, is_fallback = link.destination()
        context.update(
            {
                "link": link,
                "short_url": link.short_url(),
                "destination": destination,
                "is_fallback": is_fallback,
                "daily_clicks": days,
                "period_clicks": sum(count for _day, count in days),
                "total_clicks": totals["total"],
                "daily_table_days": DAILY_TABLE_DAYS,
                "qr_svg_url": reverse("shortlinks:qr", args=(link.pk, "svg")),
                "qr_png_url": reverse("shortlinks:qr", args=(link.pk, "png")),
            }
        )
        return context


class ShortLinkEditView(generic.EditView):
    def get_context_data(self, **kwargs):
        if self.request.method == "GET" and self.object.is_broken:
            messages.warning(
                self.request,
                _(
                    "The target of this link is unpublished or deleted: readers are sent to the fallback page. "
                    "Choose a new target."
                ),
            )
        return super().get_context_data(**kwargs)


class QRCodeView(PermissionCheckedMixin, View):
    """The QR code of a short link as an SVG or PNG file, holding the full short URL. For anyone who may see links."""

    any_permission_required = ["add", "change", "delete", "view"]
    permission_policy = None

    def get(self, request, pk, kind):
        link = get_object_or_404(ShortLink, pk=pk)
        url = link.short_url()
        if kind == "svg":
            response = HttpResponse(qr_svg(url, title=f"QR code for {url}"), content_type="image/svg+xml")
        else:
            response = HttpResponse(qr_png(url), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="go-{link.code}.{kind}"'
        return response


class ShortLinkViewSet(ModelViewSet):
    model = ShortLink
    icon = "link"
    menu_label = _("Short links")
    menu_order = 280
    add_to_admin_menu = True
    name = "shortlinks"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ShortLinkIndexView
    inspect_view_class = ShortLinkInspectView
    edit_view_class = ShortLinkEditView
    filterset_class = ShortLinkFilterSet
    search_fields = ["code", "notes", "target_url"]
    ordering = ["code"]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            MultiFieldPanel(
                [FieldPanel("target_page"), FieldPanel("target_document"), FieldPanel("target_url")],
                heading=_("Target: choose one"),
                help_text=_("A page is best: the link follows the page when it moves or is renamed."),
            ),
            FieldPanel("fallback_page"),
            FieldPanel("notes"),
        ],
        base_form_class=ShortLinkForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            re_path(
                r"^qr/(?P<pk>[0-9]+)/(?P<kind>svg|png)/$",
                self.construct_view(QRCodeView, permission_policy=self.permission_policy),
                name="qr",
            )
        ]
