"""The intake's figure forms: the statement's totals, one per threat, and its drafts, one per
region and threat with the figures, damage and quote the editor confirms and the incident a claim
may be added to, each kind in a formset that refuses two for the same key; apart from the
statement's own forms (incidents/admin/intake_forms.py) because these repeat, share their choice
lists across the page (shared_choices) and become the claims incidents/services/intake.py writes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.admin.intake_forms import MAX_TEXT, IdChoice, IdChoices
from incidents.changes import seen_by_readers
from incidents.choices import Reporting, Status
from incidents.figures import number_text
from incidents.models import DamageType, Incident, Region, ThreatType
from incidents.services.intake import DraftClaim


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
