"""Domestic steps towards consent (issue "depositary truth", item 5), the joining obligation that
follows the record (item 7) and the smaller truths of the country page (item 10)."""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    make_action,
    make_domestic_step,
    make_obligation,
    make_participant,
    make_user,
)
from tests.test_page_support import frozen_today, section
from treaty import fixture_builder, services
from treaty.models import DomesticStep, Obligation, ObligationProgress, ReviewState, TreatyAction
from treaty.roles import EDITOR, FOCAL_POINT
from treaty.status import CONSENT_KINDS, ParticipantStatus, Stage, treaty_status
from treaty.views.narrative import StepDone, next_steps
from treaty.vocabulary import INSTRUMENT_OF, instrument_kind

from .test_page_country import CONVENTION, RULE


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def page(client, iso3: str) -> str:
    response = client.get(reverse("treaty:country-detail", args=[iso3]))
    assert response.status_code == 200
    return response.content.decode()


# --- The narrative (pure) -------------------------------------------------------------------


def test_the_narrative_tells_the_domestic_steps_and_that_no_instrument_is_deposited_yet():
    signatory = ParticipantStatus("AZE", Stage.SIGNATORY, signed_on=date(2025, 10, 25))
    steps = [
        StepDone("law_promulgated", date(2026, 2, 23)),
        StepDone("parliament_approval", date(2026, 2, 10)),
    ]
    with translation.override("en"):
        said = next_steps(
            CONVENTION,
            treaty_status(RULE, [], date(2026, 11, 23)),
            signatory,
            date(2026, 11, 23),
            is_reio=False,
            domestic_steps=steps,
        )

    assert said[1] == (
        "Parliament approved ratification on 10 February 2026; law promulgated on "
        "23 February 2026; instrument not yet deposited."
    )


def test_a_step_known_only_within_a_range_is_told_as_a_range():
    signatory = ParticipantStatus("AZE", Stage.SIGNATORY, signed_on=date(2025, 10, 25))
    with translation.override("en"):
        said = next_steps(
            CONVENTION,
            treaty_status(RULE, [], date(2026, 11, 23)),
            signatory,
            date(2026, 11, 23),
            is_reio=False,
            domestic_steps=[StepDone("cabinet_decision", date(2026, 3, 31), date(2026, 3, 1))],
        )

    assert "between 1 and 31 March 2026 (the exact day is not confirmed)" in said[1]


@pytest.mark.parametrize("kind", sorted(CONSENT_KINDS))
def test_every_instrument_kind_of_the_engine_has_its_words_never_a_raw_code(kind):
    with translation.override("en"):
        assert instrument_kind(kind) != kind or " " not in kind
        assert "_" not in instrument_kind(kind)
    assert set(INSTRUMENT_OF) == CONSENT_KINDS


def test_a_formal_confirmation_reads_in_words_on_the_page():
    party = ParticipantStatus(
        "EUU",
        Stage.CONSENTED,
        signed_on=date(2025, 10, 25),
        consent_kind="formal_confirmation",
        consent_on=date(2026, 5, 1),
    )
    with translation.override("en"):
        said = " ".join(
            next_steps(
                CONVENTION,
                treaty_status(RULE, [], date(2026, 11, 23)),
                party,
                date(2026, 11, 23),
                is_reio=True,
            )
        )

    assert "Instrument of formal confirmation deposited on 1 May 2026." in said


# --- The model and the service --------------------------------------------------------------


@pytest.mark.django_db
def test_a_domestic_step_is_recorded_as_a_draft_with_its_source(treaty):
    azerbaijan = make_participant(iso3="AZE", iso2="AZ", name="Azerbaijan")

    step = services.record_domestic_step(
        treaty=treaty,
        participant=azerbaijan,
        step="parliament_approval",
        date=date(2026, 2, 10),
        source="Trend, 10 February 2026",
    )

    assert step.review_state == ReviewState.DRAFT
    assert step.history.count() == 1
    assert not DomesticStep.objects.published().exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "phrase"),
    [
        ({"date": date(2026, 12, 1)}, "date", "is in the future: record a step once it has"),
        ({"date": date(2024, 12, 1)}, "date", "no step towards it comes before that"),
        ({"date_earliest": date(2026, 2, 10)}, "date_earliest", "comes before the date"),
        ({"source": ""}, "source", "This field cannot be blank"),
        ({"step": "referendum"}, "step", "is not a valid choice"),
    ],
)
def test_a_bad_domestic_step_is_refused_saying_what_to_fix(treaty, fields, field, phrase):
    values = {"step": "parliament_approval", "date": date(2026, 2, 10), "source": "Gazette"}
    with pytest.raises(ValidationError) as caught:
        services.record_domestic_step(
            treaty=treaty, participant=make_participant(), **{**values, **fields}
        )

    assert any(phrase in m for m in caught.value.message_dict[field]), caught.value.message_dict
    assert not DomesticStep.objects.exists()


