"""The reference fixtures: generated from the repository's data/, loadable, and loadable twice."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from treaty import fixture_builder
from treaty.fixture_rows.participants import DEPOSITARY_NAME_NOTE, EU_MEMBERS
from treaty.fixture_rows.sources import source_kind
from treaty.models import (
    Article,
    Chapter,
    DepositaryCount,
    Obligation,
    Participant,
    ParticipantName,
    ReviewState,
    Treaty,
    TreatyAction,
)

FIXTURES = settings.BASE_DIR / "fixtures"
DATA = settings.BASE_DIR / "data"

# 55 articles carry an obligation; arts. 19, 22, 40 and 53 are each split in two.
OBLIGATIONS = 59


def load_fixtures() -> None:
    # By name, as `make data` loads them: FIXTURE_DIRS must list fixtures/.
    call_command("loaddata", "convention", "participants", "signatures", "depositary", verbosity=0)


def snapshot() -> dict[str, list[dict]]:
    """Every row the fixtures write, with its primary key, and the history rows next to them."""
    models = [
        Treaty,
        Chapter,
        Article,
        Obligation,
        Obligation.articles.through,
        Participant,
        Participant.members.through,
        ParticipantName,
        TreatyAction,
        DepositaryCount,
        Treaty.history.model,
        Obligation.history.model,
        Participant.history.model,
        TreatyAction.history.model,
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The three fixtures, loaded once for this module and rolled back after it: loading takes
    about a second. Each test still runs in its own savepoint inside that transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_fixtures()
        yield
        transaction.set_rollback(True)


def test_builder_reproduces_the_committed_fixtures_byte_for_byte(tmp_path):
    out = StringIO()
    call_command("build_fixtures", data=DATA, out=tmp_path, stdout=out)

    for name in fixture_builder.FIXTURE_FILES:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), (
            f"fixtures/{name} differs from what build_fixtures writes: regenerate it with "
            "`manage.py build_fixtures` instead of editing it by hand."
        )
    assert re.fullmatch(
        rf"Wrote 1 treaty, 9 chapters, 68 articles, {OBLIGATIONS} obligations, "
        r"198 participants, \d+ other names, 74 signatures \(7 known to a range of days\), "
        r"2 depositary counts to .+ "
        rf"\(EU members: {re.escape(fixture_builder.EU_MEMBERS_SOURCE)}\)\n",
        out.getvalue(),
    )


@pytest.mark.django_db
def test_loading_the_fixtures_gives_the_convention_and_its_obligation_catalogue(loaded):
    treaty = Treaty.objects.get(slug="un-cybercrime-convention")

    assert (treaty.depositary_reference, treaty.instruments_required) == ("XVIII-16", 40)
    assert treaty.signature_places == (
        "At Hanoi on 25 and 26 October 2025; thereafter at United Nations Headquarters, "
        "New York, until 31 December 2026."
    )
    assert treaty.chapters.count() == 9
    assert treaty.articles.count() == 68
    assert treaty.obligations.count() == OBLIGATIONS
    assert list(Obligation.objects.values_list("position", flat=True)) == list(
        range(1, OBLIGATIONS + 1)
    )
    assert not Obligation.objects.filter(articles=None).exists()
    # Articles without a strength in convention.json carry no obligation.
    assert not Obligation.objects.filter(articles__number__in=[1, 2, 3, 58, 65, 68]).exists()


@pytest.mark.django_db
def test_split_articles_become_separate_obligations(loaded):
    def parts(number):
        return list(
            Obligation.objects.filter(articles__number=number)
            .order_by("position")
            .values_list("code", "category", "strength")
        )

    assert parts(40) == [
        ("art-40-mutual-legal-assistance", "international_cooperation", "mandatory"),
        ("art-40-central-authority", "international_cooperation", "mandatory"),
    ]
    assert parts(41) == [("art-41", "international_cooperation", "mandatory")]
    assert parts(53) == [
        ("art-53-awareness", "awareness", "endeavour"),
        ("art-53-private-sector", "public_private", "endeavour"),
    ]
    assert parts(19) == [
        ("art-19-participation", "domestic_law", "mandatory"),
        ("art-19-attempt", "domestic_law", "optional"),
    ]
    assert parts(22) == [
        ("art-22-territorial", "domestic_law", "mandatory"),
        ("art-22-nationality", "domestic_law", "optional"),
    ]
    central = Obligation.objects.get(code="art-40-central-authority")
    assert central.description == "Designate a central authority and notify the Secretary-General."


@pytest.mark.django_db
def test_loading_the_fixtures_gives_every_state_and_the_eu_with_its_members(loaded):
    assert Participant.objects.un_members().count() == 193
    assert Participant.objects.states().count() == 197
    assert set(
        Participant.objects.states().filter(is_un_member=False).values_list("iso3", flat=True)
    ) == {"VAT", "PSE", "COK", "NIU"}

    eu = Participant.objects.get(iso3="EUU")
    assert (eu.kind, eu.iso2, eu.m49, eu.is_un_member) == ("reio", "EU", None, False)
    assert eu.members.count() == 27
    assert set(eu.members.values_list("iso3", flat=True)) == set(EU_MEMBERS)

    viet_nam = Participant.objects.get(iso3="VNM")
    assert (viet_nam.iso2, viet_nam.m49, viet_nam.region, viet_nam.name_fr) == (
        "VN",
        704,
        "Asia",
        "Viet Nam",
    )


@pytest.mark.django_db
def test_loading_the_fixtures_gives_74_verified_signatures_with_their_sources(loaded):
    signatures = TreatyAction.objects.filter(kind="signature")

    assert signatures.count() == 74
    assert signatures.published().count() == 74
    assert not signatures.exclude(review_state=ReviewState.VERIFIED).exists()
    assert not signatures.filter(source="").exists()
    assert not signatures.filter(verified_at=None).exists()
    untc = signatures.get(participant__iso3="DZA")
    assert untc.source_url == Treaty.objects.get().sources[0]
    press = signatures.get(participant__iso3="VNM")
    assert press.source_url.startswith("https://vtv.vn/")
    netherlands = signatures.get(participant__iso3="MUS")
    assert (netherlands.date.isoformat(), netherlands.source_url) == ("2025-11-19", "")


@pytest.mark.django_db
def test_loading_the_fixtures_twice_changes_nothing(loaded):
    before = snapshot()

    load_fixtures()

    assert snapshot() == before


@pytest.mark.django_db
def test_the_depositary_name_of_czechia_is_one_of_its_other_names(loaded):
    czechia = Participant.objects.get(iso3="CZE")
    other = ParticipantName.objects.get(participant=czechia, name="Czech Republic")

    assert czechia.name == "Czechia"
    assert other.normalized == "czech republic"
    assert DEPOSITARY_NAME_NOTE in other.note
    assert list(Participant.objects.search("czech republic")) == [czechia]
    # Every other name carries its comparison form, though loaddata bypasses save().
    assert not ParticipantName.objects.filter(normalized="").exists()


def test_build_fixtures_fails_clearly_when_the_data_folder_lacks_a_file(tmp_path):
    shutil.copy(DATA / "convention.json", tmp_path / "convention.json")

    with pytest.raises(
        CommandError,
        match=r"signatures\.csv, signatures-undated\.csv, depositary-counts\.csv missing from",
    ):
        call_command("build_fixtures", data=tmp_path, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_build_fixtures_from_an_upstream_refreshes_data_and_says_what_changed(tmp_path):
    upstream, data = tmp_path / "upstream", tmp_path / "data"
    shutil.copytree(DATA, upstream, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(DATA, data)
    with (upstream / "signatures.csv").open("a", encoding="utf-8") as handle:
        handle.write("Norway,NOR,signature,2025-10-26,Example upstream source\n")
    out = StringIO()

    call_command("build_fixtures", upstream=upstream, data=data, out=tmp_path / "out", stdout=out)

    assert out.getvalue().startswith(f"Refreshed {data}/ from {upstream}: signatures.csv changed.")
    assert (data / "signatures.csv").read_bytes() == (upstream / "signatures.csv").read_bytes()
    built = json.loads((tmp_path / "out" / "signatures.json").read_text(encoding="utf-8"))
    assert len(built) == 75  # 74 signatures and the upstream's new one


def test_build_fixtures_refuses_a_partial_upstream_and_copies_nothing(tmp_path):
    upstream, data = tmp_path / "upstream", tmp_path / "data"
    shutil.copytree(DATA, upstream)
    shutil.copytree(DATA, data)
    (upstream / "domestic-steps.csv").unlink()
    (upstream / "signatures.csv").write_text("participant,iso3,action,date,source\n")

    with pytest.raises(CommandError, match=r"domestic-steps\.csv missing from the upstream"):
        call_command("build_fixtures", upstream=upstream, data=data, out=tmp_path / "out")
    assert (data / "signatures.csv").read_bytes() == (DATA / "signatures.csv").read_bytes()


def test_the_data_folder_documents_every_file_it_holds():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    held = sorted(p.name for p in DATA.iterdir() if p.name != "README.md")

    assert held == sorted(fixture_builder.UPSTREAM_FILES + fixture_builder.OWN_FILES)
    for name in held:
        assert f"`{name}`" in readme, f"data/README.md does not say where {name} comes from"


def test_build_fixtures_fails_when_the_taxonomy_loses_a_member_state(tmp_path, monkeypatch):
    rows = fixture_builder.read_csv(fixture_builder.taxonomy_path())
    rows = [row for row in rows if row["ISO 3166-1 Alpha 3-Codes"] != "NOR"]
    trimmed = tmp_path / "taxonomy.csv"
    with trimmed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(fixture_builder, "taxonomy_path", lambda: trimmed)

    with pytest.raises(CommandError, match="196 States .* and 192 UN Member States"):
        call_command("build_fixtures", data=DATA, out=tmp_path / "out")


def test_a_mixed_article_without_a_split_is_refused():
    convention = json.loads((DATA / "convention.json").read_text(encoding="utf-8"))
    changed = copy.deepcopy(convention)
    changed["articles"][6]["strength"] = "mixed"  # art. 7

    with pytest.raises(fixture_builder.FixtureDataError, match="article 7 .* SPLITS"):
        fixture_builder.obligation_fixture_rows(changed)


@pytest.mark.django_db
def test_nauru_keeps_its_un_name_where_the_taxonomy_misspells_it(loaded):
    nauru = Participant.objects.get(iso3="NRU")
    assert (nauru.name, nauru.name_fr, nauru.name_es, nauru.name_ru) == (
        "Nauru",
        "Nauru",
        "Nauru",
        "Науру",
    )
    assert nauru.other_names.filter(name="Naoero").exists()


@pytest.mark.django_db
def test_signatures_known_to_a_range_of_days_load_with_both_days_and_their_source_kind(loaded):
    britain = TreatyAction.objects.get(participant__iso3="GBR", kind="signature")
    canada = TreatyAction.objects.get(participant__iso3="CAN", kind="signature")

    assert (britain.date_earliest, britain.date) == (date(2025, 10, 25), date(2025, 10, 26))
    assert britain.date_precision == "range"
    assert britain.source_kind == "government"
    assert (canada.date_earliest, canada.date) == (date(2026, 7, 1), date(2026, 7, 31))
    assert TreatyAction.objects.filter(date_earliest__isnull=False).count() == 7
    kinds = dict(TreatyAction.objects.values_list("source_kind").annotate(n=Count("pk")).order_by())
    assert kinds == {
        "depositary": 31,
        "national_treaty_database": 34,
        "government": 2,
        "press": 7,
    }


@pytest.mark.django_db
def test_the_record_counts_72_signatures_after_hanoi_and_74_on_28_november_2026(loaded):
    treaty = Treaty.objects.get()

    assert treaty.status_on(date(2025, 10, 26)).signatures == 72
    assert treaty.status_on(date(2025, 11, 19)).signatures == 73
    assert treaty.status_on(date(2026, 11, 28)).signatures == 74
    assert treaty.status_on(date(2026, 11, 28)).instruments == 0


@pytest.mark.django_db
def test_the_depositary_counts_load_with_their_sources(loaded):
    counts = list(
        DepositaryCount.objects.order_by("as_of").values_list(
            "as_of", "signatures", "parties", "source_kind"
        )
    )

    assert counts == [
        (date(2025, 10, 26), 72, 0, "depositary"),
        (date(2025, 11, 19), 73, 0, "national_treaty_database"),
    ]


@pytest.mark.django_db
def test_reloading_after_an_editor_narrowed_a_range_finds_the_same_row(loaded):
    britain = TreatyAction.objects.get(participant__iso3="GBR", kind="signature")
    TreatyAction.objects.filter(pk=britain.pk).update(date=date(2025, 10, 25), date_earliest=None)

    load_fixtures()

    assert TreatyAction.objects.filter(participant__iso3="GBR", kind="signature").count() == 1


def _undated(tmp_path, line: str):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "signatures-undated.csv").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return data


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Atlantis,ATL,signature,2025-10-25,2025-10-26,Press",
            r"signatures-undated\.csv line 9: 'Atlantis' has code 'ATL', which is neither",
        ),
        (
            "Norway,NOR,signature,2026-12-30,2027-01-02,Press",
            r"signatures-undated\.csv line 9: Norway signed on 2027-01-02, outside the "
            r"signature window",
        ),
        (
            "Norway,NOR,signature,2025-10-24,2025-10-26,Press",
            r"line 9: Norway signed on 2025-10-24, outside the signature window",
        ),
        (
            "Norway,NOR,signature,2025-10-25,2025-10-26,",
            r"signatures-undated\.csv line 9: every row needs its source",
        ),
        (
            "Norway,NOR,signature,2025-10-26,2025-10-26,Press",
            r"line 9: earliest 2025-10-26 must come before latest 2025-10-26",
        ),
        (
            "Canada,CAN,signature,2025-10-25,2025-10-26,Press",
            r"line 9: Canada already signed \(signatures-undated\.csv line 8\)",
        ),
    ],
)
def test_build_fixtures_refuses_a_bad_undated_signature_naming_its_line(tmp_path, line, message):
    data = _undated(tmp_path, line)

    with pytest.raises(CommandError, match=message):
        call_command("build_fixtures", data=data, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_source_kind_of_each_row_follows_the_rules_of_data_readme():
    kind = source_kind

    assert kind("UNTC XVIII-16 status page") == "depositary"
    assert kind("UN Treaty Collection, XVIII-16 status page header") == "depositary"
    assert kind("Netherlands Treaty Database, treaty 013891 (verdragen.nl)") == (
        "national_treaty_database"
    )
    assert kind("Global Affairs Canada news release of July 2026") == "government"
    assert kind("UNODC final list of Hanoi signatories as reported by Ecofin") == "press"
