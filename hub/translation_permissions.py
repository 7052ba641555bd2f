"""Publishing a translation needs Wagtail's publish permission, whichever wagtail-localize screen it starts from.

wagtail-localize's translation editor checks the publish permission before its "Publish" action, but some of its
other views check only its own "submit translation" permission, which editors have:

- "Sync translated pages" (update translations) with "Publish immediately" ticked published every translation;
- "Convert to alias page" makes a translation follow its source page, live status included, so a draft
  translation went live (and a live one took the source's content);
- "Translate" (submit) rewrites translations that are already live when it converts a live alias page or, with
  "Include subtree", re-translates live sub-pages; for a snippet without drafts it creates a live snippet.

The views here wrap those three (registered before wagtail-localize's URLs in ``hub/wagtail_hooks.py``): a user
who may not publish gets a message and nothing changes; drafts can still be updated. The PO file upload, the
string editing endpoints, machine translation and "Start Synced translation" only change draft strings, and
Wagtail's bulk publish checks the permission itself (tests/hub/test_translation_publish_permissions.py tries each path).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views import convert, submit_translations, update_translations


def can_publish(user, instance) -> bool:
    """Whether ``user`` may make this page or snippet (a translation) live.

    Pages: the page's own permission tester (so ICS editors are limited as everywhere else). Snippets with drafts:
    the model's publish permission. Snippets without drafts are live as soon as they are saved, so saving one is
    publishing it: the model's change permission.
    """
    if isinstance(instance, Page):
        return instance.specific.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return user.has_perm(get_permission_name(action, type(instance)))


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """ "Sync translated pages": anyone with the submit permission may update the drafts, but "Publish immediately"
    is offered to, and accepted from, only users who may publish every translation of this source."""

    def user_can_publish_all(self) -> bool:
        if not hasattr(self, "_can_publish_all"):
            targets = []
            for translation in self.object.translations.filter(enabled=True).select_related("target_locale"):
                try:
                    targets.append(translation.get_target_instance())
                except ObjectDoesNotExist:
                    # Publishing would create it again, from the source: judge by the source.
                    targets.append(self.object.get_source_instance())
            self._can_publish_all = all(can_publish(self.request.user, target) for target in targets)
        return self._can_publish_all

    def get_form(self):
        form = super().get_form()
        if not self.user_can_publish_all():
            form.fields["publish_translations"].widget = forms.HiddenInput()
        return form

    def post(self, request, **kwargs):
        form = self.get_form()
        if form.is_valid() and form.cleaned_data["publish_translations"] and not self.user_can_publish_all():
            messages.error(
                request,
                _(
                    "You do not have permission to publish these translations, so nothing was changed. Sync without "
                    "\u201cPublish immediately\u201d to update the drafts, then submit them for moderation."
                ),
            )
            return self.render_to_response(self.get_context_data(**kwargs))
        return super().post(request, **kwargs)


def convert_to_alias(request, page_id: int):
    """ "Convert to alias page" mirrors the source page's content and live status: it needs publish permission."""
    page = get_object_or_404(Page, id=page_id)
    if not can_publish(request.user, page):
        messages.error(
            request,
            _(
                "You do not have permission to convert this translation into an alias: the alias would show the "
                "source page's content as it is live. Ask a site moderator."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.id)
    return convert.convert_to_alias(request, page_id)


class _RefuseLiveRewrites:
    """Shared by the submit views: refuse a submission that would change or create live content the user may not
    publish (``live_targets_user_cannot_publish`` lists it, as (object, locale) pairs)."""

    def post(self, request, **kwargs):
        form = self.get_form()
        if form.is_valid():
            refused = self.live_targets_user_cannot_publish(form.cleaned_data)
            if refused:
                items = ", ".join(f"\u201c{obj}\u201d ({locale.get_display_name()})" for obj, locale in refused)
                messages.error(
                    request,
                    _(
                        "You do not have permission to publish %(items)s, which translating would change or create "
                        "as live content, so nothing was translated. Ask a site moderator."
                    )
                    % {"items": items},
                )
                return self.render_to_response(self.get_context_data(**kwargs))
        return super().post(request, **kwargs)


class SubmitPageTranslationView(_RefuseLiveRewrites, submit_translations.SubmitPageTranslationView):
    """wagtail-localize saves translations of pages as drafts (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is
    off), except that it writes into pages in the chosen languages that are already live: an alias page being
    turned into a translation and, with "Include subtree", sub-pages translated before."""

    def live_targets_user_cannot_publish(self, data):
        keys = [self.object.translation_key]
        if data.get("include_subtree"):
            keys += list(self.object.get_descendants().values_list("translation_key", flat=True))
        live = Page.objects.filter(translation_key__in=keys, locale__in=data["locales"], live=True)
        return [(page, page.locale) for page in live.specific() if not can_publish(self.request.user, page)]


class SubmitSnippetTranslationView(_RefuseLiveRewrites, submit_translations.SubmitSnippetTranslationView):
    """A translated snippet without drafts is created live: that needs the permission to add such snippets."""

    def live_targets_user_cannot_publish(self, data):
        model = type(self.object)
        if isinstance(self.object, DraftStateMixin) or self.request.user.has_perm(get_permission_name("add", model)):
            return []
        return [(self.object, locale) for locale in data["locales"]]
