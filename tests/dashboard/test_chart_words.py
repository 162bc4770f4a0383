"""The chart's period labels and ticks are formatted once per process and reused (issue 25):
every grain, measure and language still gets the words formatted afresh would give, and a
language asked for after another never gets the other's words."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard.charts import day_text, period_label, period_words, tick_label
from dashboard.stats import period_end
from tests.factories import IncidentFactory, threat

pytestmark = pytest.mark.django_db
GRAINS = ("day", "week", "month")
MEASURES = ("intercepted", "incidents")
LANGUAGES = ("en", "ru", "uk", "en")  # back to English: the cache keeps each language apart


@pytest.fixture
def record():
    for n, day in enumerate([dt.date(2025, 12, 30), dt.date(2026, 1, 14), dt.date(2026, 2, 27)]):
        IncidentFactory(date=day, intercepted=n or None, threat_type=threat("uav"))


def expected_words(data, language):
    """Labels and ticks of the answer's periods, formatted afresh in `language`."""
    grain = data["grain"]
    first, last = (dt.date.fromisoformat(data[key]) for key in ("first_day", "last_day"))
    labels, ticks = [], []
    with translation.override(language):
        for text in data["periods"]:
            start = dt.date.fromisoformat(text)
            label = period_label(start, grain)
            covered = max(start, first), min(period_end(start, grain), last)
            if covered != (start, period_end(start, grain)):
                label = translation.gettext("%(period)s (%(first)s – %(last)s only)") % {
                    "period": label,
                    "first": day_text(covered[0]),
                    "last": day_text(covered[1]),
                }
            labels.append(label)
            ticks.append(tick_label(start, grain))
    return labels, ticks


@pytest.mark.parametrize("grain", GRAINS)
@pytest.mark.parametrize("measure", MEASURES)
def test_every_grain_measure_and_language_gets_its_own_words(client, record, grain, measure):
    period_words.cache_clear()
    seen = {}
    for language in LANGUAGES:
        query = {"grain": grain, "measure": measure, "lang": language, "date_from": "2025-12-29"}
        response = client.get(reverse("dashboard:daily-chart-data"), query)
        assert response.status_code == 200
        data = response.json()
        assert (data["labels"], data["ticks"]) == expected_words(data, language)
        seen[language] = data["ticks"]
    assert seen["ru"] != seen["en"] and seen["uk"] != seen["ru"]  # month names differ


@pytest.mark.parametrize(
    ("language", "thousands", "decimal"),
    [("en", ",", "."), ("ru", "\xa0", ","), ("uk", "\xa0", ",")],
)
def test_the_answer_gives_the_script_its_languages_separators(
    client, record, language, thousands, decimal
):
    # The script writes the ticks with these, as the chart's pictures write theirs.
    query = {"lang": language} if language != "en" else {}
    data = client.get(reverse("dashboard:daily-chart-data"), query).json()
    assert data["separators"] == {"thousands": thousands, "decimal": decimal}
