"""Every URL ever published keeps working: automatic redirects when pages move or are renamed, and redirects
imported with Wagtail's import (admin and command) and this site's checks, with a reason for every skipped row."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from shortlinks.models import ShortLink
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="About", slug="about")


def test_automatic_redirects_are_switched_on():
    assert settings.WAGTAILREDIRECTS_AUTO_CREATE is True
    assert "wagtail.contrib.redirects.middleware.RedirectMiddleware" in settings.MIDDLEWARE


def test_changing_a_slug_leaves_the_old_url_redirecting(client, about, django_capture_on_commit_callbacks):
    child = StandardPageFactory(parent=about, slug="team")
    about.slug = "about-the-collaborative"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail makes the redirects once the change commits
        about.save_revision().publish()
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"] == "/about-the-collaborative/"
    response = client.get("/about/team/")  # children's old URLs too
    assert response.status_code == 301 and response["Location"] == "/about-the-collaborative/team/"
    child.refresh_from_db()
    assert child.url == "/about-the-collaborative/team/" and client.get(child.url).status_code == 200


def test_moving_a_page_leaves_its_old_url_redirecting(client, home, about):
    page = StandardPageFactory(parent=home, slug="evaluation")
    page.move(about, pos="last-child")
    response = client.get("/evaluation/")
    assert response.status_code == 301 and response["Location"] == "/about/evaluation/"
    # The redirect points at the page, so a second move is followed too.
    page.refresh_from_db()
    other = StandardPageFactory(parent=home, slug="programme")
    page.move(other, pos="last-child")
    assert client.get("/evaluation/")["Location"] == "/programme/evaluation/"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD_AND_BAD = csv_bytes(
    "old_url,new_url",  # the column names
    "/old-about/,/about/",  # created, to the page
    "https://old.example.org/launch?b=2&a=1,https://example.org/launch",  # created, external link
    "/old-about/,/contact/",  # repeated in the file
    "/same/,/same/",  # same old and new
    "/bad,javascript:alert(1)",  # unsafe scheme
    "ftp://old.example.org/file,/about/",  # unsafe scheme (old)
    "not a url,/about/",  # invalid old
    "/x/,not a url",  # invalid new
    "/" + "a" * 300 + ",/about/",  # too long
    "/missing-new/,",  # missing new URL
    "/about/,/contact/",  # a live page has this URL
    "/go/Framework,/about/",  # a short link has this URL
    "/loop-a/,/loop-b/",  # created (a link to a path that is not a page)
    "/loop-b/,/loop-a/",  # loop
    "/,/about/",  # home page
    "/existing/,/about/",  # already exists
)


def moderator(client):
    """Log in as a moderator (the core names the group "Site moderators"; Wagtail's default is "Moderators")."""
    user = get_user_model().objects.create_user(username="moderator", password="a-long-test-password")
    user.groups.add(Group.objects.filter(name__in=["Site moderators", "Moderators"]).first())
    client.force_login(user)


def upload(client, content, name="redirects.csv"):
    """Step 1 of Wagtail's import: upload the file (the response previews it, or says what is wrong)."""
    return client.post("/admin/redirects/import/", {"import_file": SimpleUploadedFile(name, content)}, follow=True)


def admin_import(client, content, name="redirects.csv", permanent=True):
    """Both steps of Wagtail's import: upload, then confirm with the first column as old and the second as new."""
    response = upload(client, content, name)
    assert "dataset" in response.context, response.content.decode()
    form = response.context["form"]
    data = {key: form[key].value() for key in ("import_file_name", "input_format")}
    data.update(from_index="0", to_index="1", **({"permanent": "on"} if permanent else {}))
    return client.post("/admin/redirects/import/process/", data, follow=True)


@pytest.fixture
def imported(client, about):
    Redirect.add_redirect("/existing", "/somewhere/")
    ShortLink.objects.create(code="framework", target_page=about)
    moderator(client)
    return admin_import(client, GOOD_AND_BAD)


def test_import_creates_the_good_rows_and_gives_each_bad_row_its_reason(imported, about):
    html = imported.content.decode()
    assert "Found 16 redirects, created 3 and found 13 errors." in html
    for reason in [
        "A redirect with this path already exists.",  # repeated row, and the redirect that existed before
        "The old and new URLs are the same.",
        "Only http and https addresses are allowed.",
        "The old URL is not a path starting with / or a web address.",
        "The new URL is not a path or a full web address.",
        "Ensure this value has at most 255 characters",
        "This field is required.",
        "A published page has this URL, so the redirect would never be used.",
        "A short link has this URL, so the redirect would never be used.",
        "The redirect would make a loop: /loop-b → /loop-a → /loop-b.",
        "The home page cannot be redirected.",
    ]:
        assert reason in html
    assert set(Redirect.objects.values_list("old_path", flat=True)) == {
        "/existing",
        "/old-about",
        "/launch?a=1&b=2",
        "/loop-a",
    }
    to_page = Redirect.objects.get(old_path="/old-about")
    assert to_page.redirect_page_id == about.pk and to_page.is_permanent  # follows the page if it moves
    assert Redirect.objects.get(old_path="/launch?a=1&b=2").redirect_link == "https://example.org/launch"
    assert Redirect.objects.get(old_path="/loop-a").redirect_link == "/loop-b/"


def test_imported_redirects_work(client, imported, about, django_capture_on_commit_callbacks):
    assert client.get("/old-about/")["Location"] == "/about/"
    about.slug = "about-us"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert client.get("/old-about/")["Location"] == "/about-us/"
    assert client.get("/launch?b=2&a=1")["Location"] == "https://example.org/launch"
    assert client.get("/loop-a/")["Location"] == "/loop-b/"


def test_importing_the_same_file_again_creates_nothing(client, imported):
    again = admin_import(client, GOOD_AND_BAD)
    assert "created 0 and found 16 errors" in again.content.decode()
    assert Redirect.objects.count() == 4


def test_a_good_file_imports_without_errors_and_a_full_address_of_this_site_points_at_the_page(client, about):
    Site.objects.update(hostname="chec.example.org")
    moderator(client)
    response = admin_import(client, csv_bytes("old,new", "/a/,https://CHEC.example.org/about/"), permanent=False)
    assert "Imported 1 redirect" in response.content.decode()
    redirect = Redirect.objects.get()
    assert redirect.redirect_page_id == about.pk and not redirect.is_permanent


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("redirects.xlsx", b"PK\x03\x04 not a workbook", "could not be read as XLSX"),
        ("redirects.csv", "old,new\n/a/,/\xe9/\n".encode("cp1252"), "not in UTF-8"),
        ("redirects.csv", b"\x00\x01binary", "not a text file"),
        ("redirects.csv", b"old_url\n/a/\n", "at least two columns"),
        ("redirects.csv", b"old;new\n/a/;/about/\n", "at least two columns"),  # Wagtail reads commas only
        ("redirects.csv", b"old,new\n/a/,/about/\n\n/b/,/about/\n", "Row 3 has 0 cells, the first row 2"),
        ("redirects.csv", b"old,new\n/a/\n", "Row 2 has 1 cells"),
        ("redirects.csv", b"old,new\n" + b"/a/,/b/\n" * 1001, "more than 1000 rows"),
        ("redirects.csv", b"old,new\n" + b"/a/,/b/" * 200_000, "larger than 1.0"),
        ("redirects.txt", b"old,new\n/a/,/about/\n", "is not supported"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(client, home, name, content, message):
    moderator(client)
    response = upload(client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "dataset" not in response.context  # not offered for import
    assert not Redirect.objects.exists()


def test_wagtail_import_is_the_one_admin_entry_point(client, home):
    moderator(client)
    assert client.get("/admin/redirects-import/").status_code == 404
    html = client.get("/admin/redirects/").content.decode()
    assert "/admin/redirects/import/" in html and "Import redirects (CSV)" not in html
    assert client.get("/admin/redirects/import/").status_code == 200


def test_editors_cannot_import_redirects(client, home):
    user = get_user_model().objects.create_user(username="editor", password="a-long-test-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get("/admin/redirects/import/").status_code in (302, 403)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("/old/,/nouvelle-page-\xe9t\xe9/\n".encode("latin-1"), "not in UTF-8"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "not a text file"),
        (b"old,new\n/a/\n", "Row 2 has 1 cells"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(tmp_path, home, content, message):
    path = tmp_path / "redirects.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_redirects", str(path), stdout=StringIO())
    assert not Redirect.objects.exists()


def test_command_prints_the_report(tmp_path, about):
    path = tmp_path / "redirects.csv"
    path.write_bytes(csv_bytes("Old URL,New URL", "/old-about/,/about/", "/bad/,javascript:alert(1)"))
    output = StringIO()
    call_command("import_redirects", str(path), stdout=output)
    text = output.getvalue()
    assert "skipped /bad/ -> javascript:alert(1): Only http and https addresses are allowed." in text
    assert "2 rows read: 1 redirect created, 1 row skipped." in text
    assert Redirect.objects.get().redirect_page_id == about.pk


def test_command_dry_run_and_temporary(tmp_path, about):
    path = tmp_path / "redirects.csv"
    path.write_bytes(csv_bytes("old,new", "/old-about/,/about/"))
    output = StringIO()
    call_command("import_redirects", str(path), "--dry-run", stdout=output)
    assert "1 redirect would be created" in output.getvalue()
    assert not Redirect.objects.exists()
    call_command("import_redirects", str(path), "--temporary", stdout=StringIO())
    assert Redirect.objects.get().is_permanent is False