@pytest.mark.django_db
def test_a_domestic_step_goes_through_review_and_withdrawal_like_every_record(treaty):
    author, reviewer = make_user(), make_user()
    step = services.record_domestic_step(
        treaty=treaty,
        participant=make_participant(),
        step="law_promulgated",
        date=date(2026, 2, 23),
        source="Official gazette",
        by=author,
    )
    services.submit(record=step, by=author)
    services.verify(record=step, by=reviewer)
    assert DomesticStep.objects.published().get() == step

    services.withdraw_domestic_step(step=step, reason="Wrong law.", by=reviewer)
    assert not DomesticStep.objects.published().exists()


# --- The joining obligation follows the record (art. 64) -------------------------------------


@pytest.mark.django_db
def test_a_hand_assessment_of_the_joining_obligation_is_refused(treaty, personas):
    joining = make_obligation(treaty, code="art-64", category=Obligation.Category.JOINING)

    with pytest.raises(ValidationError, match="its status follows the depositary record"):
        services.record_progress(
            participant=personas.signatory,
            obligation=joining,
            as_of=date(2026, 2, 1),
            status="aligned",
            assessed_by="Someone",
            evidence_title="Instrument",
        )
    assert not ObligationProgress.objects.filter(obligation=joining).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("signatory", "In progress"), ("ratifier", "Aligned"), ("outsider", "Not started")],
)
def test_the_joining_obligation_on_a_country_page_comes_from_its_stage(
    client, treaty, personas, who, status
):
    make_obligation(
        treaty,
        code="art-64",
        title="Signature, ratification, acceptance, approval and accession",
        category=Obligation.Category.JOINING,
        strength=Obligation.Strength.OPTIONAL,
        position=64,
    )

    obligations = section(page(client, getattr(personas, who).iso3), "obligations-section")
    joining = re.search(r"<tr><th scope=\"row\"><a [^>]*art-64/\">.*?</tr>", obligations, re.S)

    assert joining is not None
    assert status in joining.group()
    assert "Not assessed" not in joining.group()
    assert "From the depositary record." in joining.group()


# --- The EU's page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_eu_page_lists_its_member_states_and_says_its_instrument_will_not_count(
    client, personas
):
    html = page(client, "EUU")

    members = section(html, "members-section")
    assert "France" in members
    assert "Signed, not yet bound" in members
    assert (
        "its instrument will not count towards the 40 instruments needed for entry into force"
        in section(html, "next-section")
    )


# --- The API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_clients_read_published_domestic_steps_filtered_by_participant(
    api_client, treaty, personas
):
    make_domestic_step(treaty, personas.signatory, "cabinet_decision", date(2026, 3, 1))
    make_domestic_step(
        treaty,
        personas.signatory,
        "law_promulgated",
        date(2026, 3, 5),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )

    response = api_client.get("/api/v1/domestic-steps/", {"participant": "FRA"})

    assert response.status_code == 200
    assert [(r["participant"], r["step"], r["date"]) for r in response.json()["results"]] == [
        ("FRA", "cabinet_decision", "2026-03-01")
    ]
    assert response.json()["results"][0]["step_label"] == "Cabinet decision"


