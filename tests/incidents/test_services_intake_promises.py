"""What the statement intake's write promises, called as the intake form calls it: the statement,
its totals, one draft per claim with its citation, claims attached where the record holds the
incident (filling only what it does not report), refusals in the editor's words. Written for
the mutants of incidents/services/intake.py the other tests let live (docs/mutation.md)."""

import datetime as dt

import pytest

from incidents import services
from incidents.choices import Reporting, Status
from incidents.intake.proposal import DraftIncident, Figure, Proposal, Total
from incidents.models import Citation, Incident, Region, Source, Statement, StatementTotal
from incidents.services.intake import attach_where_recorded, proposed_records, standing_incidents
from tests.factories import IncidentFactory, SourceFactory, StatementFactory, damage, region, threat

pytestmark = pytest.mark.django_db

NIGHT = dt.date(2026, 3, 1)
UTC = dt.UTC
EVENING, MORNING = dt.datetime(2026, 2, 28, 17, tzinfo=UTC), dt.datetime(2026, 3, 1, 4, tzinfo=UTC)
POSTED = dt.datetime(2026, 3, 1, 6, tzinfo=UTC)


def pasted(source, url="https://t.me/m/1"):
    return Statement(
        source=source,
        url=url,
        archive_url="https://archive.org/m/1",
        published_at=POSTED,
        text="Over Kaluga 7 UAVs.",
        date=NIGHT,
        window_start=EVENING,
        window_end=MORNING,
    )


def claim(iso="RU-KLU", **values):
    return services.DraftClaim(region=region(iso), threat_type=threat(), **values)


def reported(name, number):
    return {name: number, f"{name}_status": Reporting.REPORTED}


def refusal(**kwargs):
    with pytest.raises(services.Refused) as refused:
        services.enter_statement(**kwargs)
    return refused.value


# A new statement, its totals and its drafts -----------------------------------------------


def test_an_intake_writes_the_statement_its_totals_and_a_cited_draft_per_claim(editor):
    total = StatementTotal(threat_type=threat(), **reported("intercepted", 7))
    figures = {**reported("intercepted", 7), **reported("killed", 1), **reported("injured", 2)}
    statement, [incident] = services.enter_statement(
        by=editor,
        statement=pasted(SourceFactory(name="Ministry")),
        totals=[total],
        drafts=[claim(quote="Over Kaluga 7 UAVs.", damage_types=damage("fire"), **figures)],
    )
    statement = Statement.objects.get(pk=statement.pk)
    assert list(statement.totals.values_list("intercepted", flat=True)) == [7]
    assert latest(statement.history).history_change_reason == (
        "Entered through the statement intake"
    )
    incident = Incident.objects.get(pk=incident.pk)
    assert (incident.status, incident.date, incident.window_start, incident.window_end) == (
        Status.DRAFT,
        NIGHT,
        EVENING,
        MORNING,
    )
    assert (incident.intercepted, incident.killed, incident.injured) == (7, 1, 2)
    assert [incident.intercepted_status, incident.killed_status, incident.injured_status] == [
        Reporting.REPORTED
    ] * 3
    assert incident.summary == "Over Kaluga 7 UAVs."
    assert incident.editor_notes == (
        f"Entered through the statement intake (statement #{statement.pk})."
    )
    assert list(incident.damage_types.all()) == damage("fire")
    citation = incident.citations.get()
    assert (citation.statement, citation.source, citation.url) == (
        statement,
        statement.source,
        "https://t.me/m/1",
    )
    assert (citation.archive_url, citation.published_at, citation.quote) == (
        "https://archive.org/m/1",
        POSTED,
        "Over Kaluga 7 UAVs.",
    )
    assert (citation.claimed_intercepted, citation.claimed_intercepted_status) == (
        7,
        Reporting.REPORTED,
    )


