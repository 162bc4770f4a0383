"""Load the demo: a fortnight of invented statements in the shapes of real posts (a ministry's
mornings, governors who sometimes disagree with it) and the example report's three officials'
statements (shared/examples), each entered through the statement intake as the parser reads it
(services.enter_statement) and then published (a governor's claim on a night and region the
ministry already named is a second claim on the ministry's incident); the news article that
retold those three is recorded as a secondary source of their incidents.

Everything it writes is marked as demo: the texts start with "(DEMO: invented text)" (or its
Russian), every URL is under https://example.org/demo/, the sources' names end in "(demo)",
the incidents' summaries start with "Demo (invented text):", and public pages show a banner
while any demo statement is in the record. Idempotent: a statement already recorded (its
source and URL) is left as it is, and only demo drafts are published (one an editor retracted
stays retracted).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from incidents import services
from incidents.choices import Status
from incidents.demo_statements import (
    DEMO_DATE,
    DEMO_URL,
    MARK_EN,
    NEWS_ARTICLE_URL,
    SOURCES,
    news_article,
    statements,
)
from incidents.intake import parse
from incidents.models import Incident, Source, Statement
from incidents.services.intake import attach_where_recorded, proposed_records

BY = services.Command("load_demo")
REASON = "Demo statement (invented text)"

__all__ = ["DEMO_DATE", "load"]


def _sources():
    out = {}
    for demo in SOURCES:
        source = Source.objects.filter(name=demo.name).first()
        if source is None:
            source = Source(
                name=demo.name,
                kind=demo.kind,
                url=f"{DEMO_URL}{demo.key}/",
                posts_daily=demo.kind == "ministry",
            )
            services.save_reference(by=BY, obj=source)
        out[demo.key] = source
    return out


def _summary(source, draft):
    if draft.intercepted is None:
        claim = f"reported {draft.threat_type} over {draft.region}, with no figure"
    else:
        claim = f"claimed {draft.intercepted} intercepted ({draft.threat_type}) over {draft.region}"
    return f"Demo (invented text): {source} {claim}."


def _enter(source, url, text, language, published_at, supporting=False):
    """Enter one demo statement through the intake; False if it is already recorded."""
    if Statement.objects.filter(source=source, url=url).exists():
        return False
    proposal = parse(text, language=language, published_at=published_at, source_kind=source.kind)
    totals, drafts = proposed_records(proposal)
    statement = Statement(
        source=source,
        url=url,
        published_at=published_at,
        language=language,
        text=text,
        date=proposal.date,
        window_start=proposal.window_start,
        window_end=proposal.window_end,
    )
    supports = []
    if supporting:
        # A secondary source: its claims support the officials' incidents of that night; it
        # gives no totals of its own.
        totals, recorded = [], _recorded(proposal.date)
        supports = [
            (recorded[(d.region, d.threat_type)], d)
            for d in drafts
            if (d.region, d.threat_type) in recorded
        ]
        drafts = []
    # As the intake proposes: a claim on a night, region and threat already recorded (the
    # ministry's, before a governor's post) is a claim on that incident, not a second one.
    # Only the demo's own incidents: rows generated for a benchmark stay untouched.
    demo = Incident.objects.filter(citations__url__startswith=DEMO_URL).distinct()
    for draft in attach_where_recorded(drafts, proposal.date, among=demo):
        draft.summary = _summary(source, draft)
    services.enter_statement(
        by=BY, statement=statement, totals=totals, drafts=drafts, supports=supports, reason=REASON
    )
    return True


def _recorded(date):
    demo = Incident.objects.filter(date=date, citations__url__startswith=DEMO_URL).exclude(
        citations__url=NEWS_ARTICLE_URL
    )
    return {(i.region, i.threat_type): i for i in demo.select_related("region", "threat_type")}


def load():
    """Enter what is missing and publish the demo's drafts: (statements entered, published)."""
    sources = _sources()
    entered = 0
    for demo in statements():
        entered += _enter(
            sources[demo.source], demo.url, demo.text, demo.language, demo.published_at
        )
    text, published_at = news_article()
    entered += _enter(sources["news"], NEWS_ARTICLE_URL, text, "en", published_at, supporting=True)
    drafts = Incident.objects.filter(
        status=Status.DRAFT, citations__url__startswith=DEMO_URL
    ).distinct()
    published = services.publish(by=BY, incidents=drafts).changed if drafts.exists() else []
    return entered, len(published)


class Command(BaseCommand):
    help = (
        "Load the demo statements through the statement intake and publish their incidents "
        "(idempotent; everything is marked as demo)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        entered, published = load()
        self.stdout.write(
            f"Demo: {entered} statement(s) entered, {published} incident(s) published; "
            f"demo texts start with {MARK_EN.strip()!r}."
        )
