"""The record's tables as files: one definition of every column, read by the CSV and JSON
exports, the data package and the codebook, and by the importer.

Each column has its public name, its Table Schema type, its codebook description and the SQL
that computes its cell, already text where it is text (ISO dates, joined lists, spreadsheet-safe
strings), so that the database does all the work (PostgreSQL's COPY streams the very query).
"""

from dataclasses import replace

from django.db.models import F, OuterRef, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from incidents.cells import (
    LIST_SEPARATOR,
    NONE,
    PLAIN,
    STRICT,
    from_cell,
    split_list,
)
from incidents.choices import COUNTS, RegionKind, SourceKind, Verification
from incidents.columns import (
    STATUS,
    UTC,
    Column,
    Computed,
    StoredOrComputed,
    Table,
    field,
    help_of,
    iso_date,
    iso_datetime,
    joined,
)
from incidents.models import Citation, Incident, Region
from incidents.statement_tables import CLAIMS, STATEMENT_TOTALS, STATEMENTS

__all__ = ["NONE", "PLAIN", "STRICT", "Column", "Table", "from_cell", "split_list"]


def _list(name, computed):
    return lambda base: StoredOrComputed(F(f"export_lists__{name}"), computed())


def portable(table):
    """`table` with every list computed from the related rows, as on a database that keeps no
    export lists (the reference the kept lists are tested against)."""
    columns = [
        replace(column, sql=lambda base, sql=column.sql: Computed(*sql(base).source_expressions))
        if column.name in LISTS
        else column
        for column in table.columns
    ]
    return replace(table, columns=columns)


def _incident_url(base):
    return Concat(Value(base), Cast("id", TextField()), Value("/"), output_field=TextField())


def _citations():
    return Citation.objects.filter(incident=OuterRef("pk"))


LISTS = ("damage_types", "sources", "source_urls")


def _count_columns(count):
    return [
        Column(count, "integer", help_of(Incident, count), field(count)),
        Column(
            f"{count}_status",
            "string",
            help_of(Incident, f"{count}_status"),
            field(f"{count}_status"),
            enum=STATUS,
        ),
    ]


INCIDENTS = Table(
    name="incidents",
    title=_("Published incidents, one row per region and threat in a statement"),
    ordering=("date", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", _("Stable identifier of the incident; never reused."), field("id")),
        Column(
            "url",
            "string",
            _("Address of the incident's public page."),
            _incident_url,
            computed=True,
        ),
        Column("date", "date", help_of(Incident, "date"), iso_date("date")),
        Column(
            "window_start",
            "datetime",
            help_of(Incident, "window_start", UTC),
            iso_datetime("window_start"),
        ),
        Column(
            "window_end",
            "datetime",
            help_of(Incident, "window_end", UTC),
            iso_datetime("window_end"),
        ),
        Column(
            "region", "string", _("Region name in English (see regions)."), field("region__name")
        ),
        Column("region_ru", "string", _("Region name in Russian."), field("region__name_ru")),
        Column("region_uk", "string", _("Region name in Ukrainian."), field("region__name_uk")),
        Column(
            "region_iso",
            "string",
            _("ISO 3166-2 code of the region; empty for water areas."),
            field("region__iso_code"),
        ),
        Column(
            "threat_type",
            "string",
            _("Slug of the threat type (see the codebook)."),
            field("threat_type__slug"),
        ),
        *_count_columns("intercepted"),
        Column(
            "damage_types",
            "string",
            format_lazy(
                _("Slugs of the damage types reported, separated by '{separator}'."),
                separator=LIST_SEPARATOR,
            ),
            _list(
                "damage_types",
                lambda: joined(
                    Incident.damage_types.through.objects.filter(incident=OuterRef("pk")),
                    F("damagetype__slug"),
                    "damagetype__slug",
                ),
            ),
        ),
        Column(
            "damage_description",
            "string",
            help_of(Incident, "damage_description"),
            field("damage_description"),
        ),
        *_count_columns("killed"),
        *_count_columns("injured"),
        Column("summary", "string", help_of(Incident, "summary"), field("summary")),
        Column(
            "verification",
            "string",
            help_of(Incident, "verification"),
            field("verification"),
            enum=tuple(Verification.values),
        ),
        Column(
            "sources",
            "string",
            format_lazy(
                _("Names of the cited sources, separated by '{separator}', in citation order."),
                separator=LIST_SEPARATOR,
            ),
            _list("sources", lambda: joined(_citations(), F("source__name"), "id")),
        ),
        Column(
            "source_urls",
            "string",
            format_lazy(
                _(
                    "URLs of the cited statements, separated by '{separator}', in the same order "
                    "as sources."
                ),
                separator=LIST_SEPARATOR,
            ),
            _list("source_urls", lambda: joined(_citations(), F("url"), "id")),
        ),
        Column(
            "published_at",
            "datetime",
            help_of(Incident, "published_at", UTC),
            iso_datetime("published_at"),
        ),
        Column(
            "created_at",
            "datetime",
            help_of(Incident, "created_at", UTC),
            iso_datetime("created_at"),
        ),
        Column(
            "updated_at",
            "datetime",
            help_of(Incident, "updated_at", UTC),
            iso_datetime("updated_at"),
        ),
    ],
)

