"""Dates known to a range, the depositary's own count, sources said as they are (issue
"depositary truth", items 3, 4 and 9), on the test treaty and its personas."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import make_action, make_user
from tests.test_page_support import section
from treaty import roles, services
from treaty.days import day_text
from treaty.freshness import data_state
from treaty.models import DepositaryCount, TreatyAction
from treaty.models.actions import notification_url
from treaty.status import Action, EntryIntoForceRule, treaty_status

pytestmark = pytest.mark.django_db
SOURCE = "UNTC XVIII-16 status page"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def editor(db):
    return make_user(groups=(roles.EDITOR,))


# --- One function says a day, or a range of days


@pytest.mark.parametrize(
    ("earliest", "latest", "said"),
    [
        (None, date(2025, 10, 26), "26 October 2025"),
        (
            date(2025, 10, 25),
            date(2025, 10, 26),
            "25 or 26 October 2025 (the exact day is not confirmed)",
        ),
        (
            date(2026, 7, 1),
            date(2026, 7, 31),
            "between 1 and 31 July 2026 (the exact day is not confirmed)",
        ),
        (
            date(2026, 6, 30),
            date(2026, 7, 1),
            "30 June or 1 July 2026 (the exact day is not confirmed)",
        ),
        (
            date(2025, 12, 30),
            date(2026, 1, 2),
            "between 30 December 2025 and 2 January 2026 (the exact day is not confirmed)",
        ),
    ],
)
def test_a_day_or_a_range_of_days_in_words(earliest, latest, said):
    with translation.override("en"):
        assert day_text(latest, earliest) == said


def test_a_range_of_days_in_french():
    with translation.override("fr"):
        assert day_text(date(2025, 10, 26), date(2025, 10, 25)) == (
            "25 ou 26 octobre 2025 (le jour exact n’est pas confirmé)"
        )


def test_a_range_of_days_in_a_language_whose_dates_start_with_the_year_keeps_both_ends_whole():
    with translation.override("zh-hans"):
        said = day_text(date(2025, 10, 26), date(2025, 10, 25))
    assert said.startswith("2025年10月25日")
    assert "2025年10月26日" in said


# --- Depositary notifications link to the depositary's publication


@pytest.mark.parametrize(
    ("reference", "url"),
    [
        (
            "C.N.12.2026.TREATIES-XVIII.16",
            "https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf",
        ),
        (
            "C.N.123.2025.TREATIES-XVIII.16 (Depositary Notification)",
            "https://treaties.un.org/doc/Publication/CN/2025/CN.123.2025-Eng.pdf",
        ),
        ("c.n. 7.2026", "https://treaties.un.org/doc/Publication/CN/2026/CN.7.2026-Eng.pdf"),
        ("", ""),
        ("Note verbale of 3 March 2026", ""),
    ],
)
def test_a_cn_reference_gives_the_address_of_the_notification(reference, url):
    assert notification_url(reference) == url


def test_pages_link_a_cn_reference_and_say_the_kind_of_each_source(client, personas):
    html = client.get(reverse("treaty:home")).content.decode()

    actions = section(html, "actions-section")
    assert (
        '<a href="https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf" '
        'rel="external" class="notification">C.N.12.2026.TREATIES-XVIII.16</a>'
    ) in actions
    assert "(Depositary record)" in actions
    country = client.get(reverse("treaty:country-detail", args=["VNM"])).content.decode()
    assert "CN.12.2026-Eng.pdf" in section(country, "timeline-section")


def test_a_press_source_is_marked_as_press_on_the_country_page(client, treaty, personas):
    make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 7, 31),
        date_earliest=date(2026, 7, 1),
        source="A newspaper report",
        source_url="",
        source_kind="press",
    )

    html = client.get(reverse("treaty:country-detail", args=["NOR"])).content.decode()

    timeline = section(html, "timeline-section")
    assert 'A newspaper report <span class="source-kind">(Press)</span>' in timeline
    assert "between 1 and 31 July 2026 (the exact day is not confirmed)" in timeline


def test_the_footer_no_longer_claims_every_fact_comes_from_the_depositary(client, personas):
    html = client.get(reverse("treaty:country-list")).content.decode()

    assert (
        "from the depositary record where available; otherwise national treaty databases, "
        "governments and the press, as marked"
    ) in html
    assert "come from the depositary record (UN Treaty Collection)" not in html


# --- The record's rules for a range of days


def record(treaty, participant, kind, on, **fields) -> TreatyAction:
    return services.record_treaty_action(
        treaty=treaty,
        participant=participant,
        kind=kind,
        date=on,
        source=SOURCE,
        publish=True,
        **fields,
    )


def test_a_signature_known_to_a_range_inside_the_window_is_recorded(treaty, personas):
    action = record(
        treaty, personas.outsider, "signature", date(2025, 10, 26), date_earliest=date(2025, 10, 25)
    )

    assert action.date_precision == "range"
    assert action.day_text == "25 or 26 October 2025 (the exact day is not confirmed)"


def test_the_latest_changes_say_a_range_of_days_as_such(client, treaty, personas):
    record(
        treaty, personas.outsider, "signature", date(2025, 10, 26), date_earliest=date(2025, 10, 25)
    )

    html = client.get(reverse("treaty:country-detail", args=["NOR"])).content.decode()

    changes = section(html, "changes-section")
    assert "25 or 26 October 2025 (the exact day is not confirmed)" in changes
    assert '<time datetime="2025-10-26">' not in changes


def test_every_day_of_a_signatures_range_must_be_in_the_window(treaty, personas):
    with pytest.raises(ValidationError) as caught:
        record(
            treaty,
            personas.outsider,
            "signature",
            date(2025, 10, 26),
            date_earliest=date(2025, 10, 20),
        )

    assert "20 October 2025 is outside that window" in caught.value.message_dict["date_earliest"][0]


def test_the_earliest_day_must_come_before_the_date(treaty, personas):
    with pytest.raises(ValidationError) as caught:
        record(
            treaty,
            personas.outsider,
            "signature",
            date(2025, 10, 26),
            date_earliest=date(2025, 10, 26),
        )

    assert caught.value.message_dict["date_earliest"] == [
        "The earliest possible day (26 October 2025) must come before the date 26 October "
        "2025, the latest possible day; for an exact day, leave it empty."
    ]


def test_the_engine_counts_a_range_from_its_latest_day():
    rule = EntryIntoForceRule(40, 90, 30)
    actions = [Action("GBR", "signature", date(2025, 10, 26), earliest=date(2025, 10, 25))]

    assert treaty_status(rule, actions, date(2025, 10, 25)).signatures == 0
    on_the_day = treaty_status(rule, actions, date(2025, 10, 26))
    assert on_the_day.signatures == 1
    assert on_the_day.of("GBR").signed_earliest == date(2025, 10, 25)


def test_an_editor_narrows_a_range_to_its_day_and_the_history_keeps_both(treaty, personas, editor):
    action = record(
        treaty, personas.outsider, "signature", date(2025, 10, 26), date_earliest=date(2025, 10, 25)
    )

    response = APIClient()
    response.force_authenticate(editor)
    answer = response.patch(
        f"/api/v1/actions/{action.pk}/",
        {"version": action.version, "date": "2025-10-25", "date_earliest": None},
        format="json",
    )

    assert answer.status_code == 200, answer.json()
    assert (answer.json()["date"], answer.json()["date_precision"]) == ("2025-10-25", "day")
    history = list(
        TreatyAction.history.filter(id=action.pk)
        .order_by("history_date")
        .values_list("date_earliest", "date")
    )
    assert history == [
        (date(2025, 10, 25), date(2025, 10, 26)),
        (None, date(2025, 10, 25)),
    ]


def test_an_action_entered_through_the_api_carries_its_range_and_source_kind(
    treaty, personas, editor
):
    client = APIClient()
    client.force_authenticate(editor)

    response = client.post(
        "/api/v1/actions/",
        {
            "treaty": treaty.slug,
            "participant": "NOR",
            "kind": "signature",
            "date": "2026-07-31",
            "date_earliest": "2026-07-01",
            "source": "Government news release of July 2026",
            "source_kind": "government",
            "publish": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("date", "date_earliest", "date_precision", "source_kind")} == {
        "date": "2026-07-31",
        "date_earliest": "2026-07-01",
        "date_precision": "range",
        "source_kind": "government",
    }


# --- The depositary's count


def count(treaty, on: date, signatures: int, parties: int = 0, **fields) -> DepositaryCount:
    return services.save_depositary_count(
        count=DepositaryCount(
            treaty=treaty,
            as_of=on,
            signatures=signatures,
            parties=parties,
            source=fields.pop("source", "UNTC XVIII-16 status page header"),
            **fields,
        )
    )


def test_a_difference_with_the_depositarys_count_is_shown_plainly(client, treaty, personas):
    count(treaty, date(2025, 10, 26), signatures=5)

    checks = section(client.get(reverse("treaty:home")).content.decode(), "depositary-section")

    assert (
        "UNTC counted 5 signatures and 0 parties on 26 October 2025; this record has 3 and 0 by "
        "that date." in checks
    )
    assert "Difference: this record has 2 signatures fewer than that count." in checks


def test_a_count_stated_after_the_day_shown_is_left_out(client, treaty, personas):
    count(treaty, date(2026, 3, 1), signatures=3)

    past = client.get(reverse("treaty:home"), {"as_of": "2026-01-01"}).content.decode()

    assert "No count of the depositary recorded by this date." in past


def test_every_page_footer_says_when_the_record_was_last_checked(client, treaty, personas):
    before = client.get(reverse("treaty:country-list")).content.decode()
    count(treaty, date(2025, 10, 26), signatures=3)
    count(treaty, date(2026, 11, 20), signatures=3, parties=0)

    after = client.get(reverse("treaty:country-detail", args=["FRA"])).content.decode()

    assert "Not yet checked against the depositary's count." in before
    assert "Last checked against the depositary on 20 November 2026." in after


def test_a_new_count_makes_the_cached_pages_fresh(treaty):
    before, _ = data_state()
    count(treaty, date(2026, 11, 20), signatures=3)

    assert data_state()[0] != before


def test_a_count_in_the_future_is_refused(treaty):
    with pytest.raises(ValidationError) as caught:
        count(treaty, date(2026, 12, 1), signatures=3)

    assert "in the future" in caught.value.message_dict["as_of"][0]


def test_an_editor_adds_a_count_in_the_admin_and_a_focal_point_cannot(client, treaty, editor):
    focal = make_user(groups=(roles.FOCAL_POINT,), is_staff=True)
    editor.is_staff = True
    editor.save()
    form = {
        "treaty": treaty.pk,
        "as_of": "2026-11-20",
        "signatures": "74",
        "parties": "0",
        "source": "UNTC XVIII-16 status page header",
        "source_kind": "depositary",
        "source_url": "",
    }
    url = reverse("admin:treaty_depositarycount_add")

    client.force_login(focal)
    assert client.post(url, form).status_code == 403
    client.force_login(editor)
    assert client.post(url, form).status_code == 302

    saved = DepositaryCount.objects.get()
    assert (saved.signatures, saved.recorded_by) == (74, editor)
    assert saved.history.get().history_user == editor
