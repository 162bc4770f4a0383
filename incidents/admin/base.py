"""What every admin class of the record shares: writes through the services, refusals shown."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from incidents import services
from incidents.admin.forms import ID


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

    def response_action(self, request, queryset):
        # A selection this list did not make ("abc", "²", a 30-digit id) would reach the
        # database as an id and fail there.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(ID.fullmatch(value) for value in selected):
            self.message_user(
                request, "That selection is not one from this list: select again.", messages.ERROR
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
