"""Atom feeds of treaty actions, per treaty and per participant (issue 4, "Feeds")."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_action, make_participant, make_treaty
from treaty import feeds
from treaty.models import ReviewState

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def unpublished(treaty, personas):
    """A draft accession by the outsider and a withdrawn declaration by the ratifier: neither
    may appear in any feed."""
    make_action(
        treaty,
        personas.outsider,
        "accession",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    make_action(
        treaty,
        personas.ratifier,
        "declaration",
        date(2026, 3, 2),
        withdrawn_at=timezone.now(),
        withdrawn_reason="Recorded under the wrong treaty.",
    )


def test_treaty_feed_lists_published_actions_newest_first(
    client, treaty, personas, unpublished, django_assert_num_queries
):
    # 1. the treaty by slug; 2. its latest published actions with participant and treaty.
    with django_assert_num_queries(2):
        response = client.get(reverse("feeds:treaty-actions", args=[treaty.slug]))

    root = parse_atom(response)
    assert root.findtext(f"{ATOM}title") == "UN Convention against Cybercrime: treaty actions"
    assert titles(root) == [
        "Viet Nam deposited its instrument of ratification",
        "European Union signed",
        "France signed",
        "Viet Nam signed",
    ]


def test_treaty_feed_entries_link_to_the_country_page_with_source_and_dates(
    client, treaty, personas
):
    ratification = personas.ratifier.actions.get(kind="ratification")

    root = parse_atom(client.get(reverse("feeds:treaty-actions", args=[treaty.slug])))

    entry = next(root.iter(f"{ATOM}entry"))
    country_page = reverse("treaty:country-detail", args=["VNM"])
    link = f"http://testserver{country_page}#action-{ratification.pk}"
    assert entry.find(f"{ATOM}link").get("href") == link
    assert entry.findtext(f"{ATOM}id") == link
    assert entry.findtext(f"{ATOM}updated") == ratification.updated_at.isoformat()
    assert entry.findtext(f"{ATOM}published") == ratification.verified_at.isoformat()
    assert entry.find(f"{ATOM}category").get("term") == "ratification"
    assert entry.findtext(f"{ATOM}summary") == (
        "Ratification, UN Convention against Cybercrime, dated 2 March 2026. "
        "Depositary notification C.N.12.2026.TREATIES-XVIII.16. "
        "Source: UNTC XVIII-16 status page (https://treaties.un.org/) [Depositary record]."
    )


def test_every_entry_has_its_own_id(client, treaty, personas):
    root = parse_atom(client.get(reverse("feeds:treaty-actions", args=[treaty.slug])))

    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_participant_feed_lists_only_that_participants_published_actions(
    client, treaty, personas, unpublished, django_assert_num_queries
):
    # 1. the participant by ISO alpha-3; 2. its latest published actions; 3. its latest
    # published domestic steps.
    with django_assert_num_queries(3):
        response = client.get(reverse("feeds:participant-actions", args=["VNM"]))

    root = parse_atom(response)
    assert root.findtext(f"{ATOM}title") == "Viet Nam: treaty actions"
    assert titles(root) == [
        "Viet Nam deposited its instrument of ratification",
        "Viet Nam: Parliament approved ratification on 1 February 2026",
        "Viet Nam signed",
    ]


def test_participant_feed_accepts_a_lowercase_code(client, personas):
    root = parse_atom(client.get("/en/feeds/countries/vnm/actions/"))

    assert root.findtext(f"{ATOM}title") == "Viet Nam: treaty actions"


def test_participant_feed_of_an_outsider_is_empty_but_valid(client, personas, unpublished):
    root = parse_atom(client.get(reverse("feeds:participant-actions", args=["NOR"])))

    assert titles(root) == []


def test_feed_titles_name_each_kind_of_action(client, db):
    treaty = make_treaty(short_title="Test Convention")
    mali = make_participant(name="Mali")
    chile = make_participant(name="Chile")
    reservation = make_action(treaty, chile, "reservation", date(2026, 1, 10))
    make_action(treaty, mali, "signature", date(2025, 10, 25))
    make_action(treaty, mali, "accession", date(2026, 1, 11))
    make_action(treaty, mali, "objection", date(2026, 1, 12), relates_to=reservation)
    make_action(treaty, chile, "reservation_withdrawal", date(2026, 1, 13))
    make_action(treaty, chile, "declaration", date(2026, 1, 14))
    make_action(treaty, chile, "notification", date(2026, 1, 15))
    make_action(treaty, chile, "succession", date(2026, 1, 16))
    make_action(treaty, mali, "denunciation", date(2026, 1, 17))

    root = parse_atom(client.get(reverse("feeds:treaty-actions", args=[treaty.slug])))

    assert titles(root) == [
        "Mali denounced the Test Convention",
        "Chile deposited its notification of succession",
        "Chile made a notification",
        "Chile made a declaration",
        "Chile withdrew a reservation",
        "Mali objected to the reservation of Chile",
        "Mali deposited its instrument of accession",
        "Chile made a reservation",
        "Mali signed",
    ]


def test_feed_holds_the_latest_fifty_actions(client, db):
    treaty = make_treaty()
    for _ in range(feeds.FEED_LENGTH + 2):
        make_action(treaty, make_participant(), "signature", date(2025, 10, 25))

    root = parse_atom(client.get(reverse("feeds:treaty-actions", args=[treaty.slug])))

    assert len(titles(root)) == feeds.FEED_LENGTH


@pytest.mark.parametrize(
    ("name", "code"),
    [("feeds:treaty-actions", "no-such-treaty"), ("feeds:participant-actions", "XXX")],
)
def test_feed_of_an_unknown_code_is_not_found(client, personas, name, code):
    response = client.get(reverse(name, args=[code]))

    assert response.status_code == 404
