"""The record's fixed vocabularies, apart from the models so querysets, services, filters and
exports name them without reflection or string literals."""

from django.db import models


class RegionKind(models.TextChoices):
    REPUBLIC = "republic", "Republic"
    OBLAST = "oblast", "Oblast"
    KRAI = "krai", "Krai"
    FEDERAL_CITY = "federal_city", "Federal city"
    AUTONOMOUS_OBLAST = "autonomous_oblast", "Autonomous oblast"
    AUTONOMOUS_OKRUG = "autonomous_okrug", "Autonomous okrug"
    CITY = "city", "City"
    WATER_AREA = "water_area", "Water area"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    REGIONAL_AUTHORITY = "regional_authority", "Regional authority"
    MINISTRY = "ministry", "Ministry"
    MILITARY = "military", "Military"
    MEDIA = "media", "Media"
    SOCIAL_MEDIA = "social_media", "Social media"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    """Where an incident stands: only published ones are public."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


# What readers have seen: changing these takes a chief editor, whatever the path.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)


class Verification(models.TextChoices):
    OFFICIAL_CLAIM = "official_claim", "Official claim"
    CORROBORATED = "corroborated", "Corroborated"
    DISPUTED = "disputed", "Disputed"


class Reporting(models.TextChoices):
    """A reported count is a fact with three states; 'not reported' is never the same as 0."""

    REPORTED = "reported", "Reported"
    NOT_REPORTED = "not_reported", "Not reported"
    WITHHELD = "withheld", "Withheld by the source"


# Counts come in (number, state) pairs; the state says whether the number is a fact.
COUNTS = ("intercepted", "killed", "injured")


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Corrected"
    RETRACTION = "retraction", "Retracted"


class Language(models.TextChoices):
    """The language a statement was published in (ISO 639-1)."""

    RU = "ru", "Russian"
    EN = "en", "English"
    UK = "uk", "Ukrainian"
