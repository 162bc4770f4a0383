"""The statement intake through the real admin: paste, the proposal shown, confirm; nothing is
written before confirming, the same statement again is refused, bad input writes nothing and
loses nothing typed, and an editor's drafts stay drafts."""

import re

import pytest
from django.urls import reverse

from incidents.choices import Reporting, Status
from incidents.models import Citation, Incident, Source, Statement, StatementTotal
from tests.factories import SourceFactory, region, threat

pytestmark = pytest.mark.django_db

INTAKE = reverse("admin:incidents_statement_intake")
POST = (
    "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 41 украинский "
    "беспилотный летательный аппарат самолетного типа: 14 – над территорией Брянской области, "
    "9 – над территорией Курской области, 8 – над территорией Белгородской области, "
    "6 – над территорией Смоленской области и 4 – над акваторией Черного моря. "
    "Кроме того, ночью что-то ещё случилось."
)
URL = "https://t.me/mod_russia/51000"
EXPECTED = [
    ("RU-BRY", 14, "14 – над территорией Брянской области"),
    ("RU-KRS", 9, "9 – над территорией Курской области"),
    ("RU-BEL", 8, "8 – над территорией Белгородской области"),
    ("RU-SMO", 6, "6 – над территорией Смоленской области"),
    ("black-sea", 4, "4 – над акваторией Черного моря"),
]


@pytest.fixture
def ministry(db):
    return SourceFactory(name="Ministry of Defence of Russia", kind="ministry")


def paste(speaker, **overrides):
    return {
        "text": POST,
        "language": "",
        "source": speaker.pk if speaker else "",
        "new_source_name": "",
        "new_source_kind": "",
        "url": URL,
        "archive_url": "",
        "published_at": "2026-11-20T07:30",
        "read": "Read",
        **overrides,
    }


def form_fields(html):
    """The form's fields as a browser posts them: name -> value (the selected option of a
    select, else its first; the text of a textarea; a list for a multiple select; checkboxes
    when checked)."""
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        fields[name] = value
    for attrs, body in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
        name = re.search(r'name="([^"]+)"', attrs).group(1)
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        first = re.findall(r'<option value="([^"]*)"', body)[:1]  # what a browser sends
        fields[name] = chosen if "multiple" in attrs else (chosen or first or [""])[0]
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = body.strip().replace("&#x27;", "'").replace("&quot;", '"')
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', html):
        fields[name] = "on"
    fields = {k: v for k, v in fields.items() if k not in ("read", "confirm")}
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"', html):
        fields.setdefault(name, None)
    return {k: v for k, v in fields.items() if v is not None}


def read(client, data):
    response = client.post(INTAKE, data)
    assert response.status_code == 200
    return response, form_fields(response.content.decode())


def confirm(client, fields):
    return client.post(INTAKE, {**fields, "confirm": "Confirm"})


def nothing_written():
    return not any(m.objects.exists() for m in (Statement, Incident, Citation, StatementTotal))


