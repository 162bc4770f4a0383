"""Atom feed: new, corrected and retracted incidents, newest first."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from incidents.models import Correction, Incident

FEED_ITEMS = 50


@dataclass
class Event:
    kind: str  # "new", "corrected", "retracted"
    at: datetime
    incident: Incident
    note: str = ""
    key: str = ""


def latest_events(limit=FEED_ITEMS):
    """The latest publications and public notes, merged by time (two queries)."""
    published = (
        Incident.objects.published()
        .exclude(published_at=None)
        .select_related("region", "threat_type")
        .order_by("-published_at", "-id")[:limit]
    )
    notes = Correction.objects.public().select_related("incident__region", "incident__threat_type")[
        :limit
    ]
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


class IncidentFeed(Feed):
    feed_type = Atom1Feed
    title = "Air-defence incidents: new, corrected and retracted"
    subtitle = "Incidents as official statements report them; figures are the sources' claims."

    def link(self):
        return reverse("dashboard:overview")

    def items(self):
        return latest_events()

    def item_title(self, event):
        verb = {"new": "New", "corrected": "Corrected", "retracted": "Retracted"}[event.kind]
        return f"{verb}: {event.incident}"

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
        return [event.kind, event.incident.region.name, event.incident.threat_type.name]
