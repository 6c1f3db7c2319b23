"""The treaty dashboard (home page and /treaties/<slug>/)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_action, make_treaty
from tests.public_pages import reverse_in
from tests.test_page_support import count_queries, crowd, frozen_today, section
from treaty.models import ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def test_dashboard_gives_the_headline_figures(client, personas):
    response = client.get(reverse("treaty:home"))
    html = response.content.decode()
    assert response.status_code == 200
    headline = section(html, "headline")
    # Viet Nam, France and the EU signed; only Viet Nam deposited an instrument.
    assert re.search(r"Signatures</dt>\s*<dd[^>]*>3</dd>", headline)
    assert re.search(r"Instruments deposited</dt>\s*<dd[^>]*>1</dd>", headline)
    assert "1 of 40" in headline
    assert "Not yet in force" in headline
    assert "39 more to go" in headline
    assert "38 days left" in headline  # 23 November → 31 December 2026


def test_the_treaty_page_and_the_home_page_show_the_same_treaty(client, personas, treaty):
    home = client.get(reverse("treaty:home")).content.decode()
    page = client.get(reverse("treaty:treaty-detail", args=[treaty.slug])).content.decode()
    assert "UN Convention against Cybercrime" in home
    assert section(home, "headline") == section(page, "headline")


def test_outsider_is_not_listed_among_signatories_or_parties(client, personas):
    html = client.get(reverse("treaty:home")).content.decode()
    # The names are listed by stage under the map's table, which counts them.
    assert "Viet Nam" in section(html, "members-consented")
    assert "France" in section(html, "members-signatory")
    assert "Norway" not in section(html, "members-signatory")
    assert 'id="members-party"' not in html  # nobody to list
    # Counted among those with no action, not named.
    assert '<td class="num">1</td>' in section(html, "stage-none")
    assert 'id="members-none"' not in html


def test_drafts_and_withdrawn_actions_are_never_shown(client, treaty, personas):
    make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 6, 1),
        review_state=ReviewState.DRAFT,
        source="Draft source that must not show",
    )
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 6, 2),
        withdrawn_at=timezone.now(),
        withdrawn_reason="Entered in error",
        source="Withdrawn source that must not show",
    )
    html = client.get(reverse("treaty:home")).content.decode()
    assert "Draft source that must not show" not in html
    assert "Withdrawn source that must not show" not in html
    assert re.search(r"Signatures</dt>\s*<dd[^>]*>3</dd>", html)
    assert re.search(r"Instruments deposited</dt>\s*<dd[^>]*>1</dd>", html)
    assert "Norway" not in section(html, "stage-signatory")


def test_latest_actions_come_with_their_sources(client, personas):
    html = section(client.get(reverse("treaty:home")).content.decode(), "actions-section")
    assert "Ratification" in html
    assert "C.N.12.2026.TREATIES-XVIII.16" in html
    assert 'href="https://treaties.un.org/"' in html
    assert "Norway" not in html


def test_the_chart_is_an_svg_with_a_text_alternative_and_a_table(client, personas):
    html = client.get(reverse("treaty:home")).content.decode()
    # A wide and a narrow drawing, the stylesheet shows one: both images with a title.
    assert re.search(r'<svg class="chart chart-wide"[^>]*role="img"', html)
    assert re.search(r'<svg class="chart chart-narrow"[^>]*role="img"', html)
    assert '<title id="chart-title">' in html
    assert '<title id="chart-narrow-title">' in html
    assert "40 needed for entry into force" in html
    table = section(html, "timeline-table")
    # 25 October 2025: three signatures; 2 March 2026: Viet Nam's instrument.
    assert re.search(r'datetime="2025-10-25".*?<td class="num">3</td><td class="num">0</td>', table)
    assert re.search(r'datetime="2026-03-02".*?<td class="num">3</td><td class="num">1</td>', table)


def test_the_map_colours_each_participant_by_stage(client, personas):
    personas.ratifier.m49 = 704
    personas.ratifier.save()
    personas.signatory.m49 = 250
    personas.signatory.save()
    html = client.get(reverse("treaty:home")).content.decode()
    assert re.search(
        r'aria-label="Viet Nam: Instrument deposited"><title>Viet Nam: Instrument deposited'
        r'</title><path class="stage-consented" d="[^"]+"',
        html,
    )
    assert re.search(
        r'aria-label="France: Signed, not yet bound"><title>France: Signed, not yet bound'
        r'</title><path class="stage-signatory" d="[^"]+"',
        html,
    )
    # No M49 code, so no shape: listed under the map instead.
    unmapped = section(html, "unmapped")
    assert "European Union" in unmapped
    assert "Viet Nam" not in unmapped


def test_implementation_progress_counts_participants_that_signed_or_are_bound_only(
    client, personas
):
    html = section(client.get(reverse("treaty:home")).content.decode(), "progress-section")
    assert "Across the 3 participants that have signed or are bound" in html
    assert "Domestic law alignment" in html


def test_as_of_shows_the_record_of_that_day_under_a_banner(client, personas):
    before = client.get(reverse("treaty:home"), {"as_of": "2026-03-01"}).content.decode()
    assert "You are looking at the record as it stood on" in before
    assert re.search(r"Instruments deposited</dt>\s*<dd[^>]*>0</dd>", before)
    assert "Ratification" not in section(before, "actions-section")
    on_the_day = client.get(reverse("treaty:home"), {"as_of": "2026-03-02"}).content.decode()
    assert re.search(r"Instruments deposited</dt>\s*<dd[^>]*>1</dd>", on_the_day)
    # Links keep the day.
    assert "/countries/VNM/?as_of=2026-03-02" in on_the_day
    today = client.get(reverse("treaty:home")).content.decode()
    assert "You are looking at the record" not in today


def test_as_of_before_any_signature_shows_no_chart_but_a_sentence(client, personas):
    html = client.get(reverse("treaty:home"), {"as_of": "2025-01-10"}).content.decode()
    assert '<svg class="chart"' not in html
    assert "No signature or instrument was recorded by this date." in html


@pytest.mark.parametrize("value", ["yesterday", "2026-02-30", "20260301", "2026-W09-1"])
def test_a_malformed_as_of_gives_a_400_page_that_says_why(client, personas, value):
    response = client.get(reverse("treaty:home"), {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a date" in html
    assert "YYYY-MM-DD" in html


def test_an_as_of_in_the_future_gives_a_400_page(client, personas):
    response = client.get(reverse("treaty:home"), {"as_of": "2027-01-01"})
    assert response.status_code == 400
    assert "is in the future" in response.content.decode()


def test_an_unknown_treaty_gives_the_404_page(client, personas):
    response = client.get(reverse("treaty:treaty-detail", args=["no-such-treaty"]))
    assert response.status_code == 404
    assert "No treaty has the identifier “no-such-treaty”" in response.content.decode()


def test_the_home_page_without_any_treaty_says_how_to_load_one(client, db):
    response = client.get(reverse("treaty:home"))
    assert response.status_code == 404
    assert "make data" in response.content.decode()


def test_another_treaty_has_its_own_dashboard(client, personas):
    other = make_treaty(slug="a-protocol", short_title="A protocol", instruments_required=10)
    html = client.get(reverse("treaty:treaty-detail", args=[other.slug])).content.decode()
    assert "A protocol" in html
    assert "0 of 10" in html
    assert re.search(r"Signatures</dt>\s*<dd[^>]*>0</dd>", html)


def test_every_page_links_to_the_api_and_exports_once_they_exist(client, personas):
    html = section(client.get(reverse("treaty:home")).content.decode(), "data-section")
    assert "The same data, for reuse" in html


def test_dashboard_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    # 1 treaty, 2 engine rows (status, chart and the comparison with the depositary's counts),
    # 3 participants, 4 latest actions, 5 obligations, 6 assessments (scorecards), 7 the
    # depositary's counts, 8 the footer's "last checked against the depositary" (every page),
    # 9 the groups' members (the breakdowns by group).
    small, _response = count_queries(client, reverse("treaty:home"))
    crowd(treaty, obligations)
    large, response = count_queries(client, reverse("treaty:home"))
    assert small == 9
    assert large == small
    assert re.search(r"Signatures</dt>\s*<dd[^>]*>28</dd>", response.content.decode())


def test_dashboard_in_french(client, personas):
    response = client.get(reverse_in("fr", "treaty:home"))
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Signatures" in html
    assert "Signé, pas encore lié" in html  # the stage, in the French catalogue
    assert "Pas encore en vigueur" in html
    assert "23 novembre 2026" in html
    assert "38 jours restants" in html  # plural forms come from the French catalogue


def test_dashboard_in_arabic_is_right_to_left(client, personas):
    html = client.get(reverse_in("ar", "treaty:home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
