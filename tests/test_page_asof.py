"""The ``?as_of=YYYY-MM-DD`` parameter every page accepts (parsing is pure)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from treaty.asof import AsOfError, parse_as_of

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_as_of_means_today(value):
    assert parse_as_of(value, today=TODAY) is None


def test_a_day_up_to_today_is_read():
    assert parse_as_of("2026-03-01", today=TODAY) == date(2026, 3, 1)
    assert parse_as_of(" 2026-11-23 ", today=TODAY) == TODAY


@pytest.mark.parametrize(
    "value", ["2026-3-1", "20260301", "2026-W09-7", "2026-02-30", "01/03/2026", "٢٠٢٦-٠٣-٠١"]
)
def test_anything_but_an_iso_day_is_refused_with_the_expected_form(value):
    with translation.override("en"), pytest.raises(AsOfError, match="YYYY-MM-DD"):
        parse_as_of(value, today=TODAY)


def test_a_day_to_come_is_refused():
    with translation.override("en"), pytest.raises(AsOfError, match="in the future"):
        parse_as_of("2026-11-24", today=TODAY)


def test_a_very_long_value_is_cut_in_the_message():
    with translation.override("en"), pytest.raises(AsOfError) as error:
        parse_as_of("x" * 500, today=TODAY)
    assert len(str(error.value)) < 200
