"""An incident: one region and one threat in an official statement, with its figures as
claimed.

Every field carries help_text because the public codebook is generated from it.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.choices import (
    COUNTS,
    Reporting,
    Status,
    Verification,
)
from incidents.figures import figure_text
from incidents.models.base import Audited
from incidents.models.reference import DamageType, Region, ThreatType
from incidents.ordering import SORT_KEYS
from incidents.querysets import IncidentQuerySet

PUBLISHED = Q(status=Status.PUBLISHED)
# No statement this record holds is older; a year 1 typed by mistake would reach PostgreSQL
# as 1 BC once converted to UTC.
EARLIEST = dt.date(1900, 1, 1)


class ChecksMirroredInPython:
    """A model whose CHECK constraints are all mirrored by its fields' validation and clean(),
    which say what is wrong in an editor's words.

    Django validates each CHECK constraint of a form's model with a query of its own (a dozen
    per incident form); here full_clean() validates only the unique constraints. The database
    still enforces every CHECK, and a test holds each one mirrored.
    """

    def get_constraints(self):
        return [
            (model, [c for c in constraints if not isinstance(c, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]


def count_constraints(counts, prefix="incident"):
    """The CHECKs of (number, state) figures: `count` and `count_status` columns."""
    for count in counts:
        number, state = count, f"{count}_status"
        yield models.CheckConstraint(
            condition=Q(**{f"{number}__gte": 0}) | Q(**{f"{number}__isnull": True}),
            name=f"{prefix}_{count}_non_negative",
        )
        yield models.CheckConstraint(
            condition=Q(**{f"{state}__in": Reporting.values}),
            name=f"{prefix}_{count}_status_valid",
        )
        # A number exactly when the state says "reported".
        yield models.CheckConstraint(
            condition=Q(**{state: Reporting.REPORTED, f"{number}__isnull": False})
            | (~Q(**{state: Reporting.REPORTED}) & Q(**{f"{number}__isnull": True})),
            name=f"{prefix}_{count}_matches_status",
        )


def figure_errors(obj, counts):
    """clean()'s mirror of count_constraints(): a number exactly when the state is reported."""
    errors = {}
    for count in counts:
        number, state = getattr(obj, count), getattr(obj, f"{count}_status")
        label = obj._meta.get_field(count).verbose_name
        if state == Reporting.REPORTED and number is None:
            errors[count] = gettext("Enter the %(label)s figure, or mark it as not reported.") % {
                "label": label
            }
        elif state != Reporting.REPORTED and number is not None:
            errors[count] = gettext(
                "A %(label)s figure was entered but the count is marked '%(state)s'; clear one "
                "of them."
            ) % {"label": label, "state": Reporting(state).label.lower()}
    return errors


class FigureFields(ChecksMirroredInPython):
    """A model whose only checked fields are its (number, state) figures, named in COUNTS."""

    COUNTS = ()

    def clean(self):
        errors = figure_errors(self, self.COUNTS)
        if errors:
            raise ValidationError(errors)

    def figure(self, count) -> str:
        """A count as readers should read it: the number, or why there is none (never 0)."""
        return figure_text(getattr(self, count), getattr(self, f"{count}_status"))


# Kept by name: the services write an incident's revision themselves (incidents/services/core.py).
INCIDENT_HISTORY = HistoricalRecords(m2m_fields=["damage_types"])


