"""The editors' forms: what they check before a save, with the services' own rules.

Nothing here writes. The checks a form makes (a stale edit, a missing correction note, a
published incident without a citation) call the functions the services decide with, so an
editor hears of a problem with the form still filled in; the services check again under lock.
"""

import copy
import datetime as dt
import re

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.models import is_historic

from incidents import changes
from incidents.changes import CitationEdits
from incidents.choices import Reporting, Status
from incidents.models import Incident


def admin_change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def _shown(value):
    return "empty" if value in (None, "") else str(value)


CORRECTION_HELP = (
    "Required when what readers were told changes (figures, damage types, citations). Shown "
    "publicly with the date, e.g. 'the governor revised the count'."
)


class LooksUpOnce(forms.ModelForm):
    """A model form whose choice fields' rows are not looked up a second time by the model's
    own validation (a query per foreign key, per form)."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.update(n for n, f in self.fields.items() if isinstance(f, forms.ModelChoiceField))
        return exclude


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
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=CORRECTION_HELP
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="Not a duplicate",
        help_text="Tick after checking the likely duplicates listed, to save anyway.",
    )
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The incident as stored now, before this form changes its instance. A history form's
        # instance is an old revision: then it is read again.
        self.stored = None
        if is_historic(self.instance):
            self.stored = Incident.objects.filter(pk=self.instance.pk).first()
        elif self.instance.pk:
            self.stored = copy.copy(self.instance)
        if self.stored is not None:
            # Checked again on save (no lost edits).
            self.fields["loaded_version"].initial = self.stored.updated_at.isoformat()
        status = self.fields.get("status")
        if status is not None:
            # Retraction needs a reason and a public notice: it is an action, not a choice here.
            allowed = {Status.DRAFT, Status.PUBLISHED, self.instance.status}
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
        self._check_not_stale()
        # Typing a number means the source reported it; saves editors a second click.
        for count in Incident.COUNTS:
            state = f"{count}_status"
            if (
                cleaned.get(count) is not None
                and cleaned.get(state) == Reporting.NOT_REPORTED
                and state in self.fields
            ):
                cleaned[state] = Reporting.REPORTED
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the form's values
        if self.stored is None or self.errors:
            return
        # Shared with the citations' formset, which validates next (same instance).
        # The form's initial damage types are the stored ones, unless it shows a revision.
        damage = None if is_historic(self.instance) else self.initial.get("damage_types", [])
        self.instance.stored_snapshot = before = changes.Snapshot.of(self.stored, damage=damage)
        if before.status != Status.PUBLISHED:
            return
        after = before.proposed(self.instance, damage_types=self.cleaned_data.get("damage_types"))
        self.public_changes = changes.public_changes(before, after)
        if self.public_changes and not self.cleaned_data.get("correction_note", "").strip():
            self.add_error(
                "correction_note",
                "This incident is public and its figures changed ("
                + "; ".join(self.public_changes)
                + "). Add a correction note: readers will see it, dated, on the incident's page.",
            )

    def _check_not_stale(self):
        """Refuse to overwrite a newer version someone else saved since this form was loaded."""
        current = self.stored
        if current is None or current.updated_at == self.version_loaded:
            return
        who = current.updated_by.get_username() if current.updated_by else "someone"
        raise ValidationError(
            format_html(
                "{} saved a newer version of this incident at {} while you were editing, so "
                "your changes were not saved. The newer version says: {}. "
                '<a href="{}">Open the newer version</a> and apply your change again, or see '
                '<a href="{}">its history</a>.',
                who,
                timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
                "; ".join(
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
                admin_change_url(current),
                reverse("admin:incidents_incident_history", args=[current.pk]),
            ),
            code="stale",
        )


def citation_edits(formset) -> CitationEdits:
    """The adds, changes and deletions an inline formset of citations holds, read while it is
    being validated (CitationEdits.from_formset reads them once it is valid)."""
    edits = CitationEdits()
    for form in formset.forms:
        new = form.instance._state.adding
        if formset.can_delete and formset._should_delete_form(form):
            if not new:
                edits.deleted.append(form.instance)
        elif new and form.has_changed():
            edits.added.append(form.instance)
        elif not new and form.has_changed():
            edits.changed.append(form.instance)
    return edits


class CitationInlineFormSet(forms.BaseInlineFormSet):
    """Citations, checked with their incident: at least one to publish, a correction note when
    a public incident's claims change, and a confirmation for a likely duplicate."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        edits = citation_edits(self)
        before = getattr(self.instance, "stored_snapshot", None) or changes.Snapshot.empty()
        after = before.proposed(self.instance, citations=edits)
        self._check_duplicates([citation.url for _, citation in after.citations.values()])
        if self.instance.status == Status.PUBLISHED and not after.citations:
            raise ValidationError(
                "A published incident needs at least one citation: add the statement it is "
                "based on, or save it as a draft."
            )
        if before.status == Status.PUBLISHED:
            claims = [c for c in changes.public_changes(before, after) if c.startswith("citation")]
            if claims and not self.data.get("correction_note", "").strip():
                raise ValidationError(
                    "This incident is public and its citations changed ("
                    + "; ".join(claims)
                    + "). Add a correction note above: readers will see it, dated."
                )

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
                    "This looks like an incident already recorded (same date, region and "
                    "threat, or the same statement URL): {}. Check them; if this is a different "
                    "incident, tick “Not a duplicate” and save again.",
                    links,
                )
            )


class CitationInlineForm(LooksUpOnce):
    """A citation on its incident's page (the admin adds the model's fields)."""


class CitationAdminForm(LooksUpOnce):
    """The citation admin's form (the admin adds the model's fields, with its overrides)."""

    correction_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=CORRECTION_HELP
    )


class RetractForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown to readers on the incident's page.",
    )


# A 64-bit id in ASCII digits: str.isdigit() also passes "²", which int() refuses.
ID = re.compile(r"[0-9]{1,18}")


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
