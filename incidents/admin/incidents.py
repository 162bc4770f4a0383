"""The incidents desk: IncidentAdmin (the list, the change form with its citation and correction
inlines, history and restore, the import's URLs) says what editors see and may edit and hands
every write to incidents/services/; its publish, retract and re-publish actions are a mixin in
incidents/admin/incident_actions.py and its forms are in incidents/admin/forms.py, so this
module reads as the desk's layout and permissions.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from incidents import changes, services
from incidents.admin import importing
from incidents.admin.base import HistoryInWords, ThroughServices
from incidents.admin.forms import (
    HTTPS_URLS,
    CitationInlineForm,
    CitationInlineFormSet,
    IncidentAdminForm,
    safe_autocomplete,
)
from incidents.admin.incident_actions import IncidentActions
from incidents.admin.list_filters import (
    CitationCountFilter,
    LikelyDuplicateFilter,
    RegionKindFilter,
    SourceKindFilter,
)
from incidents.limits import ID
from incidents.models import (
    Citation,
    Correction,
    Incident,
)
from incidents.ordering import SORT_KEYS


class CitationInline(admin.StackedInline):
    model = Citation
    form = CitationInlineForm
    formfield_overrides = HTTPS_URLS
    formset = CitationInlineFormSet
    extra = 1
    autocomplete_fields = ["source"]
    fields = [
        ("source", "published_at"),
        "url",
        "archive_url",
        "quote",
        ("claimed_intercepted", "claimed_intercepted_status"),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = safe_autocomplete(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CorrectionInline(admin.TabularInline):
    """The public notes already made on this incident, for the editor's eyes."""

    model = Correction
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "note", "changes", "created_by"]
    readonly_fields = fields
    verbose_name_plural = _("public corrections and retraction")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(IncidentActions, HistoryInWords, ThroughServices, SimpleHistoryAdmin):
    form = IncidentAdminForm
    inlines = [CitationInline, CorrectionInline]
    history_list_display = ["status"]
    list_display = [
        "date",
        "region",
        "threat_type",
        "intercepted_display",
        "casualties_display",
        "status",
        "citation_count",
        "updated_display",
    ]
    list_display_links = ["date", "region"]
    list_filter = [
        "status",
        LikelyDuplicateFilter,
        "verification",
        "threat_type",
        "damage_types",
        ("region__kind", RegionKindFilter),
        ("citations__source__kind", SourceKindFilter),
        CitationCountFilter,
        "date",
    ]
    list_select_related = ["region", "threat_type", "updated_by"]
    search_fields = [
        "=id",
        "summary",
        "region__name",
        "region__name_ru",
        "region__name_uk",
        "region__iso_name",
        "citations__quote",
        "citations__url",
        "citations__source__name",
    ]
    search_help_text = _(
        "Search summary, region (English, Russian or Ukrainian), quotes, statement URLs, sources."
    )
    date_hierarchy = "date"
    autocomplete_fields = ["region"]
    readonly_fields = [
        "retraction_reason",
        "published_at",
        "retracted_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    actions = ["publish_selected", "retract_selected", "republish_selected"]
    list_per_page = 50
    fieldsets = [
        (_("When and where"), {"fields": ["date", ("window_start", "window_end"), "region"]}),
        (
            _("What was reported"),
            {
                "fields": [
                    "threat_type",
                    ("intercepted", "intercepted_status"),
                    "damage_types",
                    "damage_description",
                    ("killed", "killed_status"),
                    ("injured", "injured_status"),
                    "summary",
                ],
                "description": _(
                    "Enter figures exactly as the source reports them. Leave a number empty "
                    "when the source does not give it: 'not reported' is not zero."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "verification",
                    "status",
                    "correction_note",
                    "confirm_not_duplicate",
                    "retraction_reason",
                    "editor_notes",
                    "loaded_version",
                ]
            },
        ),
        (
            _("Record"),
            {
                "fields": [
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    ("published_at", "retracted_at"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if request.method == "POST":  # the past corrections are shown, never posted
            inlines = [inline for inline in inlines if not isinstance(inline, CorrectionInline)]
        return inlines

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(services.PUBLISH):
            readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        stored = self._stored(obj)
        if stored is None or not changes.seen_by_readers(stored):
            # Only changes to what readers have seen need a correction note.
            fieldsets = [
                (title, {**opts, "fields": [f for f in opts["fields"] if f != "correction_note"]})
                for title, opts in fieldsets
            ]
        return fieldsets

    def _stored(self, obj):
        # A revision shown in the history view carries its old state; the rules are about now.
        if obj is not None and is_historic(obj):
            return Incident.objects.filter(pk=obj.pk).first()
        return obj

    def has_change_permission(self, request, obj=None):
        stored = self._stored(obj)
        if stored is not None and not services.may_change(request.user, stored):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        stored = self._stored(obj)
        if stored is not None and not changes.deletable(stored):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = safe_autocomplete(self, db_field, request, kwargs)
        if db_field.name == "threat_type":
            kwargs["widget"] = forms.RadioSelect
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Writes ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Nothing yet: the incident is written with its citations, in save_related.

        django-simple-history's revert view calls save_model and then form.save_m2m(), and no
        save_related: there the write is the restore of that revision.
        """
        form.save_m2m = lambda: self._restore(request, form)

    def save_related(self, request, form, formsets, change):
        edits = None
        for formset in formsets:
            if formset.model is Citation:
                edits = services.CitationEdits.from_formset(formset)
            else:
                formset.save(commit=False)  # writes nothing: the change message reads it
        services.save_incident(
            by=request.user,
            incident=form.instance,
            damage_types=form.cleaned_data.get("damage_types"),
            citations=edits,
            loaded_version=form.version_loaded,
            correction_note=form.cleaned_data.get("correction_note", ""),
        )

    def _restore(self, request, form):
        revision = Incident.history.get(history_id=request.incident_revision)
        services.restore_revision(
            by=request.user,
            revision=revision,
            incident=form.instance,
            damage_types=form.cleaned_data.get("damage_types"),
            loaded_version=form.version_loaded,
            correction_note=form.cleaned_data.get("correction_note", ""),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (ID.fullmatch(object_id) and ID.fullmatch(version_id)):
            raise Http404(gettext("No such revision."))
        if request.method == "POST":
            # django-simple-history only hides the button; a restore is a change like any other.
            stored = Incident.objects.filter(pk=object_id).first()
            if stored is None or not services.may_change(request.user, stored):
                raise PermissionDenied
        request.incident_revision = int(version_id)  # the revision _restore brings back
        return self._refusable(
            super().history_form_view,
            request,
            object_id,
            version_id,
            extra_context,
            keeps_form=True,
        )

    def delete_model(self, request, obj):
        services.delete_drafts(by=request.user, incidents=Incident.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_drafts(by=request.user, incidents=queryset)

    # The list ----------------------------------------------------------------------------------

    # Sorted as the public table sorts it: an incident without a figure is not a 0.
    @admin.display(description=_("reported intercepted"), ordering=SORT_KEYS["intercepted"]())
    def intercepted_display(self, obj):
        return obj.figure("intercepted")

    @admin.display(description=_("killed / injured"), ordering=SORT_KEYS["casualties"]())
    def casualties_display(self, obj):
        return f"{obj.figure('killed')} / {obj.figure('injured')}"

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    # One column for when and by whom (two were off the right edge at 1366 px).
    @admin.display(description=_("last change"), ordering="updated_at")
    def updated_display(self, obj):
        when = date_format(timezone.localtime(obj.updated_at), "j M Y, H:i")
        if obj.updated_by is None:
            return when
        return format_html('{}<br><span class="quiet">{}</span>', when, obj.updated_by)

    # Import --------------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(importing.ImportView.as_view(model_admin=self))
        template = self.admin_site.admin_view(importing.import_template)
        return [
            path("import/", view, name="incidents_incident_import"),
            path("import/template.csv", template, name="incidents_incident_import_template"),
            *super().get_urls(),
        ]