class Incident(FigureFields, Audited):
    Status = Status

    COUNTS = COUNTS

    date = models.DateField(
        help_text=_(
            "Calendar date of the event as the statement reports it (Moscow time). An overnight "
            "window counts on the date it ends: 'last night' in a morning statement is that "
            "morning's date."
        ),
        verbose_name=_("date"),
    )
    window_start = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Start of the reporting window the statement covers, where it gives one."),
        verbose_name=_("window start"),
    )
    window_end = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("End of the reporting window the statement covers, where it gives one."),
        verbose_name=_("window end"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text=_("Region (or water area) over which the threat was reported."),
        verbose_name=_("region"),
    )
    threat_type = models.ForeignKey(
        ThreatType,
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text=_("What was reported as attacking."),
        verbose_name=_("threat type"),
    )
    intercepted = models.PositiveIntegerField(
        _("reported intercepted"),
        null=True,
        blank=True,
        help_text=_("Number reported intercepted or destroyed; empty unless the source gave one."),
    )
    intercepted_status = models.CharField(
        _("intercepted count"),
        max_length=20,
        choices=Reporting,
        default=Reporting.NOT_REPORTED,
        help_text=_("Whether the source reported the intercepted count, did not, or withheld it."),
    )
    damage_types = models.ManyToManyField(
        DamageType,
        blank=True,
        related_name="incidents",
        help_text=_(
            "Kinds of damage reported; 'none reported' when the source says there was none."
        ),
        verbose_name=_("damage types"),
    )
    damage_description = models.TextField(
        blank=True,
        help_text=_("Damage in the source's words, summarised by the editor."),
        verbose_name=_("damage description"),
    )
    killed = models.PositiveIntegerField(
        _("reported killed"),
        null=True,
        blank=True,
        help_text=_("Number of people reported killed; empty unless the source gave one."),
    )
    killed_status = models.CharField(
        _("killed count"),
        max_length=20,
        choices=Reporting,
        default=Reporting.NOT_REPORTED,
        help_text=_("Whether the source reported deaths, did not, or withheld the number."),
    )
    injured = models.PositiveIntegerField(
        _("reported injured"),
        null=True,
        blank=True,
        help_text=_("Number of people reported injured; empty unless the source gave one."),
    )
    injured_status = models.CharField(
        _("injured count"),
        max_length=20,
        choices=Reporting,
        default=Reporting.NOT_REPORTED,
        help_text=_("Whether the source reported injuries, did not, or withheld the number."),
    )
    summary = models.TextField(
        help_text=_("Public one-paragraph summary of what was reported."), verbose_name=_("summary")
    )
    editor_notes = models.TextField(
        blank=True,
        help_text=_("Internal notes for editors; never shown to the public."),
        verbose_name=_("editor notes"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Only published incidents are public; retracted ones keep their URL and id."),
        verbose_name=_("status"),
    )
    verification = models.CharField(
        max_length=20,
        choices=Verification,
        default=Verification.OFFICIAL_CLAIM,
        # Also a database default, so bulk loads (COPY) that leave it out get the same value.
        db_default=Verification.OFFICIAL_CLAIM,
        help_text=_(
            "Official claim: only the cited official source says so. Corroborated: an "
            "independent source agrees. Disputed: sources disagree."
        ),
        verbose_name=_("verification"),
    )
    retraction_reason = models.TextField(
        blank=True,
        help_text=_("Why the incident was retracted; shown on its page."),
        verbose_name=_("retraction reason"),
    )
    retracted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the incident was retracted."),
        verbose_name=_("retracted at"),
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the incident was first published."),
        verbose_name=_("published at"),
    )
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_(
            "True for generated test data (manage.py generate_incidents), never for a real "
            "statement; such rows are removed with generate_incidents --delete."
        ),
    )

    objects = IncidentQuerySet.as_manager()
    # Every change is kept: who, when, what; restorable from the admin. Written by the services
    # (one revision per write, its damage types included), never by m2m signals.
    history = INCIDENT_HISTORY

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date", "-id"]
        permissions = [
            ("publish_incident", "Can publish, retract and re-publish incidents"),
            ("import_incidents", "Can commit imports of incidents"),
        ]
        indexes = [
            models.Index(fields=["date", "id"], name="incident_date_idx"),
            models.Index(fields=["region", "date"], name="incident_region_date_idx"),
            models.Index(fields=["status", "date"], name="incident_status_date_idx"),
            # What the public pages read, over published rows only: one index per sort key of
            # the table (keyset pages), and two that answer the aggregates from the index alone
            # (PostgreSQL reads no table row): the daily chart, and the per-region totals and
            # one region's chart.
            *(
                models.Index(
                    SORT_KEYS[key](), F("id"), name=f"incident_pub_{key}_idx", condition=PUBLISHED
                )
                for key in ("date", "intercepted", "casualties")
            ),
            models.Index(
                fields=["date", "threat_type"],
                include=["intercepted"],
                name="incident_pub_daily_idx",
                condition=PUBLISHED,
            ),
            models.Index(
                fields=["region", "date", "threat_type"],
                include=["intercepted", "killed", "injured"],
                name="incident_pub_region_daily_idx",
                condition=PUBLISHED,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="incident_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_start__lte=F("window_end")),
                name="incident_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | ~Q(retraction_reason=""),
                name="incident_retraction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(verification__in=Verification.values),
                name="incident_verification_valid",
            ),
            *count_constraints(COUNTS),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.region} · {self.threat_type}"

    def get_absolute_url(self):
        return reverse("dashboard:incident-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = gettext(
                "The date is in the future: enter the date of the event as reported."
            )
        elif self.date and self.date < EARLIEST:
            errors["date"] = gettext("The date is before %(year)s: check the year.") % {
                "year": f"{EARLIEST:%Y}"
            }
        latest = timezone.now() + dt.timedelta(days=1)
        for name in ("window_start", "window_end"):
            moment = getattr(self, name)
            if moment and not EARLIEST <= moment.date() <= latest.date():
                errors[name] = gettext(
                    "Give a time between %(year)s and tomorrow: check the year."
                ) % {"year": f"{EARLIEST:%Y}"}
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors.setdefault("window_end", gettext("The reporting window ends before it starts."))
        errors.update(figure_errors(self, self.COUNTS))
        if self.status == self.Status.RETRACTED and not self.retraction_reason.strip():
            errors["retraction_reason"] = gettext(
                "Give the reason for the retraction; readers will see it."
            )
        if errors:
            raise ValidationError(errors)
