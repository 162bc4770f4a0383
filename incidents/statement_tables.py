"""The statements' tables as files: statements, the totals they give, and their claims on
incidents (incidents.columns says what a column is)."""

from django.utils.translation import gettext_lazy as _

from incidents.choices import Language, SourceKind
from incidents.columns import STATUS, UTC, Column, Table, field, help_of, iso_date, iso_datetime
from incidents.models import Citation, Statement, StatementTotal

STATEMENTS = Table(
    name="statements",
    title=_("Statements that support published incidents, one row per statement"),
    ordering=("date", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", _("Identifier of the statement."), field("id")),
        Column("source", "string", help_of(Statement, "source"), field("source__name")),
        Column(
            "source_kind",
            "string",
            _("Kind of source (see the codebook)."),
            field("source__kind"),
            enum=tuple(SourceKind.values),
        ),
        Column("url", "string", help_of(Statement, "url"), field("url")),
        Column("archive_url", "string", help_of(Statement, "archive_url"), field("archive_url")),
        Column(
            "published_at",
            "datetime",
            help_of(Statement, "published_at", UTC),
            iso_datetime("published_at"),
        ),
        Column(
            "language",
            "string",
            help_of(Statement, "language", _("ISO 639-1 code.")),
            field("language"),
            enum=tuple(Language.values),
        ),
        Column("date", "date", help_of(Statement, "date"), iso_date("date")),
        Column(
            "window_start",
            "datetime",
            help_of(Statement, "window_start", UTC),
            iso_datetime("window_start"),
        ),
        Column(
            "window_end",
            "datetime",
            help_of(Statement, "window_end", UTC),
            iso_datetime("window_end"),
        ),
        Column("text", "string", help_of(Statement, "text"), field("text")),
    ],
)

STATEMENT_TOTALS = Table(
    name="statement-totals",
    title=_("The totals each statement gives, one row per statement and threat"),
    ordering=("statement_id", "threat_type__position", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", _("Identifier of the total."), field("id")),
        Column(
            "statement_id",
            "integer",
            _("The statement (statements.id) that gives the total."),
            field("statement_id"),
        ),
        Column(
            "threat_type",
            "string",
            _("Slug of the threat type the total counts (see the codebook)."),
            field("threat_type__slug"),
        ),
        Column(
            "intercepted", "integer", help_of(StatementTotal, "intercepted"), field("intercepted")
        ),
        Column(
            "intercepted_status",
            "string",
            help_of(StatementTotal, "intercepted_status"),
            field("intercepted_status"),
            enum=STATUS,
        ),
    ],
)

CLAIMS = Table(
    name="claims",
    title=_("What each statement claims of each published incident, one row per claim"),
    ordering=("statement_id", "incident_id", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", _("Identifier of the claim (citations.id)."), field("id")),
        Column(
            "statement_id",
            "integer",
            _("The statement (statements.id) that makes the claim."),
            field("statement_id"),
        ),
        Column(
            "incident_id",
            "integer",
            _("The incident (incidents.id) the claim supports."),
            field("incident_id"),
        ),
        Column("quote", "string", help_of(Citation, "quote"), field("quote")),
        Column(
            "claimed_intercepted",
            "integer",
            help_of(Citation, "claimed_intercepted"),
            field("claimed_intercepted"),
        ),
        Column(
            "claimed_intercepted_status",
            "string",
            help_of(Citation, "claimed_intercepted_status"),
            field("claimed_intercepted_status"),
            enum=STATUS,
        ),
    ],
)


# Where sources disagree, for any filter (/claims.csv): computed by incidents.reconciliation,
# not a query per cell, so its columns carry no SQL.
CLAIMS_COMPARED = Table(
    name="claims-compared",
    title=_(
        "Where sources claim different figures: a row per claim, for a date, region and threat"
    ),
    ordering=(),
    primary_key="claim_id",
    columns=[
        Column("date", "date", _("Date of the incidents (Moscow time)."), None),
        Column("region", "string", _("Region name in English."), None),
        Column("region_iso", "string", _("ISO 3166-2 code; empty for water areas."), None),
        Column("threat_type", "string", _("Slug of the threat type."), None),
        Column("source", "string", _("Who made the claim."), None),
        Column("source_kind", "string", _("Kind of source."), None, enum=tuple(SourceKind.values)),
        Column("claimed_intercepted", "integer", help_of(Citation, "claimed_intercepted"), None),
        Column(
            "claimed_intercepted_status",
            "string",
            help_of(Citation, "claimed_intercepted_status"),
            None,
            enum=STATUS,
        ),
        Column(
            "difference",
            "integer",
            _("The largest figure claimed for this date, region and threat less the smallest."),
            None,
        ),
        Column("statement_id", "integer", _("The statement (statements.id)."), None),
        Column("incident_id", "integer", _("The incident (incidents.id) claimed."), None),
        Column("claim_id", "integer", _("The claim (claims.id)."), None),
    ],
)


def claims_compared_rows(nights):
    """CLAIMS_COMPARED rows for incidents.reconciliation.RegionNight items."""
    for night in nights:
        for claim in night.claims:
            yield [
                night.date.isoformat(),
                night.region.name,
                night.region.iso_code,
                night.threat.slug,
                claim.source.name,
                claim.source.kind,
                claim.number,
                claim.state,
                night.difference,
                claim.statement_id,
                claim.incident_id,
                claim.claim_id,
            ]
