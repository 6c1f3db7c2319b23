"""The treaty's structure: chapters, articles and the obligations tracked under them."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_chapter, make_obligation
from treaty.models import Obligation

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def structure(treaty):
    """Chapter II (criminalization) with article 7 and its obligation; chapter IV (procedural
    measures) with article 25 and its obligation."""
    criminalization = make_chapter(treaty, number=2, numeral="II", title="Criminalization")
    procedure = make_chapter(treaty, number=4, numeral="IV", title="Procedural measures")
    art7 = make_article(treaty, criminalization, number=7, title="Illegal access")
    art25 = make_article(treaty, procedure, number=25, title="Expedited preservation")
    access = make_obligation(
        treaty,
        [art7],
        code="art-7",
        title="Criminalize illegal access",
        description="Make access without right a criminal offence.",
        position=7,
    )
    preservation = make_obligation(
        treaty,
        [art25],
        code="art-25",
        title="Expedited preservation of stored data",
        description="Allow the authorities to order it.",
        category=Obligation.Category.INTERNATIONAL_COOPERATION,
        strength=Obligation.Strength.OPTIONAL,
        position=25,
    )
    return {
        "chapters": [criminalization, procedure],
        "articles": [art7, art25],
        "obligations": [access, preservation],
    }


def test_chapter_list_gives_each_chapter_in_order(api_client, structure):
    first, second = structure["chapters"]

    response = api_client.get("/api/v1/chapters/?treaty=un-cybercrime-convention")

    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": first.pk,
                "url": f"http://testserver/api/v1/chapters/{first.pk}/",
                "treaty": "un-cybercrime-convention",
                "number": 2,
                "numeral": "II",
                "title": "Criminalization",
            },
            {
                "id": second.pk,
                "url": f"http://testserver/api/v1/chapters/{second.pk}/",
                "treaty": "un-cybercrime-convention",
                "number": 4,
                "numeral": "IV",
                "title": "Procedural measures",
            },
        ],
    }


def test_article_detail_names_its_chapter_and_obligations(api_client, structure):
    article = structure["articles"][0]

    response = api_client.get(f"/api/v1/articles/{article.pk}/")

    assert response.json() == {
        "id": article.pk,
        "url": f"http://testserver/api/v1/articles/{article.pk}/",
        "treaty": "un-cybercrime-convention",
        "chapter": 2,
        "number": 7,
        "title": "Illegal access",
        "text": "",
        "obligations": ["art-7"],
    }


def test_obligation_list_gives_the_catalogue_in_article_order(api_client, structure):
    access, preservation = structure["obligations"]

    response = api_client.get("/api/v1/obligations/")

    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": access.pk,
                "url": f"http://testserver/api/v1/obligations/{access.pk}/",
                "treaty": "un-cybercrime-convention",
                "code": "art-7",
                "title": "Criminalize illegal access",
                "description": "Make access without right a criminal offence.",
                "category": "domestic_law",
                "strength": "mandatory",
                "position": 7,
                "articles": [7],
            },
            {
                "id": preservation.pk,
                "url": f"http://testserver/api/v1/obligations/{preservation.pk}/",
                "treaty": "un-cybercrime-convention",
                "code": "art-25",
                "title": "Expedited preservation of stored data",
                "description": "Allow the authorities to order it.",
                "category": "international_cooperation",
                "strength": "optional",
                "position": 25,
                "articles": [25],
            },
        ],
    }


def codes(response):
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_obligations_filter_by_category_strength_chapter_article_and_text(api_client, structure):
    assert codes(api_client.get("/api/v1/obligations/?category=domestic_law")) == ["art-7"]
    assert codes(api_client.get("/api/v1/obligations/?strength=optional,endeavour")) == ["art-25"]
    assert codes(api_client.get("/api/v1/obligations/?chapter=2")) == ["art-7"]
    assert codes(api_client.get("/api/v1/obligations/?article=25")) == ["art-25"]
    assert codes(api_client.get("/api/v1/obligations/?search=preservation")) == ["art-25"]
    assert codes(api_client.get("/api/v1/obligations/?code=art-25,ART-7&ordering=-code")) == [
        "art-7",
        "art-25",
    ]


def test_articles_filter_by_chapter_and_text(api_client, structure):
    response = api_client.get("/api/v1/articles/?chapter=4&search=preservation")

    assert [a["number"] for a in response.json()["results"]] == [25]


@pytest.mark.parametrize(
    ("url", "errors"),
    [
        (
            "/api/v1/obligations/?category=joining,criminalization",
            {
                "category": [
                    "“criminalization” is not a valid choice. Valid choices: joining, "
                    "domestic_law, public_private, training, awareness, "
                    "international_cooperation, implementation_review."
                ]
            },
        ),
        ("/api/v1/obligations/?code=art-1000", {"code": ["Unknown obligation code: art-1000."]}),
        ("/api/v1/articles/?chapter=II", {"chapter": ["Enter a whole number."]}),
        (
            "/api/v1/chapters/?treaty=nope",
            {"treaty": ["“nope” is not a valid choice. Valid choices: un-cybercrime-convention."]},
        ),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, structure, url, errors):
    response = api_client.get(url)

    assert response.status_code == 400
    assert response.json() == errors


def test_unknown_records_are_not_found(api_client, structure):
    assert api_client.get("/api/v1/chapters/0/").status_code == 404
    assert api_client.get("/api/v1/articles/art-7/").status_code == 404
    assert api_client.get("/api/v1/obligations/999999/").status_code == 404


def add_obligations(treaty, count):
    chapter = make_chapter(treaty)
    for _ in range(count):
        make_obligation(treaty, [make_article(treaty, chapter)])


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # 1 conditional-request aggregate, 2 count, 3 page (treaty joined)
        ("/api/v1/chapters/", 3),
        # 1 aggregate, 2 count, 3 page (treaty, chapter joined), 4 obligations (prefetch)
        ("/api/v1/articles/", 4),
        # 1 aggregate, 2 count, 3 page (treaty joined), 4 articles (prefetch)
        ("/api/v1/obligations/", 4),
    ],
)
def test_structure_lists_make_the_same_queries_for_one_row_and_for_twenty(
    api_client, treaty, django_assert_num_queries, url, queries
):
    add_obligations(treaty, 1)
    with django_assert_num_queries(queries):
        assert len(api_client.get(url).json()["results"]) == 1

    for _ in range(19):
        add_obligations(treaty, 1)
    with django_assert_num_queries(queries):
        assert len(api_client.get(url).json()["results"]) == 20


def test_adding_an_article_changes_the_etag_of_the_article_list(api_client, structure, treaty):
    etag = api_client.get("/api/v1/articles/").headers["ETag"]
    make_article(treaty, structure["chapters"][0], number=8)

    assert api_client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 200
