"""The editors' desk: entering incidents from statements, attaching sources, publishing."""

import datetime as dt
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from incidents import importer, services
from incidents.models import (
    Citation,
    Correction,
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

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Required when the figures of a published incident change. Shown publicly with the "
            "date, e.g. 'the governor revised the count'."
        ),
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="Not a duplicate",
        help_text="Tick after checking the likely duplicates listed, to save anyway.",
    )

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version stored when this form was shown; checked again on save (no lost
            # edits). Read from the table, since a history form's instance is an old version.
            stored = Incident.objects.filter(pk=self.instance.pk).values_list(
                "updated_at", flat=True
            )
            self.fields["loaded_version"].initial = stored[0].isoformat() if stored else ""
        status = self.fields.get("status")
        if status is not None:
            # Retraction needs a reason and a public notice: it is an action, not a choice here.
            allowed = {Incident.Status.DRAFT, Incident.Status.PUBLISHED, self.instance.status}
            status.choices = [c for c in status.choices if c[0] in allowed]

    @property
    def was_published(self):
        return self.instance.pk is not None and self.initial.get("status") == "published"

    def clean(self):
        cleaned = super().clean()
        self._check_not_stale(cleaned.get("loaded_version", ""))
        # Typing a number means the source reported it; saves editors a second click.
        for count in Incident.COUNTS:
            status_field = f"{count}_status"
            if (
                cleaned.get(count) is not None
                and cleaned.get(status_field) == Reporting.NOT_REPORTED
                and status_field in self.fields
            ):
                cleaned[status_field] = Reporting.REPORTED
        self.figure_changes = self._figure_changes(cleaned)
        if (
            self.was_published
            and self.figure_changes
            and not cleaned.get("correction_note", "").strip()
        ):
            self.add_error(
                "correction_note",
                "This incident is public and its figures changed ("
                + "; ".join(self.figure_changes)
                + "). Add a correction note: readers will see it, dated, on the incident's page.",
            )
        return cleaned

    def _check_not_stale(self, loaded_version):
        """Refuse to overwrite a newer version someone else saved since this form was loaded."""
        if not self.instance.pk:
            return
        # Locked until this save commits, so two saves cannot both pass the check.
        current = (
            Incident.objects.select_for_update(of=("self",))
            .select_related("updated_by", "region", "threat_type")
            .filter(pk=self.instance.pk)
            .first()
        )
        try:
            loaded = dt.datetime.fromisoformat(loaded_version)
        except ValueError:
            loaded = None
        if current is None or current.updated_at == loaded:
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

    def _figure_changes(self, cleaned):
        """'label: old → new' for each public figure the form changes."""
        changes = []
        for name in Incident.FIGURES:
            if name not in self.fields or name not in self.changed_data:
                continue
            field = self.fields[name]
            old, new = self.initial.get(name), cleaned.get(name)
            if name == "damage_types":
                old = ", ".join(sorted(str(d) for d in old or [])) or "none"
                new = ", ".join(sorted(str(d) for d in new or [])) or "none"
            elif hasattr(field, "queryset"):
                old = field.queryset.filter(pk=old).first() if old else None
            elif hasattr(field, "choices"):
                old = dict(field.choices).get(old, old)
                new = dict(field.choices).get(new, new)
            label = Incident._meta.get_field(name).verbose_name
            changes.append(f"{label}: {_shown(old)} → {_shown(new)}")
        return changes


def _shown(value):
    return "empty" if value in (None, "") else str(value)


class CitationInlineFormSet(forms.BaseInlineFormSet):
    """Citations, checked together with their incident: at least one to publish, and a
    confirmation when the incident likely repeats one already recorded."""

    def clean(self):
        super().clean()
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        self._check_duplicates([form.cleaned_data.get("url") for form in remaining])
        if self.instance.status != Incident.Status.PUBLISHED:
            return
        if not remaining:
            raise ValidationError(
                "A published incident needs at least one citation: add the statement it is "
                "based on, or save it as a draft."
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


def admin_change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = safe_autocomplete(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


class LikelyDuplicateFilter(admin.SimpleListFilter):
    title = "likely duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "Likely duplicates")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.flagged_as_duplicates()
        return queryset


class CorrectionInline(admin.TabularInline):
    """The public notes already made on this incident, for the editor's eyes."""

    model = Correction
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "note", "changes", "created_by"]
    readonly_fields = fields
    verbose_name_plural = "public corrections and retraction"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text=(
            "A .csv (UTF-8) or .xlsx file in the export's format: the columns of "
            "/incidents.csv. Every row is checked and shown before anything is written."
        )
    )


class ImportCommitForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    confirm_duplicates = forms.BooleanField(
        required=False,
        label="I checked the likely duplicates listed above; import them anyway.",
    )


IMPORT_SALT = "incidents.import"
IMPORT_MAX_AGE = 3600  # seconds a previewed file stays importable


class RetractForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown to readers on the incident's page.",
    )


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin):
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
        "updated_at",
        "updated_by",
    ]
    list_display_links = ["date", "region"]
    list_filter = [
        "status",
        LikelyDuplicateFilter,
        "verification",
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
    readonly_fields = [
        "retraction_reason",
        "published_at",
        "retracted_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
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
        (
            "Publication",
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
            "Record",
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
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations", distinct=True))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.status != Incident.Status.PUBLISHED:
            # Only changes to what the public already saw need a correction note.
            fieldsets = [
                (title, {**opts, "fields": [f for f in opts["fields"] if f != "correction_note"]})
                for title, opts in fieldsets
            ]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        # Editors work on drafts; what is public is changed by chief editors only.
        if (
            obj is not None
            and obj.status != Incident.Status.DRAFT
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = safe_autocomplete(self, db_field, request, kwargs)
        if db_field.name == "threat_type":
            kwargs["widget"] = forms.RadioSelect
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="incidents_incident_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        """Committing an import is a chief editor's call; any editor may preview a file."""
        return request.user.has_perm("incidents.import_incidents")

    def import_view(self, request):
        """Upload a file, see every row checked, then (chief editors) import all as drafts."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Import incidents",
            "opts": self.model._meta,
            "can_commit": self.has_import_permission(request),
            "upload_form": ImportUploadForm(),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._commit_import(request, context)
        if request.method == "POST":
            upload = ImportUploadForm(request.POST, request.FILES)
            context["upload_form"] = upload
            if upload.is_valid():
                uploaded = upload.cleaned_data["file"]
                data = uploaded.read(importer.MAX_BYTES + 1)
                try:
                    rows = importer.read_table(data, uploaded.name)
                except importer.ImportFileError as error:
                    upload.add_error("file", str(error))
                else:
                    preview = importer.preview(rows)
                    token = signing.dumps(
                        {"name": uploaded.name, "data": data.hex(), "user": request.user.pk},
                        salt=IMPORT_SALT,
                        compress=True,
                    )
                    context.update(
                        preview=preview,
                        commit_form=ImportCommitForm(initial={"token": token}),
                    )
        return TemplateResponse(request, "admin/incidents/incident/import.html", context)

    def _commit_import(self, request, context):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportCommitForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            payload = signing.loads(
                form.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
            )
        except signing.BadSignature:
            self.message_user(
                request, "The preview expired; upload the file again.", messages.ERROR
            )
            return redirect("admin:incidents_incident_import")
        if payload["user"] != request.user.pk:
            raise PermissionDenied
        preview = importer.preview(
            importer.read_table(bytes.fromhex(payload["data"]), payload["name"])
        )
        if preview.errors:
            self.message_user(
                request, "The file has errors now; nothing was imported.", messages.ERROR
            )
            return redirect("admin:incidents_incident_import")
        if preview.duplicates and not form.cleaned_data["confirm_duplicates"]:
            context.update(preview=preview, commit_form=form)
            form.add_error(
                "confirm_duplicates", "Some rows look like incidents already recorded: confirm."
            )
            return TemplateResponse(request, "admin/incidents/incident/import.html", context)
        created = importer.commit(preview, user=request.user)
        self.message_user(
            request,
            f"Imported {len(created)} incident(s) as drafts; "
            f"{len(preview.skipped)} row(s) already in the record were skipped.",
            messages.SUCCESS,
        )
        return redirect("admin:incidents_incident_changelist")

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
        if obj.status == Incident.Status.PUBLISHED:
            obj.published_at = obj.published_at or timezone.now()
            obj.retraction_reason, obj.retracted_at = "", None
        note = form.cleaned_data.get("correction_note", "").strip()
        if change and form.was_published and form.figure_changes and note:
            obj._change_reason = f"Corrected: {note}"
            super().save_model(request, obj, form, change)
            services.record_correction(
                incident=obj, user=request.user, note=note, changes="; ".join(form.figure_changes)
            )
            return
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


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    """Citations are edited inline on their incident; here each one's own history is kept."""

    list_display = ["source", "url", "incident", "published_at", "claimed_intercepted"]
    list_select_related = ["source", "incident__region", "incident__threat_type"]
    list_filter = ["source__kind"]
    search_fields = ["url", "quote", "source__name"]
    autocomplete_fields = ["source"]
    raw_id_fields = ["incident"]
    formfield_overrides = HTTPS_URLS

    def has_change_permission(self, request, obj=None):
        # Same rule as their incident: what is public is changed by chief editors only.
        if (
            obj is not None
            and obj.incident.status != Incident.Status.DRAFT
            and not request.user.has_perm("incidents.publish_incident")
        ):
            return False
        return super().has_change_permission(request, obj)


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
