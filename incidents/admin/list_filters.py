"""The incident list's own filters in the editors' desk."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class CitationCountFilter(admin.SimpleListFilter):
    title = _("citations")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", _("With a citation")), ("no", _("Without a citation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citation_count__gt=0)
        if self.value() == "no":
            return queryset.filter(citation_count=0)
        return queryset


class LikelyDuplicateFilter(admin.SimpleListFilter):
    title = _("likely duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("Likely duplicates"))]

    def queryset(self, request, queryset):
        return queryset.flagged_as_duplicates() if self.value() == "yes" else queryset


class TitledChoicesFilter(admin.ChoicesFieldListFilter):
    """A choices filter with a title of its own: two fields named "kind" (the region's, the
    source's) would otherwise both read "By kind"."""

    title_text = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.title_text


class RegionKindFilter(TitledChoicesFilter):
    title_text = _("region kind")


class SourceKindFilter(TitledChoicesFilter):
    title_text = _("source kind")
