"""What the harness measures: one name per row of the results table, in table order.

Shared by the orchestrator (bench/run.py, bench/measure.py), the in-process probe
(bench/probe.py) and the test that checks every case has a row (tests/bench/test_harness.py).
No Django here.
"""

RARE_WORD = "Zheleznogorsk"  # generate_incidents puts it in a handful of summaries
FILTER = "region=belgorod-oblast&threat=uav"  # a common, selective filter
REGION = "region=belgorod-oblast"
REGION_SLUG = "belgorod-oblast"
# A region and a threat type named in declined Russian: read as names, matched by region and type
# or any mention (incidents/search.py); common, not rare. Measured, no target yet.
NAMED_QUERY = "Белгородской беспилотников"
# A region's name alone in a declined form: a few percent of all incidents, ranked.
REGION_QUERY = "Калужской"

CSV_ALL = "CSV export, all rows (rows/s)"
CSV_FILTERED = f"CSV export, filtered ?{FILTER} (rows/s)"
CSV_SNAPSHOT = "CSV export, all rows, snapshot current: sent from its file over HTTP (rows/s)"
CSV_MEMORY = "CSV export, all rows: peak RSS of the serving process"
CSV_VS_DATASETTE = "CSV export (PostgreSQL) vs Datasette CSV (rows/s)"
CHART_ALL = "Chart series /charts/daily.json, whole range (vs the rollup it reads)"
CHART_ALL_INCIDENTS = "Chart series, whole range (vs the incident table)"
CHART_REGION = f"Chart series /charts/daily.json?{REGION} (vs the rollup it reads)"
CHART_REGION_INCIDENTS = f"Chart series ?{REGION} (vs the incident table)"
CHART_REPEATED = "Chart series, repeated identical request"
OVERVIEW = "Overview /, no filter, first view"
OVERVIEW_UNIQUE = "Overview /?date_from=<never asked before>, first view"
REGION_PAGE = f"Region page /regions/{REGION_SLUG}/, first view"
TABLE_FIRST = "Table /incidents/, first page, first view"
TABLE_DEEP = "Table, deep page (90% of the way), first view"
TABLE_LAST = "Table, last page, first view"
TABLE_FILTERED = f"Table, filtered ?{FILTER}, first view"
SEARCH_RARE = f"Search, rare word ?q={RARE_WORD}, first view"
SEARCH_NAMED = f"Search, names in declined Russian ?q={NAMED_QUERY}, first view"
SEARCH_REGION = f"Search, a region's name ?q={REGION_QUERY}, first view"
DETAIL = "Incident detail page, first view"
TABLE_REPEATED = "Table /incidents/, repeated identical request"
LOAD_HELLO = "Under load: hello-world Django view (req/s)"
LOAD_OVERVIEW_REPEATED = "Under load: overview, repeated URL (req/s)"
LOAD_OVERVIEW_UNIQUE = "Under load: overview, every request a filter never asked before (req/s)"
LOAD_TABLE_REPEATED = "Under load: table first page, repeated URL (req/s)"
LOAD_TABLE_UNIQUE = "Under load: table, varied filters and pages, every URL new (req/s)"
PEER_CSV = "Peer, same SQLite file: our CSV vs Datasette CSV stream (rows/s)"
PEER_TABLE = "Peer, same SQLite file: our filtered table vs Datasette's (ms)"

# Cases the in-process probe times. First views never repeat a URL (see probe.measure_url).
PAGES = [
    OVERVIEW,
    OVERVIEW_UNIQUE,
    REGION_PAGE,
    TABLE_FIRST,
    TABLE_DEEP,
    TABLE_LAST,
    TABLE_FILTERED,
    SEARCH_RARE,
    SEARCH_NAMED,
    SEARCH_REGION,
    DETAIL,
]
# Chart cases, each against a hand-written aggregate (probe.BARE_SQL names which).
CHARTS = [CHART_ALL, CHART_ALL_INCIDENTS, CHART_REGION, CHART_REGION_INCIDENTS, CHART_REPEATED]
EXPORTS = [CSV_ALL, CSV_SNAPSHOT, CSV_FILTERED, CSV_MEMORY]
LOAD = [
    LOAD_HELLO,
    LOAD_OVERVIEW_REPEATED,
    LOAD_OVERVIEW_UNIQUE,
    LOAD_TABLE_REPEATED,
    LOAD_TABLE_UNIQUE,
]
PEER = [PEER_CSV, PEER_TABLE]

ALL = [
    *EXPORTS,
    CSV_VS_DATASETTE,
    *CHARTS,
    *PAGES,
    TABLE_REPEATED,
    *LOAD,
    *PEER,
]
