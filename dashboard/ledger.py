"""Public pages of the statements: one statement, the claims compared, one night; the claims
compared as CSV and the coverage of daily sources as JSON. Thin: the numbers come from
incidents.reconciliation, computed from the record."""

import csv
import datetime as dt
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dashboard.filters import FILTER_READS, filtered, invalid_json, invalid_page, invalid_text
from dashboard.freshness import cached_public_page
from dashboard.parameters import EARLIEST_DATE, LATEST_DATE
from dashboard.query import Reads
from incidents import reconciliation
from incidents.cells import PLAIN, to_cell
from incidents.choices import SourceKind, Status
from incidents.coverage import coverage as coverage_of
from incidents.models import Incident, Statement
from incidents.statement_tables import CLAIMS_COMPARED, claims_compared_rows

NOTHING = Reads()
COVERAGE_DAYS = 30  # the period /api/coverage/ covers when the filter gives no dates
LONGEST_COVERAGE = 3660  # days: a longer period is refused (400), not computed


@require_safe
@cached_public_page(NOTHING)
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.public().select_related("source"), pk=pk)
    published = Incident.objects.published()
    claims = (
        statement.claims.filter(incident__status=Status.PUBLISHED)
        .select_related("incident__region", "incident__threat_type")
        .order_by("incident__threat_type__position", "incident__region__name", "pk")
    )
    lines = reconciliation.statement_lines(Statement.objects.filter(pk=pk), incidents=published)
    same_source = Statement.objects.public().filter(source=statement.source_id)
    overlapping = [
        b if a.pk == statement.pk else a
        for a, b in reconciliation.overlaps(same_source)
        if statement.pk in (a.pk, b.pk)
    ]
    context = {
        "statement": statement,
        "claims": claims,
        "lines": lines.get(statement.pk, []),
        "overlapping": overlapping,
    }
    return render(request, "dashboard/statement_detail.html", context)


def _compared(filterset):
    """What /claims/ and /claims.csv show for a valid filter."""
    incidents = filterset.qs
    statements = Statement.objects.public().supporting(incidents)
    published = Incident.objects.published()
    lines = reconciliation.statement_lines(statements, incidents=published)
    by_id = {s.pk: s for s in statements.select_related("source")}
    return {
        "disputed": reconciliation.side_by_side(incidents, only_disagreements=True),
        "unbalanced": [
            (by_id[line.statement_id], line)
            for statement_lines in lines.values()
            for line in statement_lines
            # a total given (or withheld) and claims to hold it against, not adding up
            if line.total.incidents and line.claimed.incidents and not line.adds_up
        ],
        "nights": [
            row
            for row in reconciliation.ministry_vs_regions(
                incidents=incidents, statements=statements
            )
            if row.difference
        ],
    }


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_page("dashboard/claims.html"))
def claims_compared(request, filterset):
    context = {"filterset": filterset, **_compared(filterset)}
    return render(request, "dashboard/claims.html", context)


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_text)
def claims_compared_csv(request, filterset):
    """/claims.csv: a row per claim where sources disagree, for the filter (a few hundred rows
    at most for any night: built in Python, not streamed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIMS_COMPARED.column_names)
    for row in claims_compared_rows(_compared(filterset)["disputed"]):
        writer.writerow(to_cell(cell, PLAIN) for cell in row)
    response = HttpResponse(out.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claims-compared.csv"'
    return response


def _day(text):
    """The date `text` names, within the dates every filter accepts (0001-01-01 has no day
    before it to link to); else None."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


@require_safe
@cached_public_page(NOTHING)
def night(request, day):
    """One date: the totals the statements give, the regional breakdown with every source's
    claim side by side, and the governors' own claims."""
    date = _day(day)
    if date is None:
        return HttpResponse(
            " ".join(
                [
                    _("“%s” is not a date: give one as YYYY-MM-DD.") % day[:20],
                    _("Dates start at {date}.").format(date=EARLIEST_DATE),
                    _("Dates end at {date}.").format(date=LATEST_DATE),
                ]
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise Http404(_("No statement counts on a future date."))
    published = Incident.objects.published()
    statements = Statement.objects.public().filter(date=date).select_related("source")
    lines = reconciliation.statement_lines(statements, incidents=published)
    statements = list(statements)
    context = {
        "date": date,
        "previous": date - dt.timedelta(days=1),
        "next": date + dt.timedelta(days=1),
        "ministry": [
            (s, lines.get(s.pk, [])) for s in statements if s.source.kind == SourceKind.MINISTRY
        ],
        "governors": [
            (s, lines.get(s.pk, []))
            for s in statements
            if s.source.kind == SourceKind.REGIONAL_AUTHORITY
        ],
        "others": [
            (s, lines.get(s.pk, []))
            for s in statements
            if s.source.kind not in (SourceKind.MINISTRY, SourceKind.REGIONAL_AUTHORITY)
        ],
        "comparisons": reconciliation.ministry_vs_regions(
            incidents=published.filter(date=date), statements=Statement.objects.public()
        ),
        "regions": reconciliation.side_by_side(published.filter(date=date)),
        "overlaps": reconciliation.overlaps(Statement.objects.public().filter(date=date)),
    }
    return render(request, "dashboard/night.html", context)


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_json)
def coverage(request, filterset):
    """/api/coverage/: for each source that posts daily, the days of the filter's period with
    no statement recorded (so a chart tells "no statement" from "0 claimed")."""
    end = filterset.form.cleaned_data.get("date_to") or timezone.localdate()
    start = filterset.form.cleaned_data.get("date_from") or end - dt.timedelta(
        days=COVERAGE_DAYS - 1
    )
    if (end - start).days >= LONGEST_COVERAGE:
        message = _("Ask for at most %(n)s days of coverage at a time.") % {"n": LONGEST_COVERAGE}
        return JsonResponse({"errors": {"date_from": [{"message": message}]}}, status=400)
    rows = coverage_of(Statement.objects.public(), start=start, end=end)
    return JsonResponse(
        {
            "date_from": start.isoformat(),
            "date_to": end.isoformat(),
            "note": _(
                "A day without a statement is not a day with nothing claimed: it is a gap in "
                "the record."
            ),
            "sources": [
                {
                    "source": row.source.name,
                    "kind": row.source.kind,
                    "days": row.days,
                    "days_with_statement": row.days - len(row.missing),
                    "days_without_statement": [day.isoformat() for day in row.missing],
                }
                for row in rows
            ],
        }
    )
