"""The Convention's text: the index of its chapters and articles, and an article's page (its
authentic texts, previous and next, the breadcrumb to its chapter)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_article, make_chapter
from tests.public_pages import reverse_in
from tests.test_page_support import count_queries, crowd, frozen_today, section
from treaty.convention_text import authentic_texts
from treaty.models import Treaty

pytestmark = pytest.mark.django_db
SLUG = "un-cybercrime-convention"
LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


@pytest.fixture
def convention(db):
    """The real structure: 9 chapters, 68 articles and the obligation catalogue."""
    call_command("loaddata", "convention", verbosity=0)
    return Treaty.objects.get(slug=SLUG)


def _article_url(number: int) -> str:
    return reverse("treaty:article-detail", args=[SLUG, number])


def test_the_index_lists_every_chapter_and_every_article(client, convention):
    response = client.get(reverse("treaty:convention-text", args=[SLUG]))
    assert response.status_code == 200
    html = response.content.decode()
    contents = section(html, "contents")
    assert len(re.findall(r'<section id="chapter-\d+"', contents)) == 9
    linked = {int(n) for n in re.findall(rf'href="/en/treaties/{SLUG}/articles/(\d+)/"', contents)}
    assert linked == set(range(1, 69))
    # Articles that carry no obligation are reachable, and say so.
    for number in (1, 65, 68):
        assert f'href="{_article_url(number)}"' in contents
    assert re.search(
        r"Article 65\. Entry into force</a> <span class=\"note\">\(no obligation", html
    )
    assert "Chapter IX. Final provisions" in section(html, "chapter-9")


def test_the_index_links_the_authentic_text_in_the_six_languages(client, convention):
    html = client.get(reverse("treaty:convention-text", args=[SLUG])).content.decode()
    texts = section(html, "authentic-texts")
    for language in LANGUAGES:
        assert f'href="https://docs.un.org/{language}/A/RES/79/243"' in texts
        assert f'hreflang="{language}"' in texts
    assert "UN Official Document System" in texts  # the source of the addresses


def test_the_authentic_texts_are_data_with_their_source():
    texts = authentic_texts(SLUG)
    assert [t.language for t in texts] == LANGUAGES
    assert all(t.source and t.url.startswith("https://docs.un.org/") for t in texts)
    assert authentic_texts("another-treaty") == ()


def test_an_article_page_has_previous_next_and_its_chapter_in_the_breadcrumb(client, convention):
    html = client.get(_article_url(65)).content.decode()
    breadcrumb = re.search(r'<p class="breadcrumb">(.*?)</p>', html, re.S).group(1)
    index = reverse("treaty:convention-text", args=[SLUG])
    assert f'href="{index}#chapter-9"' in breadcrumb
    assert "Chapter IX. Final provisions" in breadcrumb
    assert f'href="{_article_url(64)}" rel="prev"' in html
    assert f'href="{_article_url(66)}" rel="next"' in html
    assert 'href="https://docs.un.org/fr/A/RES/79/243"' in section(html, "authentic-texts")
    # The ends have one neighbour each.
    first = client.get(_article_url(1)).content.decode()
    assert 'rel="prev"' not in first
    assert f'href="{_article_url(2)}" rel="next"' in first
    last = client.get(_article_url(68)).content.decode()
    assert 'rel="next"' not in last
    assert "Depositary and languages" in last


def test_the_links_keep_as_of(client, convention):
    html = client.get(_article_url(10) + "?as_of=2026-03-01").content.decode()
    assert f'href="{_article_url(11)}?as_of=2026-03-01" rel="next"' in html
    index = client.get(reverse("treaty:convention-text", args=[SLUG]) + "?as_of=2026-03-01")
    assert f'href="{_article_url(1)}?as_of=2026-03-01"' in index.content.decode()


def test_the_text_is_in_the_navigation(client, convention):
    html = client.get(reverse("treaty:home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert f'href="{reverse("treaty:convention-text", args=[SLUG])}"' in nav
    assert f'href="{reverse("treaty:depositary-table", args=[SLUG])}"' in nav


def test_an_unknown_treaty_is_a_404(client, convention):
    assert client.get(reverse("treaty:convention-text", args=["nope"])).status_code == 404


def test_the_index_s_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    chapter = make_chapter(treaty, number=1, numeral="I", title="General provisions")
    make_article(treaty, chapter, number=1, title="Statement of purpose")
    url = reverse("treaty:convention-text", args=[treaty.slug])
    small, _response = count_queries(client, url)
    crowd(treaty, obligations)
    large, _response = count_queries(client, url)
    # 1 treaty, 2 chapters, 3 articles with their obligations counted, 4 footer.
    assert small == large == 4


def test_the_text_in_french(client, convention):
    html = client.get(reverse_in("fr", "treaty:convention-text", SLUG)).content.decode()
    assert "<h1>Le texte de la Convention</h1>" in html
    assert "aucune obligation suivie" in html
    article = client.get(reverse_in("fr", "treaty:article-detail", SLUG, 65)).content.decode()
    assert "Le texte de la Convention</a>" in article
