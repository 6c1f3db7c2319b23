"""The dashboard's chart and map as the page assembles them (the drawings themselves are
tested in tests/test_charts.py, their colours in tests/test_map_colours.py)."""

from __future__ import annotations

import re
from datetime import date

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


def test_on_the_first_day_of_signature_the_chart_shows_what_was_signed_that_day(client, personas):
    html = client.get(reverse("treaty:home"), {"as_of": "2025-10-25"}).content.decode()
    chart = section(html, "chart-section")
    # Three signatures on 25 October 2025: the chart and its table say so, as the headline does.
    assert re.search(r"Signatures</dt>\s*<dd[^>]*>3</dd>", section(html, "headline"))
    assert "No signature or instrument was recorded by this date." not in chart
    assert "Signatures: 3" in chart
    assert re.search(r'datetime="2025-10-25".*?<td class="num">3</td>', chart, flags=re.S)


def test_before_anything_was_recorded_the_chart_says_so(client, personas):
    html = client.get(reverse("treaty:home"), {"as_of": "2025-10-24"}).content.decode()
    assert "No signature or instrument was recorded by this date." in section(html, "chart-section")
    assert '<svg class="chart' not in html


def test_the_chart_reads_the_threshold_from_the_treaty_rule(client, personas, treaty):
    treaty.instruments_required = 5
    treaty.save()
    html = client.get(reverse("treaty:home")).content.decode()
    chart = section(html, "chart-section")
    assert "Counting instruments: 1 of 5" in chart
    assert "5 needed for entry into force" in chart
    assert "40" not in re.sub(r"<table.*</table>", "", chart, flags=re.S).replace("2025", "")


def test_the_map_and_its_europe_view_name_every_participant_with_a_link(client, personas):
    personas.ratifier.m49 = 704
    personas.ratifier.save()
    personas.signatory.m49 = 250
    personas.signatory.save()
    personas.outsider.m49 = 578
    personas.outsider.save()
    html = client.get(reverse("treaty:home")).content.decode()
    world = re.search(r'<svg class="world-map".*?</svg>', html, flags=re.S).group(0)
    europe = re.search(r'<svg class="world-map map-inset".*?</svg>', html, flags=re.S).group(0)
    assert 'role="group"' in world
    assert 'role="img"' not in world
    for name in ("Viet Nam", "France", "Norway"):
        assert f'aria-label="{name}: ' in world
    assert 'aria-label="France: Signed, not yet bound"' in europe
    assert 'aria-label="Norway: No action"' in europe
    assert "Viet Nam" not in europe


def test_the_participants_by_stage_are_listed_in_columns_below_the_map(client, personas):
    html = client.get(reverse("treaty:home")).content.decode()
    members = section(html, "members-signatory")
    assert '<ul class="name-columns">' in members
    assert members.count("<li>") == 2  # France and the European Union
    assert '<a href="#members-signatory">' in section(html, "stage-signatory")


def test_the_names_by_stage_follow_the_alphabet_of_the_language_shown(client, personas, treaty):
    egypt = make_participant(iso2="EG", iso3="EGY", name="Egypt", name_fr="Égypte")
    make_action(treaty, egypt, "signature", date(2025, 10, 25))
    personas.eu.name_fr = "Union européenne"
    personas.eu.save()
    html = client.get(reverse_in("fr", "treaty:home")).content.decode()
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section(html, "members-signatory"))
    assert names == ["Égypte", "France", "Union européenne"]
