"""Read logic for incidents: one method per use, so views never build queries by hand."""

from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.query import ModelIterable
from django.utils.translation import get_language

from incidents import figures
from incidents.choices import PUBLIC_STATUSES, Status
from incidents.internals import iterate_with, sql_of
from incidents.ordering import SORT_KEYS

# The models import this module for their managers, so other models are imported where used.


class WithDamageNames(ModelIterable):
    """Incidents that carry `damage_names` (names in codebook order), from one extra query.

    What prefetch_related("damage_types") would give a list of rows, without a model instance
    and a related manager per damage type: on a page of 50 rows that machinery cost more than
    both queries together.
    """

    def __iter__(self):
        rows = list(super().__iter__())
        if rows:
            through = self.queryset.model.damage_types.through
            names = {row.pk: [] for row in rows}
            pairs = (
                through.objects.using(self.queryset.db)
                .filter(incident_id__in=names)
                .order_by("damagetype__position", "damagetype__name")
                .values_list(
                    "incident_id", "damagetype__name", "damagetype__name_ru", "damagetype__name_uk"
                )
            )
            # The names in the reader's language (English where none is recorded).
            column = {"ru": 1, "uk": 2}.get(get_language(), 0)
            for incident_id, *local in pairs:
                names[incident_id].append(local[column] or local[0])
            for row in rows:
                row.damage_names = names[row.pk]
        yield from rows


