"""UNCTAD's Global Cyberlaw Tracker loaded as reference data (data/unctad-*.csv), and the laws
this project records from its own sources (data/laws.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import make_participant
from treaty.importers.report import ImportRejected
from treaty.models import IndicatorValue, Law, OutsideIndicator, ReviewState
from treaty.reference import project_laws, unctad

pytestmark = pytest.mark.django_db


def test_unctad_laws_are_published_as_reported_by_unctad_with_their_date_and_links():
    call_command("load_reference_data")
    law = Law.objects.get(participant__iso3="ALB")
    assert law.title == "Law No. 02/2017 - On cybersecurity (in English)"
    assert law.official_url.startswith("https://sherloc.unodc.org/")
    assert (law.status, law.review_state, law.language) == (
        "reported",
        ReviewState.VERIFIED,
        "English",
    )
    assert (law.source, law.source_date.isoformat()) == (
        "UNCTAD Global Cyberlaw Tracker",
        "2026-03-05",
    )
    assert law.provisions.count() == 0
    unctads = Law.objects.filter(source=unctad.SOURCE)
    assert unctads.count() == 214  # 215 rows, Uganda's 2011 Act listed twice
    assert unctads.filter(official_url="").count() == 16
    # UNCTAD's web markup is cleaned: no "<br>" in titles, no "&amp;" in URLs.
    assert not Law.objects.filter(title__contains="<br").exists()
    assert not Law.objects.filter(official_url__contains="&amp;").exists()

    caf = IndicatorValue.objects.select_related("indicator").get(participant__iso3="CAF")
    assert caf.value == "No Legislation"
    assert caf.indicator.attribution == "UNCTAD Global Cyberlaw Tracker, 2026-03-05"
    assert IndicatorValue.objects.count() == 195
    assert OutsideIndicator.objects.count() == 1


def test_loading_unctad_twice_changes_nothing():
    call_command("load_reference_data")
    counts = (Law.objects.count(), Law.history.count(), IndicatorValue.history.count())
    call_command("load_reference_data")
    assert (Law.objects.count(), Law.history.count(), IndicatorValue.history.count()) == counts


def test_a_law_an_editor_confirmed_is_left_as_they_made_it_by_a_second_load():
    call_command("load_reference_data")
    law = Law.objects.get(participant__iso3="ALB")
    law.status = Law.Status.IN_FORCE
    law.save()
    call_command("load_reference_data")
    assert Law.objects.get(pk=law.pk).status == Law.Status.IN_FORCE


def test_rows_of_no_participant_are_skipped_and_counted(tmp_path: Path):
    make_participant(m49=8, iso3="ALB", iso2="AL", name="Albania")
    (tmp_path / unctad.LEGISLATION_FILE).write_text(
        "m49,country,cybercrime_legislation\n008,Albania,Legislation\n344,Hong Kong,Legislation\n"
    )
    (tmp_path / unctad.LAWS_FILE).write_text(
        "m49,country,title,url\n008,Albania,Law &amp; order<br>2017 (in english),"
        "https://example.org/?a=1&amp;b=2\n344,Hong Kong,Ordinance,\n"
    )
    summary = unctad.load(tmp_path)
    assert summary.skipped == [
        f"{unctad.LEGISLATION_FILE}, line 3: M49 344 (Hong Kong)",
        f"{unctad.LAWS_FILE}, line 3: M49 344 (Hong Kong)",
    ]
    assert "2 rows skipped" in str(summary)
    law = Law.objects.get()
    assert (law.title, law.official_url, law.language) == (
        "Law & order 2017 (in english)",
        "https://example.org/?a=1&b=2",
        "English",
    )


def test_the_data_folder_names_unctad_and_its_date():
    readme = (Path(settings.BASE_DIR) / "data" / "README.md").read_text()
    assert unctad.SOURCE in readme
    assert "5 March 2026" in readme


def test_the_projects_own_laws_are_published_with_their_source_beside_unctads():
    call_command("load_reference_data")
    law = Law.objects.get(participant__iso3="AZE", source="Trend (press report)")
    assert law.title.startswith("Law of the Republic of Azerbaijan on the approval of the United")
    assert (law.kind, law.status, law.adopted_on.isoformat()) == ("act", "adopted", "2026-02-10")
    assert law.source_url == "https://www.trend.az/azerbaijan/politics/4156490.html"
    assert law.review_state == ReviewState.VERIFIED
    # Every law the data folder lists is recorded once: UNCTAD's 214 and this project's own.
    assert Law.objects.count() == 215


def test_a_second_load_keeps_an_editors_correction_of_the_projects_own_law():
    call_command("load_reference_data")
    law = Law.objects.get(source="Trend (press report)")
    law.status, law.in_force_on = "in_force", law.adopted_on
    law.save()
    call_command("load_reference_data")
    law.refresh_from_db()
    assert law.status == "in_force"
    assert Law.objects.filter(source="Trend (press report)").count() == 1


def test_a_bad_row_in_the_projects_own_laws_stops_the_load_naming_its_line(tmp_path: Path):
    make_participant(iso3="AZE", iso2="AZ", name="Azerbaijan")
    (tmp_path / project_laws.LAWS_FILE).write_text(
        "participant,title,source,status\n"
        "AZE,A law,A source,adopted\n"
        "AZE,Another law,A source,enacted\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        project_laws.load(tmp_path)
    assert any(e.line == 3 and e.column == "status" for e in rejected.value.report.errors)
    assert not Law.objects.exists()  # all rows or none
