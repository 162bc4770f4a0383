"""A chart beyond its page: PNG and SVG drawn on the server from the same series, with the
title and the source line inside; an embed page that other sites may frame (and no other page);
oEmbed for it."""

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from PIL import Image

from dashboard import chartimage
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
QUERY = {"region": "belgorod-oblast", "grain": "week", "split": "threat"}


@pytest.fixture
def record():
    for n in range(30):
        IncidentFactory(
            date=dt.date(2025, 3, 1) + dt.timedelta(days=2 * n),
            intercepted=None if n % 7 == 0 else n,
            threat_type=threat(("uav", "cruise-missile")[n % 2]),
            region=region(("RU-BEL", "RU-KRS")[n % 3 == 0]),
        )
    # A week whose one incident gave no figure.
    IncidentFactory(date=dt.date(2025, 5, 20), intercepted=None, region=region("RU-BEL"))


def chart_json(client, query):
    response = client.get(reverse("dashboard:daily-chart-data"), query)
    assert response.status_code == 200
    return response.json()


def test_the_svg_carries_the_title_and_the_source_line_as_text(client, record):
    response = client.get(reverse("dashboard:chart-svg"), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    expected = chart_json(client, QUERY)
    root = ET.fromstring(response.content)
    texts = {role: [] for role in ("title", "source")}
    for text in root.iter(f"{SVG}text"):
        if text.get("class") in texts:
            texts[text.get("class")].append(text.text)
    assert " ".join(texts["title"]) == expected["title"]
    assert " ".join(texts["source"]) == expected["source"]
    assert "Belgorod Oblast" in expected["title"]
    assert "/en/regions/belgorod-oblast/" in expected["source"]
    assert root.find(f"{SVG}title").text == expected["title"]
    # One bar a period and threat with a figure; the periods with incidents but no figure are
    # crossed (two strokes each), not drawn as a 0 bar.
    bars = [(n, s) for s in expected["by_threat"] for n, v in enumerate(s["intercepted"]) if v]
    legend_swatches = len(expected["by_threat"]) + (1 if expected["average"] else 0)
    # A period with no statement in the record on any day: a band behind it, not a bar.
    gaps = sum(
        1
        for n, d in zip(expected["days_without_statement"], expected["days"], strict=True)
        if n == d
    )
    bands = root.findall(f"{SVG}g/{SVG}rect[@fill='{chartimage.GAP_BAND}']")
    assert len(bands) == gaps > 0
    assert len(root.findall(f"{SVG}g/{SVG}rect")) == len(bars) + legend_swatches + gaps
    crossed = expected["intercepted"].count(None)
    assert crossed > 0
    strokes = root.findall(f"{SVG}g/{SVG}polyline[@stroke='{chartimage.NO_FIGURE_INK}']")
    assert len(strokes) == 2 * (crossed + 1)  # and the legend's cross


def dark(pixel):
    return sum(pixel) < 3 * 100


def test_the_png_has_its_size_and_the_title_drawn_in_its_title_band(client, record):
    query = {**QUERY, "date_from": "2025-03-01", "date_to": "2025-05-31"}
    response = client.get(reverse("dashboard:chart-png"), query)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (chartimage.WIDTH, chartimage.HEIGHT)
    title = chart_json(client, query)["title"]
    assert chartimage.text_width(title, chartimage.TITLE_SIZE) < chartimage.WIDTH - 64  # one line
    pixels = image.load()

    def dark_columns(top, bottom):
        return [
            x for x in range(image.width) if any(dark(pixels[x, y]) for y in range(top, bottom))
        ]

    # Above the title: paper only. In the title's band: ink from the left margin as far as the
    # title's own width, no further.
    assert dark_columns(0, chartimage.PAD - 2) == []
    band = dark_columns(chartimage.PAD, chartimage.PAD + chartimage.TITLE_SIZE + 10)
    assert band[0] == pytest.approx(chartimage.PAD, abs=4)
    width = chartimage.text_width(title, chartimage.TITLE_SIZE)
    assert band[-1] - band[0] == pytest.approx(width, abs=12)  # less side bearings, edges
    # The source line: grey text in the bottom band.
    grey = tuple(int(chartimage.GREY[i : i + 2], 16) for i in (1, 3, 5))
    foot = [
        pixels[x, y]
        for x in range(image.width)
        for y in range(image.height - chartimage.PAD - 16, image.height - chartimage.PAD + 4)
    ]
    assert foot.count(grey) > 200


def test_an_image_is_named_for_what_it_shows_and_a_bad_filter_is_a_400(client, record):
    dates = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    response = client.get(reverse("dashboard:chart-png"), {**QUERY, **dates})
    assert response["Content-Disposition"] == (
        'inline; filename="chart_belgorod-oblast_2025-03-01_2025-03-31.png"'
    )
    response = client.get(reverse("dashboard:chart-svg"), {"grain": "fortnight"})
    assert response.status_code == 400
    assert b"grain" in response.content


# Framing: the embed, and nothing else ---------------------------------------------------------


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]+)", policy).group(1).strip()


