"""Publishing a translation needs publish permission on every path (security finding: editors could publish
translations through wagtail-localize's views). Editors and ICS editors may update drafts; moderators publish."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale, PageLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from hub.demo_tools import ensure_sample_translation
from hub.models import FooterText
from hub.permissions import EDITORS, MODERATORS, ensure_ics_editors_group
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import make_ics
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish(home):
    Locale.objects.get_or_create(language_code="en-gb")
    locale = Locale.objects.get_or_create(language_code="pl")[0]
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    return locale


def draft_translation(page, locale):
    """A Polish draft translation of a live page, as wagtail-localize's "Translate" makes it."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=False)
    return translation, page.get_translation(locale)


def user_in(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="a-long-password-9")
    user.groups.add(group)
    return user


@pytest.fixture
def about(home, polish):
    page = StandardPageFactory(parent=home, slug="about", title="About")
    translation, target = draft_translation(page, polish)
    return page, translation, target


@pytest.fixture
def case_study(home, polish):
    """A Birmingham case study with a Polish draft, and the Birmingham ICS editor (who may edit it in Polish)."""
    index = CaseStudyIndexPageFactory(parent=home)
    ensure_sample_translation(index, "pl", {})
    ics = make_ics("Birmingham and Solihull")
    ensure_ics_editors_group(ics)  # after the Polish index exists, so the group may edit the Polish case studies
    page = CaseStudyPageFactory(parent=index, ics=ics)
    translation, target = draft_translation(page, polish)
    return page, translation, target, ics


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "editor", Group.objects.get(name=EDITORS))


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "moderator", Group.objects.get(name=MODERATORS))


@pytest.fixture
def ics_editor(django_user_model, case_study):
    ics = case_study[3]
    ics.refresh_from_db()
    user = user_in(django_user_model, "ics-editor", ics.editors_group)
    # Even given wagtail-localize's own permission (which the ICS groups do not have), no publishing.
    user.user_permissions.add(Permission.objects.get(codename="submit_translation"))
    return user


@pytest.fixture
def non_publisher(request, about, case_study, editor):
    """(user, source page, translation, Polish draft) for an editor on a standard page and an ICS editor on their
    own ICS's case study."""
    if request.param == "editor":
        return (editor, *about)
    ics_editor = request.getfixturevalue("ics_editor")
    return (ics_editor, *case_study[:3])


NON_PUBLISHERS = pytest.mark.parametrize("non_publisher", ["editor", "ics_editor"], indirect=True)


def assert_not_published_by(page, user):
    page.refresh_from_db()
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=user).exists()
    assert page.live_revision is None


def assert_published_by(page, user):
    page.refresh_from_db()
    assert page.live
    # wagtail-localize publishes the user's revision; Wagtail's bulk action logs the user.
    assert (
        page.live_revision.user == user
        or PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=user).exists()
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# "Sync translated pages" (update translations) with "Publish immediately"


@NON_PUBLISHERS
def test_sync_with_publish_immediately_is_refused_to_non_publishers(
    client, non_publisher, django_capture_on_commit_callbacks
):
    user, _page, translation, target = non_publisher
    client.force_login(user)
    url = f"/admin/localize/update/{translation.source_id}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 200
    assert any("permission to publish" in message for message in messages_of(response))
    assert_not_published_by(target, user)


@NON_PUBLISHERS
def test_non_publishers_can_still_sync_drafts_and_are_not_offered_publish(
    client, non_publisher, django_capture_on_commit_callbacks
):
    user, page, translation, target = non_publisher
    client.force_login(user)
    url = f"/admin/localize/update/{translation.source_id}/"
    form = client.get(url).content.decode()
    assert 'type="checkbox" name="publish_translations"' not in form
    page.title = "About us"
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {})
    assert response.status_code == 302
    assert StringSegment.objects.filter(source=translation.source, string__data="About us").exists()
    assert_not_published_by(target, user)


def test_a_moderator_syncs_and_publishes_immediately(client, about, moderator, django_capture_on_commit_callbacks):
    _page, translation, target = about
    client.force_login(moderator)
    url = f"/admin/localize/update/{translation.source_id}/"
    assert 'type="checkbox" name="publish_translations"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert_published_by(target, moderator)


# The translation editor's "Publish" action and Wagtail's bulk publish


@NON_PUBLISHERS
def test_the_translation_editors_publish_action_is_refused(client, non_publisher, django_capture_on_commit_callbacks):
    user, _page, _translation, target = non_publisher
    client.force_login(user)
    assert client.get(f"/admin/pages/{target.pk}/edit/").status_code == 200  # they may translate it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert response.status_code in (302, 403)
    assert_not_published_by(target, user)


def test_a_moderator_publishes_from_the_translation_editor(
    client, about, moderator, django_capture_on_commit_callbacks
):
    target = about[2]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert_published_by(target, moderator)


