"""The regions as a tile-grid map: one square each, placed roughly where the region lies (west
left, north up), shaded by the selected measure. A grid of our own, drawn as SVG on the server:
no map tiles from another host and no boundary data with a licence to track.

Every federal subject, Crimea, Sevastopol and the seas the statements name have a tile; a
region an editor adds later is listed under the map until it is given one here.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _t

from dashboard.freshness import remember
from dashboard.markup import Grouping
from incidents.figures import NO_FIGURE, number_text
from incidents.models import Region

# The grid, row by row (north to south), "." where there is no tile; each code is a key of SLUGS.
GRID = """
.   .   .   MUR .   .   .   .   .   .   .   .   .   .   .   .   CHU
.   .   .   KR  ARK NEN .   .   .   YAN .   KYA .   SA  .   MAG KAM
.   BAL SPE LEN VLG KO  .   .   .   KHM TOM .   IRK .   AMU KHA SAK
KGD .   PSK NGR YAR KOS KIR PER SVE TYU NVS KEM BU  ZAB YEV PRI .
.   .   SMO TVE MOW IVA ME  UD  CHE KGN OMS KK  .   .   .   .   .
.   .   BRY KLU MOS VLA NIZ TA  BA  .   ALT AL  TY  .   .   .   .
.   .   KRS ORL TUL RYA MO  CU  ORE .   .   .   .   .   .   .   .
.   .   BEL VOR LIP TAM PNZ ULY SAM .   .   .   .   .   .   .   .
.   .   .   ROS VGG SAR .   .   .   .   .   .   .   .   .   .   .
.   AZO KDA STA KL  AST CAS .   .   .   .   .   .   .   .   .   .
SEV CR  AD  KC  KB  SE  IN  CE  DA  .   .   .   .   .   .   .   .
.   BLK .   .   .   .   .   .   .   .   .   .   .   .   .   .   .
"""
SLUGS = {
    "MUR": "murmansk-oblast", "CHU": "chukotka-autonomous-okrug", "KR": "republic-of-karelia",
    "ARK": "arkhangelsk-oblast", "NEN": "nenets-autonomous-okrug",
    "YAN": "yamalo-nenets-autonomous-okrug", "KYA": "krasnoyarsk-krai",
    "SA": "sakha-republic-yakutia", "MAG": "magadan-oblast", "KAM": "kamchatka-krai",
    "SPE": "saint-petersburg", "LEN": "leningrad-oblast", "VLG": "vologda-oblast",
    "KO": "komi-republic", "KHM": "khanty-mansi-autonomous-okrug", "TOM": "tomsk-oblast",
    "IRK": "irkutsk-oblast", "AMU": "amur-oblast", "KHA": "khabarovsk-krai",
    "SAK": "sakhalin-oblast", "KGD": "kaliningrad-oblast", "PSK": "pskov-oblast",
    "NGR": "novgorod-oblast", "YAR": "yaroslavl-oblast", "KOS": "kostroma-oblast",
    "KIR": "kirov-oblast", "PER": "perm-krai", "SVE": "sverdlovsk-oblast",
    "TYU": "tyumen-oblast", "NVS": "novosibirsk-oblast", "KEM": "kemerovo-oblast",
    "BU": "republic-of-buryatia", "ZAB": "zabaykalsky-krai", "YEV": "jewish-autonomous-oblast",
    "PRI": "primorsky-krai", "SMO": "smolensk-oblast", "TVE": "tver-oblast", "MOW": "moscow",
    "IVA": "ivanovo-oblast", "ME": "mari-el-republic", "UD": "udmurt-republic",
    "CHE": "chelyabinsk-oblast", "KGN": "kurgan-oblast", "OMS": "omsk-oblast",
    "KK": "republic-of-khakassia", "BRY": "bryansk-oblast", "KLU": "kaluga-oblast",
    "MOS": "moscow-oblast", "VLA": "vladimir-oblast", "NIZ": "nizhny-novgorod-oblast",
    "TA": "republic-of-tatarstan", "BA": "republic-of-bashkortostan", "ALT": "altai-krai",
    "AL": "altai-republic", "TY": "tuva-republic", "KRS": "kursk-oblast", "ORL": "oryol-oblast",
    "TUL": "tula-oblast", "RYA": "ryazan-oblast", "MO": "republic-of-mordovia",
    "CU": "chuvash-republic", "ORE": "orenburg-oblast", "BEL": "belgorod-oblast",
    "VOR": "voronezh-oblast", "LIP": "lipetsk-oblast", "TAM": "tambov-oblast",
    "PNZ": "penza-oblast", "ULY": "ulyanovsk-oblast", "SAM": "samara-oblast",
    "ROS": "rostov-oblast", "VGG": "volgograd-oblast", "SAR": "saratov-oblast",
    "AZO": "sea-of-azov", "KDA": "krasnodar-krai", "STA": "stavropol-krai",
    "KL": "republic-of-kalmykia", "AST": "astrakhan-oblast", "SEV": "sevastopol",
    "CR": "crimea", "AD": "republic-of-adygea", "KC": "karachay-cherkess-republic",
    "KB": "kabardino-balkarian-republic", "SE": "republic-of-north-ossetia-alania",
    "IN": "republic-of-ingushetia", "CE": "chechen-republic", "DA": "republic-of-dagestan",
    "BLK": "black-sea", "CAS": "caspian-sea", "BAL": "baltic-sea",
}  # fmt: skip
PLACES = {
    SLUGS[code]: (code, column, row)
    for row, line in enumerate(GRID.strip("\n").splitlines())
    for column, code in enumerate(line.split())
    if code != "."
}
COLUMNS = max(column for _, column, _ in PLACES.values()) + 1
ROWS = max(row for _, _, row in PLACES.values()) + 1
TILE, GAP = 40, 3  # px in the SVG's own units; it scales to the page's width
# Light to dark; the two darkest carry white text (contrast >= 4.5:1 either way).
SHADES = ["#dbe9f6", "#a8cce8", "#6aa6d6", "#2f6fb0", "#0d3f7a"]
LIGHT_TEXT_FROM = 3
EMPTY = "#ffffff"


@dataclass(frozen=True)
class Tile:
    slug: str
    name: str
    code: str
    x: int
    y: int
    value: int | None  # the measure, None where the region's incidents gave no figure
    text: str  # the value as readers read it
    shade: int | None  # index into SHADES; None: nothing recorded or no figure
    href: str

    @property
    def hatched(self):
        return self.value is None

    @property
    def fill(self):
        return EMPTY if self.shade is None else SHADES[self.shade]

    @property
    def ink(self):
        return "#ffffff" if (self.shade or 0) >= LIGHT_TEXT_FROM else "#1b1f24"


def _names():
    """slug -> name of every region, kept per data version (editors may add or rename)."""
    return remember(
        # In the reader's language (remember keys by language too).
        ("region-map", "names"),
        lambda: {region.slug: region.local_name for region in Region.objects.all()},
    )


def _places():
    """(slug, name, code, x, y, the query of that one region) of each tile, kept per data
    version and language: none of it depends on the filter."""

    def places():
        names = _names()
        return [
            (slug, names[slug], code, column * TILE, row * TILE, _region_query(slug))
            for slug, (code, column, row) in PLACES.items()
            if slug in names
        ]

    return remember(("region-map", "places"), places)


def _region_query(slug):
    one = QueryDict(mutable=True)
    one["region"] = slug
    return one.urlencode()


def breaks(values, classes=None):
    """The lower bound of each shade: the positive values split into `classes` groups of
    about equal size, each bound a round number so the legend reads easily."""
    classes = classes or len(SHADES)
    values = sorted(v for v in values if v)
    if not values:
        return []
    bounds = [1]
    for n in range(1, classes):
        value = values[min(len(values) - 1, n * len(values) // classes)]
        bound = _round_down(value)
        if bound > bounds[-1] and bound > values[0]:  # a class holds at least one value
            bounds.append(bound)
    return bounds


def _round_down(value):
    """`value` to one or two significant figures, downwards (1234 -> 1200, 87 -> 87)."""
    digits = len(str(value))
    unit = 10 ** max(digits - 2, 0)
    return value // unit * unit


def _shade(value, bounds):
    if not value:
        return None
    return max(n for n, bound in enumerate(bounds) if value >= bound)


@dataclass(frozen=True)
class RegionMap:
    tiles: list
    legend: list  # (fill, label) from light to dark
    measure_label: str
    unplaced: list  # (name, text, href) of regions with figures and no tile yet
    has_hatched: bool
    width: int = COLUMNS * TILE
    height: int = ROWS * TILE

    @property
    def tile_size(self):
        return TILE - GAP


def build(region_totals, *, measure, measure_label, query):
    """The map of `region_totals` (figures.RegionTotals of the regions with incidents), shaded
    by `measure` ("intercepted" or "incidents"); each tile links to the table filtered by
    `query` (a QueryDict of the current filter) and that one region."""
    names = _names()
    by_slug = {t.region.slug: t for t in region_totals}

    def value_of(totals):
        if totals is None:
            return 0
        return totals.incidents if measure == "incidents" else totals.intercepted.number

    # The table under the same filter, for one region: the filter without its regions and the
    # chart's settings, then the region (written once, not for each of 87 tiles).
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if name not in ("region", "measure", "grain", "split", "average"):
            kept.setlist(name, values)
    table = f"{reverse('dashboard:incident-list')}?{kept.urlencode()}{'&' if kept else ''}"

    values = {slug: value_of(by_slug.get(slug)) for slug in names}
    bounds = breaks(values.values())
    tiles = []
    grouping = Grouping()
    for slug, name, code, x, y, region_query in _places():
        value = values[slug]
        tiles.append(
            Tile(
                slug=slug,
                name=name,
                code=code,
                x=x,
                y=y,
                value=value,
                text=str(NO_FIGURE) if value is None else grouping.text(value),
                shade=_shade(value, bounds),
                href=table + region_query,
            )
        )
    legend = [(EMPTY, _t("none recorded"))]
    for n, bound in enumerate(bounds):
        upper = bounds[n + 1] - 1 if n + 1 < len(bounds) else None
        label = (
            f"{number_text(bound)}–{number_text(upper)}"
            if upper and upper > bound
            else number_text(bound) + ("+" if upper is None else "")
        )
        legend.append((SHADES[n], label))
    unplaced = [
        (
            t.region.local_name,
            str(t.intercepted if measure == "intercepted" else t.incidents),
            table + _region_query(s),
        )
        for s, t in sorted(by_slug.items())
        if s not in PLACES
    ]
    return RegionMap(
        tiles=tiles,
        legend=legend,
        measure_label=str(measure_label),
        unplaced=unplaced,
        has_hatched=any(tile.hatched for tile in tiles),
    )
