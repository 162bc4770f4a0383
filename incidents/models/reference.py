"""The lists the record refers to: regions and water areas, threat and damage types, sources.

Every field carries help_text because the public codebook is generated from it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incidents.choices import (
    RegionKind,
    SourceKind,
)


def in_language(instance, field):
    """`field` in the active language: its `<field>_ru` / `<field>_uk` column where filled, else
    the English one (the column without a suffix)."""
    language = get_language()
    if language and language != "en":
        translated = getattr(instance, f"{field}_{language.split('-')[0]}", "")
        if translated:
            return translated
    return getattr(instance, field)


class Region(models.Model):
    Kind = RegionKind

    name = models.CharField(
        verbose_name=_("English name"),
        max_length=100,
        unique=True,
        help_text=_("English name as English-language newsrooms write it, e.g. 'Kaluga Oblast'."),
    )
    name_ru = models.CharField(
        _("Russian name"), max_length=100, help_text=_("Name in Russian, e.g. 'Калужская область'.")
    )
    name_uk = models.CharField(
        _("Ukrainian name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Name in Ukrainian, e.g. 'Калузька область' (from the ISO 3166-2 translations)."
        ),
    )
    iso_name = models.CharField(
        _("ISO romanisation"),
        max_length=100,
        blank=True,
        help_text=_("ISO 3166-2 romanisation (e.g. Kaluzhskaya oblast'); searchable alias."),
    )
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in URLs and exports."),
    )
    iso_code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        blank=True,
        help_text=_("ISO 3166-2 subdivision code (e.g. RU-KLU); empty for water areas."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=Kind,
        help_text=_("Kind of territory (oblast, republic, water area, ...)."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"], condition=~Q(iso_code=""), name="region_iso_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RegionKind.values), name="region_kind_valid"
            ),
        ]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("dashboard:region-detail", args=[self.slug])

    @property
    def local_name(self):
        """The name in the reader's language (English where none is recorded)."""
        return in_language(self, "name")


class Vocabulary(models.Model):
    """A small editor-extendable vocabulary: the codebook lists its rows."""

    name = models.CharField(
        verbose_name=_("English name"),
        max_length=100,
        unique=True,
        help_text=_("Label shown to readers."),
    )
    name_ru = models.CharField(
        _("Russian name"), max_length=100, blank=True, help_text=_("The label in Russian.")
    )
    name_uk = models.CharField(
        _("Ukrainian name"), max_length=100, blank=True, help_text=_("The label in Ukrainian.")
    )
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in URLs and exports."),
    )
    description = models.TextField(
        verbose_name=_("English description"),
        blank=True,
        help_text=_("What belongs in this category; shown in the codebook."),
    )
    description_ru = models.TextField(
        _("Russian description"), blank=True, help_text=_("The description in Russian.")
    )
    description_uk = models.TextField(
        _("Ukrainian description"), blank=True, help_text=_("The description in Ukrainian.")
    )
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"),
        default=0,
        help_text=_("Order in lists and legends (lowest first)."),
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.local_name

    @property
    def local_name(self):
        """The label in the reader's language (English where none is recorded)."""
        return in_language(self, "name")

    @property
    def local_description(self):
        return in_language(self, "description")


class ThreatType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("threat type")
        verbose_name_plural = _("threat types")


class DamageType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("damage type")
        verbose_name_plural = _("damage types")


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        unique=True,
        help_text=_("Who speaks, e.g. 'Governor of Kaluga Oblast (Telegram)'."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=30,
        choices=Kind,
        help_text=_("What kind of speaker this is."),
    )
    url = models.URLField(
        _("home URL"),
        max_length=500,
        blank=True,
        help_text=_("Where this source publishes, e.g. its Telegram channel or website."),
    )
    posts_daily = models.BooleanField(
        _("posts daily"),
        default=False,
        db_default=False,
        help_text=_(
            "Whether the source publishes a statement every day (e.g. the ministry's morning "
            "summary): a day without one is then shown as a gap in coverage, never as zero."
        ),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name
