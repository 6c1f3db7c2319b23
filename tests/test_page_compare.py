"""Compare two to four participants side by side (/compare/?p=…)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_domestic_step, make_participant
from tests.laws_factories import make_law
from tests.test_page_support import count_queries, crowd, frozen_today, section

pytestmark = pytest.mark.django_db

URL = reverse("treaty:compare")


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def test_two_participants_side_by_side(client, personas):
    make_law(personas.ratifier, title="Law on cybersecurity")
    response = client.get(URL, {"p": ["VNM", "FRA"]})
    assert response.status_code == 200
    html = response.content.decode()
    status = section(html, "compare-status")
    # Columns in the order asked for, each linking its country page.
    assert status.index("Viet Nam") < status.index("France")
    assert 'href="/en/countries/VNM/"' in status
    assert "Ratification" in status  # Viet Nam's instrument
    assert "Parliamentary approval" in status  # its domestic step
    assert "Law on cybersecurity" in status
    assert "None recorded" in status  # France: no domestic step, no law
    obligations = section(html, "compare-obligations")
    assert "Illegal access" in obligations
    assert "Aligned" in obligations
    assert "Not assessed" in obligations
    assert "Norway" not in status  # not asked for


def test_codes_may_come_comma_separated_and_in_any_case(client, personas):
    response = client.get(URL, {"p": "vnm,fra"})
    assert response.status_code == 200
    assert "Viet Nam" in section(response.content.decode(), "compare-status")


def test_without_codes_the_page_offers_the_form(client, personas):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose two to four participants" in html
    assert 'name="p"' in html
    assert 'id="compare-status"' not in html


def test_an_unknown_code_is_a_400_that_names_it(client, personas):
    response = client.get(URL, {"p": ["VNM", "XYZ"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No participant has the code “XYZ”" in html
    assert 'id="compare-status"' not in html


def test_more_than_four_is_a_400_that_says_the_limit(client, personas):
    extra = [make_participant().iso3 for _ in range(3)]
    response = client.get(URL, {"p": ["VNM", "FRA", *extra]})
    assert response.status_code == 400
    assert "Up to 4 participants can be compared at once" in response.content.decode()


def test_one_participant_asks_for_a_second(client, personas):
    response = client.get(URL, {"p": "VNM"})
    assert response.status_code == 400
    assert "Choose at least two participants" in response.content.decode()


def test_compare_follows_as_of(client, personas):
    response = client.get(URL, {"p": ["VNM", "FRA"], "as_of": "2026-01-10"})
    status = section(response.content.decode(), "compare-status")
    assert "Ratification" not in status  # deposited on 2 March 2026
    assert "Parliamentary approval" not in status  # 1 February 2026


def test_compare_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    # 1 treaty, 2 participants, 3 engine rows, 4 actions, 5 domestic steps, 6 laws,
    # 7 obligations, 8 assessments, 9 the footer's "last checked against the depositary".
    small, _response = count_queries(client, URL + "?p=VNM&p=FRA")
    people = crowd(treaty, obligations)
    for person in people[:4]:
        make_domestic_step(treaty, person, "parliament_approval", date(2026, 2, 2))
        make_law(person)
    codes = "&".join(f"p={p.iso3}" for p in people[:4])
    large, response = count_queries(client, f"{URL}?{codes}")
    assert response.status_code == 200
    assert small == 9
    assert large == small


def test_compare_is_in_the_navigation(client, personas):
    html = client.get(reverse("treaty:home")).content.decode()
    assert 'href="/en/compare/"' in html


def test_the_look_back_form_keeps_every_participant_compared(client, personas):
    html = client.get(URL, {"p": ["VNM", "FRA"]}).content.decode()
    form = html[html.index('class="as-of-form"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="p" value="VNM">' in form
    assert '<input type="hidden" name="p" value="FRA">' in form
