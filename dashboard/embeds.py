"""A chart beyond its page: as PNG and SVG made here from the same series (dashboard/chartimage.py),
as a page other sites may put in a frame (/embed/chart/, the only page that may be framed), and
as oEmbed, which tells a publishing system how to embed it.

Each takes the page's own query string, validated by the one FilterSet, and each is cached by
data version like the pages (cached_public_page), so an image is drawn once per version and
query.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from config.languages import asked_language, language_query
from dashboard import chartimage
from dashboard.charts import SITE_NAME, Chart, series_for
from dashboard.filenames import selection_filename
from dashboard.filters import FILTER_READS, bind, filtered, invalid_json, invalid_page, invalid_text
from dashboard.freshness import cached_public_page

EMBED_HEIGHT = 560  # px: the chart, its title and its foot at phone width without scrolling
EMBED_WIDTH = 800
# The pages whose chart oEmbed answers for.
CHART_VIEWS = {"dashboard:overview", "dashboard:region-detail", "dashboard:embed-chart"}


@dataclass(frozen=True)
class ChartLinks:
    """The absolute addresses of a chart's image, embed and oEmbed, and the snippet that embeds
    it (absolute: they are copied to other sites)."""

    chart: Chart
    request: object

    def _path(self, name, query=None):
        query = self.chart.query() if query is None else query
        text = query.urlencode() if hasattr(query, "urlencode") else urlencode(query)
        return reverse(name) + (f"?{text}" if text else "")

    def _absolute(self, name, query=None):
        return self.request.build_absolute_uri(self._path(name, query))

    @property
    def view(self):
        return self.chart.view_url(self.request)

    def _in_language(self):
        """The chart's query, asking for the active language's labels (config/languages.py)."""
        return self.chart.query(**language_query())

    @property
    def png(self):
        return self._absolute("dashboard:chart-png", self._in_language())

    @property
    def svg(self):
        return self._absolute("dashboard:chart-svg", self._in_language())

    @property
    def embed(self):
        return self._absolute("dashboard:embed-chart", self._in_language())

    @property
    def oembed(self):
        return self._absolute("dashboard:oembed", {"url": self.view, "format": "json"})

    # The same, as the site's own pages link to them (everything they load is from the site).

    @property
    def png_path(self):
        return self._path("dashboard:chart-png", self._in_language())

    @property
    def svg_path(self):
        return self._path("dashboard:chart-svg", self._in_language())

    @property
    def embed_path(self):
        return self._path("dashboard:embed-chart", self._in_language())

    @property
    def oembed_path(self):
        return self._path("dashboard:oembed", {"url": self.view, "format": "json"})

    def snippet(self, width=None, height=EMBED_HEIGHT):
        """The <iframe> to paste, and the script (a static file) that fits its height to the
        chart. The script's address is the unversioned one, which outlives a release."""
        script = self.request.build_absolute_uri(settings.STATIC_URL + "js/embed.js")
        return format_html(
            '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;width:100%;'
            'max-width:{}" loading="lazy"></iframe>\n<script src="{}" async></script>',
            self.embed,
            self.chart.title,
            width or "100%",
            height,
            f"{width}px" if width else "100%",
            script,
        )


def _drawing(request, filterset):
    series = series_for(filterset)
    chart = Chart.of_series(filterset, series)
    return chart, chartimage.layout(chart, series, chart.source(request))


def _image(response, filterset, chart, extension):
    name = selection_filename("chart", filterset, chart.first_day, chart.last_day, extension)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_text)
def chart_svg(request, filterset):
    chart, drawing = _drawing(request, filterset)
    response = render(
        request, "dashboard/chart.svg", {"d": drawing}, content_type="image/svg+xml; charset=utf-8"
    )
    return _image(response, filterset, chart, "svg")


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_text)
def chart_png(request, filterset):
    chart, drawing = _drawing(request, filterset)
    response = HttpResponse(chartimage.png(drawing), content_type="image/png")
    return _image(response, filterset, chart, "png")


@require_safe
@csp_replace({"frame-ancestors": settings.EMBED_FRAME_ANCESTORS})
@xframe_options_exempt
@cached_public_page(FILTER_READS)
@filtered(invalid_page("dashboard/embed_chart.html"))
def embed_chart(request, filterset):
    """The chart alone, for a frame on another site: its title, the chart with its source line,
    a link back to the exact view and the table of its figures."""
    totals = filterset.figures().totals()
    chart = Chart.of_totals(filterset, totals)
    context = {"chart": chart, "totals": totals, "links": ChartLinks(chart, request)}
    return render(request, "dashboard/embed_chart.html", context)


def _resolve_page(path):
    """The page at `path`, also at an old address without its language prefix; None if none."""
    for candidate in (path, f"/{translation.get_language()}{path}"):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def _oembed_error(message, status):
    return JsonResponse({"error": message}, status=status)


def _dimension(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    if not value.isdigit() or not 100 <= int(value) <= 4000:
        message = _t("%(name)s must be a whole number of pixels from 100 to 4000.")
        raise ValueError(message % {"name": name})
    return int(value)


@require_safe
def oembed(request):
    """oEmbed (https://oembed.com/) for the chart of an overview, region or embed address.
    Not page-cached: it reads a few rows (no series), and its `url` is a query of its own.
    Its title and snippet are in the language the address names (/ru/..., ?lang=uk)."""
    try:
        url = urlsplit(request.GET.get("url") or "")
    except ValueError:  # "http://[::1/": a host urlsplit cannot read
        return _oembed_error(_t("Give the address of a chart: url=…"), 400)
    language = translation.get_language_from_path(url.path) or asked_language(QueryDict(url.query))
    with translation.override(language):
        return _oembed(request, url)


def _oembed(request, url):
    if (request.GET.get("format") or "json") != "json":
        return _oembed_error(_t("Only the JSON format is offered."), 501)
    if not url.path:
        return _oembed_error(_t("Give the address of a chart: url=…"), 400)
    try:
        width, height = _dimension(request, "maxwidth"), _dimension(request, "maxheight")
        match = _resolve_page(url.path)
    except ValueError as error:
        return _oembed_error(str(error), 400)
    if (
        (url.netloc and url.netloc != request.get_host())
        or match is None
        or (match.view_name not in CHART_VIEWS)
    ):
        return _oembed_error(_t("This address has no chart on this site."), 404)
    query = QueryDict(url.query, mutable=True)
    if match.view_name == "dashboard:region-detail":
        query.setlist("region", [match.kwargs["slug"]])
    filterset = bind(query)
    if not filterset.is_valid():
        return invalid_json(request, filterset)
    chart = Chart.of_totals(filterset, filterset.figures().totals())
    links = ChartLinks(chart, request)
    height = min(height or EMBED_HEIGHT, EMBED_HEIGHT)
    width = min(width or EMBED_WIDTH, EMBED_WIDTH)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": chart.title,
            "provider_name": str(SITE_NAME),
            "provider_url": request.build_absolute_uri(reverse("dashboard:overview")),
            "html": links.snippet(width=width, height=height),
            "width": width,
            "height": height,
            "thumbnail_url": links.png,
            "thumbnail_width": chartimage.WIDTH,
            "thumbnail_height": chartimage.HEIGHT,
            "cache_age": 3600,
        }
    )
