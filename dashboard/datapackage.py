"""The whole public record as a Frictionless data package: tidy tables and their schemas.

`datapackage.json` describes incidents.csv, citations.csv, regions.csv, statements.csv,
statement-totals.csv and claims.csv (relative paths, so the same descriptor works served at
/data/ and written to a folder by `manage.py export_datapackage`).
"""

from django.utils import timezone, translation

from incidents.models import Citation, Incident, Region, Statement, StatementTotal
from incidents.schema import TABLES


def table_rows(name):
    """The rows of one table of the package: only what is public."""
    published = Incident.objects.published()
    statements = Statement.objects.public()
    return {
        "incidents": published,
        "citations": Citation.objects.filter(incident__in=published.values("pk")),
        "regions": Region.objects.all(),
        "statements": statements,
        "statement-totals": StatementTotal.objects.filter(statement__in=statements.values("pk")),
        "claims": Citation.objects.filter(
            incident__in=published.values("pk"), statement__isnull=False
        ),
    }[name]


def _schema(table):
    fields = []
    for column in table.columns:
        field = {"name": column.name, "type": column.type, "description": str(column.description)}
        if column.enum:
            field["constraints"] = {"enum": list(column.enum)}
        if column.name == table.primary_key:
            field["constraints"] = {"required": True, "unique": True}
        fields.append(field)
    return {"fields": fields, "primaryKey": [table.primary_key], "missingValues": [""]}


def descriptor(*, codebook_url):
    """The descriptor, its descriptions in English whatever language is active (the codebook
    page shows the same descriptions translated)."""
    with translation.override("en"):
        return _descriptor(codebook_url=codebook_url)


def _descriptor(*, codebook_url):
    schemas = {name: _schema(table) for name, table in TABLES.items()}
    schemas["incidents"]["foreignKeys"] = [
        {"fields": ["region"], "reference": {"resource": "regions", "fields": ["name"]}}
    ]
    schemas["citations"]["foreignKeys"] = [
        {"fields": ["incident_id"], "reference": {"resource": "incidents", "fields": ["id"]}}
    ]
    for name, fields, resource in (
        ("statement-totals", ["statement_id"], "statements"),
        ("claims", ["statement_id"], "statements"),
        ("claims", ["incident_id"], "incidents"),
    ):
        schemas[name].setdefault("foreignKeys", []).append(
            {"fields": fields, "reference": {"resource": resource, "fields": ["id"]}}
        )
    return {
        "profile": "tabular-data-package",
        "name": "air-defence-incidents",
        "title": "Air-defence incidents as officially reported",
        "description": (
            "Published incidents from official statements, each figure a claim by the cited "
            f"source. Codebook: {codebook_url}"
        ),
        "homepage": codebook_url,
        # The columns are described in English (the convention); names come in three languages.
        "languages": ["en", "ru", "uk"],
        "x-language-variants": {
            "incidents": {"region": "en", "region_ru": "ru", "region_uk": "uk"},
            "regions": {"name": "en", "name_ru": "ru", "name_uk": "uk"},
        },
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": [
            {
                "name": name,
                "title": str(table.title),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schemas[name],
            }
            for name, table in TABLES.items()
        ],
    }
