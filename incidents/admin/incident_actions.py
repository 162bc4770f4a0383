"""The incidents list's actions (publish, retract and re-publish the selected incidents, the last
two after asking for the public note) and the messages that say what each did or refused: a
mixin of IncidentAdmin, apart so that incidents/admin/incidents.py reads as what editors see and
edit; each action is one call to incidents/services/, which holds the rules of publication.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from incidents import services
from incidents.admin.forms import ReasonForm

# What each action says it did (changed: singular and plural), refused, and found nothing to do.
REPORTS = {
    "published": (
        ngettext_lazy("%(count)d incident published.", "%(count)d incidents published.", "count"),
        _("“%(incident)s” was not published: %(why)s"),
        _("Nothing to do: no selected incident could be published."),
    ),
    "retracted": (
        ngettext_lazy("%(count)d incident retracted.", "%(count)d incidents retracted.", "count"),
        _("“%(incident)s” was not retracted: %(why)s"),
        _("Nothing to do: no selected incident could be retracted."),
    ),
    "re-published": (
        ngettext_lazy(
            "%(count)d incident re-published.", "%(count)d incidents re-published.", "count"
        ),
        _("“%(incident)s” was not re-published: %(why)s"),
        _("Nothing to do: no selected incident could be re-published."),
    ),
}


class IncidentActions:
    """The actions of IncidentAdmin (a ModelAdmin: message_user, admin_site, model)."""

    def _report(self, request, result, done):
        """`done`: a key of REPORTS, what the action did."""
        changed, refused, nothing = REPORTS[done]
        if result.changed:
            count = len(result.changed)
            self.message_user(request, changed % {"count": count}, messages.SUCCESS)
        for incident, why in result.refused:
            self.message_user(request, refused % {"incident": incident, "why": why}, messages.ERROR)
        if not result.changed and not result.refused:
            self.message_user(request, nothing, messages.WARNING)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH)

    @admin.action(description=_("Publish selected incidents"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._report(request, services.publish(by=request.user, incidents=queryset), "published")

    @admin.action(description=_("Retract selected incidents…"), permissions=["publish"])
    def retract_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.retract,
            action="retract_selected",
            done="retracted",
            title=_("Retract incidents"),
            about=_(
                "Retracted incidents leave every public count, chart and export. Their pages "
                "keep answering with a retraction notice and the reason you give here. Only "
                "incidents readers have seen can be retracted."
            ),
        )

    @admin.action(
        description=_("Re-publish selected retracted incidents…"), permissions=["publish"]
    )
    def republish_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.republish,
            action="republish_selected",
            done="re-published",
            title=_("Re-publish incidents"),
            about=_(
                "Re-published incidents count again in every public figure. Their pages show "
                "the note you give here, dated, beside the retraction notice they had."
            ),
        )

    def _with_reason(self, request, queryset, service, *, action, done, title, about):
        """An action that asks for a public note first (why an incident is retracted, or
        re-published); a refused note is asked for again, as typed."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                result = service(
                    by=request.user, incidents=queryset, reason=form.cleaned_data["reason"]
                )
            except services.Refused as refusal:
                form.add_error("reason", refusal.message)
            else:
                self._report(request, result, done)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "about": about,
            "opts": self.model._meta,
            "incidents": queryset.select_related("region", "threat_type"),
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/incidents/incident/note_action.html", context)
