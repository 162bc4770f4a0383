"""The interface's languages (config/languages.py): a page's address names its language, a bare
or old address redirects by the reader's language keeping its query, the switcher and the
hreflang alternates keep the view, files and the API keep language-free addresses and the same
bytes whoever asks, and the page cache never serves one language's page for another."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "uk"]


def html_lang(response):
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("", "/en/"), ("uk,ru;q=0.8,en;q=0.5", "/uk/"), ("ru-RU,ru;q=0.9", "/ru/"), ("de", "/en/")],
)
def test_the_bare_address_redirects_by_the_readers_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


def test_the_language_cookie_wins_over_accept_language(client):
    client.cookies["django_language"] = "uk"
    response = client.get("/regions/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == "/uk/regions/"


def test_an_old_link_keeps_its_query_through_the_redirect(client):
    old = "/incidents/?region=kaluga-oblast&region=bryansk-oblast&sort=date&q=%D0%B0%D0%B1"
    response = client.get(old, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/ru" + old
    assert client.get(response["Location"]).status_code == 200


def test_an_old_link_without_its_slash_lands_on_the_page(client):
    response = client.get("/regions?order=name", follow=True)
    assert response.redirect_chain[-1][0] == "/en/regions/?order=name"
    assert response.status_code == 200


def test_an_unknown_address_is_a_404_not_a_redirect(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/ru/no-such-page/").status_code == 404
    assert client.get("/de/incidents/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_prefixed_page_is_in_its_language_whatever_the_browser_says(client, language):
    response = client.get(f"/{language}/incidents/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_switcher_and_the_alternates_keep_the_view_and_its_filters(client):
    IncidentFactory(region=region("RU-KLU"))
    response = client.get("/ru/incidents/?sort=date&region=kaluga-oblast&unread=1")
    page = response.content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S).group(0)
    links = {html.unescape(link) for link in re.findall(r'<a href="([^"]*)" hreflang', switcher)}
    # The query as the view read it (canonical: what it ignores is left out).
    assert set(links) == {
        "/en/incidents/?region=kaluga-oblast&sort=date",
        "/ru/incidents/?region=kaluga-oblast&sort=date",
        "/uk/incidents/?region=kaluga-oblast&sort=date",
    }
    assert 'aria-current="true">Русский<' in switcher
    for link in links:
        assert client.get(link).status_code == 200
    alternates = {
        language: html.unescape(href)
        for language, href in re.findall(
            r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)"', page
        )
    }
    assert alternates == {
        "en": "http://testserver/en/incidents/?region=kaluga-oblast&sort=date",
        "ru": "http://testserver/ru/incidents/?region=kaluga-oblast&sort=date",
        "uk": "http://testserver/uk/incidents/?region=kaluga-oblast&sort=date",
        "x-default": "http://testserver/incidents/?region=kaluga-oblast&sort=date",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_are_reversed_in_the_active_language_and_files_without_one(language):
    with translation.override(language):
        assert reverse("dashboard:incident-list") == f"/{language}/incidents/"
        assert reverse("dashboard:region-detail", args=["kaluga"]) == f"/{language}/regions/kaluga/"
        assert reverse("dashboard:export-csv") == "/incidents.csv"
        assert reverse("dashboard:api-totals") == "/api/totals/"
        assert reverse("dashboard:feed") == "/feeds/incidents.atom"
        assert reverse("dashboard:datapackage") == "/data/datapackage.json"
        assert reverse("dashboard:daily-chart-data") == "/charts/daily.json"


@pytest.mark.parametrize(
    "path",
    [
        "/incidents.csv?region=kaluga-oblast",
        "/incidents.json",
        "/regions.csv",
        "/api/totals/",
        "/api/incidents/",
        "/feeds/incidents.atom",
        "/data/datapackage.json",
        "/charts/daily.json",
    ],
)
def test_files_and_the_api_answer_the_same_bytes_whoever_asks(client, path):
    IncidentFactory(region=region("RU-KLU"), intercepted=4)

    def answer(accept):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 200
        # The feed and the export name the moment they were made; the rest is the same.
        return re.sub(rb"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?", b"T", b"".join(response))

    english = answer("en")
    assert answer("ru") == english
    assert answer("uk") == english
    assert client.get("/ru" + path).status_code == 404


def test_the_page_cache_never_serves_one_languages_page_for_another():
    IncidentFactory(region=region("RU-KLU"))
    client = Client()
    seen = {}
    for language in [*LANGUAGES, *LANGUAGES]:  # the second round comes from the cache
        response = client.get(f"/{language}/regions/")
        assert html_lang(response) == language
        seen.setdefault(language, response.content)
        assert response.content == seen[language]
    assert len(set(seen.values())) == 3
    # Chart data: one address, its language asked for with ?lang=.
    english = client.get("/charts/daily.json").json()
    russian = client.get("/charts/daily.json?lang=ru").json()
    assert client.get("/charts/daily.json").json() == english
    assert russian["title"] != english["title"]


def test_a_pages_chart_asks_for_its_labels_in_the_pages_language(client):
    IncidentFactory(region=region("RU-KLU"))
    english = client.get("/en/").content.decode()
    assert re.search(r'data-chart-src="/charts/daily\.json(\?[^"]*)?"', english)
    assert "lang=" not in re.search(r'data-chart-src="([^"]*)"', english).group(1)
    page = client.get("/uk/").content.decode()
    assert re.search(r'data-chart-src="/charts/daily\.json\?[^"]*lang=uk"', page)


def test_the_admin_speaks_the_editors_language(client):
    login = reverse("admin:login")
    assert not login.startswith(("/en/", "/ru/", "/uk/"))
    assert "Войти" in client.get(login, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Log in" in client.get(login, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_charts_picture_embed_and_oembed_keep_the_pages_language(client):
    IncidentFactory(region=region("RU-BEL"))
    page = html.unescape(client.get("/uk/regions/belgorod-oblast/").content.decode())
    for name in ("chart.png", "chart.svg", "embed/chart/"):
        assert re.search(rf'"/(charts/)?{re.escape(name)}\?[^"]*lang=uk', page), name
    oembed = client.get(
        reverse("dashboard:oembed"), {"url": "http://testserver/uk/regions/belgorod-oblast/"}
    )
    assert oembed.status_code == 200
    assert "lang=uk" in oembed.json()["html"]
    embed = client.get("/embed/chart/?region=belgorod-oblast&lang=uk")
    assert html_lang(embed) == "uk"
