"""The participants resource: States and the EU with their stage in each treaty, computed by the
engine once per request."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_action, make_participant, make_treaty, make_user
from treaty import roles
from treaty.models import ReviewState

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def asia(personas):
    """Viet Nam in its real region, so that region filters have something to tell apart."""
    personas.ratifier.region = "Asia"
    personas.ratifier.subregion = "South-eastern Asia"
    personas.ratifier.save()
    return personas


def status_in_convention(**fields):
    return {
        "treaty": "un-cybercrime-convention",
        "as_of": "2026-06-01",
        "stage": "none",
        "signed_on": None,
        "signed_earliest": None,
        "consent_kind": None,
        "consent_on": None,
        "entry_into_force_on": None,
        "denunciation_effective_on": None,
        "counts_towards_threshold": False,
        **fields,
    }


VIET_NAM = {
    "iso3": "VNM",
    "url": "http://testserver/api/v1/participants/VNM/",
    "iso2": "VN",
    "m49": None,
    "kind": "state",
    "name": "Viet Nam",
    "formal_name": "",
    # Each language's column (django-modeltranslation); null where none is recorded.
    "name_en": "Viet Nam",
    "name_fr": "Viet Nam",
    "name_es": None,
    "name_ru": None,
    "name_zh_hans": None,
    "name_ar": None,
    "region": "Europe",
    "region_code": 150,
    "subregion": "Western Europe",
    "subregion_code": 155,
    "intermediate_region": "",
    "is_un_member": True,
    "members": [],
    "treaties": [
        status_in_convention(
            stage="consented",
            signed_on="2025-10-25",
            consent_kind="ratification",
            consent_on="2026-03-02",
            counts_towards_threshold=True,
        )
    ],
}

FRANCE = {
    **VIET_NAM,
    "iso3": "FRA",
    "url": "http://testserver/api/v1/participants/FRA/",
    "iso2": "FR",
    "name": "France",
    "name_en": "France",
    "name_fr": "France",
    "treaties": [status_in_convention(stage="signatory", signed_on="2025-10-25")],
}


def iso3s(response):
    assert response.status_code == 200, response.json()
    return [row["iso3"] for row in response.json()["results"]]


def test_participant_list_gives_each_participant_with_its_stage(api_client, personas):
    response = api_client.get("/api/v1/participants/?participant=VN,fra")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [FRANCE, VIET_NAM],
    }


def test_participant_detail_is_found_by_its_alpha3_code_in_any_case(api_client, personas):
    response = api_client.get("/api/v1/participants/vnm/")

    assert response.status_code == 200
    assert response.json() == VIET_NAM


def test_the_eu_lists_its_member_states(api_client, personas):
    response = api_client.get("/api/v1/participants/EUU/")

    assert response.json()["kind"] == "reio"
    assert response.json()["members"] == ["FRA"]
    assert response.json()["treaties"] == [
        status_in_convention(stage="signatory", signed_on="2025-10-25")
    ]


def test_unknown_participant_is_not_found(api_client, personas):
    assert api_client.get("/api/v1/participants/XYZ/").status_code == 404
    assert api_client.get("/api/v1/participants/12/").status_code == 404


def test_a_participant_that_took_no_action_is_at_stage_none(api_client, personas):
    response = api_client.get("/api/v1/participants/NOR/")

    assert response.json()["treaties"] == [status_in_convention()]


def test_stage_as_of_a_past_day_is_the_stage_recorded_then(api_client, personas):
    response = api_client.get("/api/v1/participants/VNM/?as_of=2026-01-01")

    assert response.json()["treaties"] == [
        status_in_convention(as_of="2026-01-01", stage="signatory", signed_on="2025-10-25")
    ]


def test_participants_filter_by_alpha2_or_alpha3_codes_in_any_case(api_client, personas):
    assert iso3s(api_client.get("/api/v1/participants/?participant=no")) == ["NOR"]
    assert iso3s(api_client.get("/api/v1/participants/?participant=EUU, vnm")) == ["EUU", "VNM"]


def test_participants_filter_by_stage_computed_by_the_engine(api_client, personas):
    assert iso3s(api_client.get("/api/v1/participants/?stage=consented")) == ["VNM"]
    assert iso3s(api_client.get("/api/v1/participants/?stage=signatory")) == ["EUU", "FRA"]
    assert iso3s(api_client.get("/api/v1/participants/?stage=none")) == ["NOR"]
    assert iso3s(api_client.get("/api/v1/participants/?stage=none,consented")) == ["NOR", "VNM"]
    assert iso3s(api_client.get("/api/v1/participants/?stage=party")) == []


def test_the_stage_filter_reads_the_as_of_day(api_client, personas):
    response = api_client.get("/api/v1/participants/?stage=signatory&as_of=2026-01-01")

    assert iso3s(response) == ["EUU", "FRA", "VNM"]


def test_participants_filter_by_region_and_subregion_in_any_case(api_client, asia):
    assert iso3s(api_client.get("/api/v1/participants/?region=asia")) == ["VNM"]
    assert iso3s(api_client.get("/api/v1/participants/?subregion=Western europe")) == [
        "EUU",
        "FRA",
        "NOR",
    ]
    assert iso3s(api_client.get("/api/v1/participants/?region=Asia,Europe")) == [
        "FRA",
        "NOR",
        "VNM",
    ]


def test_participants_filter_by_organization_kind_and_un_membership(api_client, personas):
    assert iso3s(api_client.get("/api/v1/participants/?member_of=EU")) == ["FRA"]
    assert iso3s(api_client.get("/api/v1/participants/?kind=reio")) == ["EUU"]
    assert iso3s(api_client.get("/api/v1/participants/?un_member=false")) == ["EUU"]


def test_participants_are_found_by_a_name_in_another_language(api_client, personas):
    assert iso3s(api_client.get("/api/v1/participants/?search=norv")) == ["NOR"]


def test_filters_combine(api_client, asia):
    response = api_client.get("/api/v1/participants/?region=europe&stage=signatory&kind=state")

    assert iso3s(response) == ["FRA"]


def test_participants_can_be_ordered(api_client, personas):
    response = api_client.get("/api/v1/participants/?ordering=-iso3")

    assert iso3s(response) == ["VNM", "NOR", "FRA", "EUU"]


def test_treaty_parameter_chooses_the_treaty_shown_and_staged(api_client, personas, treaty):
    protocol = make_treaty(slug="a-protocol", adopted_on=date(2025, 1, 1))
    make_action(protocol, personas.outsider, "signature", date(2025, 12, 1))

    everything = api_client.get("/api/v1/participants/NOR/")
    protocol_only = api_client.get("/api/v1/participants/?treaty=a-protocol&stage=signatory")

    assert [t["treaty"] for t in everything.json()["treaties"]] == [
        "un-cybercrime-convention",
        "a-protocol",
    ]
    assert protocol_only.json()["results"][0]["treaties"] == [
        status_in_convention(treaty="a-protocol", stage="signatory", signed_on="2025-12-01")
    ]
    assert iso3s(protocol_only) == ["NOR"]


def test_editors_see_stages_that_drafts_give(api_client, personas, treaty):
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    # Editors read every draft; a focal point only its own participants' (trust issue, item 12).
    editor = make_user(groups=(roles.EDITOR,))

    public = api_client.get("/api/v1/participants/FRA/")
    api_client.force_login(editor)
    editors = api_client.get("/api/v1/participants/FRA/")

    assert public.json()["treaties"][0]["stage"] == "signatory"
    assert editors.json()["treaties"][0]["stage"] == "consented"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("participant=XYZ", {"participant": ["Unknown participant code: XYZ."]}),
        (
            "participant=VN,Viet Nam",
            {
                "participant": [
                    "Not a valid participant code: Viet Nam. ISO 3166 alpha-2 or alpha-3 codes, "
                    "any case, separated by commas (e.g. 'VN,fra,EUU'); the European Union is "
                    "EU / EUU."
                ]
            },
        ),
        ("region=Atlantis", {"region": ["Unknown region: Atlantis."]}),
        ("subregion=Mars", {"subregion": ["Unknown sub-region: Mars."]}),
        ("member_of=FRA", {"member_of": ["Unknown organization code: FRA."]}),
        (
            "stage=ratified",
            {
                "stage": [
                    "“ratified” is not a valid choice. Valid choices: party, consented, signatory, "
                    "denounced, none."
                ]
            },
        ),
        ("un_member=maybe", {"un_member": ["Enter true or false."]}),
        (
            "kind=city",
            {"kind": ["“city” is not a valid choice. Valid choices: state, reio."]},
        ),
        (
            "treaty=no-such-treaty",
            {
                "treaty": [
                    "“no-such-treaty” is not a valid choice. Valid choices: "
                    "un-cybercrime-convention."
                ]
            },
        ),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, personas, query, errors):
    response = api_client.get(f"/api/v1/participants/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def add_participants(treaty, count):
    for n in range(count):
        participant = make_participant()
        make_action(treaty, participant, "signature", date(2025, 10, 26))
        if n % 2:
            make_action(treaty, participant, "ratification", date(2026, 2, 1))


def test_participant_list_makes_the_same_queries_for_one_participant_and_for_twenty(
    api_client, treaty, django_assert_num_queries
):
    add_participants(treaty, 1)
    # 1 conditional-request aggregate, 2 count, 3 page of participants, 4 their members
    # (prefetch), 5 the treaties shown, 6 the actions of those treaties: the engine runs once
    # per treaty for the whole page.
    with django_assert_num_queries(6):
        assert len(api_client.get("/api/v1/participants/").json()["results"]) == 1

    add_participants(treaty, 19)
    with django_assert_num_queries(6):
        assert len(api_client.get("/api/v1/participants/").json()["results"]) == 20


def test_the_stage_filter_and_the_payload_share_one_run_of_the_engine(
    api_client, treaty, django_assert_num_queries
):
    add_participants(treaty, 1)
    # 1 conditional-request aggregate, 2 the default treaty staged, 3 its actions (the engine
    # runs here, for the filter), 4 count, 5 page, 6 members, 7 the treaties shown — whose
    # status the filter already computed: no second query for actions.
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/participants/?stage=signatory").json()["results"]) == 1

    add_participants(treaty, 38)  # 19 more signatories, and 19 that ratified
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/participants/?stage=signatory").json()["results"]) == 20


def test_an_unchanged_participant_answers_304(api_client, personas):
    etag = api_client.get("/api/v1/participants/VNM/").headers["ETag"]

    assert api_client.get("/api/v1/participants/VNM/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_participant_search_finds_a_former_name_as_the_pages_do(api_client, personas):
    from treaty.models import Participant

    Participant.objects.filter(pk=personas.outsider.pk).update(name_pattern=r"norw|noreg")
    response = api_client.get("/api/v1/participants/?search=Noreg")
    assert [p["iso3"] for p in response.json()["results"]] == ["NOR"]
