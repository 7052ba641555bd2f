"""Every URL ever published keeps working: automatic redirects when pages move or are renamed, and redirects
imported from CSV with a report of what was created and skipped."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect

from shortlinks.redirect_import import import_redirects
from tests.factories import StandardPageFactory

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
    "old_url,new_url",  # line 1: header
    "/old-about/,/about/",  # 2: created, to the page
    "https://old.example.org/launch?b=2&a=1,https://example.org/launch",  # 3: created, external link
    "/old-about/,/contact/",  # 4: repeated in the file
    "/same/,/same/",  # 5: same old and new
    "/bad,javascript:alert(1)",  # 6: unsafe scheme
    "ftp://old.example.org/file,/about/",  # 7: unsafe scheme (old)
    "not a url,/about/",  # 8: invalid old
    "/x/,not a url",  # 9: invalid new
    "/" + "a" * 300 + ",/about/",  # 10: too long
    "/only-one-column",  # 11: missing new URL
    "/about/,/contact/",  # 12: a live page has this URL
    "/loop-a/,/loop-b/",  # 13: created (a link to a path that is not a page)
    "/loop-b/,/loop-a/",  # 14: loop
    "/,/about/",  # 15: home page
    "/existing/,/about/",  # 16: already exists
)


@pytest.fixture
def imported(about):
    Redirect.add_redirect("/existing", "/somewhere/")
    return import_redirects(GOOD_AND_BAD)


def test_import_creates_the_good_rows_and_reports_each_bad_row_with_its_reason(imported, about):
    report = imported
    assert report.header and report.rows_read == 15
    assert [(row.line, row.old_path) for row in report.created] == [
        (2, "/old-about"),
        (3, "/launch?a=1&b=2"),
        (13, "/loop-a"),
    ]
    assert [(row.line, row.code) for row in report.skipped] == [
        (4, "duplicate-row"),
        (5, "same"),
        (6, "unsafe-scheme"),
        (7, "unsafe-scheme"),
        (8, "invalid-old"),
        (9, "invalid-new"),
        (10, "too-long"),
        (11, "missing"),
        (12, "live-page"),
        (14, "loop"),
        (15, "home-page"),
        (16, "exists"),
    ]
    assert "row 2" in report.skipped[0].reason
    assert "/loop-b → /loop-a" in report.skipped[9].reason
    to_page = Redirect.objects.get(old_path="/old-about")
    assert to_page.redirect_page_id == about.pk and to_page.is_permanent  # follows the page if it moves
    assert Redirect.objects.get(old_path="/launch?a=1&b=2").redirect_link == "https://example.org/launch"
    assert Redirect.objects.count() == 4  # three imported, one already there


def test_imported_redirects_work(client, imported, about, django_capture_on_commit_callbacks):
    assert client.get("/old-about/")["Location"] == "/about/"
    about.slug = "about-us"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert client.get("/old-about/")["Location"] == "/about-us/"
    assert client.get("/launch?b=2&a=1")["Location"] == "https://example.org/launch"


def test_importing_the_same_file_again_creates_nothing(imported):
    again = import_redirects(GOOD_AND_BAD)
    assert again.created == []
    assert {row.code for row in again.skipped if row.line in (2, 3, 13)} == {"exists"}


def test_a_file_without_a_header_row_and_with_semicolons(about):
    report = import_redirects(csv_bytes("/old-a/;/about/", "/old-b/;https://example.org/"))
    assert not report.header
    assert [row.old_path for row in report.created] == ["/old-a", "/old-b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("/old/,/nouvelle-page-\xe9t\xe9/\n".encode("latin-1"), "not in UTF-8"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "not a CSV text file"),
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
    assert "line 2: created /old-about -> About (page)" in text
    assert "line 3: skipped /bad/: only http and https addresses are allowed" in text
    assert "2 rows read: 1 redirects created, 1 rows skipped." in text


def test_command_dry_run_and_temporary(tmp_path, about):
    path = tmp_path / "redirects.csv"
    path.write_bytes(csv_bytes("/old-about/,/about/"))
    output = StringIO()
    call_command("import_redirects", str(path), "--dry-run", stdout=output)
    assert "1 redirects would be created" in output.getvalue()
    assert not Redirect.objects.exists()
    call_command("import_redirects", str(path), "--temporary", stdout=StringIO())
    assert Redirect.objects.get().is_permanent is False


def moderator(client):
    """Log in as a moderator (the core names the group "Site moderators"; Wagtail's default is "Moderators")."""
    user = get_user_model().objects.create_user(username="moderator", password="a-long-test-password")
    user.groups.add(Group.objects.filter(name__in=["Site moderators", "Moderators"]).first())
    client.force_login(user)


def test_moderators_import_in_the_admin_and_see_the_report(client, about):
    moderator(client)
    upload = SimpleUploadedFile("redirects.csv", csv_bytes("/old-about/,/about/", "/bad,javascript:alert(1)"))
    response = client.post("/admin/redirects-import/", {"file": upload, "permanent": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 rows read: 1 redirects created, 1 rows skipped." in html
    assert "Skipped rows, and why" in html and "only http and https addresses are allowed" in html
    assert "Redirects created" in html and "/old-about" in html
    assert Redirect.objects.get().redirect_page_id == about.pk


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("redirects.xlsx", b"PK\x03\x04", "Upload a .csv file"),
        ("redirects.csv", "/a/,/é/\n".encode("cp1252"), "not in UTF-8"),
        ("redirects.csv", b"\x00\x01binary", "not a CSV text file"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_changes_nothing(client, home, name, content, message):
    moderator(client)
    response = client.post("/admin/redirects-import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Redirect.objects.exists()


def test_editors_cannot_import_redirects(client, home):
    user = get_user_model().objects.create_user(username="editor", password="a-long-test-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get("/admin/redirects-import/").status_code in (302, 403)
