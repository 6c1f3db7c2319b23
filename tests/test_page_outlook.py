"""The entry-into-force outlook on the dashboard (treaty/views/outlook.py, _outlook.html)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import make_action, make_participant
from tests.public_pages import reverse_in
from tests.test_page_support import frozen_today, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def outlook_html(client, **params) -> str:
    response = client.get(reverse("treaty:home"), params)
    assert response.status_code == 200
    return section(response.content.decode(), "outlook-section")


def test_with_no_instrument_the_outlook_says_so_and_forecasts_nothing(client, treaty):
    make_action(treaty, make_participant(), "signature", date(2025, 10, 25))
    html = outlook_html(client)
    assert "40 more counting instruments are needed" in html
    assert "No counting instrument has been deposited yet" in html
    assert "no date is forecast" in html
    assert "would come between" not in html
    assert "Last 6 months" not in html


def test_with_instruments_the_outlook_gives_a_range_of_months_and_its_method(client, treaty):
    # Ten deposits in the last six months (TODAY is 23 November 2026), two more a year ago.
    for i in range(10):
        make_action(treaty, make_participant(), "ratification", date(2026, 7, 1) + timedelta(i))
    for day in (date(2025, 12, 1), date(2025, 12, 2)):
        make_action(treaty, make_participant(), "accession", day)
    html = outlook_html(client)
    assert "28 more counting instruments are needed" in html
    assert "(12 of 40 deposited)" in html
    assert "would come between" in html
    assert "Last 6 months" in html
    assert "Last 12 months" in html
    assert "How this is worked out" in html
    assert "not a prediction" in html


def test_the_eus_instrument_is_not_counted_in_the_outlook(client, treaty, personas):
    make_action(treaty, personas.eu, "approval", date(2026, 6, 1))
    html = outlook_html(client)
    # Viet Nam's ratification only: the EU's approval does not count (art. 65(1)).
    assert "39 more counting instruments are needed" in html
    assert "(1 of 40 deposited)" in html


def test_the_outlook_follows_as_of(client, treaty, personas):
    html = outlook_html(client, as_of="2026-01-10")  # before Viet Nam's ratification
    assert "No counting instrument has been deposited yet" in html


def test_the_outlook_in_french(client, treaty, personas):
    response = client.get(reverse_in("fr", "treaty:home"))
    html = section(response.content.decode(), "outlook-section")
    assert "Perspectives d’entrée en vigueur" in html
    assert "Comment ce calcul est fait" in html