FRAMED_NEVER = [
    "/en/",
    "/en/?region=belgorod-oblast",
    "/en/incidents/",
    "/en/regions/",
    "/en/regions/belgorod-oblast/",
    "/en/charts/daily/",
    "/en/about/",
    "/en/about/data/",
    "/en/corrections/",
    "/charts/chart.svg",
    "/embed/chart-not/",  # a 404
]


def test_only_the_embed_page_may_be_framed(client, record):
    for _ in range(2):  # the second answer comes from the page cache
        response = client.get(reverse("dashboard:embed-chart"), QUERY)
        assert response.status_code == 200
        assert frame_ancestors(response) == "*"
        assert "X-Frame-Options" not in response
    for url in FRAMED_NEVER:
        for _ in range(2):
            response = client.get(url)
            assert frame_ancestors(response) == "'none'", url
            assert response["X-Frame-Options"] == "DENY", url


def test_the_embed_page_has_its_chart_attribution_and_the_way_back(client, record):
    response = client.get(reverse("dashboard:embed-chart"), QUERY)
    html = response.content.decode()
    expected = chart_json(client, QUERY)
    assert expected["title"] in html
    assert (
        'href="http://testserver/en/regions/belgorod-oblast/?grain=week&amp;split=threat"' in html
    )
    assert 'target="_top"' in html and "See this view on the Air-defence incident record" in html
    assert "/static/js/embed" in html and "<script>" not in html
    # The page it came from offers the snippet that embeds it.
    page = client.get(reverse("dashboard:region-detail", args=["belgorod-oblast"]), QUERY)
    snippet = page.context["links"].snippet()
    assert 'src="http://testserver/embed/chart/?region=belgorod-oblast&amp;grain=week' in snippet
    assert "static/js/embed.js" in snippet
    assert "&lt;iframe src=" in page.content.decode()  # shown in the page, to copy


def test_oembed_returns_the_embed_for_a_chart_address(client, record):
    url = "http://testserver/en/regions/belgorod-oblast/?grain=week"
    response = client.get(reverse("dashboard:oembed"), {"url": url, "maxwidth": "600"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["width"] == 600
    assert "/embed/chart/?region=belgorod-oblast&amp;grain=week" in data["html"]
    assert data["title"].startswith("Reported intercepted per week, Belgorod Oblast")
    # Discovery: the page names its oEmbed address.
    page = client.get("/en/regions/belgorod-oblast/?grain=week").content.decode()
    assert 'type="application/json+oembed"' in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"url": "http://elsewhere.example/regions/belgorod-oblast/"}, 404),
        ({"url": "http://testserver/about/"}, 404),
        ({"url": "http://testserver/nowhere/"}, 404),
        ({"url": "http://testserver/?grain=fortnight"}, 400),
        ({"url": "http://testserver/", "maxwidth": "wide"}, 400),
        ({"url": "http://testserver/", "format": "xml"}, 501),
        ({}, 400),
    ],
)
def test_oembed_refuses_what_it_cannot_embed_with_a_reason(client, record, query, status):
    response = client.get(reverse("dashboard:oembed"), query)
    assert response.status_code == status
    assert response.json()
