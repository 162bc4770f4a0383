"""The intake's forms: the pasted statement, then its reading as the editor corrects it (the
statement's date and window, its totals, one draft per region and threat).

The reading travels in these forms, never in the database: the parser's proposal fills them,
the editor changes what it got wrong, and the confirmed values are checked like any input.
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

from incidents.changes import seen_by_readers
from incidents.choices import Reporting, SourceKind, Status
from incidents.figures import number_text
from incidents.limits import ID
from incidents.models import DamageType, Incident, Region, Source, Statement, ThreatType
from incidents.models.incident import EARLIEST
from incidents.services.intake import DraftClaim

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


def number(label):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, required=False)


def state(label):
    return forms.ChoiceField(
        label=label, choices=Reporting.choices, initial=Reporting.NOT_REPORTED, required=False
    )


class FigureForm(forms.Form):
    """A form of (number, state) figures: a number typed means the source reported it."""

    figures = ()

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in (choices or {}).items():
            if name in self.fields:
                self.fields[name].choices = options  # one query for every form of the page

    def clean(self):
        cleaned = super().clean()
        for count in self.figures:
            given = cleaned.get(f"{count}_status") or Reporting.NOT_REPORTED
            if cleaned.get(count) is not None:
                given = Reporting.REPORTED
            elif given == Reporting.REPORTED and count not in self.errors:
                self.add_error(count, _("Enter the figure, or mark it as not reported."))
            cleaned[f"{count}_status"] = given
        return cleaned


class TotalForm(FigureForm):
    figures = ("intercepted",)

    threat_type = IdChoice(label=_("Threat"), queryset=ThreatType.objects.all())
    intercepted = number(_("Total intercepted"))
    intercepted_status = state(_("Total's state"))


class DraftForm(FigureForm):
    figures = ("intercepted", "killed", "injured")

    region = IdChoice(label=_("Region"), queryset=Region.objects.order_by("name"))
    threat_type = IdChoice(label=_("Threat"), queryset=ThreatType.objects.all())
    intercepted = number(_("Intercepted"))
    intercepted_status = state(_("Intercepted: state"))
    damage_types = IdChoices(
        label=_("Damage"),
        queryset=DamageType.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    killed = number(_("Killed"))
    killed_status = state(_("Killed: state"))
    injured = number(_("Injured"))
    injured_status = state(_("Injured: state"))
    quote = forms.CharField(
        label=_("Quote"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 1, "cols": 60}),
    )
    attach_to = IdChoice(
        label=_("Record as"),
        queryset=Incident.objects.exclude(status=Status.RETRACTED),
        required=False,
        empty_label=_("a new incident"),
        help_text=_(
            "An incident already recorded for this night, region and threat: the claim is "
            "added to it, beside the other sources' figures."
        ),
    )

    def __init__(self, *args, standing=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the incidents recorded for this draft's region and threat on the night
        # (the page reads them once); a value posted for another incident is still checked.
        region, threat = (self.initial.get("region"), self.initial.get("threat_type"))
        if self.is_bound:
            region, threat = (self.data.get(self.add_prefix(n)) for n in ("region", "threat_type"))
        offered = [
            incident
            for (r, t), incidents in (standing or {}).items()
            if (str(r), str(t)) == (str(region), str(threat))
            for incident in incidents
        ]
        self.fields["attach_to"].widget.choices = [
            ("", _("a new incident")),
            *((incident.pk, attach_label(incident)) for incident in offered),
        ]

    def clean(self):
        cleaned = super().clean()
        incident = cleaned.get("attach_to")
        if incident is not None and (incident.region_id, incident.threat_type_id) != (
            getattr(cleaned.get("region"), "pk", None),
            getattr(cleaned.get("threat_type"), "pk", None),
        ):
            self.add_error(
                "attach_to",
                _(
                    "Incident #%(id)s is for another region or threat: record the claim as a "
                    "new incident, or pick the incident of its region and threat."
                )
                % {"id": incident.pk},
            )
        return cleaned

    def claim(self):
        values = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        values["damage_types"] = list(values["damage_types"])
        return DraftClaim(**values)


def attach_label(incident):
    """An incident a claim may be added to, as the intake offers it."""
    if incident.intercepted_status == Reporting.REPORTED:
        figure = _("%(n)s intercepted") % {"n": number_text(incident.intercepted)}
    else:
        figure = incident.get_intercepted_status_display()
    if seen_by_readers(incident):
        return _("add to incident #%(id)s (public, %(figure)s: a chief editor's, with a note)") % {
            "id": incident.pk,
            "figure": figure,
        }
    return _("add to incident #%(id)s (draft, %(figure)s)") % {"id": incident.pk, "figure": figure}


class KeptForms(forms.BaseFormSet):
    """The forms the editor keeps: every proposed one not deleted, and any blank one filled."""

    def kept(self):
        return [
            form
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
            and (form.has_changed() or self.forms.index(form) < self.initial_form_count())
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.check_date()
        seen = set()
        for form in self.kept():
            key = tuple(form.cleaned_data.get(name) for name in self.unique)
            if key in seen:
                raise ValidationError(self.twice)
            seen.add(key)


class TotalForms(KeptForms):
    unique = ("threat_type",)

    def check_date(self):
        pass

    twice = _("Two totals for one threat: keep one (delete the other).")


class DraftForms(KeptForms):
    unique = ("region", "threat_type")
    twice = _("Two drafts for the same region and threat: keep one (delete the other).")
    date = None  # the night the statement counts on, as confirmed (set by the review)

    def check_date(self):
        for form in self.kept():
            incident = form.cleaned_data.get("attach_to")
            if incident is not None and self.date is not None and incident.date != self.date:
                form.add_error(
                    "attach_to",
                    _(
                        "Incident #%(id)s counts on %(date)s, not on the statement's date: "
                        "record the claim as a new incident, or correct the date."
                    )
                    % {"id": incident.pk, "date": incident.date.isoformat()},
                )


TotalFormSet = forms.formset_factory(
    TotalForm, formset=TotalForms, extra=1, can_delete=True, max_num=50, absolute_max=50
)
DraftFormSet = forms.formset_factory(
    DraftForm, formset=DraftForms, extra=1, can_delete=True, max_num=100, absolute_max=100
)


def shared_choices():
    """The choice lists of the totals' and drafts' forms, read once for the whole page."""

    def listed(queryset):
        return [("", "---------"), *((row.pk, str(row)) for row in queryset)]

    return {
        "region": listed(Region.objects.order_by("name")),
        "threat_type": listed(ThreatType.objects.all()),
        "damage_types": [(row.pk, str(row)) for row in DamageType.objects.all()],
    }
