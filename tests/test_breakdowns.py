"""Breakdowns by region, sub-region and group: the pure counts (treaty/breakdowns.py), the page
(/breakdowns/), the dashboard's summary and the countries list's group filter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_action, make_participant
from tests.test_page_support import count_queries, crowd, frozen_today, section
from treaty import breakdowns
from treaty.models import Group
from treaty.status import Action, EntryIntoForceRule, treaty_status

RULE = EntryIntoForceRule(40, 90, 30)
DAY = date(2026, 11, 23)


# --- Pure ------------------------------------------------------------------------------------


def test_counts_signatures_instruments_and_parties_with_shares_and_changes():
    actions = [
        Action("AAA", "signature", date(2025, 10, 25)),
        Action("AAA", "ratification", date(2026, 9, 1)),
        Action("BBB", "signature", date(2026, 8, 1)),
        Action("CCC", "signature", date(2025, 10, 25)),
    ]
    now = treaty_status(RULE, actions, DAY)
    then = treaty_status(RULE, actions, date(2026, 5, 23))
    buckets = {"g": ["AAA", "BBB", "DDD", "EEE"], "empty": []}
    row, empty = breakdowns.rows(buckets, now, [then])
    assert row.members == 4
    assert (row.signatures.count, row.signatures.share) == (2, 0.5)  # CCC is not a member
    assert row.signatures.changes == (1,)  # BBB signed since May
    assert (row.instruments.count, row.instruments.changes) == (1, (1,))
    assert row.parties.count == 0  # not in force: 1 of 40
    assert empty.members == 0
    assert empty.signatures.share is None


def test_by_attribute_leaves_out_participants_without_a_region():
    members = [
        breakdowns.Member("AAA", "Africa", "Northern Africa"),
        breakdowns.Member("BBB", "Africa", "Sub-Saharan Africa"),
        breakdowns.Member("EUU"),
    ]
    assert breakdowns.by_attribute(members, "region") == {"Africa": ["AAA", "BBB"]}
    assert len(breakdowns.by_attribute(members, "subregion")) == 2


def test_days_compared_stop_at_the_start_of_the_record():
    assert breakdowns.days_compared(DAY, (6, 12), date(2025, 10, 25)) == [
        date(2026, 5, 23),
        date(2025, 11, 23),
    ]
    assert breakdowns.days_compared(date(2026, 1, 10), (6, 12), date(2025, 10, 25)) == []


# --- Pages -----------------------------------------------------------------------------------


@pytest.fixture
def _today():
    with frozen_today():
        yield


@pytest.fixture
def groups(treaty, personas):
    """The EU group (France) and the LDC group (Mali, which ratified), with their sources."""
    eu = Group.objects.create(
        code="eu", name="EU", position=0, source="EU list", source_url="https://europa.eu/"
    )
    eu.members.add(personas.signatory)
    mali = make_participant(iso2="ML", iso3="MLI", name="Mali", region="Africa",
                            subregion="Sub-Saharan Africa")  # fmt: skip
    make_action(treaty, mali, "accession", date(2026, 6, 1))
    ldc = Group.objects.create(
        code="ldc",
        name="Least developed countries (LDC)",
        position=3,
        source="UN Statistics Division, M49",
        source_url="https://unstats.un.org/unsd/methodology/m49/overview/",
        checked_on=date(2026, 11, 29),
    )
    ldc.members.add(mali)
    return {"eu": eu, "ldc": ldc, "mali": mali}


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_breakdowns_page_by_region_subregion_and_group_with_sources(client, groups):
    response = client.get(reverse("treaty:breakdowns"))
    assert response.status_code == 200
    html = response.content.decode()
    regions = section(html, "breakdown-regions")
    assert "Africa" in regions
    assert "Change since 23 May 2026" in regions
    assert "Change since 23 November 2025" in regions
    groups_html = section(html, "breakdown-groups")
    assert "Least developed countries (LDC)" in groups_html
    assert 'href="https://unstats.un.org/unsd/methodology/m49/overview/"' in groups_html
    assert "checked on 29 November 2026" in groups_html
    assert "/en/countries/?group=ldc" in groups_html
    # Mali acceded on 1 June 2026: one instrument of one member, +1 in 12 months.
    ldc_row = groups_html[groups_html.index("Least developed") :].split("</tr>")[0]
    assert "(100%)" in ldc_row
    assert "+1" in ldc_row
    assert 'id="outlook-section"' in html
    assert "European Union member States" in groups_html


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_before_any_instrument_the_tables_count_signatures_and_say_why(client, treaty):
    """No table of zeros: until a first instrument, the instruments and parties columns are
    left out and the page says so, on the breakdowns page and the dashboard alike."""
    signer = make_participant(iso2="ML", iso3="MLI", name="Mali", region="Africa",
                              subregion="Sub-Saharan Africa")  # fmt: skip
    make_action(treaty, signer, "signature", date(2025, 10, 25))
    for name, table_id in (
        ("treaty:breakdowns", "table-regions"),
        ("treaty:home", "summary-regions"),
    ):
        html = client.get(reverse(name)).content.decode()
        assert 'id="breakdown-no-instrument"' in html
        start = html.index(f'id="{table_id}"')
        table = html[start : html.index("</table>", start)]
        assert "Signatures" in table
        assert "Instruments" not in table
        assert "Parties" not in table
        africa = table[table.index("Africa") :].split("</tr>")[0]
        assert "1 <span" in africa
        assert "(100%)" in africa

    make_action(treaty, signer, "ratification", date(2026, 3, 1))
    html = client.get(reverse("treaty:breakdowns")).content.decode()
    assert 'id="breakdown-no-instrument"' not in html
    start = html.index('id="table-regions"')
    table = html[start : html.index("</table>", start)]
    assert "Instruments" in table
    assert "Parties" in table


def test_only_signatures_are_measured_until_any_participant_has_an_instrument():
    signed = [Action("AAA", "signature", date(2025, 10, 25))]
    now = treaty_status(RULE, signed, DAY)
    assert breakdowns.measures_shown([now]) == ("signatures",)
    ratified = [*signed, Action("AAA", "ratification", date(2026, 9, 1))]
    before, after = (treaty_status(RULE, ratified, d) for d in (date(2026, 5, 1), DAY))
    assert breakdowns.measures_shown([before]) == ("signatures",)
    assert breakdowns.measures_shown([before, after]) == breakdowns.MEASURES


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_breakdowns_page_follows_as_of(client, groups):
    html = client.get(reverse("treaty:breakdowns"), {"as_of": "2026-05-01"}).content.decode()
    ldc_row = section(html, "breakdown-groups")
    ldc_row = ldc_row[ldc_row.index("Least developed") :].split("</tr>")[0]
    assert "(0%)" in ldc_row  # before Mali's accession


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_breakdowns_page_queries_do_not_grow_with_the_data(client, treaty, obligations, groups):
    # 1 treaty, 2 engine rows, 3 participants, 4 the groups' members, 5 the footer's "last
    # checked against the depositary".
    url = reverse("treaty:breakdowns")
    small, _response = count_queries(client, url)
    people = crowd(treaty, obligations)
    groups["ldc"].members.add(*people[:10])
    large, response = count_queries(client, url)
    assert response.status_code == 200
    assert small == 5
    assert large == small


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_dashboard_shows_the_breakdown_by_region_and_group(client, groups):
    html = section(client.get(reverse("treaty:home")).content.decode(), "breakdowns-section")
    assert "Africa" in html
    assert "Least developed countries (LDC)" in html
    assert "Change since 23 November 2025" in html
    assert 'href="/en/breakdowns/"' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_countries_list_filters_by_group(client, groups, personas):
    response = client.get(reverse("treaty:country-list"), {"group": "ldc"})
    html = response.content.decode()
    assert '<option value="ldc" selected>' in html
    table = html[html.index("<tbody") :]
    assert "Mali" in table
    assert "Viet Nam" not in table
    eu = client.get(reverse("treaty:country-list"), {"group": "eu"}).content.decode()
    assert "France" in eu[eu.index("<tbody") :]
    assert "Mali" not in eu[eu.index("<tbody") :]


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_an_unknown_group_is_ignored_like_other_filters(client, groups):
    response = client.get(reverse("treaty:country-list"), {"group": "nato"})
    assert response.status_code == 200
    assert "Mali" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_breakdowns_are_in_the_navigation(client, personas):
    assert 'href="/en/breakdowns/"' in client.get(reverse("treaty:home")).content.decode()


# --- Property ----------------------------------------------------------------------------------

CODES = [f"P{i:02d}" for i in range(12)]
KINDS = ["signature", "ratification", "accession"]


@given(
    acts=st.lists(
        st.tuples(st.sampled_from(CODES), st.sampled_from(KINDS), st.integers(0, 500)),
        max_size=30,
    ),
    members=st.lists(st.sampled_from(CODES), unique=True, max_size=12),
)
def test_property_counts_stay_within_the_members_and_never_shrink_without_a_denunciation(
    acts, members
):
    start = date(2025, 10, 25)
    actions = [Action(code, kind, start + timedelta(days=n)) for code, kind, n in acts]
    now = treaty_status(RULE, actions, start + timedelta(days=500))
    then = treaty_status(RULE, actions, start + timedelta(days=250))
    (row,) = breakdowns.rows({"g": members}, now, [then])
    for figure in (row.signatures, row.instruments, row.parties):
        assert 0 <= figure.count <= row.members
        assert all(change >= 0 for change in figure.changes)  # no denunciation here
        if row.members:
            assert figure.share == figure.count / row.members
    assert row.parties.count <= row.instruments.count
