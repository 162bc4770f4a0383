"""Reconciliation: what the statements' figures add up to, computed from the record, never typed.

Every figure here is a claim with its state. A sum is a ReportedSum (incidents.figures): the
numbers reported, and how many items gave none, "not reported" and "withheld" apart. A sum with
a withheld part is a lower bound and says so; one with no number at all is "no figure", not 0.
A claim's figure is the one its statement gives for that incident (a region named without a
number claims no figure: the ministry's flat lists of regions itemise nothing).

Each function reads a bounded number of queries whatever the number of rows:

- statement_lines(): per statement and threat, its total against the sum of its claims
  ("30 claimed: 26 itemised over 3 regions, 4 not itemised");
- ministry_vs_regions(): per date and threat, the ministry's totals against the regional
  authorities' claims for the regions the ministry named;
- side_by_side(): per date, region and threat, every source's claimed figure and the spread;
- overlaps(): statements of one source whose windows overlap (a possible double count);
The days with no statement recorded (a gap, never a 0) are in incidents.coverage.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incidents.choices import Reporting, SourceKind
from incidents.figures import ReportedSum, number_text
from incidents.models import (
    Citation,
    Source,
    Statement,
    StatementTotal,
    ThreatType,
)

EMPTY = ReportedSum(0, 0, 0, 0)


def figure_sum(pairs):
    """The ReportedSum of (number, state) pairs."""
    pairs = list(pairs)
    return ReportedSum(
        incidents=len(pairs),
        reported=sum(1 for number, _ in pairs if number is not None),
        withheld=sum(1 for _, state in pairs if state == Reporting.WITHHELD),
        total=sum(number for number, _ in pairs if number is not None),
    )


def _claim_sums(claims, key):
    """{key values: (ReportedSum of the claimed figures, distinct regions)} in one query."""
    rows = (
        claims.order_by()
        .values(*key)
        .annotate(
            n=Count("pk"),
            reported=Count("claimed_intercepted"),
            withheld=Count("pk", filter=Q(claimed_intercepted_status=Reporting.WITHHELD)),
            total=Sum("claimed_intercepted", default=0),
            regions=Count("incident__region", distinct=True),
        )
    )
    return {
        tuple(row[k] for k in key): (
            ReportedSum(row["n"], row["reported"], row["withheld"], row["total"] or 0),
            row["regions"],
        )
        for row in rows
    }


def bound_text(figure: ReportedSum):
    """A sum as readers read it: 'at least 26' when part of it was withheld."""
    if not figure.reported:
        return _("no figure")
    text = number_text(figure.total)
    return _("at least %(n)s") % {"n": text} if figure.withheld else text


# Per statement ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Itemised:
    """A statement's total for one threat against the sum of its claims for that threat."""

    statement_id: int
    threat: ThreatType
    total: ReportedSum  # the statement's total: one item, or none when it gives no total
    claimed: ReportedSum  # over its claims on incidents of this threat
    regions: int  # distinct regions the claims name

    @property
    def not_itemised(self):
        """The total less the itemised sum, when both are numbers; with a withheld claim it is
        an upper bound (None when there is nothing to subtract from)."""
        if not self.total.reported:
            return None
        return self.total.total - self.claimed.total

    @property
    def adds_up(self):
        return self.not_itemised == 0 and not self.claimed.without_figure

    def __str__(self):
        regions = ngettext("%(n)s region", "%(n)s regions", self.regions) % {"n": self.regions}
        if self.total.reported:
            head = _("%(n)s claimed") % {"n": number_text(self.total.total)}
        elif self.total.withheld:
            head = _("total withheld")
        else:
            head = _("no total given")
        # No claimed figure at all: the total is not broken down, said once (a screenshot
        # review read "no figure itemised over 3 regions, 14 not itemised, 3 regions named
        # without a figure" for a flat list).
        if not self.claimed.reported and not self.claimed.withheld:
            named = self.claimed.not_reported
            if not named:
                return "{}: {}".format(head, _("not broken down by region"))
            listed = ngettext(
                "not broken down: %(n)s region named without a figure",
                "not broken down: %(n)s regions named without a figure",
                named,
            )
            return f"{head}: {listed % {'n': named}}"
        parts = [
            _("%(sum)s itemised over %(regions)s")
            % {"sum": bound_text(self.claimed), "regions": regions}
        ]
        rest = self.not_itemised
        if rest is not None and rest > 0:
            parts.append(
                (
                    _("at most %(n)s not itemised")
                    if self.claimed.withheld
                    else _("%(n)s not itemised")
                )
                % {"n": number_text(rest)}
            )
        elif rest is not None and rest < 0:
            parts.append(_("%(n)s more than the total") % {"n": number_text(-rest)})
        if self.claimed.withheld:
            parts.append(
                ngettext("%(n)s figure withheld", "%(n)s figures withheld", self.claimed.withheld)
                % {"n": self.claimed.withheld}
            )
        if self.claimed.not_reported:
            parts.append(
                ngettext(
                    "%(n)s region named without a figure",
                    "%(n)s regions named without a figure",
                    self.claimed.not_reported,
                )
                % {"n": self.claimed.not_reported}
            )
        return f"{head}: {', '.join(parts)}"


