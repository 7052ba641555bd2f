"""Adopters' feedback on a toolkit: the form, its errors, spam protection, and who can read the submissions."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory

pytestmark = pytest.mark.django_db

VALID = {
    "used": "used",
    "how_used": "We used the action plan with our voluntary partners.",
    "organisation": "An ICS in the East of England",
    "email": "lead@example.org",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def toolkit(home):
    index = ToolkitIndexPageFactory(parent=home)
    return ToolkitPageFactory(parent=index, title="Voice and Influence Tool", slug="voice")


def post(client, toolkit, **changes):
    return client.post(f"{toolkit.url}feedback/", {**VALID, **changes}, REMOTE_ADDR="192.0.2.10")


def test_the_toolkit_page_links_to_its_feedback_form_and_sets_no_cookie(client, toolkit, settings, tmp_path):
    """The form is on a page of its own: the toolkit page carries no CSRF token and sets no cookie on a first visit,
    rendered or served from the page cache (each hit for a new reader used to mint a token and set a cookie)."""
    from hub import cache as page_cache

    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    page_cache.invalidate()
    responses = [client.__class__().get(toolkit.url) for _ in range(3)]  # each a new reader, with no cookie
    assert responses[-1]["X-Page-Cache"] == "hit"  # rendered, kept, then served from the cache
    for response in responses:
        html = response.content.decode()
        assert response.status_code == 200 and "csrfmiddlewaretoken" not in html
        assert not response.cookies, f"a first visit set {list(response.cookies)}"
    section = html[html.index('id="feedback"') :]
    assert "Have you used this toolkit?" in section
    assert f'<a class="button button--secondary" href="{toolkit.url}feedback/">Tell us if you used it</a>' in section


def test_the_feedback_page_has_the_form_with_labels_and_a_privacy_line(client, toolkit):
    response = client.get(f"{toolkit.url}feedback/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Feedback on Voice and Influence Tool" in html and '<meta name="robots" content="noindex">' in html
    assert "<h1" in html and "Have you used this toolkit?</h1>" in html
    breadcrumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))]
    assert f'<a href="{toolkit.url}">Voice and Influence Tool</a>' in breadcrumbs
    assert '<li class="breadcrumbs__item" aria-current="page">Feedback</li>' in breadcrumbs
    form = html[html.index('id="feedback"') :]
    form = form[: form.index("</form>")]
    assert f'action="{toolkit.url}feedback/"' in form and 'method="post"' in form
    assert "csrfmiddlewaretoken" in form
    for field_id in ("id_used_0", "id_how_used", "id_organisation", "id_email"):
        assert f'<label for="{field_id}">' in form
    assert "<legend" in form  # the radio buttons are a group
    assert 'href="/privacy/">Read our privacy notice</a>' in form
    assert "Giving your email address is optional" in form
    honeypot = form[form.index("form-field--honeypot") - 30 : form.index('name="website"') + 80]
    assert 'aria-hidden="true"' in honeypot and 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert f'<a href="{toolkit.url}">Back to Voice and Influence Tool</a>' in html


def test_the_privacy_line_links_the_sections_privacy_page(client, home, toolkit):
    privacy = StandardPageFactory(parent=home, title="Privacy notice", slug="privacy-notice")
    index = toolkit.get_parent().specific
    index.privacy_page = privacy
    index.save()
    html = client.get(f"{toolkit.url}feedback/").content.decode()
    assert 'href="/privacy-notice/">Read our privacy notice</a>' in html


def test_a_valid_submission_is_stored_and_thanked(client, toolkit):
    response = post(client, toolkit)
    assert response.status_code == 302
    assert response["Location"] == f"{toolkit.url}feedback/thanks/"
    submission = FormSubmission.objects.get()
    assert submission.page_id == toolkit.pk
    assert submission.form_data == {
        "used": "used",
        "how_used": "We used the action plan with our voluntary partners.",
        "organisation": "An ICS in the East of England",
        "email": "lead@example.org",
    }
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you for your feedback" in thanks.content.decode()


def test_email_is_optional(client, toolkit):
    assert post(client, toolkit, email="", organisation="").status_code == 302
    assert FormSubmission.objects.get().form_data["email"] == ""


def test_an_invalid_email_is_rejected_with_a_message_and_what_was_typed_is_kept(client, toolkit):
    response = post(client, toolkit, email="not-an-email", how_used="Used it in <b>two</b> boroughs.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_email">Enter an email address in the correct format, like name@example.com</a>' in html
    assert 'id="email-error"' in html and 'aria-invalid="true"' in html
    assert 'value="not-an-email"' in html
    assert "Used it in &lt;b&gt;two&lt;/b&gt; boroughs.</textarea>" in html  # kept, and escaped
    assert re.search(r'<input type="radio" name="used" value="used"[^>]*\bchecked\b', html)
    assert "<title>Error:" in html
    assert not FormSubmission.objects.exists()


def test_over_long_text_is_rejected_with_a_message_and_kept(client, toolkit):
    long_text = "We adapted it. " * 140  # 2,100 characters
    response = post(client, toolkit, how_used=long_text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "How you used it must be 2,000 characters or fewer" in html
    assert long_text.strip() in html
    assert 'maxlength="2000"' not in html  # the browser does not cut it off silently
    assert not FormSubmission.objects.exists()


def test_a_missing_answer_is_asked_for(client, toolkit):
    html = post(client, toolkit, used="", how_used="").content.decode()
    assert "Select whether your organisation has used this product" in html
    assert "Enter how you used the product, or what stopped you" in html


def test_honeypot_submissions_are_dropped_silently(client, toolkit):
    response = post(client, toolkit, website="http://spam.example")
    assert response.status_code == 302 and response["Location"].endswith("feedback/thanks/")
    assert not FormSubmission.objects.exists()


@override_settings(TOOLKIT_FEEDBACK_DAILY_LIMIT=2)
def test_submissions_are_limited_per_address_per_day_without_storing_the_address(client, toolkit):
    assert post(client, toolkit).status_code == 302
    assert post(client, toolkit).status_code == 302
    response = post(client, toolkit, how_used="A third message.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent feedback several times today." in html and "A third message." in html
    assert FormSubmission.objects.count() == 2
    other = client.post(f"{toolkit.url}feedback/", VALID, REMOTE_ADDR="192.0.2.99")
    assert other.status_code == 302
    stored = " ".join(str(submission.form_data) for submission in FormSubmission.objects.all())
    assert "192.0.2" not in stored


@override_settings(TOOLKIT_FEEDBACK_DAILY_LIMIT=1)
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, toolkit):
    assert post(client, toolkit).status_code == 302
    response = client.post(
        f"{toolkit.url}feedback/", VALID, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert response.status_code == 429


# Who can read the feedback -----------------------------------------------------------------------------------------


def user_in(django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name.lower().replace(" ", "-"), password="pass-for-tests-1")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_moderators_can_list_and_export_the_feedback(client, django_user_model, toolkit):
    post(client, toolkit)
    client.force_login(user_in(django_user_model, "Site moderators"))
    listing = client.get(reverse("wagtailforms:list_submissions", args=[toolkit.pk]))
    assert listing.status_code == 200
    assert "We used the action plan with our voluntary partners." in listing.content.decode()
    export = client.get(reverse("wagtailforms:list_submissions", args=[toolkit.pk]) + "?export=csv")
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"lead@example.org" in content and b"Has your organisation used this product?" in content


def test_editors_and_the_public_cannot_read_the_feedback(client, django_user_model, toolkit):
    post(client, toolkit)
    url = reverse("wagtailforms:list_submissions", args=[toolkit.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(user_in(django_user_model, "Editors"))
    assert client.get(url).status_code in (302, 403)
    forms_index = client.get(reverse("wagtailforms:index")).content.decode()
    assert "Voice and Influence Tool" not in forms_index
    assert "lead@example.org" not in client.get(toolkit.url).content.decode()


def test_the_empty_form_is_kept_and_each_reader_posts_it_with_their_own_token(toolkit):
    """The empty form is rendered once per content version ({% formcache %}) with each reader's CSRF token put
    back; a reader sends it with CSRF checks on; a form with errors is rendered afresh with what was typed."""
    from django.test import Client

    def form_rendered(response):
        return "toolkit/includes/feedback_form.html" in [template.name for template in response.templates]

    form_url = f"{toolkit.url}feedback/"
    first_reader = Client(enforce_csrf_checks=True)
    assert form_rendered(first_reader.get(form_url))
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(form_url)
    assert not form_rendered(response), "the empty form was rendered again"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert "chec-csrf-token" not in response.content.decode() and "csrftoken" in response.cookies
    sent = reader.post(f"{toolkit.url}feedback/", {**VALID, "csrfmiddlewaretoken": token}, REMOTE_ADDR="192.0.2.11")
    assert sent.status_code == 302 and FormSubmission.objects.count() == 1
    wrong = reader.post(
        f"{toolkit.url}feedback/",
        {**VALID, "email": "not-an-email", "csrfmiddlewaretoken": token},
        REMOTE_ADDR="192.0.2.12",
    )
    assert form_rendered(wrong) and "not-an-email" in wrong.content.decode()


def test_a_kept_page_gzipped_for_each_reader_carries_their_own_working_token(toolkit, settings, tmp_path):
    """The kept form page's gzip copy is made once; each reader's token goes in uncompressed between its parts."""
    import gzip

    from django.test import Client

    from hub import cache as page_cache

    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    page_cache.invalidate()
    form_url = f"{toolkit.url}feedback/"
    Client().get(form_url)  # the first render also creates the site settings rows (a new content version)
    assert Client().get(form_url)["X-Page-Cache"] == "miss"  # kept
    tokens = []
    for number, reader in enumerate([Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]):
        response = reader.get(form_url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert (response["X-Page-Cache"], response["Content-Encoding"]) == ("hit", "gzip")
        html = gzip.decompress(response.content).decode()  # checks the CRC and the length of the whole
        assert "chec-csrf-token" not in html and toolkit.title in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        sent = reader.post(
            f"{toolkit.url}feedback/", {**VALID, "csrfmiddlewaretoken": token}, REMOTE_ADDR=f"192.0.2.{20 + number}"
        )
        assert sent.status_code == 302, "the token from the gzipped page was refused"
    assert tokens[0] != tokens[1] and FormSubmission.objects.count() == 2
