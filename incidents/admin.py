"""The editors' desk: entering incidents from statements, attaching sources, publishing."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone

from incidents import services
from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Reporting,
    Source,
    ThreatType,
)


class IncidentAdminForm(forms.ModelForm):
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

    def clean(self):
        cleaned = super().clean()
        # Typing a number means the source reported it; saves editors a second click.
        for count in Incident.COUNTS:
            status_field = f"{count}_status"
            if (
                cleaned.get(count) is not None
                and cleaned.get(status_field) == Reporting.NOT_REPORTED
                and status_field in self.fields
            ):
                cleaned[status_field] = Reporting.REPORTED
        return cleaned


class CitationInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Incident.Status.PUBLISHED:
            return
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not remaining:
            raise ValidationError(
                "A published incident needs at least one citation: add the statement it is "
                "based on, or save it as a draft."
            )


# Statements are published over HTTPS; a bare "t.me/..." typed by an editor means https.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class CitationInline(admin.StackedInline):
    model = Citation
    formfield_overrides = HTTPS_URLS
    formset = CitationInlineFormSet
    extra = 1
    autocomplete_fields = ["source"]
    fields = [
        ("source", "published_at"),
        "url",
        "archive_url",
        "quote",
        "claimed_intercepted",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationCountFilter(admin.SimpleListFilter):
    title = "citations"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "With a citation"), ("no", "Without a citation")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citation_count__gt=0)
        if self.value() == "no":
            return queryset.filter(citation_count=0)
        return queryset


class RetractForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown to readers on the incident's page.",
    )


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = IncidentAdminForm
    inlines = [CitationInline]
    list_display = [
        "date",
        "region",
        "threat_type",
        "intercepted_display",
        "casualties_display",
        "status",
        "citation_count",
        "updated_at",
        "updated_by",
    ]
    list_display_links = ["date", "region"]
    list_filter = [
        "status",
        "threat_type",
        "damage_types",
        "region__kind",
        "citations__source__kind",
        CitationCountFilter,
        "date",
    ]
    list_select_related = ["region", "threat_type", "updated_by"]
    search_fields = [
        "=id",
        "summary",
        "region__name",
        "region__name_ru",
        "region__iso_name",
        "citations__quote",
        "citations__url",
        "citations__source__name",
    ]
    search_help_text = (
        "Search summary, region (English or Russian), quotes, statement URLs, sources."
    )
    date_hierarchy = "date"
    autocomplete_fields = ["region"]
    readonly_fields = ["published_at", "created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish_selected", "unpublish_selected", "retract_selected"]
    list_per_page = 50
    fieldsets = [
        ("When and where", {"fields": ["date", ("window_start", "window_end"), "region"]}),
        (
            "What was reported",
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
                "description": (
                    "Enter figures exactly as the source reports them. Leave a number empty "
                    "when the source does not give it: 'not reported' is not zero."
                ),
            },
        ),
        ("Publication", {"fields": ["status", "retraction_reason", "editor_notes"]}),
        (
            "Record",
            {
                "fields": [
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    "published_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations", distinct=True))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["status", "retraction_reason"]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "threat_type":
            kwargs["widget"] = forms.RadioSelect
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_publish_permission(self, request):
        return request.user.has_perm("incidents.publish_incident")

    def has_delete_permission(self, request, obj=None):
        # Published or retracted incidents are retracted, never deleted: their ids stay unique
        # and their URLs keep answering.
        if obj is not None and obj.status != Incident.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.status == Incident.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description="reported intercepted", ordering="intercepted")
    def intercepted_display(self, obj):
        return obj.figure("intercepted")

    @admin.display(description="killed / injured")
    def casualties_display(self, obj):
        return f"{obj.figure('killed')} / {obj.figure('injured')}"

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    def _report(self, request, result, done, refused_reason=None):
        if result.changed:
            self.message_user(
                request, f"{len(result.changed)} incident(s) {done}.", messages.SUCCESS
            )
        for incident in result.refused:
            self.message_user(
                request, f"“{incident}” was not {done}: {refused_reason}", messages.ERROR
            )
        if not result.changed and not result.refused:
            self.message_user(
                request, f"Nothing to do: no selected incident could be {done}.", messages.WARNING
            )

    @admin.action(description="Publish selected incidents", permissions=["publish"])
    def publish_selected(self, request, queryset):
        result = services.publish(incidents=queryset, user=request.user)
        self._report(
            request,
            result,
            "published",
            "it has no citation. Add the statement it is based on first.",
        )

    @admin.action(
        description="Unpublish selected incidents (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        self._report(
            request, services.unpublish(incidents=queryset, user=request.user), "unpublished"
        )

    @admin.action(description="Retract selected incidents…", permissions=["publish"])
    def retract_selected(self, request, queryset):
        form = RetractForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            result = services.retract(
                incidents=queryset, user=request.user, reason=form.cleaned_data["reason"]
            )
            self._report(request, result, "retracted")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Retract incidents",
            "opts": self.model._meta,
            "incidents": queryset.select_related("region", "threat_type"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/incidents/incident/retract.html", context)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru", "iso_code", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ru", "iso_name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "url"]


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ThreatType, VocabularyAdmin)
admin.site.register(DamageType, VocabularyAdmin)