def statement_lines(statements, *, incidents):
    """{statement id: [Itemised per threat]} for `statements`, counting their claims on
    `incidents` only (the published ones, on public pages). Three queries."""
    ids = list(statements.values_list("pk", flat=True))
    totals = {
        (t.statement_id, t.threat_type_id): t
        for t in StatementTotal.objects.filter(statement__in=ids)
    }
    claims = _claim_sums(
        Citation.objects.filter(statement__in=ids, incident__in=incidents.values("pk")),
        ("statement_id", "incident__threat_type"),
    )
    threats = {t.pk: t for t in ThreatType.objects.all()}
    lines = defaultdict(list)
    for key in sorted(totals.keys() | claims.keys(), key=lambda k: (k[0], threats[k[1]].position)):
        total = totals.get(key)
        claimed, regions = claims.get(key, (EMPTY, 0))
        lines[key[0]].append(
            Itemised(
                statement_id=key[0],
                threat=threats[key[1]],
                total=figure_sum([(total.intercepted, total.intercepted_status)])
                if total
                else EMPTY,
                claimed=claimed,
                regions=regions,
            )
        )
    return dict(lines)


# Ministry against the regions ----------------------------------------------------------------


@dataclass(frozen=True)
class NightThreat:
    """One date and threat: the ministry's figures against the regional authorities' claims for
    the regions the ministry named."""

    date: dt.date
    threat: ThreatType
    ministry_total: ReportedSum  # over the ministry's statements' totals that day
    ministry_itemised: ReportedSum  # over its claims
    regions_named: int
    regional: ReportedSum  # the regional authorities' claims in those regions
    regions_with_regional_claim: int

    @property
    def difference(self):
        """The ministry's total less the regional claims, where both have a number and the
        regional authorities spoke for every region the ministry named: over fewer regions the
        two sums cover different places, and their difference would only be the regions no
        governor spoke for (a screenshot review found "a difference of 8" that was one
        region's figure, beside a table where no source disagreed)."""
        if not (self.ministry_total.reported and self.regional.reported):
            return None
        if self.regions_with_regional_claim < self.regions_named:
            return None
        return self.ministry_total.total - self.regional.total


def ministry_vs_regions(*, incidents, statements):
    """[NightThreat] by date and threat for the ministry statements among `statements`, claims
    counted on `incidents`. Four queries."""
    ministry = statements.filter(source__kind=SourceKind.MINISTRY)
    totals = defaultdict(list)
    for row in StatementTotal.objects.filter(statement__in=ministry.values("pk")).values(
        "statement__date", "threat_type", "intercepted", "intercepted_status"
    ):
        totals[(row["statement__date"], row["threat_type"])].append(
            (row["intercepted"], row["intercepted_status"])
        )
    claimed = Citation.objects.filter(incident__in=incidents.values("pk"))
    named = claimed.filter(statement__in=ministry.values("pk"))
    itemised = _claim_sums(named, ("incident__date", "incident__threat_type"))
    # Regional claims in a region the ministry named for the same date and threat.
    same_region = named.filter(
        incident__date=OuterRef("incident__date"),
        incident__threat_type=OuterRef("incident__threat_type"),
        incident__region=OuterRef("incident__region"),
    )
    regional = _claim_sums(
        claimed.filter(source__kind=SourceKind.REGIONAL_AUTHORITY).filter(Exists(same_region)),
        ("incident__date", "incident__threat_type"),
    )
    threats = {t.pk: t for t in ThreatType.objects.all()}
    keys = sorted(totals.keys() | itemised.keys(), key=lambda k: (k[0], threats[k[1]].position))
    return [
        NightThreat(
            date=date,
            threat=threats[threat],
            ministry_total=figure_sum(totals.get((date, threat), [])),
            ministry_itemised=itemised.get((date, threat), (EMPTY, 0))[0],
            regions_named=itemised.get((date, threat), (EMPTY, 0))[1],
            regional=regional.get((date, threat), (EMPTY, 0))[0],
            regions_with_regional_claim=regional.get((date, threat), (EMPTY, 0))[1],
        )
        for date, threat in keys
    ]