@NON_PUBLISHERS
def test_bulk_publish_is_refused(client, non_publisher, django_capture_on_commit_callbacks):
    user, _page, _translation, target = non_publisher
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bulk/wagtailcore/page/publish/?id={target.pk}", {"include_descendants": ""})
    assert_not_published_by(target, user)


def test_a_moderator_bulk_publishes_a_translation(client, about, moderator, django_capture_on_commit_callbacks):
    target = about[2]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bulk/wagtailcore/page/publish/?id={target.pk}", {"include_descendants": ""})
    assert_published_by(target, moderator)


# "Convert to alias page": the alias follows the live source page


@NON_PUBLISHERS
def test_converting_a_draft_translation_to_a_live_alias_is_refused(client, non_publisher):
    user, _page, _translation, target = non_publisher
    client.force_login(user)
    url = f"/admin/localize/page/{target.pk}/convert_to_alias/"
    assert client.get(url).status_code == 302  # no confirmation page offering it
    response = client.post(url, follow=True)
    assert any("permission to convert" in message for message in messages_of(response))
    target.refresh_from_db()
    assert target.alias_of_id is None
    assert_not_published_by(target, user)


def test_the_convert_to_alias_action_is_offered_only_to_publishers(client, about, editor, moderator):
    _page, translation, target = about
    translation.enabled = False  # a stopped translation is edited in Wagtail's editor, with this action
    translation.save()
    client.force_login(editor)
    assert "localize-convert-to-alias" not in client.get(f"/admin/pages/{target.pk}/edit/").content.decode()
    client.force_login(moderator)
    assert "localize-convert-to-alias" in client.get(f"/admin/pages/{target.pk}/edit/").content.decode()


def test_a_moderator_converts_a_translation_to_an_alias(client, about, moderator):
    page, _translation, target = about
    client.force_login(moderator)
    client.post(f"/admin/localize/page/{target.pk}/convert_to_alias/")
    target.refresh_from_db()
    assert target.alias_of_id == page.pk and target.live


# "Translate" (submit): existing live pages in the chosen language, and snippets without drafts


@pytest.fixture
def live_polish_subtree(home, polish):
    """An English section whose Polish version is a live alias, and a sub-page with a live Polish translation, to
    which someone has since added an unreviewed translated title (as the translation editor stores it)."""
    section = StandardPageFactory(parent=home, slug="section", title="Section")
    section.copy_for_translation(polish, alias=True)
    child = StandardPageFactory(parent=section, slug="child", title="Child")
    polish_child = ensure_sample_translation(child, "pl", {"Child": "Dziecko"})
    segment = StringSegment.objects.get(source__object_id=child.translation_key, string__data="Child")
    StringTranslation.objects.filter(translation_of=segment.string, locale=polish).update(data="Niezatwierdzone")
    return section, polish_child


def translate_subtree(client, user, section, locale, capture_on_commit):
    """``user`` asks for ``section`` and its sub-pages in ``locale`` (the commit hooks run, as in a real request)."""
    client.force_login(user)
    with capture_on_commit(execute=True):
        return client.post(
            f"/admin/localize/submit/page/{section.pk}/", {"locales": [locale.pk], "include_subtree": "on"}
        )


def test_translating_over_live_polish_pages_is_refused_to_editors(
    client, live_polish_subtree, polish, editor, django_capture_on_commit_callbacks
):
    section, polish_child = live_polish_subtree
    response = translate_subtree(client, editor, section, polish, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert any("permission to publish" in message for message in messages_of(response))
    polish_child.refresh_from_db()
    assert polish_child.title == "Dziecko"
    assert section.get_translation(polish).alias_of_id == section.pk
    assert not Translation.objects.filter(source__object_id=section.translation_key).exists()


def test_a_moderator_translates_over_live_polish_pages(
    client, live_polish_subtree, polish, moderator, django_capture_on_commit_callbacks
):
    section, _polish_child = live_polish_subtree
    response = translate_subtree(client, moderator, section, polish, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert section.get_translation(polish).alias_of_id is None


def test_editors_still_translate_a_page_into_a_draft(client, about, polish, editor):
    page = StandardPageFactory(parent=about[0], slug="new", title="New")
    client.force_login(editor)
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [polish.pk]})
    assert response.status_code == 302
    assert not page.get_translation(polish).live


def test_translating_a_snippet_without_drafts_needs_permission_to_add_it(client, polish, editor, moderator):
    footer = FooterText.objects.create(text="A programme of Barnardo's and UCL.")
    url = f"/admin/localize/submit/snippet/hub/footertext/{footer.pk}/"
    client.force_login(editor)
    response = client.post(url, {"locales": [polish.pk]})
    assert response.status_code == 200
    assert any("permission to publish" in message for message in messages_of(response))
    assert not FooterText.objects.filter(locale=polish).exists()
    client.force_login(moderator)
    assert client.post(url, {"locales": [polish.pk]}).status_code == 302
    assert FooterText.objects.filter(locale=polish).exists()
