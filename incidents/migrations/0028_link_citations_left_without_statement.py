"""Every citation a claim of a statement, before migration 0029 makes that a rule of the table.

Migration 0021 linked every citation recorded then, and every write since goes through the
services, which link each citation they save. A citation still without a statement (a row
written past the services, e.g. restored from a dump taken in between) is linked here as 0021
did: to the statement of its source and URL, made if there is none (the earliest time any of
its citations was published at, the first archive link, the latest date of its incidents,
their window where they share one). The citations keep every field; each gains one revision
saying it was linked, each statement made its first revision. Nothing to do on a database whose
citations all have their statement.
"""

import datetime as dt
from collections import defaultdict

from django.db import migrations

REASON_STATEMENT = "Made from its citations (migration 0028)"
REASON_CITATION = "Linked to its statement (migration 0028)"
BATCH = 2000


def forward(apps, schema_editor):
    Citation = apps.get_model("incidents", "Citation")
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    Statement = apps.get_model("incidents", "Statement")
    HistoricalStatement = apps.get_model("incidents", "HistoricalStatement")

    orphans = Citation.objects.filter(statement__isnull=True).select_related("incident")
    claims = defaultdict(list)
    for citation in orphans.order_by("id").iterator(chunk_size=BATCH):
        claims[(citation.source_id, citation.url)].append(citation)
    if not claims:
        return

    ids = {}
    for source_id, url in claims:
        found = Statement.objects.filter(source_id=source_id, url=url).values_list("id", flat=True)
        if found:
            ids[(source_id, url)] = found[0]
    now = dt.datetime.now(dt.UTC)
    statement_fields = [f.attname for f in Statement._meta.concrete_fields]
    for key, cited in claims.items():
        if key in ids:
            continue
        windows = {(c.incident.window_start, c.incident.window_end) for c in cited}
        window = windows.pop() if len(windows) == 1 else (None, None)
        published = [c.published_at for c in cited if c.published_at]
        archives = [c.archive_url for c in cited if c.archive_url]
        statement = Statement.objects.create(
            source_id=key[0],
            url=key[1],
            archive_url=archives[0] if archives else "",
            published_at=min(published) if published else None,
            date=max(c.incident.date for c in cited),
            window_start=window[0],
            window_end=window[1],
        )
        HistoricalStatement.objects.create(
            **{name: getattr(statement, name) for name in statement_fields},
            history_date=now,
            history_type="+",
            history_change_reason=REASON_STATEMENT,
        )
        ids[key] = statement.pk

    citation_fields = [f.attname for f in Citation._meta.concrete_fields]
    linked = []
    for key, cited in claims.items():
        for citation in cited:
            citation.statement_id = ids[key]
            linked.append(citation)
    Citation.objects.bulk_update(linked, ["statement_id"], batch_size=BATCH)
    HistoricalCitation.objects.bulk_create(
        (
            HistoricalCitation(
                **{name: getattr(citation, name) for name in citation_fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON_CITATION,
            )
            for citation in linked
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0027_search_documents")]

    # Linking is kept on the way back: 0021's citations keep their statements too.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
