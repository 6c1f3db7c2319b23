"""The one read model (issue 13): the default treaty, the treaty's status, the scorecards and the
stages' words each live once in the domain, and every page, the API, the exports and the admin
read them from there, so they never disagree."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_action, make_assessment, make_treaty, make_user
from treaty.models import ReviewState, Treaty
from treaty.models.treaties import ParticipantKey, counted_actions
from treaty.roles import EDITOR, FOCAL_POINT
from treaty.status import Stage
from treaty.vocabulary import STAGE_LABELS, STAGE_ORDER, stage_label

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def exported_participants(client) -> list[dict[str, str]]:
    response = client.get(reverse("exports:export", args=["participants", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


# --- The default treaty ------------------------------------------------------------------------


def test_the_default_treaty_is_the_configured_one_whatever_the_others(settings):
    make_treaty(slug="an-older-protocol", adopted_on=date(2020, 1, 1))
    configured = make_treaty(slug="the-configured-one")
    settings.TRACKER_DEFAULT_TREATY = "the-configured-one"

    assert Treaty.objects.default() == configured


def test_without_the_configured_treaty_the_default_is_the_earliest_adopted(settings):
    make_treaty(slug="later", adopted_on=date(2025, 5, 1))
    earliest = make_treaty(slug="earliest", adopted_on=date(2020, 1, 1))
    settings.TRACKER_DEFAULT_TREATY = "not-loaded"

    assert Treaty.objects.default() == earliest


def test_with_no_treaty_there_is_no_default_and_the_pages_say_how_to_load_one(client):
    assert Treaty.objects.default() is None

    response = client.get(reverse("treaty:home"))

    assert response.status_code == 404
    assert "load_reference_data" in response.content.decode()


def test_pages_api_exports_and_admin_mean_the_same_treaty_when_none_is_named(
    client, api_client, admin_client, settings
):
    # Only a protocol is loaded, not the configured Convention: every surface falls back to it.
    protocol = make_treaty(slug="a-protocol", short_title="A protocol")
    settings.TRACKER_DEFAULT_TREATY = "not-loaded"

    page = client.get(reverse("treaty:home"))
    progress = api_client.get("/api/v1/progress/").json()
    response = client.get(reverse("exports:export", args=["participants", "json"]))
    export = json.loads(b"".join(response.streaming_content))
    admin = admin_client.get(reverse("admin:treaty_participant_changelist"))

    assert page.status_code == 200
    assert page.context["treaty"] == protocol
    assert progress["results"] == []  # no participant yet, but no error either
    assert export == []
    assert "Stage in A protocol on" in admin.content.decode()


def test_every_page_navigation_links_to_the_default_treatys_obligations(client, personas):
    html = client.get(reverse("treaty:country-list")).content.decode()

    assert f'href="/en/treaties/{Treaty.objects.default().slug}/obligations/"' in html


# --- The treaty's status ---------------------------------------------------------------------


def test_status_on_counts_published_actions_for_the_public_and_drafts_for_editors(personas, treaty):
    make_action(treaty, personas.outsider, "signature", date(2026, 5, 4), review_state="draft")
    focal_point = make_user(groups=(FOCAL_POINT,))
    focal_point.focal_points.create(participant=personas.signatory)

    public = treaty.status_on(TODAY)
    editor = treaty.status_on(TODAY, published_only=False, user=make_user(groups=(EDITOR,)))
    focal = treaty.status_on(TODAY, published_only=False, user=focal_point)

    assert public.stage_of("NOR") is Stage.NONE
    assert editor.stage_of("NOR") is Stage.SIGNATORY
    # A focal point counts its own participants' drafts, nobody else's.
    assert focal.stage_of("NOR") is Stage.NONE


def test_withdrawn_actions_count_for_nobody(personas, treaty):
    make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 5, 4),
        review_state=ReviewState.DRAFT,
        withdrawn_reason="entered twice",
        withdrawn_at="2026-05-05T00:00:00Z",
    )

    assert not counted_actions(published_only=False).filter(participant=personas.outsider)
    assert treaty.status_on(TODAY, published_only=False).stage_of("NOR") is Stage.NONE


def test_statuses_of_several_treaties_are_each_treatys_own_status(personas, treaty):
    protocol = make_treaty(slug="a-protocol")
    make_action(protocol, personas.outsider, "accession", date(2026, 1, 10))

    both = Treaty.objects.statuses_on([treaty, protocol], TODAY)

    assert both[treaty.pk] == treaty.status_on(TODAY)
    assert both[protocol.pk] == protocol.status_on(TODAY)
    assert both[protocol.pk].stage_of("NOR") is Stage.CONSENTED


def test_statuses_are_computed_once_per_request(personas, treaty):
    class Request:
        pass

    request = Request()
    first = Treaty.objects.statuses_on([treaty], TODAY, memo=request)
    with CaptureQueriesContext(connection) as queries:
        again = Treaty.objects.statuses_on([treaty], TODAY, memo=request)

    assert again == first
    assert len(queries) == 0


def test_the_status_read_on_a_past_day_ignores_later_actions(personas, treaty):
    assert treaty.status_on(date(2026, 3, 1)).stage_of("VNM") is Stage.SIGNATORY
    assert treaty.status_on(date(2026, 3, 2)).stage_of("VNM") is Stage.CONSENTED


def test_the_dashboard_the_api_and_the_export_give_the_same_counts(
    client, api_client, personas, treaty
):
    status = treaty.status_on(TODAY)
    page = client.get(reverse("treaty:home"))
    api = api_client.get(f"/api/v1/treaties/{treaty.slug}/").json()

    assert page.context["status"] == status
    assert (api["status"]["signatures"], api["status"]["instruments"]) == (
        status.signatures,
        status.instruments,
    )


# --- Scorecards ------------------------------------------------------------------------------


def test_scorecards_count_the_assessment_standing_on_the_day(personas, treaty, obligations):
    make_assessment(personas.ratifier, obligations[1], "aligned", as_of=date(2026, 6, 1))

    today = treaty.scorecards(TODAY, [personas.ratifier])[personas.ratifier.pk]
    before = treaty.scorecards(date(2026, 3, 1), [personas.ratifier])[personas.ratifier.pk]

    assert (today.mandatory, today.mandatory_aligned) == (2, 2)
    assert (before.mandatory, before.mandatory_aligned) == (2, 1)


def test_scorecards_of_rows_read_with_values_list_equal_those_of_participants(personas, treaty):
    people = [personas.ratifier, personas.outsider]
    keys = [ParticipantKey(p.pk, p.iso3) for p in people]

    assert treaty.scorecards(TODAY, keys) == treaty.scorecards(TODAY, people)


def test_scorecards_cost_two_queries_whatever_the_number_of_participants(personas, treaty):
    status = treaty.status_on(TODAY)
    people = [personas.ratifier, personas.signatory, personas.outsider, personas.eu]

    with CaptureQueriesContext(connection) as one:
        treaty.scorecards(TODAY, people[:1], status=status)
    with CaptureQueriesContext(connection) as four:
        treaty.scorecards(TODAY, people, status=status)

    assert len(one) == len(four) == 2


def test_the_scorecard_is_what_the_pages_the_api_and_the_export_show(
    client, api_client, personas, treaty
):
    card = treaty.scorecards(TODAY, [personas.ratifier])[personas.ratifier.pk]

    country = client.get(reverse("treaty:country-detail", args=["VNM"]))
    listed = client.get(reverse("treaty:country-list"))
    api = api_client.get("/api/v1/progress/?participant=VNM").json()["results"][0]
    exported = next(row for row in exported_participants(client) if row["iso3"] == "VNM")

    assert country.context["card"] == card
    assert listed.context is not None
    assert (api["mandatory"], api["mandatory_aligned"]) == (card.mandatory, card.mandatory_aligned)
    assert api["mandatory_aligned_share"] == card.mandatory_aligned_share
    assert (int(exported["mandatory_obligations"]), int(exported["mandatory_aligned"])) == (
        card.mandatory,
        card.mandatory_aligned,
    )


# --- One vocabulary --------------------------------------------------------------------------


def test_every_stage_has_one_label_and_one_place_in_the_order():
    assert set(STAGE_LABELS) == set(Stage)
    assert sorted(STAGE_ORDER) == sorted(Stage)
    assert stage_label("consented") == "Instrument deposited"
    assert stage_label("unknown") == "unknown"


def test_the_stage_on_the_page_in_the_api_and_in_the_csv_is_the_same_stage(
    client, api_client, admin_client, personas
):
    exported = {row["iso3"]: row["stage"] for row in exported_participants(client)}
    admin = admin_client.get(reverse("admin:treaty_participant_changelist"), {"stage": "none"})
    admin_choices = [label for _value, label in admin.context["cl"].filter_specs[0].lookup_choices]

    for iso3, code in exported.items():
        api = api_client.get(f"/api/v1/participants/{iso3}/").json()
        page = client.get(reverse("treaty:country-detail", args=[iso3])).content.decode()
        assert api["treaties"][0]["stage"] == code
        assert re.search(rf'class="badge stage-{code}"[^>]*>{STAGE_LABELS[Stage(code)]}<', page)
    # The admin's stage filter offers the same words, in the same order.
    assert [str(label) for label in admin_choices] == [str(STAGE_LABELS[s]) for s in STAGE_ORDER]
