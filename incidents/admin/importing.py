"""The import page of the incidents admin: upload a file, see every row checked, then (chief
editors) write the new rows as drafts.

The checked rows wait server-side (services.stage_import) between the preview and the commit,
so the file never travels to the browser and back, and the commit does not check it again.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views import View

from incidents import importer, services
from incidents.limits import MAX_ID

TEMPLATE = "admin/incidents/incident/import.html"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A .csv (UTF-8) or .xlsx file in the export's format: the columns of "
            "/incidents.csv. Every row is checked and shown before anything is written."
        ),
    )


class ImportCommitForm(forms.Form):
    pending = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    confirm_duplicates = forms.BooleanField(
        required=False,
        label=gettext_lazy("I checked the likely duplicates listed above; import them anyway."),
    )


def import_template(request):
    """A CSV to fill in: the columns the import reads, in the export's order, and one example
    row (its source must exist in the record, as every row's must)."""
    if not request.user.has_perm("incidents.add_incident"):
        raise PermissionDenied
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(importer.TEMPLATE_COLUMNS)
    writer.writerow([importer.EXAMPLE_ROW.get(name, "") for name in importer.TEMPLATE_COLUMNS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="incidents-import-template.csv"'
    return response


class ImportView(View):
    model_admin = None
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        admin = self.model_admin
        return {
            **admin.admin_site.each_context(self.request),
            "title": gettext("Import incidents"),
            "opts": admin.model._meta,
            "can_commit": self.request.user.has_perm("incidents.import_incidents"),
            "upload_form": ImportUploadForm(),
            **extra,
        }

    def get(self, request):
        return TemplateResponse(request, TEMPLATE, self.context())

    def post(self, request):
        if "pending" in request.POST:
            return self.commit(request)
        upload = ImportUploadForm(request.POST, request.FILES)
        context = self.context(upload_form=upload)
        if upload.is_valid():
            uploaded = upload.cleaned_data["file"]
            try:
                rows = importer.read_table(uploaded.read(importer.MAX_BYTES + 1), uploaded.name)
            except importer.ImportFileError as error:
                upload.add_error("file", str(error))
            else:
                preview = importer.preview(rows)
                context["preview"] = preview
                if context["can_commit"] and preview.to_create and not preview.errors:
                    pending = services.stage_import(
                        by=request.user, filename=uploaded.name, preview=preview
                    )
                    context["commit_form"] = ImportCommitForm(initial={"pending": pending.pk})
        return TemplateResponse(request, TEMPLATE, context)

    def commit(self, request):
        if not request.user.has_perm("incidents.import_incidents"):
            raise PermissionDenied
        form = ImportCommitForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("The preview expired; upload the file again."))
            return redirect("admin:incidents_incident_import")
        try:
            created, skipped = services.commit_import(
                by=request.user,
                pending_id=form.cleaned_data["pending"],
                confirm_duplicates=form.cleaned_data["confirm_duplicates"],
            )
        except services.DuplicatesUnconfirmed:
            form.add_error(
                "confirm_duplicates",
                gettext("Some rows look like incidents already recorded: confirm."),
            )
            return TemplateResponse(
                request, TEMPLATE, self.context(commit_form=form, confirm_only=True)
            )
        except services.Refused as refusal:
            messages.error(request, refusal.message)
            return redirect("admin:incidents_incident_import")
        messages.success(
            request,
            ngettext(
                "Imported %(count)d incident as a draft;",
                "Imported %(count)d incidents as drafts;",
                len(created),
            )
            % {"count": len(created)}
            + " "
            + ngettext(
                "%(count)d row already in the record was skipped.",
                "%(count)d rows already in the record were skipped.",
                skipped,
            )
            % {"count": skipped},
        )
        return redirect("admin:incidents_incident_changelist")
