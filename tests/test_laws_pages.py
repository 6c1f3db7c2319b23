"""Domestic law on the public pages: the country page's section and coverage grid, the laws
page; honest when nothing is recorded, a fixed number of queries whatever the data."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_chapter, make_participant, make_user
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from tests.test_page_support import count_queries, frozen_today, section
from treaty import services
from treaty.models import Law, Provision, ProvisionMapping, ReviewState
from treaty.roles import EDITOR, REVIEWER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


@pytest.fixture
def articles(treaty):
    """Arts. 7 and 8 (chapter II, criminalization), art. 23 (IV, procedural), art. 40 (V)."""
    two = make_chapter(treaty, number=2, numeral="II", title="Criminalization")
    four = make_chapter(treaty, number=4, numeral="IV", title="Procedural measures")
    five = make_chapter(treaty, number=5, numeral="V", title="International cooperation")
    return {
        7: make_article(treaty, two, number=7, title="Illegal access"),
        8: make_article(treaty, two, number=8, title="Illegal interception"),
        23: make_article(treaty, four, number=23, title="Scope of procedural measures"),
        40: make_article(treaty, five, number=40, title="Mutual legal assistance"),
    }


def page(client, iso3: str, **params) -> str:
    response = client.get(reverse("treaty:country-detail", args=[iso3]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_country_page_lists_its_laws_with_link_status_and_source_with_its_date(
    client, personas, articles
):
    make_law(
        personas.ratifier,
        title="Law No. 02/2017 - On cybersecurity",
        source="UNCTAD Global Cyberlaw Tracker",
        source_date=date(2026, 3, 5),
        status=Law.Status.REPORTED,
        official_url="https://example.org/law-2-2017.pdf",
    )
    make_law(personas.ratifier, title="Draft not yet reviewed", publish=False)
    html = section(page(client, "VNM"), "domestic-law-section")
    assert "Law No. 02/2017 - On cybersecurity" in html
    assert 'href="https://example.org/law-2-2017.pdf"' in html
    assert "UNCTAD Global Cyberlaw Tracker" in html
    assert "5 March 2026" in html
    assert "Reported by UNCTAD, not yet confirmed" in html
    assert "Not yet mapped to articles" in html
    assert "Draft not yet reviewed" not in html


def test_the_outside_indicator_is_shown_with_its_source_and_date(client, personas, articles):
    make_indicator_value(personas.outsider, "No Legislation")
    html = section(page(client, "NOR"), "domestic-law-section")
    assert "UNCTAD Global Cyberlaw Tracker (5 March 2026)" in html
    assert "<strong>No legislation</strong>" in html
    assert "not this tracker's assessment" in html
    assert "No national law recorded yet." in html


def test_the_coverage_grid_shows_which_provision_covers_which_article(
    client, personas, articles, obligations
):
    law = make_law(personas.ratifier, title="Penal Code")
    make_mapping(make_provision(law, reference="art. 293"), articles[7])
    # Through an obligation: it covers every article tied to it.
    obligations[1].articles.set([articles[23]])
    make_mapping(make_provision(law, reference="art. 40"), obligations[1], "implements_in_part")
    # A draft mapping is not shown.
    make_mapping(make_provision(law, reference="art. 5"), articles[8], publish=False)
    html = page(client, "VNM")
    grid = section(html, "coverage-grid")
    art7 = grid.split('data-article="7"')[1].split("</tr>")[0]
    assert "Penal Code</span>, art. 293" in art7
    assert "Implements" in art7
    art23 = grid.split('data-article="23"')[1].split("</tr>")[0]
    assert "art. 40" in art23
    assert "Implements in part" in art23
    art8 = grid.split('data-article="8"')[1].split("</tr>")[0]
    assert "Nothing mapped yet" in art8
    assert 'data-article="40"' not in grid  # chapter V is not in the grid
    assert "2 of 3 articles have a national provision mapped to them." in html


def test_an_editor_maps_a_provision_a_reviewer_verifies_it_and_the_grid_shows_it(
    client, personas, articles
):
    editor, reviewer = make_user(groups=(EDITOR,)), make_user(groups=(REVIEWER,))
    law = make_law(personas.ratifier, title="Cybersecurity Law")
    provision = services.record_provision(law=law, reference="art. 3", by=editor)
    mapping = services.map_provision(
        provision=provision, article=articles[7], relation="implements", by=editor
    )
    assert "art. 3" not in section(page(client, "VNM"), "coverage-grid")
    for record in (provision, mapping):
        services.submit(record=record, by=editor)
        services.verify(record=record, by=reviewer)
    assert "Cybersecurity Law</span>, art. 3" in section(page(client, "VNM"), "coverage-grid")


def test_the_grid_and_laws_as_of_a_past_day_leave_out_what_came_later(client, personas, articles):
    make_law(personas.ratifier, title="Old Act", adopted_on=date(2020, 1, 1))
    make_law(personas.ratifier, title="New Act", adopted_on=date(2026, 6, 1))
    html = section(page(client, "VNM", as_of="2026-03-01"), "domestic-law-section")
    assert "Old Act" in html
    assert "New Act" not in html


def _many_mapped_provisions(participant, articles, laws: int = 50, provisions: int = 2000):
    """``laws`` published laws and ``provisions`` published provisions each mapped to an
    article, written in bulk (the services would take minutes for this many)."""
    now = timezone.now()
    published = {"review_state": ReviewState.VERIFIED, "verified_at": now}
    made = [make_law(participant, title=f"Act {i}") for i in range(laws)]
    rows = Provision.objects.bulk_create(
        Provision(law=made[i % laws], reference=f"s. {i}", **published) for i in range(provisions)
    )
    targets = list(articles.values())
    ProvisionMapping.objects.bulk_create(
        ProvisionMapping(
            provision=p, article=targets[i % len(targets)], relation="implements", **published
        )
        for i, p in enumerate(rows)
    )


def test_the_country_page_runs_the_same_queries_with_no_law_and_with_2000_mapped_provisions(
    client, personas, articles, obligations
):
    url = reverse("treaty:country-detail", args=["VNM"])
    empty, _ = count_queries(client, url)
    empty_past, _ = count_queries(client, url + "?as_of=2026-03-01")
    make_indicator_value(personas.ratifier)
    obligations[0].articles.add(articles[8])
    _many_mapped_provisions(personas.ratifier, articles)
    make_mapping(make_provision(Law.objects.first()), obligations[0])
    full, response = count_queries(client, url)
    full_past, _ = count_queries(client, url + "?as_of=2026-03-01")
    # The same sixteen as with no grid article at all (tests/test_page_country.py): none per
    # article, law or mapping.
    assert full == empty == 16
    assert full_past == empty_past
    html = response.content.decode()
    assert "and 495 more" in html  # 2,000 provisions over 4 articles, 5 named in each cell


# --- The laws page


def laws_page(client, **params) -> str:
    response = client.get(reverse("treaty:law-list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_laws_page_searches_and_filters_by_participant_region_kind_status_and_mapping(
    client, personas, articles
):
    asia = make_participant(region="Asia", iso3="QAA", iso2="QA", name="Asian State")
    code = make_law(personas.ratifier, title="Penal Code", kind=Law.Kind.CODE)
    make_law(asia, title="Computer Misuse Act", status=Law.Status.REPORTED)
    make_mapping(make_provision(code), articles[7])
    assert "Penal Code" in laws_page(client, q="penal")
    assert "Computer Misuse" not in laws_page(client, q="penal")
    assert "Computer Misuse" in laws_page(client, participant="qaa")
    assert "Penal Code" not in laws_page(client, region="Asia")
    assert "Penal Code" in laws_page(client, kind="code")
    assert "Penal Code" not in laws_page(client, status="reported")
    assert "Penal Code" in laws_page(client, mapped="yes")
    assert "Computer Misuse" not in laws_page(client, mapped="yes")
    assert "Computer Misuse" in laws_page(client, mapped="no")
    assert "No law matches" in laws_page(client, q="nothing like this")


def test_the_laws_page_is_honest_when_no_law_is_recorded(client, treaty):
    assert "No national law recorded yet." in laws_page(client)


def test_the_laws_page_sorts_and_pages_and_ignores_values_it_does_not_offer(client, personas):
    for i in range(55):
        make_law(personas.ratifier, title=f"Act {i:02d}")
    first = laws_page(client, sort="-title")
    assert first.index("Act 54") < first.index("Act 53")
    assert "Act 00" not in first
    assert "Act 00" in laws_page(client, sort="-title", page=2)
    assert "Act 00" in laws_page(client, sort="nonsense", kind="spaceship", page="x")


def test_the_laws_page_runs_the_same_queries_with_one_law_and_with_many(client, personas, articles):
    url = reverse("treaty:law-list")
    make_mapping(make_provision(make_law(personas.ratifier)), articles[7])
    one, _ = count_queries(client, url)
    one_filtered, _ = count_queries(client, url + "?mapped=yes&region=Europe&sort=-status")
    _many_mapped_provisions(personas.signatory, articles, laws=60, provisions=300)
    many, _ = count_queries(client, url)
    many_filtered, _ = count_queries(client, url + "?mapped=yes&region=Europe&sort=-status")
    # The regions offered, the default treaty, the count, the page of laws, and the footer's
    # "last checked against the depositary".
    assert (many, many_filtered) == (one, one_filtered) == (5, 5)


# --- Article and obligation pages


def test_article_and_obligation_pages_list_the_laws_mapped_with_region_and_relation_filters(
    client, personas, articles, obligations
):
    obligations[0].articles.set([articles[7]])
    asia = make_participant(region="Asia", name="Asian State")
    make_mapping(make_provision(make_law(personas.ratifier, title="Penal Code")), articles[7])
    make_mapping(
        make_provision(make_law(asia, title="Misuse Act")), obligations[0], "implements_in_part"
    )
    article_url = articles[7].get_absolute_url()
    obligation_url = obligations[0].get_absolute_url()
    for url in (article_url, obligation_url):
        html = section(client.get(url).content.decode(), "laws-section")
        assert "Penal Code" in html
        assert "Misuse Act" in html
        asian = section(client.get(url, {"region": "Asia"}).content.decode(), "laws-section")
        assert "Penal Code" not in asian
        assert "Misuse Act" in asian
        partial = client.get(url, {"relation": "implements_in_part"}).content.decode()
        assert "Penal Code" not in section(partial, "laws-section")
    nothing = client.get(articles[8].get_absolute_url()).content.decode()
    assert "No national law is mapped here yet." in nothing


def test_the_article_page_runs_the_same_queries_with_no_mapping_and_with_2000(
    client, personas, articles
):
    url = articles[7].get_absolute_url()
    empty, _ = count_queries(client, url)
    _many_mapped_provisions(personas.ratifier, articles)
    full, response = count_queries(client, url)
    assert full == empty
    assert "all of them in the API" in response.content.decode()
