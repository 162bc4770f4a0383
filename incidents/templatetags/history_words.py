"""The history page's columns in the editor's words (django-simple-history shows stored codes)."""

from django import template

register = template.Library()


@register.filter
def in_words(record, name):
    """`record`'s `name` as the admin shows it: a choice by its label, in the active language."""
    shown = getattr(record, f"get_{name}_display", None)
    return shown() if shown else getattr(record, name, None)
