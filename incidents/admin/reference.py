"""Citations on their own, and the reference lists: regions, sources, threat and damage types."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from incidents import changes, services
from incidents.admin.base import HistoryInWords, ReferenceAdmin, ThroughServices
from incidents.admin.forms import (
    HTTPS_URLS,
    CitationAdminForm,
)
from incidents.limits import ID
from incidents.models import (
    Citation,
    DamageType,
    Region,
    Source,
    ThreatType,
)


@admin.register(Citation)
class CitationAdmin(HistoryInWords, ThroughServices, SimpleHistoryAdmin):
    """Citations are mostly edited inline on their incident; here each one's own history is
    kept, and a citation can be moved to another incident (both incidents' rules apply)."""

    form = CitationAdminForm
    list_display = ["source", "url", "incident", "published_at", "claimed_intercepted"]
    list_select_related = ["source", "incident__region", "incident__threat_type"]
    list_filter = ["source__kind"]
    search_fields = ["url", "quote", "source__name"]
    autocomplete_fields = ["source"]
    raw_id_fields = ["incident"]
    readonly_fields = ["statement"]  # the one of its source and URL, found by the services
    formfield_overrides = HTTPS_URLS

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.may_change(request.user, obj.incident):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A citation of an incident readers have seen is removed on the incident's own form,
        # which takes the correction note that removal needs.
        if obj is not None and changes.seen_by_readers(obj.incident):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # One citation at a time: removing a public incident's citation needs a correction note.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        services.save_citation(
            by=request.user, citation=obj, correction_note=form.cleaned_data["correction_note"]
        )

    def delete_model(self, request, obj):
        services.delete_citation(by=request.user, citation=obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (ID.fullmatch(object_id) and ID.fullmatch(version_id)):
            raise Http404(gettext("No such revision."))
        return self._refusable(
            super().history_form_view,
            request,
            object_id,
            version_id,
            extra_context,
            keeps_form=True,
        )


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["name", "name_ru", "name_uk", "iso_code", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ru", "name_uk", "iso_name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]


@admin.register(Source)
class SourceAdmin(ReferenceAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "url"]


class VocabularyAdmin(ReferenceAdmin):
    list_display = ["name", "name_ru", "name_uk", "slug", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name", "name_ru", "name_uk", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ThreatType, VocabularyAdmin)
admin.site.register(DamageType, VocabularyAdmin)
