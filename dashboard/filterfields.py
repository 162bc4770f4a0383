"""The FilterSet's fields and filters, each checking the shape of one parameter's values (a slug,
an ISO date in the record's range, digits) before a query sees them, so that a NUL byte, "1.0"
or 31 February is a form error instead of a database error or a 500; apart from the FilterSet
(dashboard/filters.py) so that it reads as the list of what readers can filter by.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from dashboard.parameters import DIGITS, EARLIEST_DATE, ISO_DATE, LATEST_DATE
from incidents import search

MAX_CHOICES = 100
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DATE, format_lazy(_("Dates start at {date}."), date=EARLIEST_DATE)),
    MaxValueValidator(LATEST_DATE, format_lazy(_("Dates end at {date}."), date=LATEST_DATE)),
]


def searchable(text):
    """A search of at most search.MAX_TERMS words and phrases (each is a query of its own in
    the plan). One of signs only ("-", quotation marks) is read as no search, as a blank one
    is: the API's schema admits any text, and its contract test holds it to that."""
    terms = search.terms_in(text)
    if terms > search.MAX_TERMS:
        raise ValidationError(
            _("A search takes at most %(n)s words or phrases."),
            code="too_many_terms",
            params={"n": search.MAX_TERMS},
        )


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choices by slug, checked for shape before they reach the database.

    A value with a NUL byte or an absurd count of values gets a form error here instead of a
    database error later.
    """

    def clean(self, value):
        if isinstance(value, list | tuple):
            # An empty value selects nothing, as an empty date does (a form left blank sends one).
            value = [item for item in value if item != ""]
            if len(value) > MAX_CHOICES:
                raise ValidationError(
                    _("Choose at most %(limit)d values."),
                    code="too_many",
                    params={"limit": MAX_CHOICES},
                )
            for item in value:
                if not isinstance(item, str) or not SLUG.match(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values by slug, any of which matches: one `IN`, no join, no DISTINCT."""

    field_class = SlugMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        # A slug is a string in the schema, whichever model the FilterSet filters (a statement
        # has no region field for drf-spectacular to read the type from).
        extend_schema_field({"type": "string", "description": str(self.label)})(self)

    def filter(self, qs, value):
        if not value:
            return qs
        # Literal ids (the chosen rows are already loaded), not a subquery: the planner then
        # knows how common each value is and picks the right index.
        return qs.filter(**{f"{self.field_name}__in": [choice.pk for choice in value]})


class IsoDateField(forms.DateField):
    def to_python(self, value):
        if value not in self.empty_values and not (
            isinstance(value, str) and re.fullmatch(ISO_DATE, value)
        ):
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid")
        return super().to_python(value)


class DigitsField(forms.IntegerField):
    def to_python(self, value):
        if value not in self.empty_values and not (
            isinstance(value, str) and re.fullmatch(DIGITS, value)
        ):
            raise ValidationError(_("Enter a whole number, in digits."), code="invalid")
        return super().to_python(value)


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class IntegerFilter(django_filters.NumberFilter):
    field_class = DigitsField