def test_a_new_source_is_saved_and_becomes_the_statements(editor):
    source = Source(name="Governor of Kaluga Oblast", kind=Source.Kind.REGIONAL_AUTHORITY)
    statement, _ = services.enter_statement(
        by=editor, statement=pasted(None), drafts=[claim()], new_source=source
    )
    assert Statement.objects.get(pk=statement.pk).source.name == "Governor of Kaluga Oblast"


def test_the_intake_names_its_own_reason_when_given_one(editor):
    statement, [incident] = services.enter_statement(
        by=editor, statement=pasted(SourceFactory()), drafts=[claim()], reason="Pasted."
    )
    assert latest(Statement.objects.get(pk=statement.pk).history).history_change_reason == (
        "Pasted."
    )
    assert latest(incident.history).history_change_reason == "Pasted."


def test_the_same_source_and_url_again_is_refused_on_the_url_and_nothing_is_written(editor):
    recorded = StatementFactory(url="https://t.me/m/1")
    refused = refusal(by=editor, statement=pasted(recorded.source), drafts=[claim()])
    assert (refused.message, refused.field) == (
        "This source's statement at this URL is already recorded: open it instead.",
        "url",
    )
    assert not Incident.objects.exists()


def test_another_sources_statement_at_the_url_or_the_sources_other_statements_are_no_twins(
    editor,
):
    ministry = SourceFactory(name="Ministry")
    StatementFactory(source=SourceFactory(name="Governor"), url="https://t.me/m/1")
    StatementFactory(source=ministry, url="https://t.me/m/0")
    statement, _ = services.enter_statement(by=editor, statement=pasted(ministry), drafts=[claim()])
    assert Statement.objects.get(pk=statement.pk).source == ministry


# Claims on incidents already recorded ------------------------------------------------------------


def test_a_claim_attached_to_a_recorded_draft_fills_only_what_it_does_not_report(editor):
    recorded = IncidentFactory(
        status=Status.DRAFT, intercepted=5, killed=None, summary="The governor's five."
    )
    figures = {**reported("intercepted", 7), **reported("killed", 1)}
    claimed = claim(attach_to=recorded, quote="Seven, says the ministry.", **figures)
    claimed.damage_types = damage("fire")
    statement, new = services.enter_statement(
        by=editor, statement=pasted(SourceFactory(name="Ministry")), drafts=[claimed]
    )
    assert new == []
    recorded = Incident.objects.get(pk=recorded.pk)
    assert (recorded.intercepted, recorded.killed, recorded.killed_status) == (
        5,
        1,
        Reporting.REPORTED,
    )
    assert list(recorded.damage_types.all()) == damage("fire")
    cited = recorded.citations.get(statement=statement)
    assert (cited.quote, cited.claimed_intercepted) == ("Seven, says the ministry.", 7)
    assert latest(recorded.history).history_change_reason == (
        f"Entered through the statement intake: a claim of statement #{statement.pk}"
    )


def test_an_attached_claim_leaves_damage_types_the_incident_has(editor):
    recorded = IncidentFactory(status=Status.DRAFT, damage_types=damage("residential"))
    claimed = claim(attach_to=recorded, damage_types=damage("fire"))
    services.enter_statement(by=editor, statement=pasted(SourceFactory()), drafts=[claimed])
    assert list(recorded.damage_types.all()) == damage("residential")


def test_a_claim_on_a_published_incident_needs_a_chief_and_the_note(chief):
    published = IncidentFactory(intercepted=None)
    drafts = [claim(attach_to=published, **reported("intercepted", 7))]
    source = SourceFactory(name="Ministry")
    refused = refusal(by=chief, statement=pasted(source), drafts=drafts)
    assert isinstance(refused, services.CorrectionRequired)
    services.enter_statement(
        by=chief, statement=pasted(source), drafts=drafts, correction_note="The ministry's 7."
    )
    published.refresh_from_db()
    assert published.intercepted == 7
    assert published.corrections.get().note == "The ministry's 7."


