"""Public pages, feeds, exports and the anonymous API never name an internal account (trust
issue, item 9): a published record says it was verified by the editorial team, never by whom."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.public_pages import reverse_in
from treaty import services
from treaty.roles import EDITOR, REVIEWER

# Everything the verifier's account holds that could identify them.
ACCOUNT = {
    "username": "zq-uxreviewer-7",
    "first_name": "Zelda",
    "last_name": "Quarrington",
    "email": "zq.private@example.org",
}


@pytest.fixture
def verified_by_a_reviewer(treaty, personas, obligations):
    """France's approval and Viet Nam's awareness assessment, entered by an editor and verified
    by a reviewer whose account has a distinctive name."""
    editor = make_user(
        "ed-entering-9", groups=(EDITOR,), first_name="Edmundo", last_name="Vantongeren"
    )
    reviewer = make_user(groups=(REVIEWER,), **ACCOUNT)
    action = services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        by=editor,
    )
    assessment = services.record_progress(
        participant=personas.ratifier,
        obligation=obligations[2],
        as_of=date(2026, 4, 1),
        status="in_progress",
        assessed_by="Ministry of Information",
        by=editor,
    )
    for record in (action, assessment):
        services.submit(record=record, by=editor)
        services.verify(record=record, by=reviewer)
    return [*ACCOUNT.values(), "ed-entering-9", "Edmundo", "Vantongeren"]


PUBLIC_ADDRESSES = [
    reverse("treaty:home"),
    reverse("treaty:country-list"),
    reverse("treaty:country-detail", args=["FRA"]),
    reverse("treaty:country-detail", args=["VNM"]),
    reverse("treaty:country-detail", args=["VNM"]) + "?as_of=2026-05-01",
    "/en/treaties/un-cybercrime-convention/obligations/",
    "/en/feeds/treaties/un-cybercrime-convention/actions/",
    "/en/feeds/countries/FRA/actions/",
    "/api/v1/actions/",
    "/api/v1/assessments/",
    "/api/v1/participants/FRA/",
    "/api/v1/exports/actions.csv",
    "/api/v1/exports/actions.json",
    "/api/v1/exports/assessments.csv",
    "/api/v1/exports/assessments.json",
    "/api/v1/exports/panel-long.csv",
]


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_no_public_answer_names_the_accounts_that_entered_or_verified_a_record(
    client, verified_by_a_reviewer, address
):
    response = client.get(address)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    for name in verified_by_a_reviewer:
        assert name not in text, f"{address} shows {name!r}"


def test_the_obligation_page_names_no_account(client, verified_by_a_reviewer, obligations):
    response = client.get(obligations[2].get_absolute_url())
    assert response.status_code == 200
    for name in verified_by_a_reviewer:
        assert name not in response.content.decode()


def test_a_published_record_says_the_editorial_team_verified_it(client, verified_by_a_reviewer):
    content = client.get(reverse("treaty:country-detail", args=["FRA"])).content.decode()
    assert "Verified on" in content
    assert "by the editorial team" in content


def test_the_verification_line_in_french_names_the_team(client, verified_by_a_reviewer):
    content = client.get(reverse_in("fr", "treaty:country-detail", "FRA")).content.decode()
    assert "par l’équipe éditoriale" in content
