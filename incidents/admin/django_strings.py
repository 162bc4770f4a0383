"""Strings of Django's own admin templates that its catalogue leaves untranslated in a language
the editors read: named here so that `make messages` keeps them in this project's catalogue,
which Django reads before its own (LOCALE_PATHS). Django 5.2.19 added "Model name" to the
admin's app list with no Ukrainian."""

from django.utils.translation import gettext_noop

UNTRANSLATED_BY_DJANGO = (gettext_noop("Model name"),)