@pytest.mark.parametrize("state", ["retracted", "deleted"])
def test_a_claim_on_an_incident_retracted_or_deleted_meanwhile_is_refused(chief, state):
    incident = IncidentFactory()
    rows = Incident.objects.filter(pk=incident.pk)
    if state == "retracted":
        services.retract(by=chief, incidents=rows, reason="Wrong night.")
    drafts = [claim(attach_to=incident)]
    if state == "deleted":
        Citation.objects.filter(incident=incident).delete()
        rows.delete()
    refused = refusal(by=chief, statement=pasted(SourceFactory()), drafts=drafts)
    assert (refused.message, refused.field) == (
        f"Incident #{incident.pk} was retracted or deleted meanwhile: record the claim as a new "
        "incident instead.",
        "attach_to",
    )
    assert not Statement.objects.filter(url="https://t.me/m/1").exists()


@pytest.mark.parametrize(
    "elsewhere",
    [{"date": dt.date(2026, 3, 2)}, {"region": "RU-TVE"}, {"threat_type": "cruise-missile"}],
    ids=["night", "region", "threat"],
)
def test_a_claim_attached_to_another_night_region_or_threat_is_refused(editor, elsewhere):
    values = {**elsewhere}
    if "region" in values:
        values["region"] = region(values["region"])
    if "threat_type" in values:
        values["threat_type"] = threat(values["threat_type"])
    other = IncidentFactory(status=Status.DRAFT, **values)
    refused = refusal(by=editor, statement=pasted(SourceFactory()), drafts=[claim(attach_to=other)])
    assert (refused.message, refused.field) == (
        f"Incident #{other.pk} is “{other}”, not this claim's night, region and threat: attach "
        "the claim to an incident of its own, or record a new one.",
        "attach_to",
    )


def test_a_claim_on_an_incident_already_citing_the_url_is_refused(editor):
    recorded = IncidentFactory(status=Status.DRAFT)
    Citation.objects.filter(incident=recorded).update(url="https://t.me/m/1")
    refused = refusal(
        by=editor, statement=pasted(SourceFactory()), drafts=[claim(attach_to=recorded)]
    )
    assert (refused.message, refused.field) == (
        f"Incident #{recorded.pk} already cites this URL: open it instead.",
        "attach_to",
    )


def test_a_retelling_supports_recorded_incidents_under_their_rules(chief, editor):
    draft, published = (
        IncidentFactory(status=Status.DRAFT),
        IncidentFactory(region=region("RU-TVE")),
    )
    news = SourceFactory(name="A newspaper")
    supports = [(draft, claim(quote="The governor said five.", **reported("intercepted", 5)))]
    statement, new = services.enter_statement(by=editor, statement=pasted(news), supports=supports)
    assert new == []
    cited = draft.citations.get(statement=statement)
    assert (cited.quote, cited.claimed_intercepted, cited.url) == (
        "The governor said five.",
        5,
        "https://t.me/m/1",
    )
    on_published = [(published, claim("RU-TVE", quote="Ten over Tver."))]
    refused = refusal(by=chief, statement=pasted(news, "https://t.me/m/2"), supports=on_published)
    assert isinstance(refused, services.CorrectionRequired)
    services.enter_statement(
        by=chief,
        statement=pasted(news, "https://t.me/m/2"),
        supports=on_published,
        correction_note="A newspaper retold the governor.",
    )
    assert published.corrections.get().note == "A newspaper retold the governor."
    assert published.citations.filter(quote="Ten over Tver.").exists()


# What the intake proposes, and where a claim attaches ---------------------------------------