@pytest.mark.django_db
def test_the_domestic_steps_as_of_a_day_leave_out_later_steps(api_client, treaty, personas):
    response = api_client.get("/api/v1/domestic-steps/", {"as_of": "2026-01-31"})
    assert response.json()["results"] == []

    response = api_client.get("/api/v1/domestic-steps/", {"as_of": "2026-02-01", "step": "x"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_focal_point_records_a_step_for_its_own_participant_only(api_client, treaty, personas):
    from treaty.models import FocalPoint

    user = make_user(groups=[FOCAL_POINT])
    FocalPoint.objects.create(user=user, participant=personas.signatory)
    api_client.force_authenticate(user)
    body = {
        "treaty": treaty.slug,
        "step": "parliament_approval",
        "date": "2026-04-01",
        "source": "Journal officiel",
    }

    mine = api_client.post("/api/v1/domestic-steps/", {**body, "participant": "FRA"})
    other = api_client.post("/api/v1/domestic-steps/", {**body, "participant": "NOR"})

    assert mine.status_code == 201, mine.json()
    assert mine.json()["review_state"] == "draft"
    assert other.status_code == 403
    assert DomesticStep.objects.filter(participant__iso3="NOR").count() == 0


@pytest.mark.django_db
def test_a_step_in_the_future_is_a_400_naming_the_field(api_client, treaty, personas):
    api_client.force_authenticate(make_user(groups=[EDITOR]))
    response = api_client.post(
        "/api/v1/domestic-steps/",
        {
            "treaty": treaty.slug,
            "participant": "FRA",
            "step": "parliament_approval",
            "date": "2027-01-01",
            "source": "Gazette",
        },
    )

    assert response.status_code == 400
    assert "is in the future" in response.json()["date"][0]


# --- The reference data: Azerbaijan, and the signatories' joining obligation -----------------


@pytest.fixture(scope="module")
def _reference_for_the_module(module_transaction):
    """Loaded once for the module, on the day the tests run on: the tests only read it."""
    with frozen_today():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def reference(_reference_for_the_module, db):
    """The real reference data."""


def test_azerbaijans_page_shows_both_domestic_steps_and_no_instrument(client, reference):
    html = page(client, "AZE")

    timeline = section(html, "timeline-section")
    assert "Parliamentary approval" in timeline
    assert "Approving law promulgated" in timeline
    assert 'datetime="2026-02-10"' in timeline
    assert 'datetime="2026-02-23"' in timeline
    assert 'href="https://www.trend.az/azerbaijan/politics/4151684.html"' in timeline
    assert (
        "Parliament approved ratification on 10 February 2026; law promulgated on "
        "23 February 2026; instrument not yet deposited."
    ) in section(html, "next-section")


def test_no_signatorys_page_says_not_assessed_for_joining(client, reference):
    signatories = TreatyAction.objects.filter(kind="signature").values_list(
        "participant__iso3", flat=True
    )
    for iso3 in sorted(signatories)[:5]:
        obligations = section(page(client, iso3), "obligations-section")
        joining = re.search(r"<tr><th scope=\"row\"><a [^>]*art-64/\">.*?</tr>", obligations, re.S)
        assert joining is not None, iso3
        assert "Not assessed" not in joining.group(), iso3
        assert "In progress" in joining.group(), iso3


def test_the_reference_load_is_not_shown_as_a_change_made_on_the_day_it_was_loaded(
    client, reference
):
    changes = section(page(client, "AZE"), "changes-section")

    assert "From the reference data" in changes
    assert "Recorded" not in changes
    # Shown on the day the data were checked (23 November 2026), with the action's own date.
    assert 'datetime="2026-11-23"' in changes
    assert 'datetime="2025-10-25"' in changes or 'datetime="2025-10-26"' in changes


# --- The fixture builder ---------------------------------------------------------------------


def _domestic_rows(tmp_path, rows: list[dict[str, str]]) -> list:
    path = tmp_path / "domestic-steps.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["participant", "iso3", "step", "date", "source"])
        writer.writeheader()
        writer.writerows(rows)
    convention = {"treaty": {"adopted_on": "2024-12-24"}}
    return fixture_builder.domestic_step_rows(
        convention, fixture_builder.read_csv(path), "2026-11-23T00:00:00Z"
    )


GOOD = {
    "participant": "Azerbaijan",
    "iso3": "AZE",
    "step": "parliament_approval",
    "date": "2026-02-10",
    "source": "Trend (https://www.trend.az/x)",
}


def test_the_builder_makes_a_published_step_with_the_url_of_its_source(tmp_path):
    (row,) = _domestic_rows(tmp_path, [GOOD])

    assert row["model"] == "treaty.domesticstep"
    assert row["fields"]["source_url"] == "https://www.trend.az/x"
    assert row["fields"]["review_state"] == "verified"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"step": "referendum"}, "line 2: unknown step 'referendum'"),
        ({"date": "10/02/2026"}, "line 2: a date is not YYYY-MM-DD"),
        ({"date": "2024-01-01"}, "line 2: Azerbaijan's step on 2024-01-01 comes before"),
        ({"source": " "}, "line 2: every row needs its source"),
        ({"iso3": "az"}, "line 2: iso3 'az' is not an alpha-3 code"),
    ],
)
def test_the_builder_refuses_a_bad_row_naming_its_line(tmp_path, change, message):
    with pytest.raises(fixture_builder.FixtureDataError, match=re.escape(message)):
        _domestic_rows(tmp_path, [{**GOOD, **change}])


# --- The export ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_domestic_steps_export_lists_published_steps_with_their_sources(client, personas):
    from tests.test_exports import export, read_csv

    rows = read_csv(export(client, "domestic-steps", participant="VNM"))

    assert rows == [
        [
            "treaty",
            "iso3",
            "participant",
            "step",
            "date",
            "date_earliest",
            "source",
            "source_url",
            "note",
        ],
        [
            "un-cybercrime-convention",
            "VNM",
            "Viet Nam",
            "parliament_approval",
            "2026-02-01",
            "",
            "Official gazette",
            "",
            "",
        ],
    ]
    assert read_csv(export(client, "domestic-steps", as_of="2026-01-31"))[1:] == []


