"""The convention's rows: the treaty, its chapters and articles, and the obligation catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from treaty.fixture_rows.sources import TREATY_SLUG, FixtureDataError
from treaty.models import ObligationCategory, ObligationStrength

# convention.json's strength words, as the model's strengths ("mixed" articles are split below).
STRENGTHS = {
    "shall": ObligationStrength.MANDATORY,
    "may": ObligationStrength.OPTIONAL,
    "soft": ObligationStrength.ENDEAVOUR,
}


@dataclass(frozen=True)
class Part:
    """One obligation cut out of an article: this project's classification, not treaty text."""

    suffix: str
    title: str
    description: str
    category: str
    strength: str


# Articles that hold distinct deliverables, or both "shall" and "may", become several obligations
# so that each can be assessed on its own. Descriptions only re-cut convention.json's paraphrase.
SPLITS: dict[int, tuple[Part, ...]] = {
    # Art. 19 is mixed: participation must be criminalized, attempt and preparation may be.
    19: (
        Part(
            "participation",
            "Participation in offences",
            "Criminalize participation.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "attempt",
            "Attempt and preparation",
            "May criminalize attempt and preparation.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.OPTIONAL,
        ),
    ),
    # Art. 22 is mixed: territorial, ship and aircraft jurisdiction is required; nationality and
    # passive personality are options.
    22: (
        Part(
            "territorial",
            "Jurisdiction over its territory, ships and aircraft",
            "Establish jurisdiction over offences on its territory, ships and aircraft.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "nationality",
            "Jurisdiction by nationality and passive personality",
            "May establish jurisdiction on the grounds of nationality and passive personality.",
            ObligationCategory.DOMESTIC_LAW,
            ObligationStrength.OPTIONAL,
        ),
    ),
    # Art. 40 asks for two deliverables: mutual legal assistance, and a central authority
    # designated and notified to the Secretary-General (a one-off act, tracked on its own).
    40: (
        Part(
            "mutual-legal-assistance",
            "Mutual legal assistance",
            "Afford the widest measure of mutual legal assistance.",
            ObligationCategory.INTERNATIONAL_COOPERATION,
            ObligationStrength.MANDATORY,
        ),
        Part(
            "central-authority",
            "Central authority for mutual legal assistance",
            "Designate a central authority and notify the Secretary-General.",
            ObligationCategory.INTERNATIONAL_COOPERATION,
            ObligationStrength.MANDATORY,
        ),
    ),
    # Art. 41 (the 24/7 point of contact) is already an obligation of its own: no split needed.
    # Art. 53 mixes awareness work with cooperation with the private sector and civil society,
    # which belong to two categories of the catalogue.
    53: (
        Part(
            "awareness",
            "Prevention: public awareness, education and victim support",
            "Endeavour to develop prevention policies: public awareness, education, victim "
            "support.",
            ObligationCategory.AWARENESS,
            ObligationStrength.ENDEAVOUR,
        ),
        Part(
            "private-sector",
            "Prevention: cooperation with the private sector and civil society",
            "Endeavour to develop prevention policies that include cooperation with the "
            "private sector and civil society.",
            ObligationCategory.PUBLIC_PRIVATE,
            ObligationStrength.ENDEAVOUR,
        ),
    ),
}


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _plain_date(on: date) -> str:
    # Month names written out, not strftime's %B, which follows the machine's locale.
    return f"{on.day} {_MONTHS[on.month - 1]} {on.year}"


def _plain_span(first: date, last: date) -> str:
    """Days in plain words: 'on 25 October 2025', 'on 25 and 26 October 2025', 'from 25 to
    31 October 2025'."""
    if first == last:
        return f"on {_plain_date(first)}"
    if (first.year, first.month) != (last.year, last.month):
        return f"from {_plain_date(first)} to {_plain_date(last)}"
    joint = "and" if (last - first).days == 1 else "to"
    lead = "on" if joint == "and" else "from"
    return f"{lead} {first.day} {joint} {_plain_date(last)}"


def signature_places(signature: Mapping[str, str]) -> str:
    """Where and when the treaty is open for signature, in plain words, from convention.json's
    ``signature`` block: the first place up to a day, then another place to the closing day."""
    opens = date.fromisoformat(signature["opens"])
    until = date.fromisoformat(signature["first_place_until"])
    closes = date.fromisoformat(signature["closes"])
    return (
        f"At {signature['first_place']} {_plain_span(opens, until)}; thereafter at "
        f"{signature['then_place']}, until {_plain_date(closes)}."
    )


