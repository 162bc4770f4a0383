"""The full-text search (PostgreSQL: incidents/search_sql.py, incidents/fulltext.py): ranked
results, websearch syntax, statements' words, documents that follow every write, and one
definition of the SQL. The syntax and the statements' words hold on SQLite too (its simpler
search promises the same rows, unranked)."""

import pytest
from django.db import connection
from django.urls import reverse

from incidents import rebuilding, search_sql, services
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, StatementFactory, region, threat

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the full-text search is PostgreSQL's"
)


def found(query):
    return set(Incident.objects.published().search(query).values_list("pk", flat=True))


def made(summary, quote="", code="RU-VOR", slug="unknown"):
    incident = IncidentFactory(
        region=region(code), threat_type=threat(slug), summary=summary, cited=False
    )
    if quote:
        CitationFactory(incident=incident, quote=quote)
    return incident.pk


@pytest.fixture
def texts():
    return {
        "both": made("Debris of the rocket fell on a garage near Anna.", "Rocket debris found."),
        "summary": made("A rocket was destroyed over the river."),
        "quote": made("Targets were destroyed.", "Обломки ракеты упали на гараж."),
        "garage": made("Windows broken in a garage cooperative."),
        "neither": made("Nothing fell."),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("garage", {"both", "garage"}),
        ('"fell on a garage"', {"both"}),
        ('"garage fell"', set()),
        ("garage -rocket", {"garage"}),
        ("garage -Anna", {"garage"}),
        ('garage -"near Anna"', {"garage"}),
        ("garage or river", {"both", "garage", "summary"}),
        ("garag", {"both", "garage"}),  # the start of a word
    ],
)
def test_websearch_syntax(texts, query, expected):
    assert found(query) == {texts[name] for name in expected}


@postgresql
@pytest.mark.parametrize(
    ("query", "expected"),
    [("rockets", {"both", "summary"}), ("обломками", {"quote"}), ("гаражи", {"quote"})],
)
def test_words_are_found_in_any_form(texts, query, expected):
    """Snowball's English and Russian stems (PostgreSQL only: SQLite reads words as typed)."""
    assert found(query) == {texts[name] for name in expected}


@postgresql
def test_results_are_ranked_when_searching(client, texts):
    """A word in the summary weighs more than in a quote; twice more than once."""
    response = client.get(reverse("dashboard:incident-list"), {"q": "rocket"})
    ids = [incident.pk for incident in response.context["page"].items]
    assert ids == [texts["both"], texts["summary"]]
    by_date = client.get(reverse("dashboard:incident-list"), {"q": "rocket", "sort": "-date"})
    dates = [incident.date for incident in by_date.context["page"].items]
    assert dates == sorted(dates, reverse=True)
    assert 'value="relevance" selected' in response.content.decode()


def test_a_word_of_a_statement_finds_the_incidents_it_claims(texts):
    statement = StatementFactory(text="Над областью сбиты аэростаты.")
    incident = Incident.objects.get(pk=texts["neither"])
    CitationFactory(
        incident=incident, source=statement.source, url=statement.url, statement=statement
    )
    assert found("аэростаты") == {incident.pk}
    assert found("аэростат") == {incident.pk}


@pytest.mark.parametrize("where", ["summary", "damage", "quote", "statement"])
def test_a_phrase_is_found_as_written_in_each_text(where):
    """The words in another order or with other small words between them are no match, in
    whichever text the phrase is (the full-text search finds both; the phrase check decides)."""

    def said(text):
        incident = IncidentFactory(
            summary=text if where == "summary" else "Report.",
            damage_description=text if where == "damage" else "",
            cited=False,
        )
        statement = StatementFactory(text=text if where == "statement" else "")
        CitationFactory(
            incident=incident,
            source=statement.source,
            url=statement.url,
            statement=statement,
            quote=text if where == "quote" else "",
        )
        return incident.pk

    exact = said("Debris fell on a garage roof.")
    said("Debris fell on the garage roof.")
    said("Debris fell on a big garage roof.")
    assert found('"fell on a garage"') == {exact}
    assert found('"fell on a garage" -nothing') == {exact}


