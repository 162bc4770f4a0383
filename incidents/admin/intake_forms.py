"""The intake's statement forms: the pasted statement (its words, source, URL, when published)
and the date its figures count on with its reporting window, plus the pieces the figure forms
(incidents/admin/intake_figures.py) share: a row chosen by a checked id, the text limit. The
reading travels in these forms, never in the database: the parser's proposal fills them, the
editor changes what it got wrong, and the confirmed values are checked like any input.
"""

import datetime as dt
import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from incidents.choices import SourceKind
from incidents.limits import ID
from incidents.models import Source, Statement
from incidents.models.incident import EARLIEST

MAX_TEXT = 20_000
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class IdChoice(forms.ModelChoiceField):
    """A row chosen by id; an id no column holds ("²", 30 digits) is refused before the
    database sees it."""

    def to_python(self, value):
        if value not in self.empty_values and not ID.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdChoices(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Ids checked before they reach the database (a 21-digit id overflows its column).
        for pk in value if isinstance(value, (list, tuple)) else ():
            if not ID.fullmatch(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


def digest(text):
    """What the proposal on the page was read from: a confirmation of other words is refused."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


def statement_link(statement):
    url = reverse("admin:incidents_statement_change", args=[statement.pk])
    return format_html(
        '{} <a href="{}">{}</a>',
        _("This source's statement at this URL is already recorded:"),
        url,
        _("open statement #%(id)s") % {"id": statement.pk},
    )


class PasteForm(forms.Form):
    """The statement as published: its words, who said it, where and when."""

    text = forms.CharField(
        label=_("Statement text"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("Paste the statement exactly as published (Russian or English)."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Tell from the text")), ("ru", _("Russian")), ("en", _("English"))],
    )
    source = IdChoice(
        label=_("Source"),
        queryset=Source.objects.order_by("name"),
        required=False,
        help_text=_("Who published it; or name a new source below."),
    )
    new_source_name = forms.CharField(
        label=_("New source"),
        max_length=200,
        required=False,
        help_text=_("Only for a source not in the list, e.g. 'Governor of Tula Oblast'."),
    )
    new_source_kind = forms.ChoiceField(
        label=_("New source's kind"),
        choices=[("", "---------"), *SourceKind.choices],
        required=False,
    )
    url = forms.URLField(
        label=_("Statement URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Link to the statement itself (its post, not the channel)."),
    )
    archive_url = forms.URLField(
        label=_("Archive URL"), max_length=1000, required=False, assume_scheme="https"
    )
    published_at = forms.DateTimeField(
        label=_("Published at"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("When the source published it, in the site's time zone (Moscow)."),
    )
    read_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean(self):
        cleaned = super().clean()
        source, name = cleaned.get("source"), cleaned.get("new_source_name", "").strip()
        if source and name:
            self.add_error("new_source_name", _("Pick a source or name a new one, not both."))
        elif not source and not name and "source" not in self.errors:
            self.add_error("source", _("Pick the source, or name a new one below."))
        elif name:
            if Source.objects.filter(name__iexact=name).exists():
                self.add_error(
                    "new_source_name", _("A source of this name exists: pick it in the list.")
                )
            elif not cleaned.get("new_source_kind"):
                self.add_error("new_source_kind", _("Say what kind of source it is."))
        if not cleaned.get("language") and cleaned.get("text"):
            cleaned["language"] = "ru" if CYRILLIC.search(cleaned["text"]) else "en"
        url = cleaned.get("url")
        if source and url:
            twin = Statement.objects.filter(source=source, url=url).first()
            if twin is not None:
                self.add_error("url", statement_link(twin))
        return cleaned

    @property
    def read_same_text(self):
        """Whether the proposal on the page was read from the text as posted now."""
        return self.cleaned_data.get("read_from") == digest(self.cleaned_data.get("text", ""))

    def new_source(self):
        name = self.cleaned_data.get("new_source_name", "").strip()
        if not name:
            return None
        return Source(name=name, kind=self.cleaned_data["new_source_kind"])


class WhenForm(forms.Form):
    """The date the statement's figures count on, and its window."""

    date = forms.DateField(
        label=_("Counts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    window_start = forms.DateTimeField(
        label=_("Window from"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    window_end = forms.DateTimeField(
        label=_("Window to"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    correction_note = forms.CharField(
        label=_("Correction note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Needed only when a claim is attached to an incident readers have seen: they will "
            "see this note, dated, on its page."
        ),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + dt.timedelta(days=1):
            raise ValidationError(
                _("The date is in the future: enter the date the figures count on.")
            )
        if date < EARLIEST:
            raise ValidationError(_("The date is before 1900: check the year."))
        return date

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", _("The reporting window ends before it starts."))
        return cleaned