@pytest.mark.parametrize("user", ["editor", "chief"])
def test_paste_read_and_confirm_writes_the_statement_its_drafts_and_their_quotes(
    request, user, ministry
):
    client = request.getfixturevalue(f"{user}_client")
    assert client.get(INTAKE).status_code == 200
    response, fields = read(client, paste(ministry))
    page = response.content.decode()
    # The proposal, shown: five drafts with their quotes, the total, the sentence not used.
    for _, _, quote in EXPECTED:
        assert quote in page
    assert "The parser proposes 5 draft incidents, 1 total." in page
    assert "Кроме того, ночью что-то ещё случилось." in page
    assert fields["drafts-INITIAL_FORMS"] == "5"
    assert fields["totals-0-intercepted"] == "41"
    assert fields["when-date"] == "2026-11-20"
    assert nothing_written()  # reading writes nothing

    response = confirm(client, fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    statement = Statement.objects.get()
    assert response["Location"] == reverse("admin:incidents_statement_change", args=[statement.pk])
    assert (statement.source, statement.url, statement.text) == (ministry, URL, POST)
    assert statement.language == "ru" and str(statement.date) == "2026-11-20"
    total = StatementTotal.objects.get()
    assert (total.threat_type, total.intercepted, total.intercepted_status) == (
        threat("uav"),
        41,
        Reporting.REPORTED,
    )
    claims = Citation.objects.select_related("incident__region").order_by("incident_id")
    assert [
        (
            c.incident.region.iso_code or c.incident.region.slug,
            c.incident.intercepted,
            c.claimed_intercepted,
            c.quote,
        )
        for c in claims
    ] == [(iso, n, n, quote) for iso, n, quote in EXPECTED]
    assert all(c.statement == statement and c.url == URL for c in claims)
    incidents = Incident.objects.all()
    assert {i.status for i in incidents} == {Status.DRAFT}  # editor or chief: drafts
    assert {i.date.isoformat() for i in incidents} == {"2026-11-20"}
    assert {i.history.get().history_user.username for i in incidents} == {user}
    # The statement's page lists its claims.
    page = client.get(response["Location"]).content.decode()
    assert "The statement was recorded with 5 draft incidents." in page


def test_an_editor_corrects_the_reading_in_the_one_form(editor_client, ministry):
    _, fields = read(editor_client, paste(ministry))
    fields["drafts-1-intercepted"] = "10"  # one figure typed
    fields["drafts-4-DELETE"] = "on"  # a draft dropped
    fields["drafts-5-region"] = str(region("RU-TUL").pk)  # one the parser missed, added
    fields["drafts-5-threat_type"] = str(threat("uav").pk)
    fields["drafts-5-quote"] = "ночью что-то ещё случилось"
    response = confirm(editor_client, fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    got = sorted(
        Incident.objects.values_list("region__iso_code", "intercepted", "intercepted_status")
    )
    assert got == sorted(
        [
            ("RU-BRY", 14, "reported"),
            ("RU-KRS", 10, "reported"),
            ("RU-BEL", 8, "reported"),
            ("RU-SMO", 6, "reported"),
            ("RU-TUL", None, "not_reported"),
        ]
    )


def test_the_same_source_and_url_again_is_refused_with_a_link_to_it(editor_client, ministry):
    _, fields = read(editor_client, paste(ministry))
    assert confirm(editor_client, fields).status_code == 302
    statement = Statement.objects.get()
    counts = (Incident.objects.count(), Citation.objects.count())

    response = editor_client.post(INTAKE, paste(ministry))  # read again
    page = response.content.decode()
    assert response.status_code == 200
    assert "already recorded" in page
    assert reverse("admin:incidents_statement_change", args=[statement.pk]) in page
    assert "Review the reading" not in page

    response = confirm(editor_client, fields)  # or confirmed again from the old page
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Statement.objects.count() == 1
    assert (Incident.objects.count(), Citation.objects.count()) == counts


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"url": "not a link"}, "url", "Enter a valid URL."),
        ({"text": "   "}, "text", "This field is required."),
        ({"published_at": "2026-13-45T99:00"}, "published_at", "Enter a valid date/time."),
        ({"source": ""}, "source", "Pick the source, or name a new one below."),
        ({"source": "999999"}, "source", "Select a valid choice."),
    ],
)
def test_bad_paste_input_writes_nothing_and_keeps_what_was_typed(
    editor_client, ministry, change, field, message
):
    data = paste(ministry, **change)
    response = editor_client.post(INTAKE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "ночью что-то ещё случилось" in page or change.get("text")
    assert nothing_written()


def test_bad_review_input_writes_nothing_and_keeps_every_correction(editor_client, ministry):
    _, fields = read(editor_client, paste(ministry))
    fields["drafts-0-intercepted"] = "-3"
    fields["drafts-1-intercepted"] = "12"
    fields["drafts-2-killed_status"] = "reported"  # reported, with no figure
    fields["when-date"] = "2099-01-01"
    response = confirm(editor_client, fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in page
    assert "Enter the figure, or mark it as not reported." in page
    assert "The date is in the future" in page
    again = form_fields(page)
    assert again["drafts-1-intercepted"] == "12" and again["drafts-0-intercepted"] == "-3"
    assert again["text"] == POST
    assert nothing_written()


def test_two_drafts_for_one_region_and_threat_are_refused(editor_client, ministry):
    _, fields = read(editor_client, paste(ministry))
    fields["drafts-1-region"] = fields["drafts-0-region"]
    response = confirm(editor_client, fields)
    assert response.status_code == 200
    assert "Two drafts for the same region and threat" in response.content.decode()
    assert nothing_written()


def test_a_text_changed_after_reading_is_read_again_not_written(editor_client, ministry):
    _, fields = read(editor_client, paste(ministry))
    fields["text"] = POST.replace("14 – над территорией Брянской", "15 – над территорией Брянской")
    response = confirm(editor_client, fields)
    assert response.status_code == 200
    assert "The text changed after it was read" in response.content.decode()
    assert form_fields(response.content.decode())["drafts-0-intercepted"] == "15"
    assert nothing_written()


def test_a_new_source_is_created_with_the_statement_and_only_then(editor_client):
    data = paste(None, new_source_name="Governor of Tula Oblast", new_source_kind="")
    response = editor_client.post(INTAKE, data)
    assert "Say what kind of source it is." in response.content.decode()
    _, fields = read(editor_client, {**data, "new_source_kind": "regional_authority"})
    assert not Source.objects.filter(name="Governor of Tula Oblast").exists()
    assert confirm(editor_client, fields).status_code == 302
    assert Statement.objects.get().source.name == "Governor of Tula Oblast"


def test_english_and_unreadable_statements(editor_client, ministry):
    text = "Russian air defences shot down nine drones over the Kursk region overnight."
    _, fields = read(editor_client, paste(ministry, text=text))
    assert fields["drafts-0-intercepted"] == "9"
    assert fields["drafts-0-region"] == str(region("RU-KRS").pk)
    response, fields = read(editor_client, paste(ministry, text="Weather was fine today."))
    page = response.content.decode()
    assert "found no figure it could read" in page and "Weather was fine today." in page
    assert nothing_written()


def test_only_editors_reach_the_intake(client, django_user_model):
    assert client.get(INTAKE).status_code == 302  # to the login page
    nobody = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(INTAKE).status_code == 403


@pytest.mark.parametrize(
    "tamper",
    [
        {"drafts-TOTAL_FORMS": None, "totals-TOTAL_FORMS": None},  # no management form
        {"drafts-TOTAL_FORMS": "1000000000"},
        {"drafts-0-region": "abc", "drafts-1-threat_type": "²"},
        {"drafts-0-damage_types": ["999999999999999999999"]},
        {"when-window_start": "2026-11-20T\x0007:00", "published_at": "\x00"},
    ],
)
def test_hostile_posts_get_a_form_error_not_a_500(editor_client, ministry, tamper):
    _, fields = read(editor_client, paste(ministry))
    for name, value in tamper.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    response = confirm(editor_client, fields)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "errornote" in response.content.decode()
    assert nothing_written()
