"""The depositary's status table as a page (/treaties/<slug>/status-table/)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_action, make_participant
from tests.test_page_support import count_queries, crowd, frozen_today, section
from treaty.models import DepositaryCount, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


def _url(treaty, **params):
    url = reverse("treaty:depositary-table", args=[treaty.slug])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{re.escape(name)}</a>.*?</tr>", html, re.S)
    assert match, f"no row for {name}"
    return match.group(0)


def test_the_table_has_the_depositary_s_columns_and_marks(client, treaty, personas):
    make_action(treaty, personas.eu, "approval", date(2026, 6, 4))
    joiner = make_participant(name="Mali", name_fr="Mali")
    make_action(treaty, joiner, "accession", date(2026, 9, 9))
    response = client.get(_url(treaty))
    assert response.status_code == 200
    html = response.content.decode()
    table = section(html, "status-table")
    assert "Participant" in table
    assert "Ratification, Acceptance (A), Approval (AA), Accession (a), Succession (d)" in table
    assert 'title="Approval">AA</abbr>' in _row(html, "European Union")
    assert 'title="Accession">a</abbr>' in _row(html, "Mali")
    # A ratification has no mark; its notification is linked to the depositary's publication.
    viet_nam = _row(html, "Viet Nam")
    assert "<abbr" not in viet_nam
    assert 'href="https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf"' in viet_nam
    assert "Norway" not in table  # no action, no row
    assert "4 participants: 3 with a signature, 3 with an instrument deposited." in html


def test_declarations_and_reservations_are_footnotes_under_the_table(client, treaty, personas):
    make_action(
        treaty,
        personas.ratifier,
        "reservation",
        date(2026, 3, 2),
        text="Viet Nam does not consider itself bound by article 63(2).",
        depositary_notification="C.N.13.2026.TREATIES-XVIII.16",
    )
    html = client.get(_url(treaty)).content.decode()
    assert '<a href="#note-1">' in _row(html, "Viet Nam")
    note = section(html, "note-1")
    assert "Reservation" in note
    assert "article 63(2)" in note
    assert "CN.13.2026-Eng.pdf" in note


def test_a_day_known_only_to_a_range_is_shown_as_such(client, treaty, personas):
    unsure = make_participant(name="Ruritania")
    make_action(
        treaty,
        unsure,
        "signature",
        date(2025, 10, 26),
        date_earliest=date(2025, 10, 25),
        source="Press report",
        source_kind=SourceKind.PRESS,
    )
    html = client.get(_url(treaty)).content.decode()
    row = _row(html, "Ruritania")
    assert "25 or 26 October 2025 (the exact day is not confirmed)" in row
    assert "(Press)" in row  # read elsewhere than in the depositary's record
    assert "<time" not in row  # never machine-readable as an exact day


def test_plain_links_sort_the_table_without_javascript(client, treaty, personas):
    late = make_participant(name="Andorra")
    make_action(treaty, late, "signature", date(2025, 12, 1))
    by_name = client.get(_url(treaty)).content.decode()
    assert by_name.index(">Andorra<") < by_name.index(">Viet Nam<")
    by_signature = client.get(_url(treaty, sort="-signature")).content.decode()
    assert by_signature.index(">Andorra<") < by_signature.index(">Viet Nam<")
    assert 'aria-sort="descending"' in by_signature
    by_instrument = client.get(_url(treaty, sort="consent")).content.decode()
    # Viet Nam has an instrument; the rows without one come last.
    assert by_instrument.index(">Viet Nam<") < by_instrument.index(">Andorra<")
    # An unknown sort falls back to the names.
    assert client.get(_url(treaty, sort="nonsense")).status_code == 200
    assert 'status-table/?sort=-participant"' in by_name


def test_the_page_says_when_it_was_last_checked_against_the_depositary(client, treaty, personas):
    html = client.get(_url(treaty)).content.decode()
    assert "Not yet checked against the depositary's count." in section(html, "check-section")
    DepositaryCount.objects.create(
        treaty=treaty, as_of=date(2026, 11, 1), signatures=4, parties=0, source="UNTC"
    )
    html = client.get(_url(treaty)).content.decode()
    check = section(html, "check-section")
    assert "Last checked against the depositary on 1 November 2026." in check
    assert "this record has 1 signature fewer than that count" in check.lower()


def test_as_of_shows_the_table_as_it_stood(client, treaty, personas):
    html = client.get(_url(treaty, as_of="2026-01-01")).content.decode()
    assert "CN.12.2026" not in section(html, "status-table")  # ratified on 2 March 2026
    assert "as_of=2026-01-01" in section(html, "data-section")
    empty = client.get(_url(treaty, as_of="2025-01-01")).content.decode()
    assert "Nothing published yet" in empty


def test_the_page_is_in_the_navigation_and_printable(client, treaty, personas):
    html = client.get(reverse("treaty:home")).content.decode()
    assert f'href="{_url(treaty)}"' in html
    page = client.get(_url(treaty)).content.decode()
    assert "tracker/depositary.css" in page
    css = (settings.BASE_DIR / "static" / "tracker" / "depositary.css").read_text()
    assert "@media print" in css


def test_the_page_in_french(client, treaty, personas):
    with translation.override("fr"):
        url = _url(treaty)
    html = client.get(url).content.decode()
    assert "<h1>Tableau d’état</h1>" in html
    assert "Ratification, Acceptation (A), Approbation (AA), Adhésion (a), Succession (d)" in html
    assert "4 participants" not in html  # the personas: 3 participants, said in French
    assert "3 participants : 3 avec une signature, 1 avec un instrument déposé." in html


def test_the_page_s_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    DepositaryCount.objects.create(
        treaty=treaty, as_of=date(2026, 11, 1), signatures=4, parties=0, source="UNTC"
    )
    small, _response = count_queries(client, _url(treaty))
    crowd(treaty, obligations)
    large, response = count_queries(client, _url(treaty, sort="-consent"))
    # 1 treaty, 2 published actions, 3 the depositary's latest count, 4 the engine's rows for
    # the comparison with it, 5 the footer's "last checked against the depositary".
    assert (small, large) == (5, 5)
    assert response.content.decode().count('<th scope="row">') == 3 + 25
