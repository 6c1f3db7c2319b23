"""The list of participants: stage, dates, implementation; filters, sorting, search."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_participant
from tests.public_pages import reverse_in
from tests.test_page_support import count_queries, crowd, frozen_today
from treaty.models import ParticipantName

pytestmark = pytest.mark.django_db
URL = "/en/countries/"


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def names(html: str) -> list[str]:
    """Participant names in table order (none when the page says nothing matches)."""
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


def test_country_list_is_at_its_named_url():
    assert reverse("treaty:country-list") == URL


def test_every_participant_is_listed_with_its_stage_and_dates(client, personas):
    html = client.get(URL).content.decode()
    assert names(html) == ["European Union", "France", "Norway", "Viet Nam"]
    viet_nam = re.search(
        r"<tr><th scope=\"row\"><a href=\"/en/countries/VNM/\">.*?</tr>", html
    ).group()
    assert "Instrument deposited" in viet_nam
    assert "Ratification" in viet_nam
    assert 'datetime="2026-03-02"' in viet_nam
    assert 'datetime="2025-10-25"' in viet_nam
    norway = re.search(
        r"<tr><th scope=\"row\"><a href=\"/en/countries/NOR/\">.*?</tr>", html
    ).group()
    assert "No action" in norway
    assert "(regional organization)" in html


def test_implementation_is_shown_by_category(client, personas):
    html = client.get(URL).content.decode()
    viet_nam = re.search(
        r"<tr><th scope=\"row\"><a href=\"/en/countries/VNM/\">.*?</tr>", html
    ).group()
    # Two mandatory domestic-law obligations, one aligned; awareness has no mandatory one.
    assert re.search(r"1 / 2</span>", viet_nam)
    assert "Domestic law" in html
    assert "Awareness" not in html.split("<thead>", 1)[1].split("</thead>", 1)[0]


def test_the_stage_filter_keeps_the_outsider_out_of_the_signatories(client, personas):
    html = client.get(URL, {"stage": "signatory"}).content.decode()
    assert names(html) == ["European Union", "France"]
    assert names(client.get(URL, {"stage": "party"}).content.decode()) == []


def test_region_and_subregion_filters(client, personas):
    make_participant(
        iso2="TH", iso3="THA", name="Thailand", region="Asia", subregion="South-eastern Asia"
    )
    assert names(client.get(URL, {"region": "Asia"}).content.decode()) == ["Thailand"]
    assert names(client.get(URL, {"subregion": "South-eastern Asia"}).content.decode()) == [
        "Thailand"
    ]
    assert "Thailand" not in names(client.get(URL, {"region": "Europe"}).content.decode())


def test_the_category_filter_shows_that_category_only(client, personas):
    html = client.get(URL, {"category": "domestic_law"}).content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "Domestic law" in head
    assert len(re.findall(r'<td class="num">', html)) == 4  # one cell per participant


def test_unknown_filter_values_are_ignored(client, personas):
    html = client.get(
        URL, {"stage": "astronaut", "region": "Atlantis", "sort": "nonsense"}
    ).content.decode()
    assert len(names(html)) == 4


def test_search_finds_a_former_name_through_the_name_pattern(client, personas):
    make_participant(
        iso2="TR", iso3="TUR", name="Türkiye", name_fr="Türkiye", name_pattern="turkey|t(ü|u)rkiye"
    )
    assert names(client.get(URL, {"q": "Turkey"}).content.decode()) == ["Türkiye"]
    assert names(client.get(URL, {"q": "turkiye"}).content.decode()) == ["Türkiye"]


def test_search_finds_another_name_and_a_name_in_another_language(client, personas):
    eswatini = make_participant(iso2="SZ", iso3="SWZ", name="Eswatini")
    ParticipantName.objects.create(participant=eswatini, name="Swaziland", note="former name")
    assert names(client.get(URL, {"q": "swaziland"}).content.decode()) == ["Eswatini"]
    assert names(client.get(URL, {"q": "Norvège"}).content.decode()) == ["Norway"]
    assert names(client.get(URL, {"q": "vnm"}).content.decode()) == ["Viet Nam"]
    html = client.get(URL, {"q": "Atlantis"}).content.decode()
    assert "No participant matches" in html


def test_sorting_by_any_column_and_reversing_it(client, personas):
    by_signature = names(client.get(URL, {"sort": "signed"}).content.decode())
    assert by_signature[-1] == "Norway"  # no date sorts last, whichever the direction
    assert names(client.get(URL, {"sort": "-signed"}).content.decode())[-1] == "Norway"
    assert names(client.get(URL, {"sort": "stage"}).content.decode())[0] == "Viet Nam"
    assert names(client.get(URL, {"sort": "-name"}).content.decode())[0] == "Viet Nam"
    by_law = names(client.get(URL, {"sort": "-cat-domestic_law"}).content.decode())
    assert by_law[0] == "Viet Nam"
    html = client.get(URL, {"sort": "instrument"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=-instrument" in html  # the header link reverses the order


def test_sort_and_filter_links_keep_each_other_and_as_of(client, personas):
    html = client.get(URL, {"stage": "signatory", "as_of": "2026-03-01"}).content.decode()
    assert "stage=signatory" in html
    assert re.search(
        r'href="/en/countries/\?[^"]*stage=signatory[^"]*sort=signed[^"]*as_of=2026-03-01', html
    )


def test_as_of_shows_stages_as_they_were(client, personas):
    html = client.get(URL, {"as_of": "2026-03-01", "stage": "consented"}).content.decode()
    assert names(html) == []
    assert "You are looking at the record as it stood on" in html


def test_bad_as_of_gives_400(client, personas):
    assert client.get(URL, {"as_of": "1 March"}).status_code == 400


def test_country_list_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    # 1 treaty, 2 engine rows, 3 participants, 4 the groups' members (the group filter),
    # 5 obligations, 6 assessments, 7 the footer's "last checked against the depositary" (one
    # fixed query on every page).
    small, _ = count_queries(client, URL)
    small_search, _ = count_queries(client, URL + "?q=viet&stage=consented&sort=-cat-domestic_law")
    crowd(treaty, obligations)
    large, response = count_queries(client, URL)
    large_search, _ = count_queries(client, URL + "?q=viet&stage=consented&sort=-cat-domestic_law")
    assert small == 7
    assert large == small
    # Searching adds two: the name patterns, then the participants found.
    assert small_search == small + 2
    assert large_search == small_search
    assert len(names(response.content.decode())) == 29


def test_country_list_in_french(client, personas):
    html = client.get(reverse_in("fr", "treaty:country-list")).content.decode()
    assert "Norvège" in names(html)
    assert "Pays" in html
    assert "25 octobre 2025" in html
