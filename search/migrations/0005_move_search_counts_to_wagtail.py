"""Move the counts of search.SearchQueryStat into Wagtail's search terms (Query, QueryDailyHits) and, for searches
that found nothing, into search.NoResultsDailyHits. Counts already in those tables are added to, not replaced."""

from django.db import migrations
from django.db.models import F
from modelsearch.utils import normalise_query_string


def move_counts(apps, schema_editor):
    SearchQueryStat = apps.get_model("search", "SearchQueryStat")
    Query = apps.get_model("wagtailsearchpromotions", "Query")
    QueryDailyHits = apps.get_model("wagtailsearchpromotions", "QueryDailyHits")
    NoResultsDailyHits = apps.get_model("search", "NoResultsDailyHits")
    for stat in SearchQueryStat.objects.iterator():
        query, _created = Query.objects.get_or_create(query_string=normalise_query_string(stat.query))
        for model, hits in ((QueryDailyHits, stat.hits), (NoResultsDailyHits, stat.zero_result_hits)):
            if hits:
                row, _created = model.objects.get_or_create(query=query, date=stat.day)
                model.objects.filter(pk=row.pk).update(hits=F("hits") + hits)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_no_results_daily_hits"),
    ]

    # Going back leaves the counts in Wagtail's tables (the old table comes back empty).
    operations = [migrations.RunPython(move_counts, migrations.RunPython.noop)]