class IncidentQuerySet(models.QuerySet):
    def published(self):
        """The only rows the public ever sees: drafts and retractions never leave the admin."""
        return self.filter(status=Status.PUBLISHED)

    # The columns a list of incidents shows; loading only these keeps a page of rows cheap.
    FEW = 1000  # newest(): a selection this small is found first, then sorted
    LIST_FIELDS = (
        "date",
        "region__name",
        "region__slug",
        "threat_type__name",
        "verification",
        *(
            f"{count}{suffix}"
            for count in ("intercepted", "killed", "injured")
            for suffix in ("", "_status")
        ),
    )

    def for_table(self):
        """What a list of incidents shows, fetched in two queries whatever the page size."""
        rows = self.select_related("region", "threat_type").only(*self.LIST_FIELDS)
        return iterate_with(rows, WithDamageNames)

    def newest(self, limit, *, among=None):
        """The most recent incidents, for short lists.

        `among`: how many incidents the selection holds, when the caller has counted them. A
        few (up to FEW) are found first and then sorted: asked for the newest ten of a rare
        word, PostgreSQL walks the date index backwards testing each incident, because it
        expects the word in ~1,500 documents (a word typed in full also matches as a word start,
        which has no statistics); at 1,000,000 incidents that read every one of them (3.7 s
        for a word in 6). Found first, the same rows take a millisecond."""
        rows = self
        if among is not None and among <= self.FEW:
            ids = list(self.order_by().values_list("pk", flat=True))
            rows = self.model.objects.using(self.db).filter(pk__in=ids)
        return (
            rows.select_related("region", "threat_type")
            .only(*self.LIST_FIELDS)
            .order_by("-date", "-id")[:limit]
        )

    def for_detail(self):
        """One incident with everything its public page shows."""
        from incidents.models import Citation

        return self.select_related("region", "threat_type").prefetch_related(
            "damage_types",
            "corrections",
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )

    def sorted_by(self, key, *, descending):
        """Ordered by one of SORT_KEYS, ties broken by id, so every order is total."""
        expression = SORT_KEYS[key]()
        if descending:
            return self.order_by(expression.desc(), F("id").desc())
        return self.order_by(expression.asc(), F("id").asc())

    def with_sort_key(self, key):
        return self.annotate(sort_key=SORT_KEYS[key]())

    # Filters -------------------------------------------------------------------------------

    def with_damage(self, damage_types):
        """Incidents with any of the given damage types (no join, so no duplicate rows)."""
        through = self.model.damage_types.through
        return self.filter(
            Exists(through.objects.filter(incident=OuterRef("pk"), damagetype__in=damage_types))
        )

    def cited_by_kind(self, kinds):
        """Incidents with at least one citation from a source of one of these kinds."""
        from incidents.models import Citation

        return self.filter(
            Exists(Citation.objects.filter(incident=OuterRef("pk"), source__kind__in=kinds))
        )

    def with_casualties_reported(self, reported: bool):
        """Someone reported killed or injured (True), or no one killed and no one injured
        reported (False): an incident that gave no figure is neither (figures.casualties_q)."""
        return self.filter(figures.casualties_q(reported))

    def reporting_at_least(self, count, minimum):
        return self.filter(figures.at_least_q(count, minimum))

    def search(self, text):
        """What the search box matches (incidents/search.py: the query read into terms, names of
        regions and threat types in every language and form, text by regular expression)."""
        from incidents import search

        return search.apply(self, text)

    # Duplicates -----------------------------------------------------------------------------

    def likely_duplicates(self, *, date, region, threat_type, urls=(), exclude_pk=None):
        """Incidents that probably record the same event: same date, region and threat, or a
        citation of the same statement URL."""
        from incidents.models import Citation

        same_event = Q(date=date, region=region, threat_type=threat_type)
        same_statement = Exists(
            Citation.objects.filter(incident=OuterRef("pk"), url__in=[u for u in urls if u])
        )
        candidates = self.filter(same_event | same_statement)
        if exclude_pk is not None:
            candidates = candidates.exclude(pk=exclude_pk)
        return candidates.select_related("region", "threat_type").order_by("-date", "-id")

    def flagged_as_duplicates(self):
        """Incidents that have at least one likely duplicate, for the editors' list filter."""
        from incidents.models import Citation

        twin_event = self.model.objects.filter(
            date=OuterRef("date"),
            region=OuterRef("region"),
            threat_type=OuterRef("threat_type"),
        ).exclude(pk=OuterRef("pk"))
        twin_statement = Citation.objects.filter(
            url__in=Citation.objects.filter(incident=OuterRef(OuterRef("pk"))).values("url")
        ).exclude(incident=OuterRef("pk"))
        return self.filter(Exists(twin_event) | Exists(twin_statement))

    # Aggregates --------------------------------------------------------------------------------
    # Sums of (number, state) counts are incidents.figures.ReportedSum: the sum of the numbers
    # reported and how many incidents gave none. They group by the foreign key's id and count
    # rows with COUNT(*): joining the vocabulary to group by its names costs PostgreSQL two to
    # three times the aggregate itself at a million rows. The few names are looked up apart.

    def totals(self):
        """Headline figures of the selection (incidents.figures.Totals)."""
        row = self.order_by().aggregate(
            regions=Count("region", distinct=True),
            first_date=models.Min("date"),
            last_date=models.Max("date"),
            **figures.all_aggregates(),
        )
        return figures.Totals.of_row(row, regions=row["regions"])

    def daily_counts(self):
        """Per (day, threat type id), days with data only, in date order: incidents, the sum of
        reported intercepted and how many incidents reported one. Zero-filling is the caller's."""
        return (
            self.order_by()
            .values("date", "threat_type")
            .annotate(incidents=Count("*"), **figures.aggregates("intercepted"))
            .values_list(
                "date", "threat_type", "incidents", "intercepted_sum", "intercepted_reported"
            )
            .order_by("date", "threat_type")
        )

    def region_totals(self):
        """RegionTotals per region with incidents, largest reported intercepted first."""
        from incidents.models import Region

        rows = list(
            self.order_by()
            .values("region")
            .annotate(
                first_date=models.Min("date"),
                last_date=models.Max("date"),
                **figures.all_aggregates(),
            )
            .order_by()
        )
        regions = Region.objects.in_bulk([row["region"] for row in rows])
        return figures.region_totals(rows, regions)

    def overview_figures(self):
        """(Totals, region_totals()) in one pass over the incidents: every incident has exactly
        one region, so the per-region figures add up to the totals."""
        regions = self.region_totals()
        return figures.Totals.summed(regions), regions

    def counts_by(self, field):
        """(id, incidents) rows of this selection per value of `field` ("region",
        "threat_type" or "damage_types"): how many incidents each value holds. An incident
        with two damage types counts once under each (the link table has one row per pair)."""
        if field == "damage_types":
            through = self.model.damage_types.through
            rows = through.objects.filter(incident__in=self.order_by().values("pk"))
            return rows.values_list("damagetype").annotate(n=Count("*")).order_by()
        return self.order_by().values_list(field).annotate(n=Count("*")).order_by()

    def counts_by_each(self, fields):
        """{field: (id, incidents) rows} as counts_by(field) for each of `fields`, in one query
        that selects the incidents once (a search's matches found once, not once per field:
        at 1,000,000 incidents a common word's matches take hundreds of milliseconds)."""
        through = self.model.damage_types.through
        link = f'"{through._meta.db_table}"'
        incident = through._meta.get_field("incident").column
        damage = through._meta.get_field("damagetype").column
        groups = {
            "region": "SELECT {n}, region_id, COUNT(*) FROM chosen GROUP BY region_id",
            "threat_type": (
                "SELECT {n}, threat_type_id, COUNT(*) FROM chosen GROUP BY threat_type_id"
            ),
            "damage_types": (
                f"SELECT {{n}}, d.{damage}, COUNT(*) FROM chosen JOIN {link} d"
                f" ON d.{incident} = chosen.id GROUP BY d.{damage}"
            ),
        }
        chosen = self.order_by().values_list("pk", "region", "threat_type")
        sql, params = sql_of(chosen)
        parts = " UNION ALL ".join(groups[field].format(n=n) for n, field in enumerate(fields))
        found = {field: [] for field in fields}
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH chosen (id, region_id, threat_type_id) AS ({sql}) {parts}", params
            )
            for n, key, count in cursor.fetchall():
                found[fields[n]].append((key, count))
        return found


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes readers may see: on published incidents, and the retractions themselves."""
        return self.filter(incident__status__in=PUBLIC_STATUSES)


class StatementQuerySet(models.QuerySet):
    def demo(self):
        """The invented statements manage.py load_demo enters (incidents.demo_statements)."""
        from incidents.demo_statements import DEMO_URL

        return self.filter(url__startswith=DEMO_URL)

    def public(self):
        """Statements readers may see: those that support a published incident, and those that
        make no claim on any incident (a total only: complete as entered). A statement whose
        incidents are all drafts (or retracted) is not public."""
        from incidents.models import Citation

        claims = Citation.objects.filter(statement=OuterRef("pk"))
        return self.filter(
            Exists(claims.filter(incident__status=Status.PUBLISHED)) | ~Exists(claims)
        )

    def supporting(self, incidents):
        """Statements that support any of `incidents` (a queryset)."""
        from incidents.models import Citation

        return self.filter(
            Exists(
                Citation.objects.filter(
                    statement=OuterRef("pk"), incident__in=incidents.values("pk")
                )
            )
        )

    def for_api(self):
        """Statements with their source, totals and claims on published incidents, in three
        queries whatever the number of statements."""
        from incidents.models import Citation, StatementTotal

        return self.select_related("source").prefetch_related(
            models.Prefetch(
                "totals", queryset=StatementTotal.objects.select_related("threat_type")
            ),
            models.Prefetch(
                "claims",
                queryset=Citation.objects.filter(incident__status=Status.PUBLISHED).order_by(
                    "incident_id", "id"
                ),
                to_attr="public_claims",
            ),
        )
