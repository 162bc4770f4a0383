"""Atom feed: new, corrected and retracted incidents, newest first; with a filter's query string
("Follow this view"), the events of the incidents that filter selects."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy, pgettext_lazy

from dashboard.filters import IncidentFilter, filtered, invalid_text
from incidents.choices import PUBLIC_STATUSES
from incidents.models import Correction, Incident

FEED_ITEMS = 50


@dataclass
class Event:
    kind: str  # "new", "corrected", "retracted"
    at: datetime
    incident: Incident
    note: str = ""
    key: str = ""


def latest_events(limit=FEED_ITEMS, filterset=None):
    """The latest publications and public notes, merged by time (two queries); with a bound
    filter, those of the incidents it selects (a retracted one by what it was)."""
    published, noted = Incident.objects.published(), Correction.objects.public()
    if filterset is not None and filterset.is_filtered:
        published = filterset.qs
        public = Incident.objects.filter(status__in=PUBLIC_STATUSES)
        selected = IncidentFilter(filterset.data, queryset=public).qs.order_by().values("pk")
        noted = noted.filter(incident__in=selected)
    published = (
        published.exclude(published_at=None)
        .select_related("region", "threat_type")
        .order_by("-published_at", "-id")[:limit]
    )
    notes = noted.select_related("incident__region", "incident__threat_type")[:limit]
    events = [Event("new", i.published_at, i, i.summary, f"new-{i.pk}") for i in published]
    events += [
        Event(
            "retracted" if c.kind == Correction.Kind.RETRACTION else "corrected",
            c.created_at,
            c.incident,
            c.note,
            f"note-{c.pk}",
        )
        for c in notes
    ]
    return sorted(events, key=lambda e: e.at, reverse=True)[:limit]


# The feed's address is language-free and its bytes the same for whoever asks: English, or the
# language `?lang=` names (config/languages.py), as chart data and pictures are. A reader who
# follows a Russian page's "Follow this view" link subscribes to that view in Russian: the feed's
# title, the entries' titles (what happened, the region and the threat) and their links to the
# Russian pages are in Russian, and the feed says so (xml:lang). Never Accept-Language: a feed
# reader fetches on its own, with its own headers, and one address must not change its language
# between two fetches. The editors' summaries and notes are the record's data: as written.
VERBS = {
    "new": pgettext_lazy("feed entry", "New"),
    "corrected": pgettext_lazy("feed entry", "Corrected"),
    "retracted": pgettext_lazy("feed entry", "Retracted"),
}


class IncidentFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Air-defence incidents: new, corrected and retracted")
    subtitle = gettext_lazy(
        "Incidents as official statements report them; figures are the sources' claims."
    )

    def __init__(self, filterset=None):
        self.filterset = filterset

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        query = self.filterset.data.urlencode() if self.filterset is not None else ""
        return reverse("dashboard:incident-list") + (f"?{query}" if query else "")

    def feed_url(self):
        # rel="self" names this feed with its filter and language, not the bare address.
        return self.request.get_full_path()

    def items(self):
        return latest_events(filterset=self.filterset)

    def item_title(self, event):
        return f"{VERBS[event.kind]}: {event.incident}"

    def item_description(self, event):
        return event.note

    def item_link(self, event):
        return event.incident.get_absolute_url()

    def item_guid(self, event):
        return f"{event.incident.get_absolute_url()}#{event.key}"

    item_guid_is_permalink = False

    def item_updateddate(self, event):
        return event.at

    def item_pubdate(self, event):
        return event.at

    def item_categories(self, event):
        # The kind is a keyword for filters in feed readers, the same in every language.
        return [event.kind, event.incident.region.local_name, event.incident.threat_type.local_name]


@filtered(invalid_text)
def incident_feed(request, filterset):
    """The feed of the view the query string selects, validated by the one FilterSet."""
    return IncidentFeed(filterset)(request)
