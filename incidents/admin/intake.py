"""The statement intake: paste a statement, review what the parser reads in it, confirm.

One page, posted to itself: "Read" parses the pasted words and fills the review forms (date
and window, totals, one draft per region and threat, each with its quote) and lists the
sentences the parser could not use; "Confirm" writes the statement, its totals, the drafts and
their citations in one transaction (services.enter_statement). Until then nothing is stored:
the proposal travels in the forms, and the words it was read from are checked again on confirm.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from incidents import services
from incidents.admin.intake_figures import DraftFormSet, TotalFormSet, shared_choices
from incidents.admin.intake_forms import PasteForm, WhenForm, digest, statement_link
from incidents.choices import COUNTS
from incidents.intake import parse
from incidents.models import Statement, StatementTotal
from incidents.services.intake import (
    attach_where_recorded,
    proposed_records,
    standing_incidents,
)

TEMPLATE = "admin/incidents/statement/intake.html"


@dataclass
class Review:
    """The reading as the editor corrects it: one form for the statement's date and window,
    one formset of totals, one of drafts."""

    when: WhenForm
    totals: TotalFormSet
    drafts: DraftFormSet

    def is_valid(self):
        when = self.when.is_valid()
        self.drafts.date = self.when.cleaned_data.get("date") if when else None
        return all([when, self.totals.is_valid(), self.drafts.is_valid()])

    @property
    def attaching(self):
        """Whether a draft is offered an incident already recorded."""
        return any(len(form.fields["attach_to"].widget.choices) > 1 for form in self.drafts)

    @classmethod
    def posted(cls, data, choices):
        when = WhenForm(data, prefix="when")
        # The incidents offered are those of the date as posted (the page read them so).
        try:
            date = when.fields["date"].clean(data.get("when-date"))
        except forms.ValidationError:
            date = None
        kwargs = {"form_kwargs": {"choices": choices}}
        drafts = {"form_kwargs": {"choices": choices, "standing": standing_incidents(date)}}
        return cls(
            when,
            TotalFormSet(data, prefix="totals", **kwargs),
            DraftFormSet(data, prefix="drafts", **drafts),
        )

    @classmethod
    def proposed(cls, proposal, choices):
        """The review forms filled with what the parser proposes; a claim on a night, region
        and threat already recorded is proposed as a claim on that incident."""
        totals, drafts = proposed_records(proposal)
        standing = standing_incidents(proposal.date)
        attach_where_recorded(drafts, proposal.date)

        def pk(row):
            return row.pk if row is not None else None

        figures = [f"{name}{part}" for name in COUNTS for part in ("", "_status")]
        totals = [
            {
                "threat_type": pk(t.threat_type),
                "intercepted": t.intercepted,
                "intercepted_status": t.intercepted_status,
            }
            for t in totals
        ]
        drafts = [
            {
                "region": pk(d.region),
                "threat_type": pk(d.threat_type),
                **{name: getattr(d, name) for name in figures},
                "damage_types": [row.pk for row in d.damage_types],
                "quote": d.quote,
                "attach_to": pk(d.attach_to),
            }
            for d in drafts
        ]
        when = {
            "date": proposal.date,
            "window_start": proposal.window_start,
            "window_end": proposal.window_end,
        }
        kwargs = {"form_kwargs": {"choices": choices}}
        return cls(
            WhenForm(initial=when, prefix="when"),
            TotalFormSet(initial=totals, prefix="totals", **kwargs),
            DraftFormSet(
                initial=drafts,
                prefix="drafts",
                form_kwargs={"choices": choices, "standing": standing},
            ),
        )


def unused_sentences(proposal):
    """(sentence, why) for each sentence the parser could not use; why may be empty."""
    why = {}
    for note in proposal.notes:
        for sentence in proposal.unused:
            if note.startswith(f"{sentence}: "):
                why.setdefault(sentence, note[len(sentence) + 2 :])
    return [(sentence, why.get(sentence, "")) for sentence in proposal.unused]


class IntakeView(View):
    model_admin = None
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not (
            self.model_admin.has_add_permission(request)
            and request.user.has_perm("incidents.add_incident")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, paste, review=None, proposal=None):
        admin = self.model_admin
        context = {
            **admin.admin_site.each_context(self.request),
            "title": _("Paste a statement"),
            "opts": admin.model._meta,
            "paste": paste,
            "review": review,
            "proposal": proposal,
            "unused": unused_sentences(proposal) if proposal else [],
            "can_publish": self.request.user.has_perm(services.PUBLISH),
        }
        return TemplateResponse(self.request, TEMPLATE, context)

    def get(self, request):
        return self.render(PasteForm())

    def post(self, request):
        paste = PasteForm(request.POST)
        confirming = "confirm" in request.POST
        choices = shared_choices()
        if not paste.is_valid():
            review = Review.posted(request.POST, choices) if confirming else None
            return self.render(paste, review)
        data = paste.cleaned_data
        proposal = parse(data["text"], language=data["language"], published_at=data["published_at"])
        if not confirming or not paste.read_same_text:
            if confirming:
                messages.warning(
                    request,
                    _(
                        "The text changed after it was read: this is the reading of the new "
                        "text. Nothing was written; review it and confirm."
                    ),
                )
            paste.data = paste.data.copy()
            paste.data["read_from"] = digest(data["text"])
            return self.render(paste, Review.proposed(proposal, choices), proposal)
        review = Review.posted(request.POST, choices)
        if not review.is_valid():
            return self.render(paste, review, proposal)
        try:
            statement, incidents = self.enter(paste, review)
        except services.Refused as refusal:
            twin = (
                Statement.objects.filter(source=data["source"], url=data["url"]).first()
                if data["source"]
                else None
            )
            message = statement_link(twin) if twin else refusal.message
            if refusal.field == "correction_note":
                review.when.add_error("correction_note", message)
            else:
                paste.add_error(refusal.field if refusal.field in paste.fields else None, message)
            return self.render(paste, review, proposal)
        messages.success(
            request,
            ngettext(
                "The statement was recorded with %(count)d draft incident. It stays a draft "
                "until a chief editor publishes it.",
                "The statement was recorded with %(count)d draft incidents. They stay drafts "
                "until a chief editor publishes them.",
                len(incidents),
            )
            % {"count": len(incidents)},
        )
        attached = sum(1 for form in review.drafts.kept() if form.cleaned_data["attach_to"])
        if attached:
            messages.success(
                request,
                ngettext(
                    "%(count)d claim was added to an incident already recorded.",
                    "%(count)d claims were added to incidents already recorded.",
                    attached,
                )
                % {"count": attached},
            )
        return redirect("admin:incidents_statement_change", statement.pk)

    def enter(self, paste, review):
        data, when = paste.cleaned_data, review.when.cleaned_data
        statement = Statement(
            source=data["source"],
            url=data["url"],
            archive_url=data["archive_url"],
            published_at=data["published_at"],
            language=data["language"],
            text=data["text"],
            date=when["date"],
            window_start=when["window_start"],
            window_end=when["window_end"],
        )
        totals = [
            StatementTotal(
                threat_type=form.cleaned_data["threat_type"],
                intercepted=form.cleaned_data["intercepted"],
                intercepted_status=form.cleaned_data["intercepted_status"],
            )
            for form in review.totals.kept()
        ]
        return services.enter_statement(
            by=self.request.user,
            statement=statement,
            totals=totals,
            drafts=[form.claim() for form in review.drafts.kept()],
            new_source=paste.new_source(),
            correction_note=when["correction_note"],
        )
