"""Who may do what: the editorial groups, and the per-ICS restriction of ICS editors.

Three kinds of group (created by migration hub/0006 and, for each ICS, by ``ensure_ics_editors_group``):

- **Site moderators** publish anything, approve or reject submissions, manage redirects, short links, snippets,
  settings and indicator data.
- **Editors** edit and submit for moderation anywhere; they cannot publish.
- **ICS editors: <ICS>** (one group per partner ICS) edit and submit only pages that belong to their ICS (pages with
  an ``ics`` field: case studies), and upload to their ICS's collection of images and documents.

Wagtail's page permissions are tree-based; the ICS restriction is per page, so page types that belong to an ICS
inherit ``ICSOwnedPageMixin``, whose permission tester refuses other ICSs' pages, and whose admin form offers an
ICS editor only their own ICS.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    PagePermissionTester,
    get_page_models,
)

from hub.forms import ContentCheckedPageForm

MODERATORS = "Site moderators"
EDITORS = "Editors"
ICS_GROUP_PREFIX = "ICS editors: "

COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def user_ics_ids(user) -> set[int] | None:
    """The ICSs an ICS editor may edit, or None when the user is not restricted to ICSs.

    Superusers, moderators and editors are not restricted; a user whose only editing groups are ICS groups is.
    """
    if not user.is_authenticated or user.is_superuser:
        return None
    cached = getattr(user, "_chec_ics_ids", "unset")
    if cached != "unset":
        return cached
    group_names = set(user.groups.values_list("name", flat=True))
    if group_names & {MODERATORS, EDITORS} or not any(name.startswith(ICS_GROUP_PREFIX) for name in group_names):
        result = None
    else:
        IntegratedCareSystem = apps.get_model("hub", "IntegratedCareSystem")
        keys = IntegratedCareSystem.objects.filter(editors_group__user=user).values_list("translation_key", flat=True)
        # An ICS editor may edit their ICS in every language.
        result = set(IntegratedCareSystem.objects.filter(translation_key__in=list(keys)).values_list("pk", flat=True))
    user._chec_ics_ids = result
    return result


class ICSPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, with an ICS editor limited to their own ICS's pages."""

    def _outside_users_ics(self) -> bool:
        allowed = user_ics_ids(self.user)
        return allowed is not None and getattr(self.page, "ics_id", None) not in allowed

    def can_edit(self):
        return not self._outside_users_ics() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return not self._outside_users_ics() and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return not self._outside_users_ics() and super().can_unpublish()

    def can_publish(self):
        return not self._outside_users_ics() and super().can_publish()

    def can_submit_for_moderation(self):
        return not self._outside_users_ics() and super().can_submit_for_moderation()

    def can_lock(self):
        return not self._outside_users_ics() and super().can_lock()

    def can_move(self):
        return not self._outside_users_ics() and super().can_move()

    def can_copy(self):
        return not self._outside_users_ics() and super().can_copy()


class ICSOwnedPageForm(ContentCheckedPageForm):
    """Offers an ICS editor only their own ICS, and makes the ICS required for everyone."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("ics")
        if field is None:
            return
        field.required = True
        field.error_messages["required"] = _(
            "Choose the Integrated Care System this page belongs to: the Integrated Care System field, under "
            "'About this case study' on the Content tab."
        )
        # A plain list, not the snippet chooser: the chooser's modal lists every ICS, whatever the form accepts.
        field.widget = forms.Select()
        field.queryset = field.queryset.all()  # (re)fills the new widget's choices
        allowed = user_ics_ids(for_user) if for_user is not None else None
        if allowed is not None:
            field.queryset = field.queryset.filter(pk__in=allowed)
            own = list(field.queryset[:2])
            if len(own) == 1 and not self.instance.ics_id and not self.is_bound:
                self.initial["ics"] = own[0].pk  # an ICS editor's own ICS, chosen for them


class ICSOwnedPageMixin:
    """For page types with an ``ics`` foreign key: ICS editors can only work on their own ICS's pages."""

    base_form_class = ICSOwnedPageForm

    def permissions_for_user(self, user):
        return ICSPagePermissionTester(user, self)


def ics_section_models() -> list:
    """The page types under which ICS editors may add pages: the allowed parents of every ICS-owned page type
    (the case study index), found among the page models so the core names no app."""
    sections = []
    for model in get_page_models():
        if issubclass(model, ICSOwnedPageMixin):
            sections += [parent for parent in model.allowed_parent_page_models() if parent not in sections]
    return sections


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_ics_editors_group(ics) -> Group:
    """Create (or repair) the editors group and the image/document collection of one ICS. Idempotent."""
    from wagtail.models import Page

    group, _created = Group.objects.get_or_create(name=f"{ICS_GROUP_PREFIX}{ics.name}"[:150])
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    if ics.editors_group_id != group.pk:
        type(ics).objects.filter(translation_key=ics.translation_key).update(editors_group=group)
    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=ics.name).first()
    if collection is None:
        collection = root_collection.add_child(name=ics.name)
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    for model in ics_section_models():
        for index_page in model.objects.all():
            for codename in ("add_page", "change_page"):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=Page.objects.get(pk=index_page.pk),
                    permission=_permission("wagtailcore", codename),
                )
    return group
