"""The countries list's overview: the summary by stage at the top, and the region column
(region first, sub-region beneath)."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_assessment, make_participant
from tests.public_pages import reverse_in
from tests.test_page_support import frozen_today, section

pytestmark = pytest.mark.django_db
URL = "/en/countries/"


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def summary(html: str) -> dict[str, tuple[int, str, bool]]:
    """Each stage of the summary: its count, its link, whether it is the one shown."""
    nav = re.search(r'<nav class="stage-summary".*?</nav>', html, flags=re.S).group(0)
    return {
        stage: (int(count), href.replace("&amp;", "&"), bool(current))
        for href, current, stage, count in re.findall(
            r'<a href="([^"]+)"( aria-current="true")?><span class="badge stage-(\w+)">'
            r'[^<]+</span> <span class="stage-count">(\d+)</span>',
            nav,
        )
    }


def test_the_summary_counts_every_stage_in_the_engine_order_and_links_to_each(client, personas):
    html = client.get(URL).content.decode()
    # Viet Nam deposited; France and the EU signed; Norway did nothing.
    assert summary(html) == {
        "party": (0, "/en/countries/?stage=party", False),
        "consented": (1, "/en/countries/?stage=consented", False),
        "signatory": (2, "/en/countries/?stage=signatory", False),
        "denounced": (0, "/en/countries/?stage=denounced", False),
        "none": (1, "/en/countries/?stage=none", False),
    }
    assert "By stage" in section(html, "stage-summary-heading")


def test_the_summary_keeps_the_other_filters_and_the_day_and_marks_the_stage_shown(
    client, personas
):
    make_participant(iso2="TH", iso3="THA", name="Thailand", region="Asia", subregion="")
    html = client.get(
        URL, {"region": "Europe", "stage": "signatory", "as_of": "2026-01-01"}
    ).content.decode()
    counts = summary(html)
    # In Europe (every persona but the EU, which has no region; not Thailand) on 1 January
    # 2026: Viet Nam and France had signed, nothing was deposited yet.
    assert counts["signatory"] == (
        2,
        "/en/countries/?region=Europe&stage=signatory&as_of=2026-01-01",
        True,
    )
    assert counts["none"][0] == 1  # Norway; Thailand is in Asia
    assert counts["consented"][0] == 0


def test_the_region_column_shows_the_region_with_the_sub_region_beneath(client, personas):
    make_participant(
        iso2="TH", iso3="THA", name="Thailand", region="Asia", subregion="South-eastern Asia"
    )
    html = client.get(URL).content.decode()
    row = re.search(r'<a href="/en/countries/THA/">Thailand</a>.*?</tr>', html, flags=re.S).group()
    assert '<td>Asia<span class="subregion">South-eastern Asia</span></td>' in row
    html = client.get(reverse_in("fr", "treaty:country-list")).content.decode()
    assert '<td>Asie<span class="subregion">Asie du Sud-Est</span></td>' in html


def test_a_participant_without_a_region_shows_a_dash(client, personas):
    html = client.get(URL).content.decode()
    row = re.search(r'<a href="/en/countries/EUU/">European Union</a>.*?</tr>', html, flags=re.S)
    assert "<td>—</td>" in row.group()


def test_categories_with_nothing_assessed_show_a_dash_not_a_zero_bar(client, personas, obligations):
    make_assessment(personas.signatory, obligations[0], "in_progress")
    html = client.get(URL).content.decode()
    france = re.search(r'<a href="/en/countries/FRA/">France</a>.*?</tr>', html, flags=re.S).group()
    norway = re.search(r'<a href="/en/countries/NOR/">Norway</a>.*?</tr>', html, flags=re.S).group()
    assert "0 / " not in norway
    assert "not assessed" in norway
    assert 'class="bar"' in france  # the category with an assessment draws its bar