CITATIONS = Table(
    name="citations",
    title=_("Citations of published incidents, one row per statement cited"),
    ordering=("incident_id", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", _("Identifier of the citation."), field("id")),
        Column(
            "incident_id",
            "integer",
            _("The incident (incidents.id) it supports."),
            field("incident_id"),
        ),
        Column("source", "string", help_of(Citation, "source"), field("source__name")),
        Column(
            "source_kind",
            "string",
            _("Kind of source (see the codebook)."),
            field("source__kind"),
            enum=tuple(SourceKind.values),
        ),
        Column("url", "string", help_of(Citation, "url"), field("url")),
        Column("archive_url", "string", help_of(Citation, "archive_url"), field("archive_url")),
        Column("quote", "string", help_of(Citation, "quote"), field("quote")),
        Column(
            "published_at",
            "datetime",
            help_of(Citation, "published_at", UTC),
            iso_datetime("published_at"),
        ),
        Column(
            "claimed_intercepted",
            "integer",
            help_of(Citation, "claimed_intercepted"),
            field("claimed_intercepted"),
        ),
    ],
)

REGIONS = Table(
    name="regions",
    title=_("Regions and water areas"),
    ordering=("name",),
    primary_key="name",
    columns=[
        Column("name", "string", help_of(Region, "name"), field("name")),
        Column("name_ru", "string", help_of(Region, "name_ru"), field("name_ru")),
        Column("name_uk", "string", help_of(Region, "name_uk"), field("name_uk")),
        Column("slug", "string", help_of(Region, "slug"), field("slug")),
        Column("iso_code", "string", help_of(Region, "iso_code"), field("iso_code")),
        Column("iso_name", "string", help_of(Region, "iso_name"), field("iso_name")),
        Column(
            "kind", "string", help_of(Region, "kind"), field("kind"), enum=tuple(RegionKind.values)
        ),
    ],
)

TABLES = {
    table.name: table
    for table in (INCIDENTS, CITATIONS, REGIONS, STATEMENTS, STATEMENT_TOTALS, CLAIMS)
}


# Each count's sum and how many incidents gave it, in words a translation can agree with.
_SUMS = {
    "intercepted": (
        _("Sum of the intercepted figures reported; empty when no incident reported one (not 0)."),
        _("Incidents that reported an intercepted figure."),
    ),
    "killed": (
        _("Sum of the killed figures reported; empty when no incident reported one (not 0)."),
        _("Incidents that reported a killed figure."),
    ),
    "injured": (
        _("Sum of the injured figures reported; empty when no incident reported one (not 0)."),
        _("Incidents that reported an injured figure."),
    ),
}


def _sum_columns(count):
    total, reporting = _SUMS[count]
    return [
        Column(f"{count}_sum", "integer", total, None),
        Column(f"{count}_reporting", "integer", reporting, None),
        Column(f"{count}_not_reported", "integer", _("Incidents whose source gave none."), None),
        Column(f"{count}_withheld", "integer", _("Incidents whose source withheld it."), None),
    ]


# Per-region figures of any filter (/regions.csv): computed from the aggregates, not a query per
# cell, so its columns carry no SQL.
REGION_TOTALS = Table(
    name="regions-totals",
    title=_("Per region, the figures of the incidents a filter selects"),
    ordering=(),
    primary_key="slug",
    columns=[
        Column("region", "string", _("Region name in English."), None),
        Column("region_ru", "string", _("Region name in Russian."), None),
        Column("region_uk", "string", _("Region name in Ukrainian."), None),
        Column("region_iso", "string", _("ISO 3166-2 code; empty for water areas."), None),
        Column("slug", "string", help_of(Region, "slug"), None),
        Column(
            "incidents", "integer", _("Published incidents in the region for the filter."), None
        ),
        *(column for count in COUNTS for column in _sum_columns(count)),
        Column(
            "last_date", "date", _("Date of the region's latest incident for the filter."), None
        ),
    ],
)


def region_totals_row(totals):
    """One row of REGION_TOTALS for an incidents.figures.RegionTotals."""
    region = totals.region
    cells = [region.name, region.name_ru, region.name_uk, region.iso_code, region.slug]
    cells.append(totals.incidents)
    for count in COUNTS:
        figure = getattr(totals, count)
        cells += [figure.number, figure.reported, figure.not_reported, figure.withheld]
    return [*cells, totals.last_date.isoformat() if totals.last_date else None]


# What an imported row sets on its incident, besides region, threat, damage types and citations.
IMPORTED_FIELDS = (
    "date",
    "window_start",
    "window_end",
    *(name for count in COUNTS for name in (count, f"{count}_status")),
    "damage_description",
    "summary",
    "verification",
)