# --- The migration of domestic_approval_on -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_date_of_domestic_approval_becomes_a_domestic_step_with_the_actions_source():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("treaty", "0014_depositary_truth")]
    after = [("treaty", "0015_domestic_steps_and_denunciation")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    treaty = old.get_model("treaty", "Treaty").objects.create(
        slug="t",
        title="T",
        short_title="T",
        adopted_on=date(2024, 12, 24),
        instruments_required=40,
        days_after_threshold=90,
        days_after_later_instrument=30,
    )
    state = old.get_model("treaty", "Participant").objects.create(
        iso3="VNM", iso2="VN", name="Viet Nam"
    )
    old.get_model("treaty", "TreatyAction").objects.create(
        treaty=treaty,
        participant=state,
        kind="ratification",
        date=date(2026, 3, 2),
        domestic_approval_on=date(2026, 2, 1),
        source="UNTC XVIII-16 status page",
        review_state="verified",
        verified_at=datetime(2026, 3, 3, tzinfo=UTC),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps

    step = new.get_model("treaty", "DomesticStep").objects.get()
    assert (step.step, step.date, step.source, step.review_state) == (
        "domestic_approval",
        date(2026, 2, 1),
        "UNTC XVIII-16 status page",
        "verified",
    )
    assert new.get_model("treaty", "HistoricalDomesticStep").objects.count() == 1
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_feed_names_a_formal_confirmation_in_words(treaty, personas):
    from treaty.feeds import action_title

    action = make_action(treaty, personas.eu, "formal_confirmation", date(2026, 5, 1))

    with translation.override("en"):
        assert action_title(action) == (
            "European Union deposited its instrument of formal confirmation"
        )


@pytest.mark.django_db
def test_latest_changes_show_a_published_domestic_step_on_the_day_it_was_published(
    client, treaty, personas
):
    author, reviewer = make_user(), make_user()
    step = services.record_domestic_step(
        treaty=treaty,
        participant=personas.signatory,
        step="cabinet_decision",
        date=date(2026, 4, 2),
        source="Conseil des ministres",
        by=author,
    )
    services.submit(record=step, by=author)
    services.verify(record=step, by=reviewer)

    changes = section(page(client, "FRA"), "changes-section")

    assert "Cabinet decision" in changes
    assert "Published" in changes
    assert 'datetime="2026-11-23"' in changes  # the day it was published (today)
    assert 'datetime="2026-04-02"' in changes  # the step's own date stays visible


@pytest.mark.django_db
def test_the_joining_obligations_pages_count_and_list_stages_never_not_assessed(
    client, treaty, personas
):
    make_obligation(
        treaty,
        code="art-64",
        title="Signature, ratification, acceptance, approval and accession",
        category=Obligation.Category.JOINING,
        strength=Obligation.Strength.OPTIONAL,
        position=64,
    )

    detail = client.get(
        reverse("treaty:obligation-detail", args=[treaty.slug, "art-64"])
    ).content.decode()
    listing = client.get(reverse("treaty:obligation-list", args=[treaty.slug])).content.decode()

    assert "Not assessed" not in detail
    assert "In progress" in detail  # France and the EU signed
    assert "Aligned" in detail  # Viet Nam deposited its instrument
    joining = re.search(r'<tr><th scope="row"><a href="[^"]*art-64/">.*?</tr>', listing, re.S)
    # Aligned, partial, in progress, not started, not applicable: the outsider has not started.
    assert re.findall(r'<td class="num">(\d+)</td>', joining.group()) == ["1", "0", "2", "1", "0"]


@pytest.mark.django_db
def test_a_reio_whose_member_states_all_denounced_is_no_longer_a_party_in_the_record():
    from tests.factories import make_treaty
    from treaty.models import Participant

    treaty = make_treaty(instruments_required=2)
    members = [make_participant(), make_participant()]
    eu = make_participant(kind=Participant.Kind.REIO)
    eu.members.add(*members)
    for state in [*members, eu]:
        make_action(treaty, state, "signature", date(2025, 10, 25))
    for state in members:
        make_action(treaty, state, "ratification", date(2025, 11, 3))
    make_action(treaty, eu, "formal_confirmation", date(2025, 11, 3))
    # In force from 1 February 2026; both members denounce, effective 1 and 10 June 2026.
    make_action(treaty, members[0], "denunciation", date(2026, 3, 1), effective_on=date(2026, 6, 1))
    make_action(
        treaty, members[1], "denunciation", date(2026, 3, 1), effective_on=date(2026, 6, 10)
    )

    assert treaty.status_on(date(2026, 6, 9)).stage_of(eu.iso3) is Stage.PARTY
    after = treaty.status_on(date(2026, 6, 10)).of(eu.iso3)
    assert (after.stage, after.denunciation_effective_on) == (Stage.DENOUNCED, date(2026, 6, 10))

    treaty.reio_ceases_with_members = False
    assert treaty.status_on(date(2026, 6, 10)).stage_of(eu.iso3) is Stage.PARTY
