"""Every public page in each language: it answers, says its language, and shows no marked
string left in English (its visible text and labels are compared with the English msgids of
the catalogue); counts take the plural form of their language."""

import datetime as dt
import gettext
import re
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from incidents.models import Citation, Correction, Incident, Source, Statement
from incidents.services import retract
from tests.factories import CitationFactory, IncidentFactory, region

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "uk"]
ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


def english_msgids():
    """The English msgids the Russian catalogue translates into something else: seeing one on
    a Russian or Ukrainian page means a string was left untranslated."""
    with open(Path(settings.BASE_DIR) / "locale/ru/LC_MESSAGES/django.mo", "rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    ids = set()
    for key, translated in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or msgid == translated or "\x04" in msgid:
            continue
        # The words around placeholders: "Page %(number)s of %(count)s" -> "Page", "of".
        for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|<[^>]+>", msgid):
            part = part.strip(" .,:;()«»“”\"'")
            if len(part) > 3 and re.search(r"[A-Za-z]{3}", part):
                ids.add(part)
    return ids


ENGLISH = english_msgids()
# English that is also right in Russian and Ukrainian: names of formats and standards.
SAME_IN_EVERY_LANGUAGE = {"CSV", "JSON", "ISO 3166-2", "Atom", "PNG", "SVG", "Excel"}
# Code in running text, the same in every language: placeholders a script fills, file names,
# table.column names, HTTP headers, addresses (with their queries), the encoding, and Latin
# examples quoted «like this».
CODE = re.compile(
    r"%\(\w+\)[sd]|https?://\S+|[\w-]+\.(?:csv|json|id)\b|\bX-[\w-]+|UTF-8|/[\w/.-]+|«[A-Za-z' ]+»"
)
# Compiled once: more msgids than the re module's cache holds would recompile on every text.
PATTERNS = [
    (msgid, re.compile(rf"(?<![A-Za-z]){re.escape(msgid)}(?![A-Za-z])"))
    for msgid in sorted(ENGLISH - SAME_IN_EVERY_LANGUAGE)
]


class VisibleText(HTMLParser):
    """Text nodes and labelling attributes, outside <script>, <style>, <code>, <textarea> (a
    snippet to copy), the statements' quotes (quoted as published) and whatever says it is in
    another language (a `lang` attribute: the switcher's language names)."""

    HIDDEN = {"script", "style", "code", "blockquote", "textarea"}
    VOID = {"meta", "link", "input", "br", "img", "hr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.depth, self.texts = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            return
        hidden = tag in self.HIDDEN or "lang" in attrs
        if tag not in self.VOID:
            self.open.append((tag, hidden))
            self.depth += hidden
        if not self.depth and not hidden:
            self.texts += [value for name, value in attrs.items() if name in ATTRIBUTES and value]

    def handle_endtag(self, tag):
        while self.open:
            opened, hidden = self.open.pop()
            self.depth -= hidden
            if opened == tag:
                break

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.texts.append(" ".join(data.split()))


def source_names():
    """The sources' names, their statements' words and quotes and the editors' summaries: data as
    written, not marked strings (regions, threat and damage types are named in the page's
    language: they are checked)."""
    data = [*Source.objects.values_list("name", flat=True)]
    data += [text for text in Statement.objects.values_list("text", flat=True) if text]
    data += [text for text in Incident.objects.values_list("summary", flat=True) if text]
    data += [text for text in Citation.objects.values_list("quote", flat=True) if text]
    return sorted(data, key=len, reverse=True)


@cache
def vocabulary_patterns():
    """The English names of the regions, threat and damage types (from the migrations) that
    have names of their own in Russian and Ukrainian: a page, chart or feed in those
    languages names them in its own (an English "UAV" in a Russian chart's legend is caught)."""
    from incidents.models import DamageType, Region, ThreatType

    names = set()
    for model in (Region, ThreatType, DamageType):
        for name, ru, uk in model.objects.values_list("name", "name_ru", "name_uk"):
            if ru and uk and name not in (ru, uk):
                names.add(name)
    return [
        (name, re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])")) for name in sorted(names)
    ]


@cache
def patterns_in_any_case():
    """PATTERNS matching in any case: the admin writes a field's name with a capital ("Note")."""
    return [(msgid, re.compile(pattern.pattern, re.IGNORECASE)) for msgid, pattern in PATTERNS]


def english_in(texts, any_case=False):
    """The English msgids and vocabulary names left in `texts` (data and code taken out)."""
    names = source_names()
    patterns = (patterns_in_any_case() if any_case else PATTERNS) + vocabulary_patterns()
    found = set()
    for text in texts:
        for name in names:
            text = text.replace(name, "")
        text = CODE.sub("", text)
        found.update(m for m, pattern in patterns if pattern.search(text))
    return found


def untranslated(html, any_case=False):
    parser = VisibleText()
    parser.feed(html)
    return english_in(parser.texts, any_case)


@pytest.fixture
def record(chief):
    kaluga = IncidentFactory(
        date=dt.date(2026, 3, 1), region=region("RU-KLU"), intercepted=40, cited=False
    )
    cited = CitationFactory(incident=kaluga, quote="Уничтожены 40 БПЛА", claimed_intercepted=40)
    IncidentFactory(date=dt.date(2026, 3, 3), region=region("RU-BRY"), intercepted=None)
    gone = IncidentFactory(date=dt.date(2026, 3, 2), region=region("RU-BEL"))
    retract(by=chief, incidents=Incident.objects.filter(pk=gone.pk), reason="Duplicate record.")
    return {"kaluga": kaluga, "gone": gone, "statement": cited.statement}


def pages(record):
    return {
        "overview": reverse("dashboard:overview"),
        "filtered overview": reverse("dashboard:overview") + "?region=kaluga-oblast&grain=week",
        "table": reverse("dashboard:incident-list") + "?sort=-intercepted",
        "incident": reverse("dashboard:incident-detail", args=[record["kaluga"].pk]),
        "retracted": reverse("dashboard:incident-detail", args=[record["gone"].pk]),
        "corrections": reverse("dashboard:corrections"),
        "regions": reverse("dashboard:region-list"),
        "region": reverse("dashboard:region-detail", args=["kaluga-oblast"]),
        "daily": reverse("dashboard:daily-table"),
        "about": reverse("dashboard:about"),
        "codebook": reverse("dashboard:codebook"),
        "invalid filter": reverse("dashboard:incident-list") + "?date_from=nonsense",
        "invalid page link": reverse("dashboard:incident-list") + "?cursor=nonsense",
        "search with no result": reverse("dashboard:incident-list") + "?q=Brjnsk",
        "statement": reverse("dashboard:statement-detail", args=[record["statement"].pk]),
        "claims compared": reverse("dashboard:claims"),
        "map": reverse("dashboard:map"),
        "compare": reverse("dashboard:compare") + "?region=kaluga-oblast&region=bryansk-oblast",
        "night": reverse("dashboard:night", args=["2026-03-01"]),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_wholly_in_its_language(client, record, language):
    with translation.override(language):
        addresses = pages(record)
    for name, address in addresses.items():
        assert address.startswith(f"/{language}/")
        response = client.get(address)
        assert response.status_code == (400 if name.startswith("invalid") else 200), name
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, name
        if language != "en":
            assert not untranslated(html), (name, sorted(untranslated(html)))


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_error_pages_and_the_embed_are_in_the_language_asked(client, record, language):
    missing = client.get(f"/{language}/no-such-page/")
    assert missing.status_code == 404
    assert f'<html lang="{language}"' in missing.content.decode()
    assert not untranslated(missing.content.decode())
    embed = client.get(f"/embed/chart/?region=kaluga-oblast&lang={language}")
    assert embed.status_code == 200
    assert not untranslated(embed.content.decode())


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_texts(xml):
    """What a feed reader shows of a feed: its title, subtitle, entries' titles and
    categories but the first (the kind of event: a keyword for filters, in every language)."""
    feed = ET.fromstring(xml)
    texts = [feed.findtext(f"{ATOM}title"), feed.findtext(f"{ATOM}subtitle")]
    for entry in feed.iter(f"{ATOM}entry"):
        texts.append(entry.findtext(f"{ATOM}title"))
        texts += [c.get("term") for c in entry.findall(f"{ATOM}category")[1:]]
    return texts


def chart_texts(data):
    """The words a chart's JSON gives its script to write (the rest are slugs and numbers)."""
    return [
        data["title"],
        data["source"],
        *data["notes"],
        *data["labels"],
        *data["ticks"],
        *data["text"].values(),
        *(series["label"] for series in data["by_threat"]),
    ]


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_language_free_addresses_answer_in_the_language_asked(
    client, record, language, django_assert_max_num_queries
):
    """The chart's data and picture, the search box's suggestions and the Atom feed that a
    page in `language` links to (?lang=) are in that language, legends and labels included."""
    page = client.get(f"/{language}/incidents/?region=kaluga-oblast").content.decode()
    assert f"/feeds/incidents.atom?region=kaluga-oblast&amp;lang={language}" in page
    assert f'data-suggest="/search/suggest.json?lang={language}"' in page
    asked = {"lang": language, "split": "threat", "date_from": "2026-03-01"}
    data = client.get(reverse("dashboard:daily-chart-data"), asked).json()
    assert data["by_threat"] and not english_in(chart_texts(data))
    picture = client.get(reverse("dashboard:chart-svg"), asked)
    assert picture.status_code == 200 and not untranslated(picture.content.decode())
    for typed in ("бря", "Kaluga", "бпла"):
        with django_assert_max_num_queries(2):  # the names: one query per kind found
            answer = client.get(reverse("dashboard:search-suggest"), {"q": typed, "lang": language})
        found = answer.json()["suggestions"]
        assert found and not english_in(f"{s['label']} ({s['kind_label']})" for s in found)
    feed = client.get(reverse("dashboard:feed"), {"lang": language, "region": "kaluga-oblast"})
    assert f'xml:lang="{language}"' in feed.content.decode()
    assert not english_in(feed_texts(feed.content)), feed_texts(feed.content)


def test_language_free_addresses_are_english_unless_asked(client, record):
    """The same addresses without ?lang= answer in English whoever asks (one address, one
    answer for every cache and feed reader)."""
    russian = {"HTTP_ACCEPT_LANGUAGE": "ru"}
    found = client.get(reverse("dashboard:search-suggest"), {"q": "Калуж"}, **russian).json()
    assert found["suggestions"][0]["label"] == "Kaluga Oblast"
    assert found["suggestions"][0]["kind_label"] == "region"
    feed = client.get(reverse("dashboard:feed"), **russian).content
    assert feed_texts(feed)[0] == "Air-defence incidents: new, corrected and retracted"
    asked = {"split": "threat", "date_from": "2026-03-01"}
    data = client.get(reverse("dashboard:daily-chart-data"), asked, **russian).json()
    assert [series["label"] for series in data["by_threat"]] == ["UAV"]


def test_the_check_finds_english_left_on_a_page():
    assert untranslated("<p>Latest incidents</p>") >= {"Latest incidents"}
    assert untranslated('<a title="Remove this filter">x</a>') == {"Remove this filter"}
    assert untranslated("<p>Последние инциденты</p><code>Latest incidents</code>") == set()
    # The members fixed since: a chart's legend, the feed's words, a refused page link.
    assert untranslated('<svg><text x="1">UAV</text></svg>') == {"UAV"}
    assert english_in(["Калужская область (region)"]) == {"region"}  # a suggestion's kind
    assert "Kaluga Oblast" in english_in(["Kaluga Oblast (регион)"])  # and its name
    assert english_in(["Air-defence incidents: new, corrected and retracted"])
    assert english_in(["This page link is not valid; start again from the first page."])


PLURALS = {
    "ru": {
        1: "опубликованный инцидент.",
        3: "опубликованных инцидента.",
        5: "опубликованных инцидентов.",
        21: "опубликованный инцидент.",
    },
    "uk": {
        1: "опублікований інцидент.",
        3: "опубліковані інциденти.",
        5: "опублікованих інцидентів.",
        21: "опублікований інцидент.",
    },
    "en": {
        1: "published incident.",
        3: "published incidents.",
        5: "published incidents.",
        21: "published incidents.",
    },
}


def test_counts_take_each_languages_plural_forms(client):
    made = 0
    for count in (1, 3, 5, 21):
        for _ in range(count - made):
            IncidentFactory()
        made = count
        for language, forms in PLURALS.items():
            page = " ".join(client.get(f"/{language}/incidents/").content.decode().split())
            assert f"<strong>{count}</strong> {forms[count]}" in page, (language, count)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 March 2026"), ("ru", "1 марта 2026"), ("uk", "1 березня 2026")],
)
def test_dates_are_written_in_the_pages_language(client, record, language, expected):
    with translation.override(language):
        address = reverse("dashboard:incident-detail", args=[record["kaluga"].pk])
    assert expected in client.get(address).content.decode()


@pytest.mark.parametrize(("language", "expected"), [("en", "1,234"), ("ru", "1\xa0234")])
def test_numbers_are_written_in_the_pages_language(client, language, expected):
    IncidentFactory(intercepted=1234)
    page = client.get(f"/{language}/").content.decode()
    assert f'<span class="figure">{expected}</span>' in page


@pytest.mark.parametrize(("language", "month"), [("en", "March"), ("ru", "марта")])
def test_the_corrections_list_dates_each_entry_for_readers_and_machines(
    client, record, language, month
):
    Correction.objects.update(created_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    page = client.get(f"/{language}/corrections/").content.decode()
    assert f'<time datetime="2026-03-02">2 {month} 2026</time>' in page


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "1 Mar 2026"), ("ru", "1 Мар 2026"), ("uk", "1 Бер 2026")]
)
def test_the_tables_dates_are_written_in_the_pages_language(client, record, language, expected):
    page = client.get(f"/{language}/incidents/").content.decode()
    assert f'<time datetime="2026-03-01">{expected}</time>' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_codebook_dates_the_record_with_an_offset_not_an_english_zone_name(
    client, record, language
):
    """ "MSK" (the zone's English abbreviation) was on every language's codebook; an offset from
    UTC reads the same in each."""
    page = client.get(f"/{language}/about/data/").content.decode()
    as_of = page.split('<p id="as-of">')[1].split("</p>")[0]
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d{4}", as_of), as_of
    assert "MSK" not in as_of


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_official_russian_name_is_added_only_where_it_differs(client, language):
    # On a Russian page the region's name is its Russian name: shown once, not twice (found on
    # the region, regions and incident pages by a screenshot review).
    incident = IncidentFactory(region=region("RU-KLU"))
    with translation.override(language):
        paths = [
            reverse("dashboard:region-detail", args=["kaluga-oblast"]),
            reverse("dashboard:region-list"),
            reverse("dashboard:incident-detail", args=[incident.pk]),
        ]
    for path in paths:
        html = client.get(path).content.decode()
        added = 'lang="ru">Калужская область</span>' in html
        assert added == (language != "ru"), (language, path)
