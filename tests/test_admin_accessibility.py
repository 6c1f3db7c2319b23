"""axe-core on the admin pages editors use (issue 14, item 13): the login page, the admin home
with its review queue, the lists and forms of participants, treaty actions, assessments and
laws, and the import pages, each with 0 violations.

axe-core is the copy vendored under ``tests/vendor/axe-core/`` (no CDN), run in
Debian's Chromium through Playwright against the live server (see conftest.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import make_action, make_user
from tests.laws_factories import make_law, make_mapping, make_provision
from treaty.models import ObligationProgress, Participant, ReviewState, TreatyAction

# axe's verdict depends on the markup and the CSS, not on the database engine: CI's PostgreSQL pass
# skips this module (engine_independent); the admin's pages are rendered there by test_admin.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.engine_independent,
    pytest.mark.usefixtures("transactional_db"),
]
SHOTS = Path(settings.BASE_DIR) / "screenshots"
PASSWORD = "secret-pass-123"


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-base-url's fixture, which pytest 9 flags as deprecated (see
    tests/test_browser.py)."""
    return None


class Axe:
    """axe-core as vendored for the public pages' check (tests/vendor/axe-core/), evaluated in
    the page rather than added as a script tag, so the admin's CSP does not refuse it."""

    script = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(
        encoding="utf-8"
    )

    def run(self, page: Page) -> dict:
        page.evaluate(self.script)
        return page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def record(treaty, obligations, personas):
    """Something in every list, and something waiting for review."""
    make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 1, 10),
        review_state=ReviewState.SUBMITTED,
        verified_at=None,
    )
    law = make_law(personas.ratifier, title="Law on Cybersecurity")
    make_mapping(make_provision(law, reference="Art. 5"), obligations[0])
    return personas


def violations(page: Page, axe: Axe, name: str) -> str:
    """Runs axe on the page as it stands: every violation, node by node ("" for none)."""
    # Every rule axe runs by default (WCAG 2 A and AA, and its best practices): none is left
    # out. Django's own markup that failed is fixed by the overrides in templates/admin and
    # static/tracker/admin.js.
    found = axe.run(page)["violations"]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"admin-{name}.png"), full_page=True)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['html'][:200]}" for node in v["nodes"])
        for v in found
    )
    return f"{name} ({page.url}):\n{report}" if found else ""


def check(page: Page, axe: Axe, name: str) -> None:
    found = violations(page, axe, name)
    assert not found, found


def sign_in(page: Page, live_server, axe: Axe) -> None:
    make_user("editor-in-chief", is_staff=True, is_superuser=True)
    page.goto(live_server.url + reverse("admin:login"))
    check(page, axe, "login")
    page.fill("#id_username", "editor-in-chief")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#review-queue")).to_be_visible()


def test_the_admin_pages_editors_use_have_no_axe_violations(page: Page, live_server, record, axe):
    sign_in(page, live_server, axe)
    check(page, axe, "index")
    action = TreatyAction.objects.filter(participant=record.ratifier).first()
    assessment = ObligationProgress.objects.first()
    law = record.ratifier.laws.first()
    pages = {
        "participant-list": reverse("admin:treaty_participant_changelist"),
        "participant-form": reverse("admin:treaty_participant_change", args=[record.ratifier.pk]),
        "action-list": reverse("admin:treaty_treatyaction_changelist"),
        "action-add": reverse("admin:treaty_treatyaction_add"),
        "action-form": reverse("admin:treaty_treatyaction_change", args=[action.pk]),
        "assessment-list": reverse("admin:treaty_obligationprogress_changelist"),
        "assessment-add": reverse("admin:treaty_obligationprogress_add"),
        "assessment-form": reverse("admin:treaty_obligationprogress_change", args=[assessment.pk]),
        "law-list": reverse("admin:treaty_law_changelist"),
        "law-form": reverse("admin:treaty_law_change", args=[law.pk]),
        "domestic-step-add": reverse("admin:treaty_domesticstep_add"),
        "status-import": reverse("admin:treaty_treatyaction_import"),
        "assessment-import": reverse("admin:treaty_obligationprogress_import"),
        "law-import": reverse("admin:treaty_law_import"),
        "mapping-import": reverse("admin:treaty_provisionmapping_import"),
    }
    found = []
    for name, path in pages.items():
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        found.append(violations(page, axe, name))
    found = [f for f in found if f]
    assert not found, "\n".join(found)


def test_an_import_report_and_an_open_autocomplete_have_no_axe_violations(
    page: Page, live_server, record, axe, tmp_path
):
    sign_in(page, live_server, axe)
    page.goto(live_server.url + reverse("admin:treaty_treatyaction_import"))
    table = tmp_path / "status.tsv"
    table.write_text(
        "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a)\n"
        "Viet Nam\t25 Oct 2025\t2 Mar 2026\n"
        "Atlantis\t25 Oct 2025\t\n"
    )
    page.set_input_files("#id_file", str(table))
    page.fill("#id_source", "UNTC XVIII-16")
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.locator(".import-errors")).to_contain_text("unknown participant 'Atlantis'")
    check(page, axe, "status-import-errors")
    # The file is kept: the editor records the name, then checks the same file again.
    Participant.objects.filter(pk=record.outsider.pk).update(name_pattern="atlantis")
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.locator(".import-summary")).to_contain_text("1 changed")
    check(page, axe, "status-import-report")

    page.goto(live_server.url + reverse("admin:treaty_treatyaction_add"))
    # Each autocomplete box is named by its label, then its value (the treaty starts on the
    # default one).
    expect(page.get_by_role("combobox", name=re.compile(r"^Participant:?$"))).to_be_visible()
    treaty_box = page.get_by_role("combobox", name=re.compile(r"^Treaty:? UN Convention against"))
    expect(treaty_box).to_be_visible()
    page.locator(".field-participant .select2-selection").click()
    expect(page.locator(".select2-search__field")).to_be_visible()
    check(page, axe, "action-add-autocomplete-open")
