"""What every admin class of the record shares: writes through the services, refusals shown."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from incidents import services


class ThroughServices:
    """Admin views whose writes the services may refuse: the refusal becomes a message and
    the editor is sent back to the page (the write's transaction has rolled back)."""

    def _refusable(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.Refused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refusable(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusable(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refusable(super().changelist_view, request, *args, **kwargs)


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
