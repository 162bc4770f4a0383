"""The editors' forms: what they check of the input itself, before the services decide.

Nothing here writes, and no rule of the record is checked here: the services refuse what the
rules do not allow (a stale edit, a missing correction note, a published incident without a
citation), and the admin shows the refusal as an error on the field it concerns, with the
form as the editor filled it in (`incidents.admin.base`).
"""

import copy
import datetime as dt

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import is_historic

from incidents import changes
from incidents.changes import STATUS_OWNED
from incidents.choices import Reporting
from incidents.internals import ValidatesOnlyWhatItShould
from incidents.limits import ID
from incidents.models import Incident


def admin_change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def _shown(value):
    return gettext("empty") if value in (None, "") else str(value)


CORRECTION_HELP = _(
    "Required when what readers were told changes (figures, damage types, citations). Shown "
    "publicly with the date, e.g. 'the governor revised the count'."
)


class LooksUpOnce(ValidatesOnlyWhatItShould, forms.ModelForm):
    """A model form whose choice fields' rows are not looked up a second time by the model's
    own validation (a query per foreign key, per form)."""

    def excluded_from_model_validation(self):
        return {n for n, f in self.fields.items() if isinstance(f, forms.ModelChoiceField)}


class IncidentAdminForm(LooksUpOnce):
    class Meta:
        model = Incident
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {
            "damage_types": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "damage_description": forms.Textarea(attrs={"rows": 2}),
            "editor_notes": forms.Textarea(attrs={"rows": 2}),
            "retraction_reason": forms.Textarea(attrs={"rows": 2}),
        }

    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CORRECTION_HELP,
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("Not a duplicate"),
        help_text=_("Tick after checking the likely duplicates listed, to save anyway."),
    )
    loaded_version = forms.CharField(
        label=_("Loaded version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The incident as stored now, before this form changes its instance. A history form's
        # instance is an old revision: then it is read again.
        self.stored = None
        if is_historic(self.instance):
            self.stored = Incident.objects.filter(pk=self.instance.pk).first()
            if self.stored is not None:
                # A revision's content comes back; where the incident stands stays as it is.
                for name in ("status", *STATUS_OWNED):
                    setattr(self.instance, name, getattr(self.stored, name))
        elif self.instance.pk:
            self.stored = copy.copy(self.instance)
        if self.stored is not None:
            # The services refuse the save if a newer version was stored meanwhile.
            self.fields["loaded_version"].initial = self.stored.updated_at.isoformat()
        status = self.fields.get("status")
        if status is not None:
            stored = self.stored.status if self.stored else Incident.Status.DRAFT
            allowed = changes.FORM_STATUSES[stored]
            status.choices = [c for c in status.choices if c[0] in allowed]

    @property
    def version_loaded(self):
        """The stored version this form was loaded with (None on an add form)."""
        if self.stored is None:
            return None
        try:
            return dt.datetime.fromisoformat(self.cleaned_data.get("loaded_version", ""))
        except ValueError:
            return dt.datetime.min.replace(tzinfo=dt.UTC)  # matches no stored version

    def clean(self):
        cleaned = super().clean()
        # Typing a number means the source reported it; saves editors a second click. The form
        # shows it so too, should it come back with an error.
        for count in Incident.COUNTS:
            state = f"{count}_status"
            if (
                cleaned.get(count) is not None
                and cleaned.get(state) == Reporting.NOT_REPORTED
                and state in self.fields
            ):
                cleaned[state] = Reporting.REPORTED
                self.data = self.data.copy()
                self.data[self.add_prefix(state)] = Reporting.REPORTED
        return cleaned


def stale_message(current):
    """A newer version someone stored while the editor was editing, in the editor's words."""
    who = current.updated_by.get_username() if current.updated_by else gettext("someone")
    return format_html(
        gettext(
            "{who} saved a newer version of this incident at {when} while you were editing, so "
            "your changes were not saved. The newer version says: {says}. "
            '<a href="{url}">Open the newer version</a> and apply your change again, or see '
            '<a href="{history}">its history</a>.'
        ),
        who=who,
        when=timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
        says="; ".join(
            f"{Incident._meta.get_field(name).verbose_name}: {_shown(value)}"
            for name, value in (
                ("date", current.date),
                ("region", current.region),
                ("threat_type", current.threat_type),
                ("intercepted", current.figure("intercepted")),
                ("killed", current.figure("killed")),
                ("injured", current.figure("injured")),
                ("status", current.get_status_display()),
                ("summary", current.summary),
            )
        ),
        url=admin_change_url(current),
        history=reverse("admin:incidents_incident_history", args=[current.pk]),
    )


class CitationInlineFormSet(forms.BaseInlineFormSet):
    """Citations on their incident's form, with a confirmation asked for a likely duplicate."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form.cleaned_data for form in self.forms if not form.cleaned_data.get("DELETE")]
        self._check_duplicates([data["url"] for data in kept if data.get("url")])

    def _check_duplicates(self, urls):
        incident = self.instance
        if not (incident.date and incident.region_id and incident.threat_type_id):
            return
        if self.data.get("confirm_not_duplicate"):
            return
        candidates = list(
            Incident.objects.likely_duplicates(
                date=incident.date,
                region=incident.region_id,
                threat_type=incident.threat_type_id,
                urls=urls,
                exclude_pk=incident.pk,
            )[:10]
        )
        if candidates:
            links = format_html_join(
                ", ",
                '<a href="{}" target="_blank">#{} {} ({})</a>',
                (
                    (admin_change_url(c), c.pk, c, c.get_status_display().lower())
                    for c in candidates
                ),
            )
            raise ValidationError(
                format_html(
                    gettext(
                        "This looks like an incident already recorded (same date, region and "
                        "threat, or the same statement URL): {}. Check them; if this is a "
                        "different incident, tick “Not a duplicate” and save again."
                    ),
                    links,
                )
            )


class TypedMeansReported(LooksUpOnce):
    """Forms of (number, state) figures other than the incident's: a number typed means the
    source reported it, and a form posted without the state (older pages, scripts) reads as
    "not reported"."""

    figures = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for count in self.figures:
            state = self.fields.get(f"{count}_status")
            if state is not None:
                state.required = False

    def clean(self):
        cleaned = super().clean()
        for count in self.figures:
            if f"{count}_status" in self.fields:
                state = cleaned.get(f"{count}_status") or Reporting.NOT_REPORTED
                if cleaned.get(count) is not None:
                    state = Reporting.REPORTED
                cleaned[f"{count}_status"] = state
        return cleaned


class ClaimedFigure(TypedMeansReported):
    figures = ("claimed_intercepted",)


class CitationInlineForm(ClaimedFigure):
    """A citation on its incident's page (the admin adds the model's fields)."""


class CitationAdminForm(ClaimedFigure):
    """The citation admin's form (the admin adds the model's fields, with its overrides)."""

    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CORRECTION_HELP,
    )


class ReasonForm(forms.Form):
    """Why incidents are retracted or re-published: a public note, dated."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        label=_("Reason"),
        help_text=_("Shown to readers on the incident's page, dated."),
    )


class SafeAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete widget, re-rendering a form whose posted id is not a number.

    Django's widget looks the posted value up to show it and raises on "abc" or on a number too
    large for the database; here such a value is simply not shown (the field itself already
    says it is invalid).
    """

    def optgroups(self, name, value, attr=None):
        shown = [v for v in value if ID.fullmatch(str(v))]
        return super().optgroups(name, shown, attr)


def safe_autocomplete(model_admin, db_field, request, kwargs):
    if db_field.name in model_admin.get_autocomplete_fields(request):
        kwargs["widget"] = SafeAutocompleteSelect(
            db_field, model_admin.admin_site, using=kwargs.get("using")
        )
    return kwargs


# Statements are published over HTTPS; a bare "t.me/..." typed by an editor means https.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class StatementTotalFormSet(forms.BaseInlineFormSet):
    """A statement's totals: one per threat (checked here too, as a new statement's totals
    are not yet tied to it when Django checks them for uniqueness)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        threats = [
            form.cleaned_data["threat_type"]
            for form in self.forms
            if form.cleaned_data.get("threat_type") and not form.cleaned_data.get("DELETE")
        ]
        if len(threats) != len(set(threats)):
            raise ValidationError(_("Give one total per threat: a threat is listed twice."))


class StatementTotalForm(TypedMeansReported):
    """A statement's total for one threat, on the statement's page."""

    figures = ("intercepted",)


class StatementAdminForm(LooksUpOnce):
    """A statement: who, when, where, its words and window (the admin adds the fields)."""

    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when the statement supports incidents readers have seen and what it "
            "claims changes. Shown publicly, dated, on those incidents' pages."
        ),
    )
    loaded_version = forms.CharField(
        label=_("Loaded version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance if self.instance.pk else None
        if stored is not None and is_historic(stored):
            # A history form's instance is an old revision: the version is the one stored now.
            stored = type(stored).objects.filter(pk=stored.pk).only("updated_at").first()
        self.stored_version = stored.updated_at if stored is not None else None
        if self.stored_version is not None:
            self.fields["loaded_version"].initial = self.stored_version.isoformat()

    @property
    def version_loaded(self):
        """The stored version this form was loaded with (None on an add form)."""
        if self.stored_version is None:
            return None
        try:
            return dt.datetime.fromisoformat(self.cleaned_data.get("loaded_version", ""))
        except ValueError:
            return dt.datetime.min.replace(tzinfo=dt.UTC)  # matches no stored version