# Source against source -----------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    source: Source
    number: int | None
    state: str
    statement_id: int
    incident_id: int
    claim_id: int


@dataclass
class RegionNight:
    """Every source's claimed figure for one date, region and threat."""

    date: dt.date
    region: object
    threat: object
    claims: list = field(default_factory=list)

    @property
    def numbers(self):
        return sorted({c.number for c in self.claims if c.number is not None})

    @property
    def incident_ids(self):
        """The incidents the claims are on: one, unless the night was recorded twice."""
        return sorted({c.incident_id for c in self.claims})

    @property
    def difference(self):
        """The spread of the figures claimed (largest less smallest); None with fewer than two."""
        numbers = self.numbers
        return numbers[-1] - numbers[0] if len(numbers) > 1 else None

    @property
    def disagree(self):
        return bool(self.difference)


def side_by_side(incidents, *, only_disagreements=False):
    """[RegionNight] by date, region and threat over the claims on `incidents`; with
    `only_disagreements`, only where two sources claim different numbers. One query."""
    claims = Citation.objects.filter(incident__in=incidents.values("pk"), statement__isnull=False)
    if only_disagreements:

        def same_key(queryset):
            return queryset.filter(
                incident__date=OuterRef("incident__date"),
                incident__region=OuterRef("incident__region"),
                incident__threat_type=OuterRef("incident__threat_type"),
            )

        numbered = claims.filter(claimed_intercepted__isnull=False)
        differing = same_key(numbered).exclude(claimed_intercepted=OuterRef("claimed_intercepted"))
        disputed = numbered.filter(Exists(differing))
        claims = claims.filter(Exists(same_key(disputed)))
    rows = claims.select_related("source", "incident__region", "incident__threat_type").order_by(
        "incident__date",
        "incident__region__name",
        "incident__threat_type__position",
        "source__name",
        "pk",
    )
    nights = {}
    for citation in rows:
        incident = citation.incident
        key = (incident.date, incident.region_id, incident.threat_type_id)
        night = nights.setdefault(
            key, RegionNight(incident.date, incident.region, incident.threat_type)
        )
        night.claims.append(
            Claim(
                citation.source,
                citation.claimed_intercepted,
                citation.claimed_intercepted_status,
                citation.statement_id,
                citation.incident_id,
                citation.pk,
            )
        )
    return list(nights.values())


# Windows and coverage ------------------------------------------------------------------------


def overlaps(statements):
    """[(earlier, later)] pairs of one source's statements whose windows overlap: a possible
    double count. Two queries."""
    other = Statement.objects.filter(
        source=OuterRef("source"),
        window_start__lt=OuterRef("window_end"),
        window_end__gt=OuterRef("window_start"),
    ).exclude(pk=OuterRef("pk"))
    flagged = (
        statements.filter(window_start__isnull=False, window_end__isnull=False)
        .filter(Exists(other))
        .select_related("source")
        .order_by("source_id", "window_start", "pk")
    )
    pairs, by_source = [], defaultdict(list)
    for statement in flagged:
        by_source[statement.source_id].append(statement)
    for group in by_source.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if second.window_start >= first.window_end:
                    break
                pairs.append((first, second))
    return pairs


__all__ = [
    "Claim",
    "Itemised",
    "NightThreat",
    "RegionNight",
    "bound_text",
    "figure_sum",
    "ministry_vs_regions",
    "overlaps",
    "side_by_side",
    "statement_lines",
]
