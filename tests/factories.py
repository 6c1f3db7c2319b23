"""Plain ``make_*`` functions: unique defaults, every field overridable by keyword."""

from __future__ import annotations

import itertools
import string
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone

from treaty import services
from treaty.models import (
    Article,
    Chapter,
    DomesticStep,
    Obligation,
    ObligationProgress,
    Participant,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.roles import ADMINISTRATOR, ROLE_PERMISSIONS, sync_roles

# "Today" of the API tests: Viet Nam has ratified, the signature window is still open.
API_TODAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

_counter = itertools.count(1)
_LETTERS = string.ascii_uppercase


# ISO 3166 leaves these alpha-2 codes to private use: test participants never clash with real
# ones (VN, FR, EU…) used by the personas and the fixtures.
# Past those, any pair still free in the database does.
_PRIVATE_ALPHA2 = ["AA", "ZZ", *(f"Q{c}" for c in "MNOPQRSTUVWXYZ"), *(f"X{c}" for c in _LETTERS)]
_ALPHA2 = _PRIVATE_ALPHA2 + [
    a + b for a in _LETTERS for b in _LETTERS if a + b not in _PRIVATE_ALPHA2
]


def _codes() -> tuple[str, str]:
    """A fresh (alpha-2, alpha-3) pair, private-use codes first, not yet in the database."""
    for _ in range(len(_ALPHA2)):
        n = next(_counter)
        iso2 = _ALPHA2[n % len(_ALPHA2)]
        iso3 = "X" + _LETTERS[(n // 26) % 26] + _LETTERS[n % 26]
        if not Participant.objects.filter(Q(iso2=iso2) | Q(iso3=iso3)).exists():
            return iso2, iso3
    raise RuntimeError("No ISO code left: a test made too many participants.")


def make_treaty(**kwargs: Any) -> Treaty:
    """A treaty with the Convention's entry-into-force rule (art. 65: 40 / 90 / 30, REIO not
    counted) and its signature window."""
    n = next(_counter)
    defaults: dict[str, Any] = {
        "slug": f"treaty-{n}",
        "title": f"Convention number {n}",
        "short_title": f"Convention {n}",
        "depositary_reference": f"XVIII-{n}",
        "adopted_on": date(2024, 12, 24),
        "signature_opens_on": date(2025, 10, 25),
        "signature_closes_on": date(2026, 12, 31),
        "instruments_required": 40,
        "days_after_threshold": 90,
        "days_after_later_instrument": 30,
        "reio_instrument_counts": False,
    }
    return Treaty.objects.create(**{**defaults, **kwargs})


def make_chapter(treaty: Treaty, **kwargs: Any) -> Chapter:
    # Defaults above any real number (chapters 1-9, articles 1-68), which tests give explicitly.
    number = kwargs.pop("number", 1000 + next(_counter))
    defaults = {"numeral": str(number), "title": f"Chapter {number}"}
    return Chapter.objects.create(treaty=treaty, number=number, **{**defaults, **kwargs})


def make_article(treaty: Treaty, chapter: Chapter | None = None, **kwargs: Any) -> Article:
    chapter = chapter or make_chapter(treaty)
    # Defaults above any real number (chapters 1-9, articles 1-68), which tests give explicitly.
    number = kwargs.pop("number", 1000 + next(_counter))
    defaults = {"title": f"Article {number}"}
    return Article.objects.create(
        treaty=treaty, chapter=chapter, number=number, **{**defaults, **kwargs}
    )


def make_obligation(
    treaty: Treaty, articles: list[Article] | None = None, **kwargs: Any
) -> Obligation:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "code": f"art-{n}",
        "title": f"Obligation {n}",
        "description": f"Do the thing number {n}.",
        "category": Obligation.Category.DOMESTIC_LAW,
        "strength": Obligation.Strength.MANDATORY,
        "position": n,
    }
    obligation = Obligation.objects.create(treaty=treaty, **{**defaults, **kwargs})
    obligation.articles.set(articles if articles is not None else [make_article(treaty)])
    return obligation


def make_participant(**kwargs: Any) -> Participant:
    iso2, iso3 = _codes()
    defaults: dict[str, Any] = {
        "iso2": iso2,
        "iso3": iso3,
        "name": f"Republic of {iso3.title()}",
        "name_fr": f"République de {iso3.title()}",
        "kind": Participant.Kind.STATE,
        "region": "Europe",
        "region_code": 150,
        "subregion": "Western Europe",
        "subregion_code": 155,
        "is_un_member": True,
    }
    if kwargs.get("kind") == Participant.Kind.REIO:
        defaults["is_un_member"] = False
    return Participant.objects.create(**{**defaults, **kwargs})


def make_action(
    treaty: Treaty,
    participant: Participant,
    kind: str = "signature",
    on: date | None = None,
    **kwargs: Any,
) -> TreatyAction:
    """A published action saved directly (no rule checks): for arranging a record quickly.
    Tests of the rules go through ``services.record_treaty_action``."""
    defaults: dict[str, Any] = {
        "date": on or date(2025, 10, 25),
        "source": "UNTC XVIII-16 status page",
        "source_url": "https://treaties.un.org/",
        "review_state": ReviewState.VERIFIED,
        "verified_at": timezone.now(),
    }
    return TreatyAction.objects.create(
        treaty=treaty, participant=participant, kind=kind, **{**defaults, **kwargs}
    )


def make_domestic_step(
    treaty: Treaty,
    participant: Participant,
    step: str = "parliament_approval",
    on: date | None = None,
    **kwargs: Any,
) -> DomesticStep:
    """A published domestic step saved directly (no rule checks)."""
    defaults: dict[str, Any] = {
        "date": on or date(2026, 2, 10),
        "source": "Official gazette",
        "review_state": ReviewState.VERIFIED,
        "verified_at": timezone.now(),
    }
    return DomesticStep.objects.create(
        treaty=treaty, participant=participant, step=step, **{**defaults, **kwargs}
    )


def make_assessment(
    participant: Participant, obligation: Obligation, status: str = "in_progress", **kwargs: Any
) -> ObligationProgress:
    """A published assessment recorded through the service, so the current flag is right."""
    defaults: dict[str, Any] = {
        "as_of": date(2026, 1, 15),
        "assessed_by": "Tracker secretariat",
    }
    if status in ("aligned", "partial"):
        defaults["evidence_title"] = "Cybercrime Act"
        defaults["evidence_url"] = "https://example.org/law"
    return services.record_progress(
        participant=participant,
        obligation=obligation,
        status=status,
        publish=kwargs.pop("publish", True),
        **{**defaults, **kwargs},
    )


def make_user(username: str | None = None, *, groups: tuple[str, ...] = (), **kwargs: Any) -> Any:
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_counter)}", password="secret-pass-123", **kwargs
    )
    for name in groups:
        group, created = Group.objects.get_or_create(name=name)
        if created and name in (ADMINISTRATOR, *ROLE_PERMISSIONS):
            # A transactional test flushed the roles the migration made: make them again.
            sync_roles(Group, Permission)
        user.groups.add(group)
    return user
