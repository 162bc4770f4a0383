"""load_demo enters the demo through the statement intake: the example report's three officials'
statements and the news article as a secondary source, and a fortnight of real-shaped posts
that give a chart, a reconciliation and a disagreement; everything marked as demo, and a banner
on public pages while it is loaded. Idempotent."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.demo_statements import DEMO_URL, MARK_EN, MARK_RU, NEWS_ARTICLE_URL, statements
from incidents.models import Citation, Incident, Source, Statement, StatementTotal

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Statement, StatementTotal, Incident, Citation, Source)
    } | {"revisions": Incident.history.count(), "published": Incident.objects.published().count()}


def test_load_demo_twice_gives_the_same_record():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["Statement"] == len(statements()) + 1  # and the news article
    assert first["published"] == first["Incident"] == 31


def test_everything_the_demo_writes_is_marked_as_demo():
    call_command("load_demo", stdout=io.StringIO())
    for statement in Statement.objects.all():
        assert statement.url.startswith(DEMO_URL)
        assert statement.text.startswith((MARK_EN, MARK_RU))
        assert statement.source.name.endswith("(demo)")
    for incident in Incident.objects.all():
        assert incident.summary.startswith("Demo (invented text):")
        assert incident.status == "published"


def test_the_news_article_is_a_secondary_source_of_the_three_statements():
    call_command("load_demo", stdout=io.StringIO())
    article = Statement.objects.get(url=NEWS_ARTICLE_URL)
    assert article.source.kind == "media" and not article.totals.exists()
    supported = Incident.objects.filter(citations__statement=article)
    assert sorted(supported.values_list("region__iso_code", flat=True)) == [
        "RU-KLU",
        "RU-MOW",
        "RU-VOR",
    ]
    for incident in supported:  # each also cited by the official who said it
        assert incident.citations.exclude(statement=article).get().source.kind == (
            "regional_authority"
        )


def test_the_demo_holds_a_disagreement_and_a_total_that_does_not_add_up(client):
    call_command("load_demo", stdout=io.StringIO())
    # One Bryansk incident on 28 Oct, claimed by two sources that disagree.
    bryansk = Incident.objects.get(date="2026-10-28", region__iso_code="RU-BRY")
    assert sorted(bryansk.citations.values_list("source__kind", "claimed_intercepted")) == [
        ("ministry", 11),
        ("regional_authority", 14),
    ]
    # The governor's damage and casualties fill what the ministry did not report.
    assert (bryansk.intercepted, bryansk.killed, bryansk.injured) == (11, 0, 0)
    assert bryansk.damage_types.exists()
    assert "The sources differ by 3." in client.get(bryansk.get_absolute_url()).content.decode()
    statement = Statement.objects.get(source__kind="ministry", date="2026-10-30")
    assert statement.totals.get().intercepted == 30
    assert sum(statement.claims.values_list("claimed_intercepted", flat=True)) == 26


def test_public_pages_show_a_demo_banner_only_while_demo_data_is_loaded(client):
    overview = reverse("dashboard:overview")
    assert "Demo data." not in client.get(overview).content.decode()
    call_command("load_demo", stdout=io.StringIO())
    for url in (overview, reverse("dashboard:incident-list")):
        assert "Demo data." in client.get(url).content.decode()