def treaty_row(convention: Mapping[str, Any]) -> dict[str, Any]:
    t = convention["treaty"]
    signature = t["signature"]
    force = t["entry_into_force"]
    return {
        "model": "treaty.treaty",
        "fields": {
            "slug": TREATY_SLUG,
            "title": t["title"],
            "short_title": t["short_title"],
            "also_known_as": t["also_known_as"],
            "depositary_reference": t["untc_reference"],
            "parent": None,
            "adopted_on": t["adopted_on"],
            "adopted_at": t["adopted_at"],
            "adopted_by": t["adopted_by"],
            "opening_notification": t["opening_notification"],
            "depositary": t["depositary"],
            "signature_opens_on": signature["opens"],
            "signature_closes_on": signature["closes"],
            "signature_places": signature_places(signature),
            "instruments_required": force["threshold_instruments"],
            "days_after_threshold": force["days_after_threshold"],
            "days_after_later_instrument": force["later_instrument_days"],
            "reio_instrument_counts": force["reio_instrument_counts"],
            "sources": list(t["sources"]),
        },
    }


def chapter_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "model": "treaty.chapter",
            "fields": {
                "treaty": [TREATY_SLUG],
                "number": chapter["number"],
                "numeral": chapter["numeral"],
                "title": chapter["title"],
            },
        }
        for chapter in sorted(convention["chapters"], key=lambda c: c["number"])
    ]


def article_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per article, each in the chapter whose article range holds it."""
    chapters = convention["chapters"]
    articles = sorted(convention["articles"], key=lambda a: a["number"])
    numbers = [a["number"] for a in articles]
    if numbers != list(range(1, len(numbers) + 1)):
        raise FixtureDataError(
            "convention.json: articles must be numbered 1, 2, 3… without gaps or repeats."
        )
    rows = []
    for article in articles:
        holding = [
            c["number"]
            for c in chapters
            if c["first_article"] <= article["number"] <= c["last_article"]
        ]
        if holding != [article["chapter"]]:
            raise FixtureDataError(
                f"convention.json: article {article['number']} says chapter {article['chapter']} "
                f"but the chapter ranges put it in {holding or 'none'}; fix one of them."
            )
        rows.append(
            {
                "model": "treaty.article",
                "fields": {
                    "treaty": [TREATY_SLUG],
                    "chapter": [TREATY_SLUG, article["chapter"]],
                    "number": article["number"],
                    "title": article["title"],
                    "text": "",
                },
            }
        )
    return rows


def obligation_fixture_rows(convention: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The obligation catalogue: one obligation per article that carries one, in article order.

    An article with no strength carries none, and only articles of an obligation category carry
    one ("general" is not one). An article listed in ``SPLITS`` becomes one obligation per part;
    a "mixed" article must be listed there, since an obligation has one strength.
    """
    catalogue: list[tuple[int, str, Part]] = []
    for article in sorted(convention["articles"], key=lambda a: a["number"]):
        number, strength = article["number"], article["strength"]
        if strength is None:
            if number in SPLITS:
                raise FixtureDataError(
                    f"Article {number} is in SPLITS but carries no obligation in "
                    "convention.json: remove it from SPLITS."
                )
            continue
        if article["category"] not in ObligationCategory.values:
            raise FixtureDataError(
                f"convention.json: article {number} carries an obligation but its category "
                f"{article['category']!r} is not one of {', '.join(ObligationCategory.values)}."
            )
        if strength == "mixed" and number not in SPLITS:
            raise FixtureDataError(
                f"convention.json: article {number} is 'mixed': add it to SPLITS in "
                "treaty/fixture_rows/convention.py with one part per strength."
            )
        if strength != "mixed" and strength not in STRENGTHS:
            raise FixtureDataError(
                f"convention.json: article {number} has an unknown strength {strength!r} "
                f"(expected one of {', '.join(STRENGTHS)}, 'mixed' or null)."
            )
        if number not in SPLITS:
            whole = Part(
                "",
                article["title"],
                article["obligation"],
                article["category"],
                STRENGTHS[strength],
            )
            catalogue.append((number, f"art-{number}", whole))
            continue
        for part in SPLITS[number]:
            # A split re-cuts the article; it does not change what convention.json says of it.
            if strength != "mixed" and part.strength != STRENGTHS[strength]:
                raise FixtureDataError(
                    f"SPLITS gives article {number} a {part.strength} part, but convention.json "
                    f"says {strength!r}: keep the split in line with the data."
                )
            catalogue.append((number, f"art-{number}-{part.suffix}", part))
    return [
        {
            "model": "treaty.obligation",
            "fields": {
                "treaty": [TREATY_SLUG],
                "code": code,
                "title": part.title,
                "description": part.description,
                "category": str(part.category),
                "strength": str(part.strength),
                "articles": [[TREATY_SLUG, number]],
                "position": position,
            },
        }
        for position, (number, code, part) in enumerate(catalogue, start=1)
    ]
