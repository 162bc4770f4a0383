"""The public addresses: pages, chart data, files, the data package and the API.

Pages carry their language in the address (/en/, /ru/, /uk/: config/languages.py); files, the
API, the feed and chart data keep language-free addresses and stable slugs.
"""

from django.urls import include, path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from config.languages import language_prefixed
from dashboard import api, changefeed, downloads, embeds, httpcache, ledger, searchhints, views
from dashboard.feeds import incident_feed
from dashboard.filters import FILTER_READS
from dashboard.freshness import public_http

router = SimpleRouter()
router.register("incidents", api.IncidentViewSet, basename="api-incident")
router.register("statements", api.StatementViewSet, basename="api-statement")

app_name = "dashboard"

pages = [
    path("", views.overview, name="overview"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("corrections/", views.corrections, name="corrections"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
    path("map/", views.region_map, name="map"),
    path("compare/", views.compare, name="compare"),
    path("charts/daily/", views.daily_table, name="daily-table"),
    path("about/", views.about, name="about"),
    path("about/data/", views.codebook, name="codebook"),
    path("statements/<int:pk>/", ledger.statement_detail, name="statement-detail"),
    path("claims/", ledger.claims_compared, name="claims"),
    path("nights/<str:day>/", ledger.night, name="night"),
]

files = [
    path(
        "feeds/incidents.atom",
        # GET and HEAD only, as every other public address (TRACE answered the whole feed).
        require_safe(public_http(FILTER_READS, httpcache.PAGES)(incident_feed)),
        name="feed",
    ),
    path("claims.csv", ledger.claims_compared_csv, name="claims-csv"),
    path("api/coverage/", ledger.coverage, name="api-coverage"),
    path("charts/daily.json", views.daily_chart_data, name="daily-chart-data"),
    path("charts/daily.csv", downloads.daily_csv, name="daily-chart-csv"),
    path("search/suggest.json", searchhints.suggest, name="search-suggest"),
    # The chart as pictures and as an embed any site may frame: language-free addresses, the
    # labels in English unless ?lang= names another language (config/languages.py).
    path("charts/chart.svg", embeds.chart_svg, name="chart-svg"),
    path("charts/chart.png", embeds.chart_png, name="chart-png"),
    path("embed/chart/", embeds.embed_chart, name="embed-chart"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("incidents.csv", downloads.incidents_csv, name="export-csv"),
    path("incidents-excel.csv", downloads.incidents_csv, {"bom": True}, name="export-csv-excel"),
    path("incidents.json", downloads.incidents_json, name="export-json"),
    path("regions.csv", downloads.region_totals_csv, name="export-region-totals"),
    path("data/datapackage.json", downloads.datapackage_descriptor, name="datapackage"),
    path("data/<slug:name>.csv", downloads.datapackage_table, name="datapackage-table"),
    path("api/totals/", api.TotalsView.as_view(), name="api-totals"),
    path("api/changes/", changefeed.ChangesView.as_view(), name="api-changes"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

urlpatterns = [*files, language_prefixed(pages)]
