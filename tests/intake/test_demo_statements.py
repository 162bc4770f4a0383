"""The demo statements load_demo enters through the intake: each is marked as demo text, and
the parser reads every sentence of it, so the demo shows what the intake makes of real shapes
(a total that does not add up, and a governor who disagrees with the ministry)."""

from collections import defaultdict

import pytest

from incidents.demo_statements import DEMO_URL, MARK_EN, MARK_RU, statements
from incidents.intake import parse

DEMO = statements()


@pytest.mark.parametrize("statement", DEMO, ids=[s.url for s in DEMO])
def test_every_demo_statement_is_marked_and_read_whole(statement):
    assert statement.text.startswith((MARK_RU, MARK_EN))
    assert statement.url.startswith(DEMO_URL)
    proposal = parse(
        statement.text,
        language=statement.language,
        published_at=statement.published_at,
        source_kind="ministry",
    )
    assert not proposal.unreadable
    assert proposal.unused == ()
    assert proposal.date == statement.published_at.date()


def claims():
    out = defaultdict(dict)
    for s in DEMO:
        p = parse(s.text, language=s.language, published_at=s.published_at)
        for incident in p.incidents:
            out[(p.date.isoformat(), incident.region)][s.source] = incident.intercepted.number
        out[(p.date.isoformat(), "total")][s.source] = [t.figure.number for t in p.totals]
    return out


def test_the_demo_holds_a_disagreement_and_a_total_that_does_not_add_up():
    found = claims()
    assert found[("2026-10-28", "RU-BRY")] == {"mod": 11, "bryansk": 14}
    itemised = sum(
        n
        for (day, region), by in found.items()
        if day == "2026-10-30" and region != "total"
        for n in [by.get("mod")]
        if n
    )
    assert found[("2026-10-30", "total")]["mod"] == [30]
    assert itemised == 26
