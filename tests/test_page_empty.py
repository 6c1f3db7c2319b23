"""Every page honest when empty (issue "domestic law"): with no implementation assessment
published, a page says so instead of drawing tables of zeros, rows of "Not assessed" or
"0 / n" bars. The joining obligation (art. 64) follows the depositary record: it is no
assessment, and it stays where it was shown."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import (
    make_action,
    make_article,
    make_assessment,
    make_obligation,
    make_participant,
)
from tests.test_page_support import frozen_today, section
from treaty.models import Obligation

pytestmark = pytest.mark.django_db
SLUG = "un-cybercrime-convention"
EMPTY = "No implementation assessment has been published yet."


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


@pytest.fixture
def joining(treaty, obligations):
    return make_obligation(
        treaty,
        [make_article(treaty, number=64, title="Signature, ratification")],
        code="art-64",
        title="Become a party",
        category=Obligation.Category.JOINING,
        position=64,
    )


@pytest.fixture
def bare(treaty, obligations, joining):
    """A signatory and a party, and no assessment published (one is only drafted)."""
    france = make_participant(iso2="FR", iso3="FRA", name="France")
    viet_nam = make_participant(iso2="VN", iso3="VNM", name="Viet Nam")
    make_action(treaty, france, "signature", date(2025, 10, 25))
    make_action(treaty, viet_nam, "signature", date(2025, 10, 25))
    make_action(treaty, viet_nam, "ratification", date(2026, 3, 2))
    make_assessment(france, obligations[0], "aligned", publish=False)
    return obligations


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, iso3: str) -> str:
    return re.search(rf'<tr><th scope="row"><a href="/en/countries/{iso3}/">.*?</tr>', html).group()


# --- Dashboard ------------------------------------------------------------------------------


def test_dashboard_says_nothing_is_assessed_and_keeps_the_joining_row(client, bare):
    progress = section(
        get(client, reverse("treaty:treaty-detail", args=[SLUG])), "progress-section"
    )

    assert EMPTY in progress
    assert "Become a party" not in progress  # rows are categories
    assert "Joining" in progress
    assert "Domestic law alignment" not in progress
    assert "0 / " not in progress


def test_dashboard_with_one_assessment_shows_the_categories(client, bare):
    make_assessment(_vnm(), bare[0])

    progress = section(
        get(client, reverse("treaty:treaty-detail", args=[SLUG])), "progress-section"
    )

    assert EMPTY not in progress
    assert "Domestic law alignment" in progress


def _vnm():
    from treaty.models import Participant

    return Participant.objects.get(iso3="VNM")


# --- Countries list -------------------------------------------------------------------------


def test_countries_list_draws_no_zero_bars_for_a_participant_with_nothing_assessed(client, bare):
    html = get(client, "/en/countries/")

    france = row_of(html, "FRA")
    assert "0 / 2" not in france
    assert "Domestic law alignment: not assessed" in france
    assert france.count('class="bar"') == 1  # the joining column, from the record
    assert "—" in france


def test_countries_list_draws_the_bar_once_an_assessment_is_published(client, bare):
    make_assessment(_vnm(), bare[0], "aligned")

    html = get(client, "/en/countries/")

    assert re.search(r"1 / 2</span>", row_of(html, "VNM"))
    assert "0 / 2" not in row_of(html, "FRA")


# --- Country page ---------------------------------------------------------------------------


def test_country_page_with_nothing_assessed_says_so_and_keeps_the_joining_obligation(client, bare):
    html = get(client, "/en/countries/VNM/")

    scores = section(html, "scorecard-section")
    assert EMPTY in scores
    assert "obligations assessed" not in scores
    assert "Domestic law alignment" not in scores
    obligations = section(html, "obligations-section")
    assert EMPTY in obligations
    assert "Become a party" in obligations
    assert "From the depositary record." in obligations
    assert "Illegal access" not in obligations
    assert "Not assessed" not in obligations


def test_country_page_with_one_assessment_lists_every_obligation(client, bare):
    make_assessment(_vnm(), bare[0], "aligned")

    html = get(client, "/en/countries/VNM/")

    assert EMPTY not in html
    obligations = section(html, "obligations-section")
    assert "Illegal access" in obligations
    assert "Expedited preservation" in obligations  # not assessed, next to an assessed one
    assert "1 of 4 obligations assessed." in section(html, "scorecard-section")


# --- Obligations list, obligation, article ------------------------------------------------


def test_obligations_list_with_nothing_assessed_has_no_row_of_zeros(client, bare):
    html = get(client, reverse("treaty:obligation-list", args=[SLUG]))

    assert EMPTY in html
    illegal_access = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Illegal access</a>.*?</tr>", html, re.S
    )
    assert '<td class="num">0</td>' not in illegal_access.group()
    assert "not assessed" in illegal_access.group()
    joining_row = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Become a party</a>.*?</tr>", html, re.S
    )
    assert '<td class="num">1</td>' in joining_row.group()  # one party, from the record


def test_obligations_list_with_one_assessment_counts_it(client, bare):
    make_assessment(_vnm(), bare[0], "aligned")

    html = get(client, reverse("treaty:obligation-list", args=[SLUG]))

    assert EMPTY not in html
    illegal_access = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Illegal access</a>.*?</tr>", html, re.S
    )
    assert '<td class="num">1</td>' in illegal_access.group()
    preservation = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Expedited preservation</a>.*?</tr>", html, re.S
    )
    assert '<td class="num">0</td>' not in preservation.group()


def test_obligation_page_with_nothing_assessed_says_so(client, bare):
    html = get(client, reverse("treaty:obligation-detail", args=[SLUG, "art-7"]))

    who = section(html, "who-section")
    assert EMPTY in who
    assert "Not assessed" not in who


def test_obligation_page_with_one_assessment_lists_who_stands_where(client, bare):
    make_assessment(_vnm(), bare[0], "aligned")

    who = section(
        get(client, reverse("treaty:obligation-detail", args=[SLUG, "art-7"])), "who-section"
    )

    assert EMPTY not in who
    assert "Viet Nam" in who
    assert "France" in who


def test_the_joining_obligation_page_still_follows_the_record(client, bare):
    who = section(
        get(client, reverse("treaty:obligation-detail", args=[SLUG, "art-64"])), "who-section"
    )

    assert EMPTY not in who
    assert "Viet Nam" in who


def test_article_page_with_nothing_assessed_says_so(client, bare):
    number = bare[0].articles.get().number

    html = get(client, reverse("treaty:article-detail", args=[SLUG, number]))

    assert EMPTY in section(html, "obligations-section")
    assert 'id="who-section"' not in html


def test_article_page_with_one_assessment_shows_the_matrix(client, bare):
    make_assessment(_vnm(), bare[0], "aligned")
    number = bare[0].articles.get().number

    html = get(client, reverse("treaty:article-detail", args=[SLUG, number]))

    assert EMPTY not in html
    assert "Viet Nam" in section(html, "who-section")
