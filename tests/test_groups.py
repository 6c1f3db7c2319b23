"""Groups of participants (data/groups.csv → fixtures/groups.json → treaty.Group)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from treaty import fixture_builder
from treaty.group_fixtures import group_rows
from treaty.models import Group, Participant

DATA = Path(__file__).resolve().parent.parent / "data"
PARTICIPANTS = [{"model": "treaty.participant", "fields": {"iso3": c}} for c in ("FRA", "MLI")]
HEADER = "group,name,iso3,source,source_url,checked_on\n"


@pytest.mark.django_db
def test_the_groups_load_with_their_members_and_sources():
    call_command("loaddata", "participants", "groups", verbosity=0)
    counts = {g.code: g.members.count() for g in Group.objects.all()}
    assert counts == {
        "eu": 27, "au": 54, "asean": 11, "coe": 46, "oas": 34, "ldc": 44, "lldc": 32, "sids": 39,
    }  # fmt: skip
    assert list(Group.objects.values_list("code", flat=True)) == [
        "eu", "au", "asean", "coe", "oas", "ldc", "lldc", "sids",
    ]  # fmt: skip
    ldc = Group.objects.get(code="ldc")
    assert ldc.source_url == "https://unstats.un.org/unsd/methodology/m49/overview/"
    assert ldc.checked_on is not None
    assert ldc.members.filter(iso3="MLI").exists()
    assert not ldc.members.filter(iso3="FRA").exists()
    eu = Group.objects.get(code="eu")
    assert eu.source_url == fixture_builder.EU_MEMBERS_SOURCE
    assert set(eu.members.values_list("iso3", flat=True)) == set(fixture_builder.EU_MEMBERS)
    assert Group.objects.get(code="sids").members.filter(iso3="MDV").exists()


@pytest.mark.django_db
def test_the_african_union_is_every_african_participant_and_asean_includes_timor_leste():
    """The AU's 55 Member States are the 54 States of the M49 region Africa and the Sahrawi
    Arab Democratic Republic, which is no participant: a member outside Africa, or an African
    State missing, is a data error. ASEAN's eleventh member joined on 26 October 2025."""
    call_command("loaddata", "participants", "groups", verbosity=0)
    au = Group.objects.get(code="au")
    african = Participant.objects.filter(region="Africa", kind="state")
    assert set(au.members.values_list("iso3", flat=True)) == set(
        african.values_list("iso3", flat=True)
    )
    assert au.source_url.startswith("https://amo.au.int/")
    asean = Group.objects.get(code="asean")
    assert set(asean.members.values_list("iso3", flat=True)) == {
        "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS",
    }  # fmt: skip
    assert "26 October 2025" in asean.source


def _rows(tmp_path, body: str):
    path = tmp_path / "groups.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return group_rows(path, PARTICIPANTS, eu_members=["FRA"], eu_source_url="https://e.eu/")


def test_a_member_that_is_not_a_participant_is_refused_naming_its_line(tmp_path):
    with pytest.raises(fixture_builder.FixtureDataError, match="line 2.*“XXX”"):
        _rows(tmp_path, "ldc,LDC,XXX,UNSD,https://unstats.un.org/,2026-11-29\n")


def test_a_member_without_a_source_is_refused(tmp_path):
    with pytest.raises(fixture_builder.FixtureDataError, match="source"):
        _rows(tmp_path, "ldc,LDC,MLI,,http://x,2026-11-29\n")


def test_an_unknown_group_is_refused(tmp_path):
    with pytest.raises(fixture_builder.FixtureDataError, match="unknown group"):
        _rows(tmp_path, "nato,NATO,FRA,Somebody,https://x.org/,2026-11-29\n")


def test_groups_come_in_page_order_with_the_eu_first(tmp_path):
    rows = _rows(tmp_path, "ldc,LDC,MLI,UNSD,https://unstats.un.org/,2026-11-29\n")
    assert [r["fields"]["code"] for r in rows] == ["eu", "ldc"]
    assert rows[1]["fields"]["members"] == [["MLI"]]
    assert rows[0]["fields"]["checked_on"] is None
