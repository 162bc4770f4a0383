"""Every citation becomes a claim of a statement: one statement per source and URL.

The statement takes the citations' source and URL, the earliest time any of them was published
at, the first archive link recorded, the date its incidents count on (the latest, as an
overnight window counts on the date it ends) and their window where they all share one. The
citations keep every field they had (nothing is moved out of them), gain the state of their
claimed figure ("reported" where a number was recorded) and one revision saying they were
linked; the statements get their first revision. Editors and chief editors gain the
statements' permissions (the services decide what is public).
"""

import datetime as dt
from collections import defaultdict

from django.contrib.auth.management import create_permissions
from django.db import migrations

REASON_STATEMENT = "Made from its citations (migration 0021)"
REASON_CITATION = "Linked to its statement (migration 0021)"
BATCH = 2000

PERMISSIONS = [
    f"{action}_{model}"
    for model in ("statement", "statementtotal")
    for action in ("view", "add", "change", "delete")
] + ["view_historicalstatement", "view_historicalstatementtotal"]


def grant(apps):
    app_config = apps.get_app_config("incidents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="incidents", codename__in=PERMISSIONS
    )
    if permissions.count() != len(PERMISSIONS):
        raise RuntimeError("Missing permissions for statements")
    for group in Group.objects.filter(name__in=["Editors", "Chief editors"]):
        group.permissions.add(*permissions)


def forward(apps, schema_editor):
    Citation = apps.get_model("incidents", "Citation")
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    Statement = apps.get_model("incidents", "Statement")
    HistoricalStatement = apps.get_model("incidents", "HistoricalStatement")

    # A number recorded was a number reported; no number stays "not reported".
    for model in (Citation, HistoricalCitation):
        model.objects.filter(claimed_intercepted__isnull=False).update(
            claimed_intercepted_status="reported"
        )

    claims = defaultdict(list)
    rows = Citation.objects.order_by("id").values(
        "id",
        "source_id",
        "url",
        "archive_url",
        "published_at",
        "incident__date",
        "incident__window_start",
        "incident__window_end",
    )
    for row in rows.iterator(chunk_size=BATCH):
        claims[(row["source_id"], row["url"])].append(row)

    statements = []
    for (source_id, url), cited in claims.items():
        date = max(row["incident__date"] for row in cited)
        windows = {(row["incident__window_start"], row["incident__window_end"]) for row in cited}
        window = windows.pop() if len(windows) == 1 else (None, None)
        published = [row["published_at"] for row in cited if row["published_at"]]
        archives = [row["archive_url"] for row in cited if row["archive_url"]]
        statements.append(
            Statement(
                source_id=source_id,
                url=url,
                archive_url=archives[0] if archives else "",
                published_at=min(published) if published else None,
                date=date,
                window_start=window[0],
                window_end=window[1],
            )
        )
    Statement.objects.bulk_create(statements, batch_size=BATCH)
    ids = {(s, u): pk for s, u, pk in Statement.objects.values_list("source_id", "url", "id")}

    now = dt.datetime.now(dt.UTC)
    statement_fields = [f.attname for f in Statement._meta.concrete_fields]
    HistoricalStatement.objects.bulk_create(
        (
            HistoricalStatement(
                **{name: getattr(statement, name) for name in statement_fields},
                history_date=now,
                history_type="+",
                history_change_reason=REASON_STATEMENT,
            )
            for statement in Statement.objects.filter(id__in=ids.values()).iterator()
        ),
        batch_size=BATCH,
    )

    citation_fields = [f.attname for f in Citation._meta.concrete_fields]
    pending = []
    for citation in Citation.objects.order_by("id").iterator(chunk_size=BATCH):
        citation.statement_id = ids[(citation.source_id, citation.url)]
        pending.append(citation)
        if len(pending) >= BATCH:
            _link(Citation, HistoricalCitation, pending, citation_fields, now)
            pending = []
    _link(Citation, HistoricalCitation, pending, citation_fields, now)
    grant(apps)


def _link(Citation, HistoricalCitation, citations, fields, now):
    Citation.objects.bulk_update(citations, ["statement_id"])
    HistoricalCitation.objects.bulk_create(
        HistoricalCitation(
            **{name: getattr(citation, name) for name in fields},
            history_date=now,
            history_type="~",
            history_change_reason=REASON_CITATION,
        )
        for citation in citations
    )


def backward(apps, schema_editor):
    Citation = apps.get_model("incidents", "Citation")
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    Statement = apps.get_model("incidents", "Statement")
    HistoricalStatement = apps.get_model("incidents", "HistoricalStatement")
    HistoricalCitation.objects.filter(history_change_reason=REASON_CITATION).delete()
    HistoricalStatement.objects.filter(history_change_reason=REASON_STATEMENT).delete()
    Citation.objects.update(statement=None)
    Statement.objects.filter(claims__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0020_statements")]

    operations = [migrations.RunPython(forward, backward)]
