"""Statements: what a source published, its totals, and the claims it makes on incidents."""

from django.contrib import admin
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from incidents import reconciliation, services
from incidents.admin.base import HistoryInWords, ThroughServices
from incidents.admin.forms import (
    HTTPS_URLS,
    StatementAdminForm,
    StatementTotalForm,
    StatementTotalFormSet,
    safe_autocomplete,
)
from incidents.admin.intake import IntakeView
from incidents.limits import ID
from incidents.models import Citation, Incident, Statement, StatementTotal


class StatementTotalInline(admin.TabularInline):
    model = StatementTotal
    form = StatementTotalForm
    formset = StatementTotalFormSet
    extra = 1
    fields = ["threat_type", "intercepted", "intercepted_status"]
    verbose_name_plural = _("totals (as the statement gives them)")


class ClaimInline(admin.TabularInline):
    """The incidents this statement supports; a claim is edited on its incident's form, where
    the incident's rules (and a public note, once readers have seen it) apply."""

    model = Citation
    fk_name = "statement"
    extra = 0
    can_delete = False
    fields = ["incident_link", "quote", "claimed_intercepted", "claimed_intercepted_status"]
    readonly_fields = fields
    verbose_name = _("claim")
    verbose_name_plural = _("claims (edited on each incident)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("incident__region", "incident__threat_type")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("incident"))
    def incident_link(self, citation):
        url = reverse("admin:incidents_incident_change", args=[citation.incident_id])
        return format_html(
            '<a href="{}">#{} {} ({})</a>',
            url,
            citation.incident_id,
            citation.incident,
            citation.incident.get_status_display().lower(),
        )


@admin.register(Statement)
class StatementAdmin(HistoryInWords, ThroughServices, SimpleHistoryAdmin):
    form = StatementAdminForm
    formfield_overrides = HTTPS_URLS
    inlines = [StatementTotalInline, ClaimInline]
    list_display = ["date", "source", "published_at", "language", "claim_count", "url"]
    list_display_links = ["date", "source"]
    list_filter = ["source__kind", "language", "date"]
    list_select_related = ["source"]
    search_fields = ["=id", "url", "text", "source__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["source"]
    readonly_fields = ["adds_up", "created_at", "created_by", "updated_at", "updated_by"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": [("source", "language"), "url", "archive_url", "published_at"]}),
        (
            _("What it says"),
            {"fields": ["text", "date", ("window_start", "window_end"), "adds_up"]},
        ),
        (_("Publication"), {"fields": ["correction_note", "loaded_version"]}),
        (
            _("Record"),
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    def get_urls(self):
        intake = self.admin_site.admin_view(IntakeView.as_view(model_admin=self))
        return [path("intake/", intake, name="incidents_statement_intake"), *super().get_urls()]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if request.method == "POST":  # the claims are shown, never posted
            inlines = [i for i in inlines if not isinstance(i, ClaimInline)]
        return inlines

    @admin.display(description=_("what it adds up to"))
    def adds_up(self, obj):
        """The reconciliation of its totals and claims, drafts included (computed)."""
        if obj is None or obj.pk is None:
            return "—"
        lines = reconciliation.statement_lines(
            Statement.objects.filter(pk=obj.pk), incidents=Incident.objects.all()
        ).get(obj.pk, [])
        return format_html_join(
            mark_safe("<br>"), "{}: {}", ((line.threat, str(line)) for line in lines)
        ) or _("no total and no claim yet")

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = safe_autocomplete(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.may_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pk and obj.claims.exists():
            return False
        return super().has_delete_permission(request, obj)

    # Writes ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Nothing yet: the statement is written with its totals, in save_related.

        django-simple-history's revert view calls save_model and then form.save_m2m(), and no
        save_related: there the write is the revision brought back (its totals stay).
        """
        form.save_m2m = lambda: services.save_statement(
            by=request.user,
            statement=obj,
            loaded_version=form.version_loaded,
            correction_note=form.cleaned_data.get("correction_note", ""),
            reason=gettext("Restored a revision"),
        )

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

    def save_related(self, request, form, formsets, change):
        totals = None
        for formset in formsets:
            if formset.model is StatementTotal:
                totals = services.TotalEdits.from_formset(formset)
        services.save_statement(
            by=request.user,
            statement=form.instance,
            totals=totals,
            loaded_version=form.version_loaded,
            correction_note=form.cleaned_data.get("correction_note", ""),
        )

    def delete_model(self, request, obj):
        services.delete_statement(by=request.user, statement=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_statement(by=request.user, statement=obj)
