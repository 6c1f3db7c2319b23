"""A participant's status page: timeline, what comes next, texts, authorities, scorecard."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_action, make_assessment
from tests.public_pages import reverse_in
from tests.test_page_support import count_queries, crowd, frozen_today, section
from treaty.models import ReviewState, Treaty
from treaty.status import EntryIntoForceRule, ParticipantStatus, Stage, treaty_status
from treaty.views.narrative import next_steps


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def page(client, iso3: str, **params) -> str:
    response = client.get(reverse("treaty:country-detail", args=[iso3]), params)
    assert response.status_code == 200
    return response.content.decode()


# --- What comes next, in plain words (pure: no database) -----------------------------------

RULE = EntryIntoForceRule(40, 90, 30)
CONVENTION = Treaty(
    slug="c",
    instruments_required=40,
    days_after_threshold=90,
    days_after_later_instrument=30,
    adopted_on=date(2024, 12, 24),
    signature_opens_on=date(2025, 10, 25),
    signature_closes_on=date(2026, 12, 31),
)


def _steps(participant: ParticipantStatus, day: date, *, is_reio: bool = False) -> str:
    status = treaty_status(RULE, [], day)
    with translation.override("en"):
        return " ".join(next_steps(CONVENTION, status, participant, day, is_reio=is_reio))


def test_a_signatory_is_told_what_comes_next_in_the_issues_words():
    signatory = ParticipantStatus("FRA", Stage.SIGNATORY, signed_on=date(2025, 10, 25))
    text = _steps(signatory, date(2026, 11, 23))
    assert text.startswith(
        "Signed on 25 October 2025. No instrument deposited yet. Signature closes on "
        "31 December 2026; after that the only way to join is accession."
    ) or text.startswith(
        # Django's own English date format, until the UN-style format module is enabled.
        "Signed on 25 October 2025. No instrument deposited yet. Signature closes on "
        "31 December 2026; after that the only way to join is accession."
    )


def test_a_non_signatory_after_the_window_can_only_accede():
    text = _steps(ParticipantStatus("NOR", Stage.NONE), date(2027, 2, 1))
    assert "Has neither signed the treaty nor deposited an instrument." in text
    assert "it can now join only by accession" in text


def test_an_instrument_before_entry_into_force_says_how_many_are_still_needed():
    ratifier = ParticipantStatus(
        "VNM",
        Stage.CONSENTED,
        signed_on=date(2025, 10, 25),
        consent_kind="ratification",
        consent_on=date(2026, 3, 2),
        counts=True,
    )
    text = _steps(ratifier, date(2026, 11, 23))
    assert "Instrument of ratification deposited on" in text
    assert "The treaty is not yet in force" in text
    assert "40 more are needed" in text


def test_a_party_is_told_since_when():
    party = ParticipantStatus(
        "VNM",
        Stage.PARTY,
        consent_kind="accession",
        consent_on=date(2027, 1, 2),
        entry_into_force_on=date(2027, 4, 2),
        counts=True,
    )
    assert "The treaty has been in force for it since" in _steps(party, date(2027, 5, 1))


def test_an_organizations_instrument_is_said_not_to_count():
    eu = ParticipantStatus(
        "EUU", Stage.CONSENTED, consent_kind="approval", consent_on=date(2026, 5, 1)
    )
    assert "does not count towards" in _steps(eu, date(2026, 11, 23), is_reio=True)


# --- The page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_country_page_shows_the_timeline_with_dates_and_sources(client, personas):
    html = page(client, "VNM")
    assert "<h1>Viet Nam</h1>" in html
    timeline = section(html, "timeline-section")
    assert "Signature" in timeline
    assert "Instrument of ratification deposited" in timeline
    assert 'datetime="2026-03-02"' in timeline
    assert "C.N.12.2026.TREATIES-XVIII.16" in timeline
    assert 'href="https://treaties.un.org/"' in timeline
    # The domestic step sits between signature and instrument, with its source.
    assert timeline.index("Signature") < timeline.index("Parliamentary approval")
    assert timeline.index("Parliamentary approval") < timeline.index("Instrument of ratification")
    assert "domestic step, not a depositary action" in timeline
    assert "Official gazette" in timeline
    assert "Waits for an instrument and for the treaty&#x27;s entry into force." in timeline


@pytest.mark.django_db
def test_a_signatory_page_says_what_comes_next(client, personas):
    text = section(page(client, "FRA"), "next-section")
    assert "No instrument deposited yet." in text
    assert "after that the only way to join is accession" in text


@pytest.mark.django_db
def test_codes_are_case_insensitive_and_unknown_codes_give_404(client, personas):
    assert "<h1>Viet Nam</h1>" in page(client, "vnm")
    response = client.get(reverse("treaty:country-detail", args=["ZZZ"]))
    assert response.status_code == 404
    assert "No participant has the code “ZZZ”" in response.content.decode()


@pytest.mark.django_db
def test_declarations_reservations_and_designated_authorities(client, treaty, personas):
    make_action(treaty, personas.ratifier, "declaration", date(2026, 3, 2), text="We declare X.")
    make_action(treaty, personas.ratifier, "reservation", date(2026, 3, 2), text="We reserve Y.")
    make_action(
        treaty,
        personas.ratifier,
        "notification",
        date(2026, 4, 1),
        text="Central authority: Ministry of Public Security.",
    )
    make_action(
        treaty,
        personas.ratifier,
        "notification",
        date(2026, 4, 2),
        text="Draft 24/7 point that must not show.",
        review_state=ReviewState.DRAFT,
    )
    make_action(
        treaty,
        personas.ratifier,
        "declaration",
        date(2026, 4, 3),
        text="Withdrawn text that must not show.",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Recorded in error",
    )
    html = page(client, "VNM")
    texts = section(html, "texts-section")
    assert "We declare X." in texts
    assert "We reserve Y." in texts
    authorities = section(html, "authorities-section")
    assert "Central authority: Ministry of Public Security." in authorities
    assert "must not show" not in html


@pytest.mark.django_db
def test_scorecard_and_obligations_table(client, personas, obligations):
    html = page(client, "VNM")
    scorecard = section(html, "scorecard-section")
    assert "Mandatory obligations aligned: 1 of 2." in scorecard
    assert "2 of 3 obligations assessed." in scorecard
    table = section(html, "obligations-section")
    illegal_access = re.search(
        r"<tr><th scope=\"row\"><a href=\"[^\"]*art-7/\">.*?</tr>", table
    ).group()
    assert "Aligned" in illegal_access
    assert '<a href="https://example.org/law" rel="external">Cybercrime Act</a>' in illegal_access
    assert 'datetime="2026-02-01"' in illegal_access
    awareness = re.search(
        r"<tr><th scope=\"row\"><a href=\"[^\"]*art-53-awareness/\">.*?</tr>", table
    ).group()
    assert "Not assessed" in awareness


@pytest.mark.django_db
def test_as_of_shows_the_earlier_assessment_and_no_instrument(client, personas, obligations):
    make_assessment(personas.ratifier, obligations[1], "aligned", as_of=date(2026, 6, 1))
    today = section(page(client, "VNM"), "obligations-section")
    assert today.count("status-aligned") == 2
    earlier = page(client, "VNM", as_of="2026-02-15")
    assert "You are looking at the record as it stood on" in earlier
    assert section(earlier, "obligations-section").count("status-aligned") == 1
    assert "No instrument deposited." in section(earlier, "timeline-section")
    before = section(page(client, "VNM", as_of="2026-01-01"), "obligations-section")
    assert "No implementation assessment has been published yet." in before
    assert "Not assessed" not in before


@pytest.mark.django_db
def test_unpublished_assessments_are_not_shown(client, personas, obligations):
    make_assessment(personas.signatory, obligations[0], "aligned", publish=False)
    html = page(client, "FRA")
    # Nothing published: the page says so, rather than "0 of 3 obligations assessed."
    assert "No implementation assessment has been published yet." in html
    assert "0 of 3 obligations assessed." not in html
    assert "status-aligned" not in section(html, "obligations-section")


@pytest.mark.django_db
def test_latest_changes_list_actions_and_assessments(client, personas):
    changes = section(page(client, "VNM"), "changes-section")
    assert "Ratification" in changes
    assert "Illegal access" in changes


@pytest.mark.django_db
def test_latest_changes_come_from_the_history_and_show_withdrawals_not_drafts(
    client, treaty, personas
):
    from treaty import services

    declaration = services.record_treaty_action(
        treaty=treaty,
        participant=personas.ratifier,
        kind="declaration",
        date=date(2026, 3, 2),
        source="Note verbale, 2 March 2026",
        publish=True,
    )
    services.withdraw_treaty_action(action=declaration, reason="Entered under the wrong treaty")
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.ratifier,
        kind="reservation",
        date=date(2026, 3, 2),
        source="Draft note",
    )
    changes = section(page(client, "VNM"), "changes-section")
    assert "Withdrawn" in changes
    assert "Entered under the wrong treaty" in changes
    assert "Reservation" not in changes
    assert "Draft note" not in changes


@pytest.mark.django_db
def test_the_eu_page_says_its_instrument_does_not_count(client, treaty, personas):
    make_action(treaty, personas.eu, "approval", date(2026, 5, 1))
    assert "does not count towards" in section(page(client, "EUU"), "next-section")


@pytest.mark.django_db
def test_country_page_runs_the_same_sixteen_queries_whatever_the_data(
    client, treaty, obligations, personas
):
    # 1 participant, 2 treaty, 3 engine rows, 4 its actions, 5 its domestic steps, 6 obligations
    # (with their articles' numbers), 7 its assessments, 8 the provisions they cite (none when
    # it has no assessment), 9-11 the latest changes from the three history tables, 12 the
    # footer's "last checked against the depositary" (one fixed query on every page), 13-16
    # domestic law: its laws, its mappings, the grid's articles with their obligations, its
    # outside indicators (tests/test_laws_pages.py counts them at 2,000).
    url = reverse("treaty:country-detail", args=["VNM"])
    small, _ = count_queries(client, url)
    small_past, _ = count_queries(client, url + "?as_of=2026-03-01")
    people = crowd(treaty, obligations)
    large, _ = count_queries(client, url)
    large_past, _ = count_queries(client, url + "?as_of=2026-03-01")
    busy, _ = count_queries(client, reverse("treaty:country-detail", args=[people[0].iso3]))
    assert small == 16
    assert large == small
    assert busy == small
    assert small_past == large_past == 16


@pytest.mark.django_db
def test_country_page_in_french(client, personas):
    response = client.get(reverse_in("fr", "treaty:country-detail", "NOR"))
    html = response.content.decode()
    assert "<h1>Norvège</h1>" in html
    assert "Situation et prochaines étapes" in html
    assert "N’a ni signé le traité ni déposé d’instrument." in html


@pytest.mark.django_db
def test_published_facts_say_the_editorial_team_verified_them_and_when(
    client, treaty, personas, obligations
):
    from tests.factories import make_user
    from treaty import services

    reviewer = make_user("reviewer", first_name="Ana", last_name="Reviewer")
    draft = services.record_progress(
        participant=personas.ratifier,
        obligation=obligations[2],
        as_of=date(2026, 4, 1),
        status="in_progress",
        assessed_by="Ministry",
    )
    services.submit(record=draft)
    services.verify(record=draft, by=reviewer)
    content = page(client, "VNM")
    assert "Verified on" in content
    assert "by the editorial team" in content
    assert "Ana Reviewer" not in content  # a role, never an account's name (trust issue 9)


@pytest.mark.django_db
def test_country_page_shows_the_provisions_an_assessment_cites_beside_its_evidence(
    client, personas, obligations
):
    from tests.laws_factories import make_law, make_provision
    from treaty import services
    from treaty.models import ObligationProgress

    aligned = ObligationProgress.objects.get(
        participant=personas.ratifier, obligation=obligations[0]
    )
    act = make_law(personas.ratifier, title="Law on Cybersecurity", official_url="https://a.vn/")
    services.cite_provisions(
        assessment=aligned,
        provisions=[
            make_provision(act, reference="art. 3", url="https://a.vn/#art3"),
            make_provision(act, reference="art. 9"),
            make_provision(act, reference="art. 12", publish=False),
        ],
    )

    row = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Illegal access</a>.*?</tr>", page(client, "VNM"), re.S
    )

    assert "Cybercrime Act" in row.group()  # the free-text evidence stays
    assert (
        '<a href="https://a.vn/#art3" rel="external">Law on Cybersecurity, art. 3</a>'
        in row.group()
    )
    assert '<a href="https://a.vn/" rel="external">Law on Cybersecurity, art. 9</a>' in row.group()
    assert "art. 12" not in row.group()  # a draft provision is not public
