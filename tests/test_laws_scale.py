"""Domestic law at scale (issue: "Fast at scale"): the synthetic scale data holds national
provisions mapped to the Convention, and the pages and API lists that show them run the same
number of queries with none as with thousands (`make bench` measures 100,000)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_article, make_chapter, make_participant, make_treaty
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from tests.test_page_support import count_queries, frozen_today
from treaty.management.commands.generate_scale_data import HEAVY_LAWS, PROVISIONS_PER_LAW
from treaty.models import Law, ProvisionMapping

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


@pytest.fixture
def convention(db):
    treaty = make_treaty(slug="un-cybercrime-convention", short_title="Convention")
    two = make_chapter(treaty, number=2, numeral="II", title="Criminalization")
    four = make_chapter(treaty, number=4, numeral="IV", title="Procedural measures")
    for number, chapter in ((7, two), (8, two), (23, four), (25, four)):
        make_article(treaty, chapter, number=number)
    participants = sorted((make_participant() for _ in range(4)), key=lambda p: p.iso3)
    return treaty, participants


def test_scale_data_gives_one_country_50_laws_and_2000_mapped_provisions(convention):
    _treaty, participants = convention
    summary = call_command(
        "generate_scale_data", assessments=1, provisions=3000, stdout=StringIO(), stderr=StringIO()
    )
    assert "3,000 mapped provisions" in summary
    heavy = participants[0]  # no Viet Nam here: the first participant takes its place
    assert Law.objects.filter(participant=heavy).count() == HEAVY_LAWS
    assert (
        ProvisionMapping.objects.public().filter(provision__law__participant=heavy).count()
        == HEAVY_LAWS * PROVISIONS_PER_LAW
    )
    assert ProvisionMapping.objects.public().count() == 3000


def test_pages_and_api_lists_run_the_same_queries_with_one_law_and_with_thousands(
    client, convention
):
    treaty, participants = convention
    heavy = participants[0]  # the country page: nothing at first, then 50 laws
    # Small data: one mapped law of another participant and an indicator value.
    other = participants[1]
    make_mapping(make_provision(make_law(other)), treaty.articles.get(number=7))
    make_indicator_value(other)
    urls = [
        reverse("treaty:country-detail", args=[heavy.iso3]),
        reverse("treaty:law-list"),
        reverse("treaty:law-list") + "?mapped=yes&sort=-status&page=last",
        reverse("treaty:article-detail", args=["un-cybercrime-convention", 7]),
        "/api/v1/laws/",
        "/api/v1/provisions/?region=Europe",
        "/api/v1/mappings/?article=7",
        "/api/v1/indicator-values/",
    ]
    small = {url: count_queries(client, url)[0] for url in urls}
    call_command(
        "generate_scale_data", assessments=1, provisions=3000, stdout=StringIO(), stderr=StringIO()
    )
    full = {url: count_queries(client, url)[0] for url in urls}
    assert full == small
