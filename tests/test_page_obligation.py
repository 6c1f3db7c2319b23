"""The obligations catalogue, an obligation's page and an article's page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_article, make_assessment, make_obligation
from tests.public_pages import reverse_in
from tests.test_page_support import count_queries, crowd, frozen_today, section

pytestmark = pytest.mark.django_db
SLUG = "un-cybercrime-convention"


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def rows(html: str) -> dict[str, str]:
    """Participant name -> its table row, from the "who stands where" table."""
    body = section(html, "who-section")
    return {
        name: row
        for row, name in re.findall(
            r'(<tr><th scope="row"><a href="/en/countries/[^"]+">([^<]+)</a>.*?</tr>)', body
        )
    }


def test_obligation_page_lists_who_stands_where(client, personas, obligations):
    url = reverse("treaty:obligation-detail", args=[SLUG, "art-7"])
    html = client.get(url).content.decode()
    assert "<h1>Illegal access</h1>" in html
    listed = rows(html)
    assert "Aligned" in listed["Viet Nam"]
    assert "Cybercrime Act" in listed["Viet Nam"]
    assert "Not assessed" in listed["France"]
    assert "Norway" not in listed  # the outsider took no action and was never assessed
    assert list(listed)[0] == "Viet Nam"  # best status first


def test_an_assessed_non_signatory_is_listed_on_the_obligation(client, personas, obligations):
    make_assessment(personas.outsider, obligations[0], "in_progress", as_of=date(2026, 5, 1))
    listed = rows(
        client.get(reverse("treaty:obligation-detail", args=[SLUG, "art-7"])).content.decode()
    )
    assert "In progress" in listed["Norway"]
    assert "No action" in listed["Norway"]


def test_obligation_page_as_of_before_the_assessment(client, personas, obligations):
    url = reverse("treaty:obligation-detail", args=[SLUG, "art-7"])
    html = client.get(url, {"as_of": "2026-01-20"}).content.decode()
    assert "You are looking at the record as it stood on" in html
    # Nobody assessed on it yet: a sentence, not a table of "Not assessed".
    assert "No implementation assessment has been published yet." in html
    assert "Viet Nam" not in rows(html)


def test_obligation_page_links_its_articles(client, treaty, personas):
    article = make_article(treaty, number=40, title="Mutual legal assistance")
    make_obligation(treaty, [article], code="art-40-central-authority", title="Central authority")
    html = client.get(
        reverse("treaty:obligation-detail", args=[SLUG, "art-40-central-authority"])
    ).content.decode()
    assert f'href="{reverse("treaty:article-detail", args=[SLUG, 40])}"' in html
    assert "Art. 40. Mutual legal assistance" in html


def test_unknown_obligation_article_or_treaty_gives_404(client, personas, obligations):
    assert (
        client.get(reverse("treaty:obligation-detail", args=[SLUG, "art-999"])).status_code == 404
    )
    assert client.get(reverse("treaty:article-detail", args=[SLUG, 999])).status_code == 404
    assert (
        client.get(reverse("treaty:obligation-detail", args=["nope", "art-7"])).status_code == 404
    )
    assert client.get(reverse("treaty:obligation-list", args=["nope"])).status_code == 404


def test_article_page_shows_each_obligation_and_each_participants_status(client, treaty, personas):
    article = make_article(
        treaty, number=25, title="Expedited preservation", text="Each State Party shall…"
    )
    first = make_obligation(treaty, [article], code="art-25-a", title="Preserve data")
    make_obligation(treaty, [article], code="art-25-b", title="Order preservation")
    make_assessment(personas.ratifier, first, "partial", as_of=date(2026, 2, 1))
    html = client.get(reverse("treaty:article-detail", args=[SLUG, 25])).content.decode()
    assert "Article 25. Expedited preservation" in html
    assert "Each State Party shall…" in html
    assert "Preserve data" in html
    assert "Order preservation" in html
    listed = rows(html)
    assert "Partially aligned" in listed["Viet Nam"]
    assert listed["Viet Nam"].count("Not assessed") == 1
    assert "Norway" not in listed


def test_obligation_list_counts_participants_by_status(client, personas, obligations):
    html = client.get(reverse("treaty:obligation-list", args=[SLUG])).content.decode()
    assert "<h1>Obligations</h1>" in html
    illegal_access = re.search(
        r'<tr><th scope="row"><a href="[^"]*art-7/">.*?</tr>', html, re.S
    ).group()
    # Aligned, partial, in progress, not started, not applicable.
    assert re.findall(r'<td class="num">(\d+)</td>', illegal_access) == ["1", "0", "0", "0", "0"]
    assert "Awareness and prevention" in html


def test_obligation_pages_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    article = obligations[0].articles.get()
    # Each page also runs the footer's "last checked against the depositary" (last number).
    urls = {
        # 1 treaty, 2 obligations with their articles' numbers, 3 assessments, 4 footer.
        reverse("treaty:obligation-list", args=[SLUG]): 4,
        # 1 obligation and treaty, 2 its articles, 3 engine rows, 4 participants,
        # 5 assessments of the obligation, 6 the national provisions mapped to it, 7 footer.
        reverse("treaty:obligation-detail", args=[SLUG, "art-7"]): 7,
        # 1 article, treaty and chapter, 2 its obligations, 3 engine rows, 4 participants,
        # 5 assessments of those obligations, 6 the national provisions mapped to it, 7 the
        # treaty's articles (previous and next), 8 footer.
        reverse("treaty:article-detail", args=[SLUG, article.number]): 8,
    }
    small = {url: count_queries(client, url)[0] for url in urls}
    small_past = {url: count_queries(client, url + "?as_of=2026-03-01")[0] for url in urls}
    crowd(treaty, obligations)
    large = {url: count_queries(client, url)[0] for url in urls}
    large_past = {url: count_queries(client, url + "?as_of=2026-03-01")[0] for url in urls}
    assert small == urls
    assert large == small
    assert large_past == small_past
    html = count_queries(client, reverse("treaty:obligation-detail", args=[SLUG, "art-7"]))[1]
    assert len(rows(html.content.decode())) == 28


def test_obligation_page_in_french(client, personas, obligations):
    html = client.get(reverse_in("fr", "treaty:obligation-detail", SLUG, "art-7")).content.decode()
    assert "Qui en est où" in html
    assert "Norvège" not in html