def test_the_search_follows_an_edit_of_the_summary(chief, texts):
    incident = Incident.objects.get(pk=texts["quote"])
    assert found('"targets were"') == {incident.pk}
    incident.summary = "A balloon was shot down."
    services.save_incident(by=chief, incident=incident, correction_note="The statement's words.")
    assert found("balloon") == {incident.pk}
    assert found('"targets were"') == set()


def test_the_search_follows_an_edit_of_a_statement(chief, texts):
    statement = StatementFactory(text="Сбиты аэростаты.")
    incident = Incident.objects.get(pk=texts["neither"])
    CitationFactory(
        incident=incident, source=statement.source, url=statement.url, statement=statement
    )
    statement.text = "Сбиты вертолёты."
    services.save_statement(by=chief, statement=statement, correction_note="Misread.")
    assert found("вертолет") == {incident.pk}
    assert found("аэростаты") == set()


@postgresql
def test_a_bulk_load_rebuilds_the_documents_the_triggers_keep(texts):
    def documents():
        with connection.cursor() as cursor:
            cursor.execute("SELECT incident_id, document::text FROM incidents_searchdocument")
            return dict(cursor.fetchall())

    # Statements with words and without: the rebuild skips empty texts, the triggers read them.
    for text, key in (("Сбиты аэростаты.", "quote"), ("", "garage"), ("", "quote")):
        statement = StatementFactory(text=text)
        incident = Incident.objects.get(pk=texts[key])
        CitationFactory(
            incident=incident, source=statement.source, url=statement.url, statement=statement
        )
    kept = documents()
    assert set(kept) >= set(texts.values())
    assert "аэростат" in kept[texts["quote"]]
    rebuilding.rebuild()
    assert documents() == kept


@postgresql
def test_the_functions_the_database_runs_are_the_ones_defined_now():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE proname IN (%s, %s)",
            [search_sql.WORDS_FUNCTION, search_sql.REFRESH_FUNCTION],
        )
        installed = dict(cursor.fetchall())
    assert installed == {
        search_sql.WORDS_FUNCTION: search_sql.WORDS_BODY,
        search_sql.REFRESH_FUNCTION: search_sql.REFRESH_BODY,
    }


@postgresql
def test_a_searched_table_ranks_in_a_constant_number_of_queries(client, texts):
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboard:incident-list"), {"q": "rocket -river"})
            assert response.status_code == 200
        return len(queries)

    before = cost()
    for n in range(5):
        made(f"Rocket number {n}.", "Ракета.")
    from django.core.cache import cache

    cache.clear()
    assert cost() == before


def test_a_ranked_page_link_is_read_back(client, texts):
    for n in range(60):
        made(f"Garage {n} burned.")
    first = client.get(reverse("dashboard:incident-list"), {"q": "garage"}).context["page"]
    assert first.next_cursor
    second = client.get(
        reverse("dashboard:incident-list"), {"q": "garage", "cursor": first.next_cursor}
    ).context["page"]
    shown = [i.pk for i in first.items] + [i.pk for i in second.items]
    assert len(shown) == len(set(shown)) == 62


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@postgresql
def test_a_search_is_planned_for_few_rows_inside_its_block_only():
    """No JIT compilation and dear parallel workers inside the block (a rare word's queries
    take under a millisecond, a worker several); outside it, the database's own settings."""
    from django.test.utils import CaptureQueriesContext

    from incidents import fulltext, search

    before = {name: setting(name) for name in fulltext.PLANNER_SETTINGS}
    with search.planned(connection.alias, "rocket"):
        assert {name: setting(name) for name in before} == fulltext.PLANNER_SETTINGS
    assert {name: setting(name) for name in before} == before
    with CaptureQueriesContext(connection) as queries, search.planned(connection.alias, " "):
        pass
    assert not queries.captured_queries  # no search, nothing to plan


@postgresql
def test_a_searched_page_reads_its_rows_as_planned(client, texts):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:incident-list"), {"q": "rocket"})
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    planned = next(i for i, text in enumerate(sql) if "set_config" in text)
    searched = [i for i, text in enumerate(sql) if "incidents_searchdocument" in text]
    assert searched and planned < min(searched)
