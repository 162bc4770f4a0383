"""What every admin class of the record shares: writes through the services, refusals shown."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper

from incidents import services
from incidents.admin.forms import stale_message
from incidents.limits import ID


def refusal_message(refusal):
    if isinstance(refusal, services.Stale):
        return stale_message(refusal.current)
    return refusal.message


def showing(form_class, refusal):
    """`form_class`, bound forms of which carry `refusal` as an error on the field it concerns
    (or on the whole form): the form comes back as the editor filled it in."""

    class Refused(form_class):
        def full_clean(self):
            super().full_clean()
            if self.is_bound:
                field = refusal.field if refusal.field in self.fields else None
                self.add_error(field, refusal_message(refusal))

    Refused.__name__ = form_class.__name__
    return Refused


class ThroughServices:
    """Admin views whose writes the services may refuse (the write's transaction has then
    rolled back). A refused form is shown again, with the refusal as a form error and
    everything typed kept; a refused action or deletion becomes a message on the page."""

    def _refusable(self, view, request, *args, keeps_form=False, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.Refused as refusal:
            if keeps_form and request.method == "POST" and not hasattr(request, "refusal"):
                # The same view again, whose form now fails validation with the refusal:
                # Django shows it as posted, with its inlines, and writes nothing.
                request.refusal = refusal
                return self._refusable(view, request, *args, **kwargs)
            self.message_user(request, refusal_message(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "refusal", None)
        return form if refusal is None else showing(form, refusal)

    def changeform_view(self, request, *args, **kwargs):
        return self._refusable(super().changeform_view, request, *args, keeps_form=True, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusable(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refusable(super().changelist_view, request, *args, **kwargs)

    def response_action(self, request, queryset):
        # A selection this list did not make ("abc", "²", a 30-digit id) would reach the
        # database as an id and fail there.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(ID.fullmatch(value) for value in selected):
            self.message_user(
                request,
                gettext("That selection is not one from this list: select again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class ReferenceAdmin(ThroughServices, admin.ModelAdmin):
    """Regions, sources, threat and damage types: saved through the services, because their
    names are on every public page."""

    def save_model(self, request, obj, form, change):
        services.save_reference(by=request.user, obj=obj)

    def delete_model(self, request, obj):
        services.delete_reference(by=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_reference(by=request.user, obj=obj)


class ChangesInWords(HistoricalRecordContextHelper):
    """A revision's changes as editors read them: a choice by its label in their language, an
    empty value as a dash (django-simple-history shows what is stored: "draft → published",
    "None → 2026-03-01 …")."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return "—"
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return value


class HistoryInWords:
    """For a SimpleHistoryAdmin: its history page lists changes in words (ChangesInWords)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesInWords(self.model, historical_record)
