"""The record's fixed vocabularies, apart from the models so querysets, services, filters and
exports name them without reflection or string literals."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    REPUBLIC = "republic", _("Republic")
    OBLAST = "oblast", _("Oblast")
    KRAI = "krai", _("Krai")
    FEDERAL_CITY = "federal_city", _("Federal city")
    AUTONOMOUS_OBLAST = "autonomous_oblast", _("Autonomous oblast")
    AUTONOMOUS_OKRUG = "autonomous_okrug", _("Autonomous okrug")
    CITY = "city", _("City")
    WATER_AREA = "water_area", _("Water area")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    MINISTRY = "ministry", _("Ministry")
    MILITARY = "military", _("Military")
    MEDIA = "media", _("Media")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    """Where an incident stands: only published ones are public."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


# What readers have seen: changing these takes a chief editor, whatever the path.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)


class Verification(models.TextChoices):
    OFFICIAL_CLAIM = "official_claim", _("Official claim")
    CORROBORATED = "corroborated", _("Corroborated")
    DISPUTED = "disputed", _("Disputed")


class Reporting(models.TextChoices):
    """A reported count is a fact with three states; 'not reported' is never the same as 0."""

    REPORTED = "reported", _("Reported")
    NOT_REPORTED = "not_reported", _("Not reported")
    WITHHELD = "withheld", _("Withheld by the source")


# Counts come in (number, state) pairs; the state says whether the number is a fact.
COUNTS = ("intercepted", "killed", "injured")


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Corrected")
    RETRACTION = "retraction", _("Retracted")


class Language(models.TextChoices):
    """The language a statement was published in (ISO 639-1)."""

    RU = "ru", _("Russian")
    EN = "en", _("English")
    UK = "uk", _("Ukrainian")
