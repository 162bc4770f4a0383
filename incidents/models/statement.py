"""Statements as records: what a source published, once, with the totals it gave.

A statement makes claims; a Citation links it to each incident it supports, with the quote (the
clause the figure came from) and the figure claimed. Reconciliation (a total against its
itemised claims, one source against another) is computed from these rows, never typed in
(`incidents.reconciliation`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.choices import Language, Reporting
from incidents.models.base import Audited
from incidents.models.incident import (
    EARLIEST,
    ChecksMirroredInPython,
    FigureFields,
    count_constraints,
)
from incidents.models.reference import Source, ThreatType
from incidents.querysets import StatementQuerySet

# The (number, state) figures of the model (see incidents.models.incident.count_constraints).
TOTAL_COUNTS = ("intercepted",)


class Statement(ChecksMirroredInPython, Audited):
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="statements",
        help_text=_("Who made the statement."),
    )
    url = models.URLField(
        _("statement URL"),
        max_length=1000,
        help_text=_("Link to the statement itself; one statement per source and URL."),
    )
    archive_url = models.URLField(
        _("archive URL"),
        max_length=1000,
        blank=True,
        help_text=_("Link to an archived copy (e.g. the Wayback Machine or archive.today)."),
    )
    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        null=True,
        blank=True,
        help_text=_("When the source published the statement."),
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=8,
        choices=Language,
        blank=True,
        help_text=_("The language the statement was published in; empty where not recorded."),
    )
    text = models.TextField(
        _("verbatim text"),
        blank=True,
        help_text=_(
            "The statement's words, exactly as published; empty where only quotes were "
            "recorded (statements made from earlier citations)."
        ),
    )
    date = models.DateField(
        verbose_name=_("date"),
        help_text=_(
            "The date the statement's figures count on (Moscow time): an overnight window "
            "counts on the date it ends, as for incidents."
        ),
    )
    window_start = models.DateTimeField(
        verbose_name=_("window start"),
        null=True,
        blank=True,
        help_text=_("Start of the reporting window, where one is given."),
    )
    window_end = models.DateTimeField(
        verbose_name=_("window end"),
        null=True,
        blank=True,
        help_text=_("End of the reporting window, where one is given."),
    )

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-date", "source__name", "id"]
        indexes = [
            models.Index(fields=["date", "source"], name="statement_date_source_idx"),
            # Whether demo statements are loaded (StatementQuerySet.demo(), read by every page's
            # banner once per data version and process): an index of those rows alone, so the
            # question costs a probe, not a scan of every statement's URL (1,350,000 at a
            # million incidents: 0.2-0.5 s). Its condition is demo()'s, written out because a
            # migration freezes it (a test holds the two equal).
            models.Index(
                fields=["id"],
                condition=Q(url__startswith="https://example.org/demo/"),
                name="statement_demo_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="statement_unique_source_url"),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_start__lte=F("window_end")),
                name="statement_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.source} · {self.date:%Y-%m-%d} · {self.url}"

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate() + dt.timedelta(days=1):
            errors["date"] = _("The date is in the future: enter the date the figures count on.")
        elif self.date and self.date < EARLIEST:
            errors["date"] = _("The date is before 1900: check the year.")
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors["window_end"] = _("The reporting window ends before it starts.")
        if errors:
            raise ValidationError(errors)


class StatementTotal(FigureFields, models.Model):
    """A total the statement gives for one threat ("26 UAVs in total"), as claimed."""

    COUNTS = TOTAL_COUNTS

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="totals",
        help_text=_("The statement that gives this total."),
    )
    threat_type = models.ForeignKey(
        ThreatType,
        verbose_name=_("threat type"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("What the total counts."),
    )
    intercepted = models.PositiveIntegerField(
        _("total intercepted"),
        null=True,
        blank=True,
        help_text=_(
            "The total reported intercepted or destroyed; empty unless the source gave one."
        ),
    )
    intercepted_status = models.CharField(
        _("total intercepted count"),
        max_length=20,
        choices=Reporting,
        default=Reporting.NOT_REPORTED,
        help_text=_("Whether the source reported the total, did not, or withheld it."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement total")
        verbose_name_plural = _("statement totals")
        ordering = ["statement", "threat_type__position", "threat_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "threat_type"], name="statement_total_unique_threat"
            ),
            *count_constraints(TOTAL_COUNTS, prefix="statement_total"),
        ]

    def __str__(self):
        return f"{self.threat_type}: {self.figure('intercepted')}"
