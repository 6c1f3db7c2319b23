"""The real record (the reference fixtures) as the issue "depositary truth" checks it: as of
28 November 2026 the tracker counts 74 signatures and no instrument; Britain's signature is
known to two days; every page, the API and the CSV say the same numbers with the same words."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_action
from tests.test_page_support import section
from treaty.models import Participant, Treaty

pytestmark = pytest.mark.django_db
SLUG = "un-cybercrime-convention"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The reference data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "convention", "participants", "signatures", "depositary")
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _on_28_november_2026(loaded, time_machine):
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, tzinfo=UTC), tick=False)


def treaty_status(**params) -> dict:
    response = APIClient().get(f"/api/v1/treaties/{SLUG}/", params)
    assert response.status_code == 200
    return response.json()["status"]


def test_the_api_counts_74_signatures_and_no_instrument_on_28_november_2026():
    status = treaty_status()

    assert (status["signatures"], status["instruments"], status["signed_not_bound"]) == (74, 0, 74)


def test_a_signature_known_to_two_days_counts_from_the_later_one():
    # signatures.csv: 63 on 25 October, 3 on 26 October; six more known to one of the two days.
    assert treaty_status(as_of="2025-10-25")["signatures"] == 63
    assert treaty_status(as_of="2025-10-26")["signatures"] == 72
    # Canada signed some day in July 2026: counted from 31 July.
    assert treaty_status(as_of="2026-07-30")["signatures"] == 73
    assert treaty_status(as_of="2026-07-31")["signatures"] == 74


def test_the_gbr_page_says_25_or_26_october_2025_and_who_says_so(client):
    html = client.get(reverse("treaty:country-detail", args=["GBR"])).content.decode()

    timeline = section(html, "timeline-section")
    assert "25 or 26 October 2025 (the exact day is not confirmed)" in timeline
    assert "26 October 2025</time>" not in timeline  # never shown as an exact day
    assert "(Government statement)" in timeline
    assert "Signed on 25 or 26 October 2025 (the exact day is not confirmed)." in html
    assert "26 October 2025</time>" not in html  # nowhere on the page, latest changes included


def test_the_country_list_shows_a_range_of_days_as_such(client):
    html = client.get(reverse("treaty:country-list"), {"q": "United Kingdom"}).content.decode()

    assert "25 or 26 October 2025 (the exact day is not confirmed)" in html
    assert '<time datetime="2025-10-26">' not in html


def test_the_api_gives_a_participants_signature_with_both_days():
    response = APIClient().get("/api/v1/participants/GBR/")

    (status,) = response.json()["treaties"]
    assert (status["signed_earliest"], status["signed_on"]) == ("2025-10-25", "2025-10-26")


def test_canadas_page_says_some_day_in_july_2026(client):
    html = client.get(reverse("treaty:country-detail", args=["CAN"])).content.decode()

    assert "between 1 and 31 July 2026 (the exact day is not confirmed)" in html
    assert "Signed between 1 and 31 July 2026 (the exact day is not confirmed)." in html


def test_the_api_gives_both_days_the_precision_and_the_source_kind():
    response = APIClient().get("/api/v1/actions/", {"participant": "GBR"})

    (britain,) = response.json()["results"]
    assert {
        key: britain[key] for key in ("date", "date_earliest", "date_precision", "source_kind")
    } == {
        "date": "2025-10-26",
        "date_earliest": "2025-10-25",
        "date_precision": "range",
        "source_kind": "government",
    }


def test_the_dashboard_compares_the_record_with_each_count_of_the_depositary(client):
    html = client.get(reverse("treaty:home")).content.decode()

    checks = section(html, "depositary-section")
    assert (
        "UNTC counted 72 signatures and 0 parties on 26 October 2025; this record has 72 and 0 "
        "by that date." in checks
    )
    assert (
        "A national treaty database counted 73 signatures and 0 parties on 19 November 2025; "
        "this record has 73 and 0 by that date." in checks
    )
    assert "Difference" not in checks
    assert "Last checked against the depositary on 19 November 2025." in html


def _csv(client, resource: str, **params) -> list[dict[str, str]]:
    response = client.get(reverse("exports:export", args=[resource, "csv"]), params)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_signatures_and_signed_not_yet_bound_agree_on_every_page_the_api_and_the_csv(client):
    """Issue, item 8: after one ratification the dashboard card said 66 and the stage table 65,
    the API 66 and the country list 65. Now each number has one word, everywhere."""
    treaty = Treaty.objects.get(slug=SLUG)
    make_action(treaty, Participant.objects.get(iso3="ESP"), "ratification", date(2026, 3, 2))
    signatures, signed_not_bound = 74, 73

    dashboard = client.get(reverse("treaty:home")).content.decode()
    assert section(dashboard, "figure-signatures") == str(signatures)
    assert f"{signed_not_bound} signed, not yet bound." in section(dashboard, "headline")
    stage_row = section(dashboard, "stage-signatory")
    assert re.search(rf'<td class="num">{signed_not_bound}</td>', stage_row)
    assert "Signed, not yet bound" in stage_row

    listed = client.get(reverse("treaty:country-list"), {"stage": "signatory"}).content.decode()
    assert f"{signed_not_bound} participants shown of 198." in listed

    api = APIClient()
    status = treaty_status()
    assert (status["signatures"], status["signed_not_bound"]) == (signatures, signed_not_bound)
    assert status["instruments"] == 1
    stage = api.get("/api/v1/participants/", {"stage": "signatory"}).json()
    assert stage["count"] == signed_not_bound

    rows = _csv(client, "participants")
    assert sum(1 for row in rows if row["signed_on"]) == signatures
    assert sum(1 for row in rows if row["stage"] == "signatory") == signed_not_bound
    actions = _csv(client, "actions", kind="signature")
    assert len(actions) == signatures
