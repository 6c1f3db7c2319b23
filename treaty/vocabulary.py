"""The words for what the engine computes: stages (their labels and their order), instrument
kinds and domestic steps, in one place that the pages, the feeds and the admin read (the API and
the exports give the codes; the README glossary says what they mean). Every kind the engine knows
has its words here; a test checks it, so a page never prints a raw code.
"""

from __future__ import annotations

from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from treaty.days import when_text
from treaty.models.domestic import DomesticStepKind
from treaty.status import CONSENT_KINDS, Stage

STAGE_LABELS: dict[str, Promise] = {
    Stage.PARTY: gettext_lazy("Party"),
    Stage.CONSENTED: gettext_lazy("Instrument deposited"),
    Stage.SIGNATORY: gettext_lazy("Signed, not yet bound"),
    Stage.DENOUNCED: gettext_lazy("Denounced"),
    Stage.NONE: gettext_lazy("No action"),
}

assert set(STAGE_LABELS) == set(Stage), "every stage of the engine needs its label"

# Furthest along first: the order of legends, tables, filters and every "stage" sort.
STAGE_ORDER: list[Stage] = [
    Stage.PARTY,
    Stage.CONSENTED,
    Stage.SIGNATORY,
    Stage.DENOUNCED,
    Stage.NONE,
]
assert set(STAGE_ORDER) == set(Stage)
STAGE_RANK: dict[Stage, int] = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}
# Stages whose participants have taken a step towards the treaty and still stand by it: the
# population of the implementation figures (the outsider, with no action, is never in it).
ENGAGED = frozenset({Stage.PARTY, Stage.CONSENTED, Stage.SIGNATORY})


def stage_label(stage: Stage | str) -> str:
    """A stage's label in the active language ("Signed, not yet bound"); an unknown code as
    it came."""
    try:
        return str(STAGE_LABELS[Stage(stage)])
    except ValueError:
        return str(stage)


# "Instrument of ratification", "of accession"…: the kind as it follows "of".
INSTRUMENT_OF: dict[str, Promise] = {
    "ratification": gettext_lazy("ratification"),
    "acceptance": gettext_lazy("acceptance"),
    "approval": gettext_lazy("approval"),
    "accession": gettext_lazy("accession"),
    "succession": gettext_lazy("succession"),
    "formal_confirmation": gettext_lazy("formal confirmation"),
    "definitive_signature": gettext_lazy("definitive signature"),
}
assert set(INSTRUMENT_OF) == CONSENT_KINDS, "every instrument kind of the engine needs its words"

# What happened, as a clause of the sentence "Parliament approved ratification on 10 February
# 2026; law promulgated on 23 February 2026; …". ``%(when)s`` is "on <day>" or "between <day>
# and <day>".
DOMESTIC_STEP_DONE: dict[str, Promise] = {
    DomesticStepKind.CABINET_DECISION: gettext_lazy("the government decided to join %(when)s"),
    DomesticStepKind.PARLIAMENT_APPROVAL: gettext_lazy("Parliament approved ratification %(when)s"),
    DomesticStepKind.LAW_PROMULGATED: gettext_lazy("law promulgated %(when)s"),
    DomesticStepKind.EXECUTIVE_RATIFICATION: gettext_lazy("ratified by the executive %(when)s"),
    DomesticStepKind.DOMESTIC_APPROVAL: gettext_lazy("approved at home %(when)s"),
    DomesticStepKind.OTHER: gettext_lazy("another domestic step taken %(when)s"),
}
assert set(DOMESTIC_STEP_DONE) == set(DomesticStepKind.values)


def instrument_kind(kind: str | None) -> str:
    """The instrument's kind as it follows "instrument of" ("formal confirmation")."""
    return str(INSTRUMENT_OF.get(kind or "", kind or ""))


def domestic_step_done(step: str, on: date, earliest: date | None = None) -> str:
    """One domestic step as a clause: "law promulgated on 23 February 2026"."""
    return str(DOMESTIC_STEP_DONE[step]) % {"when": when_text(on, earliest)}
