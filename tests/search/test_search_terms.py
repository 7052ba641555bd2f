"""The search terms report: Wagtail's search counts, with how often each search found nothing, for editors."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import stats
from search.models import NoResultsDailyHits

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/search-terms/"


@pytest.fixture(autouse=True)
def no_counts():
    stats.flush()  # counts pending from earlier tests
    Query.objects.all().delete()


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pass-for-tests-123")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def counted(query, day, searches, found_nothing=0):
    query = Query.get(query)
    QueryDailyHits.objects.create(query=query, date=day, hits=searches)
    if found_nothing:
        NoResultsDailyHits.objects.create(query=query, date=day, hits=found_nothing)


def rows(html):
    """(term, searches, found nothing) per row of the report's table."""
    listing = re.search(r'<table class="listing.*?</table>', html, re.S)
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", listing[0] if listing else "", re.S)
    return [(cells[i], int(cells[i + 1]), int(cells[i + 2])) for i in range(0, len(cells), 3)]


def test_editors_see_what_was_searched_and_what_found_nothing(client, editor, home):
    client.get("/search/", {"q": "narwhal"})  # finds nothing on an empty site
    client.get("/search/", {"q": "Narwhal"})
    html = editor.get(REPORT).content.decode()  # the report writes this process's pending counts first
    assert rows(html) == [("narwhal", 2, 2)]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_menu_has_one_search_terms_report(admin_client, home):
    html = admin_client.get("/admin/").content.decode()
    assert html.count('"label": "Search terms"') == 1
    assert '"url": "/admin/reports/search-terms/"' in html


def test_the_date_filter_limits_the_counts_to_those_dates(admin_client):
    today = timezone.localdate()
    for days_ago in (0, 1, 2, 40):
        counted("dugong", today - datetime.timedelta(days=days_ago), searches=5, found_nothing=1)
    counted("manatee", today - datetime.timedelta(days=40), searches=50)
    assert rows(admin_client.get(REPORT).content.decode()) == [("manatee", 50, 0), ("dugong", 20, 4)]
    since = (today - datetime.timedelta(days=7)).isoformat()
    html = admin_client.get(REPORT, {"date_from": since, "date_to": today.isoformat()}).content.decode()
    assert rows(html) == [("dugong", 15, 3)]  # three days of dugong; manatee was searched before these dates


def test_terms_sort_by_how_often_they_found_nothing(admin_client):
    today = timezone.localdate()
    counted("often found", today, searches=9)
    counted("never found", today, searches=3, found_nothing=3)
    html = admin_client.get(REPORT, {"ordering": "-found_nothing"}).content.decode()
    assert [row[0] for row in rows(html)] == ["never found", "often found"]


def test_the_report_exports_csv(admin_client):
    counted("=cmd|calc", timezone.localdate(), searches=2, found_nothing=2)
    response = admin_client.get(REPORT, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines() == ["Search term,Searches,Found nothing", "'=cmd|calc,2,2"]


@pytest.mark.parametrize(
    "params", [{"date_from": "nonsense"}, {"date_to": "2025-13-45"}, {"ordering": "x"}, {"p": "z"}]
)
def test_bad_report_parameters_never_fail(admin_client, params):
    counted("dugong", timezone.localdate(), searches=1)
    response = admin_client.get(REPORT, params)
    assert response.status_code == 200 and "dugong" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrates: restores the data for later tests
def test_the_migration_moves_the_old_counts_into_wagtails_search_terms():
    before, after = [("search", "0004_no_results_daily_hits")], [("search", "0006_delete_searchquerystat")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    day = datetime.date(2025, 3, 1)
    old.get_model("search", "SearchQueryStat").objects.create(day=day, query="manatee", hits=4, zero_result_hits=0)
    old.get_model("search", "SearchQueryStat").objects.create(day=day, query="dugong", hits=3, zero_result_hits=2)
    counted("dugong", day, searches=1)  # already in Wagtail's table: added to
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    hits = {(row.query.query_string, row.date): row.hits for row in QueryDailyHits.objects.select_related("query")}
    assert hits == {("manatee", day): 4, ("dugong", day): 4}
    assert [(row.query.query_string, row.hits) for row in NoResultsDailyHits.objects.all()] == [("dugong", 2)]