def test_a_parsers_proposal_reads_as_the_records_rows():
    water = Region.objects.filter(iso_code="").first()
    seven = Figure.reported(7)
    proposal = Proposal(
        date=NIGHT,
        window_start=None,
        window_end=None,
        totals=(Total("uav", seven, "7 UAVs."), Total("no-such-threat", seven, "")),
        incidents=(
            DraftIncident(
                "RU-KLU",
                "uav",
                seven,
                damage=("fire", "no-such-damage"),
                killed=Figure.reported(1),
                injured=Figure.reported(2),
                quote="Kaluga: 7.",
            ),
            DraftIncident(water.slug, "uav", Figure(None, Reporting.WITHHELD)),
            DraftIncident("XX-NOPE", "uav", seven),
        ),
    )
    totals, drafts = proposed_records(proposal)
    assert [(t.threat_type_id, t.intercepted, t.intercepted_status) for t in totals] == [
        (threat().pk, 7, Reporting.REPORTED),
        (None, 7, Reporting.REPORTED),
    ]
    kaluga, sea, unknown = drafts
    assert (kaluga.region, kaluga.threat_type, kaluga.quote) == (region(), threat(), "Kaluga: 7.")
    assert (kaluga.intercepted, kaluga.killed, kaluga.killed_status) == (7, 1, Reporting.REPORTED)
    assert (kaluga.injured, kaluga.injured_status) == (2, Reporting.REPORTED)
    assert kaluga.damage_types == damage("fire")
    assert (sea.region, sea.intercepted, sea.intercepted_status) == (
        water,
        None,
        Reporting.WITHHELD,
    )
    assert unknown.region is None


def test_a_claim_attaches_to_the_oldest_standing_incident_of_its_night_region_and_threat(chief):
    retracted = IncidentFactory()
    services.retract(
        by=chief, incidents=Incident.objects.filter(pk=retracted.pk), reason="Wrong night."
    )
    oldest, newer = IncidentFactory(), IncidentFactory(status=Status.DRAFT)
    IncidentFactory(date=dt.date(2026, 3, 2))
    tver = IncidentFactory(region=region("RU-TVE"))
    assert standing_incidents(NIGHT) == {
        (region().pk, threat().pk): [oldest, newer],
        (region("RU-TVE").pk, threat().pk): [tver],
    }
    assert standing_incidents(NIGHT, among=Incident.objects.filter(pk=newer.pk)) == {
        (region().pk, threat().pk): [newer]
    }
    assert standing_incidents(None) == {}
    chosen = IncidentFactory(region=region("RU-TUL"))
    kaluga, elsewhere, already = claim(), claim("RU-MOW"), claim("RU-TUL")
    already.attach_to = chosen
    unread = services.DraftClaim(region=None, threat_type=None)  # the editor picks them
    drafts = attach_where_recorded([kaluga, elsewhere, already, unread], NIGHT)
    assert [d.attach_to for d in drafts] == [oldest, None, chosen, None]
    among = attach_where_recorded([claim()], NIGHT, among=Incident.objects.filter(pk=newer.pk))
    assert among[0].attach_to == newer


def latest(history):
    return history.order_by("history_date", "history_id").last()


def test_the_incidents_a_claim_may_attach_to_are_read_with_their_names_in_one_query(
    django_assert_num_queries,
):
    IncidentFactory()
    IncidentFactory(region=region("RU-TVE"), status=Status.DRAFT)
    with django_assert_num_queries(1):
        named = [str(i) for found in standing_incidents(NIGHT).values() for i in found]
    assert named == ["2026-03-01 · Kaluga Oblast · UAV", "2026-03-01 · Tver Oblast · UAV"]


def test_a_figure_the_statement_withheld_is_cited_as_withheld(editor):
    withheld = {"intercepted": None, "intercepted_status": Reporting.WITHHELD}
    _, [incident] = services.enter_statement(
        by=editor, statement=pasted(SourceFactory()), drafts=[claim(**withheld)]
    )
    citation = incident.citations.get()
    assert (citation.claimed_intercepted, citation.claimed_intercepted_status) == (
        None,
        Reporting.WITHHELD,
    )


def test_a_draft_with_no_quote_or_summary_is_summarised_by_its_source(editor):
    _, [incident] = services.enter_statement(
        by=editor, statement=pasted(SourceFactory(name="Ministry")), drafts=[claim()]
    )
    assert incident.summary == "Ministry"
