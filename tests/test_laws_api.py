"""Domestic law in the API: laws, provisions, mappings and outside indicator values; writes
through the services under the same rules as assessments; a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_article, make_chapter, make_participant, make_user
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from treaty import roles
from treaty.models import FocalPoint, Law, ProvisionMapping, ReviewState

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def art7(treaty):
    return make_article(
        treaty, make_chapter(treaty, number=2, numeral="II"), number=7, title="Illegal access"
    )


@pytest.fixture
def editor(db):
    return make_user("editor", groups=(roles.EDITOR,))


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", groups=(roles.REVIEWER,))


def test_an_editor_maps_a_provision_to_art_7_a_reviewer_verifies_it_and_the_public_sees_it(
    api_client, client, personas, art7, obligations, editor, reviewer
):
    obligations[0].articles.set([art7])
    law = make_law(personas.ratifier, title="Law No. 02/2017 - On cybersecurity")
    api_client.force_login(editor)
    provision = api_client.post(
        "/api/v1/provisions/", {"law": law.pk, "reference": "art. 3"}, format="json"
    )
    assert provision.status_code == 201, provision.json()
    mapping = api_client.post(
        "/api/v1/mappings/",
        {"provision": provision.json()["id"], "article": 7, "relation": "implements"},
        format="json",
    )
    assert mapping.status_code == 201, mapping.json()
    assert mapping.json()["review_state"] == "draft"
    for resource in (provision.json()["url"], mapping.json()["url"]):
        assert api_client.post(f"{resource}submit/", {}, format="json").status_code == 200
    api_client.force_login(reviewer)
    for resource in (provision.json()["url"], mapping.json()["url"]):
        assert api_client.post(f"{resource}verify/", {}, format="json").status_code == 200

    api_client.logout()
    public = api_client.get("/api/v1/mappings/?article=7").json()["results"]
    assert [(m["participant"], m["reference"], m["article"], m["relation"]) for m in public] == [
        ("VNM", "art. 3", 7, "implements")
    ]
    country = client.get(reverse("treaty:country-detail", args=["VNM"])).content.decode()
    assert "On cybersecurity</span>, art. 3" in country
    page = client.get(obligations[0].get_absolute_url()).content.decode()
    assert "art. 3" in page


def test_the_public_sees_published_laws_and_no_drafts(api_client, personas):
    make_law(personas.ratifier, title="Published Act")
    make_law(personas.ratifier, title="Draft Act", publish=False)
    titles = [law["title"] for law in api_client.get("/api/v1/laws/").json()["results"]]
    assert titles == ["Published Act"]


def test_laws_filter_by_participant_region_kind_status_mapping_and_as_of(
    api_client, personas, art7
):
    penal = make_law(
        personas.ratifier, title="Penal Code", kind="code", adopted_on=date(2015, 1, 1)
    )
    make_law(
        make_participant(region="Asia"),
        title="Computer Misuse Act",
        status="reported",
        adopted_on=date(2026, 5, 1),
    )
    make_mapping(make_provision(penal), art7)

    def titles(query: str) -> list[str]:
        response = api_client.get(f"/api/v1/laws/?{query}")
        assert response.status_code == 200, response.json()
        return [law["title"] for law in response.json()["results"]]

    assert titles("participant=VNM") == ["Penal Code"]
    assert titles("region=asia") == ["Computer Misuse Act"]
    assert titles("kind=code") == ["Penal Code"]
    assert titles("status=reported") == ["Computer Misuse Act"]
    assert titles("mapped=true") == ["Penal Code"]
    assert titles("mapped=false") == ["Computer Misuse Act"]
    assert titles("as_of=2026-01-01") == ["Penal Code"]
    assert titles("search=misuse") == ["Computer Misuse Act"]
    assert api_client.get("/api/v1/laws/?kind=spaceship").status_code == 400


def test_mappings_reach_an_article_through_its_obligations_and_filter_by_relation_and_region(
    api_client, personas, art7, obligations
):
    obligations[0].articles.set([art7])
    law = make_law(personas.ratifier)
    make_mapping(make_provision(law, reference="s. 1"), art7)
    make_mapping(make_provision(law, reference="s. 2"), obligations[0], "implements_in_part")
    make_mapping(make_provision(law, reference="s. 3"), obligations[1], "relevant")
    make_participant(region="Asia")

    def refs(query: str) -> list[str]:
        response = api_client.get(f"/api/v1/mappings/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(m["reference"] for m in response.json()["results"])

    assert refs("article=7") == ["s. 1", "s. 2"]
    assert refs(f"obligation={obligations[0].code}") == ["s. 1", "s. 2"]
    assert refs("relation=relevant") == ["s. 3"]
    assert refs("region=Europe") == ["s. 1", "s. 2", "s. 3"]
    assert refs("region=Asia") == []
    assert refs("chapter=2") == ["s. 1"]


def test_a_mapping_names_an_article_or_an_obligation_and_a_known_one(
    api_client, personas, art7, editor
):
    provision = make_provision(make_law(personas.ratifier))
    api_client.force_login(editor)

    def post(**body):
        return api_client.post(
            "/api/v1/mappings/",
            {"provision": provision.pk, "relation": "implements", **body},
            format="json",
        )

    assert post().json() == {
        "article": ["Give an article number or an obligation code: exactly one."]
    }
    assert post(article=99).json() == {
        "article": ["UN Convention against Cybercrime has no article 99."]
    }
    assert post(article=7, relation="loves").status_code == 400
    assert post(article=7).status_code == 201
    assert post(article=7).json() == {
        "non_field_errors": [
            "This provision is already mapped to this article: change that mapping."
        ]
    }


def test_a_focal_point_maps_its_own_participants_laws_only_and_cannot_publish(
    api_client, personas, art7
):
    focal = make_user(groups=(roles.FOCAL_POINT,))
    FocalPoint.objects.create(user=focal, participant=personas.outsider)
    own = make_provision(make_law(personas.outsider))
    other = make_provision(make_law(personas.ratifier))
    api_client.force_login(focal)

    def post(provision, **extra):
        body = {"provision": provision.pk, "article": 7, "relation": "implements", **extra}
        return api_client.post("/api/v1/mappings/", body, format="json")

    assert post(own).status_code == 201
    assert post(other).status_code == 403
    assert post(own, publish=True, relation="relevant").status_code == 403
    laws = api_client.post(
        "/api/v1/laws/",
        {"participant": "VNM", "title": "Act", "source": "Gazette"},
        format="json",
    )
    assert laws.status_code == 403


def test_a_stale_edit_of_a_law_is_a_409(api_client, personas, reviewer):
    law = make_law(personas.ratifier)
    api_client.force_login(reviewer)
    first = api_client.patch(
        f"/api/v1/laws/{law.pk}/", {"version": 1, "title_en": "Act"}, format="json"
    )
    assert first.status_code == 200, first.json()
    second = api_client.patch(
        f"/api/v1/laws/{law.pk}/", {"version": 1, "title_en": "Other"}, format="json"
    )
    assert second.status_code == 409
    assert Law.objects.get(pk=law.pk).title_en == "Act"


def test_a_reviewer_never_verifies_a_mapping_they_entered(api_client, personas, art7, reviewer):
    provision = make_provision(make_law(personas.ratifier))
    mapping = make_mapping(provision, art7, publish=False, by=reviewer)
    mapping.review_state = ReviewState.SUBMITTED
    mapping.save()
    api_client.force_login(reviewer)
    assert api_client.post(f"/api/v1/mappings/{mapping.pk}/verify/", {}).status_code == 403
    assert ProvisionMapping.objects.public().count() == 0


def test_indicator_values_carry_their_attribution(api_client, personas):
    make_indicator_value(personas.outsider, "No Legislation")
    rows = api_client.get("/api/v1/indicator-values/?participant=NOR").json()["results"]
    assert rows == [
        {
            "participant": "NOR",
            "participant_name": "Norway",
            "indicator": "unctad-cybercrime-legislation",
            "name": "Cybercrime legislation",
            "value": "No Legislation",
            "publisher": "UNCTAD",
            "source": "UNCTAD Global Cyberlaw Tracker",
            "source_url": "",
            "published_on": "2026-03-05",
            "terms": "Reuse with acknowledgement.",
            "attribution": "UNCTAD Global Cyberlaw Tracker, 2026-03-05",
        }
    ]
    assert api_client.get("/api/v1/indicator-values/?as_of=2026-03-01").json()["results"] == []


@pytest.mark.parametrize(
    "resource", ["laws", "provisions", "mappings", "indicator-values"], ids=str
)
def test_each_list_makes_the_same_queries_for_one_row_and_for_many(
    api_client, personas, art7, resource, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for _ in range(n):
            participant = make_participant()
            make_mapping(make_provision(make_law(participant)), art7)
            make_indicator_value(participant)

    def count(query: str = "") -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/{resource}/{query}")
        assert response.status_code == 200, response.json()
        return len(queries)

    add(1)
    one = count(), count("?region=Europe&as_of=2026-05-01")
    add(24)
    assert (count(), count("?region=Europe&as_of=2026-05-01")) == one
