"""``make_*`` functions for domestic law: laws, provisions, mappings, outside indicators.
Published records are recorded through the services, as every write is."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from treaty import services
from treaty.models import (
    Article,
    IndicatorValue,
    Law,
    Obligation,
    OutsideIndicator,
    Participant,
    Provision,
    ProvisionMapping,
)

_counter = itertools.count(1)


def make_law(participant: Participant, **kwargs: Any) -> Law:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "title": f"Cybercrime Act No. {n}",
        "source": "Official gazette",
        "kind": Law.Kind.ACT,
        "status": Law.Status.IN_FORCE,
        "official_url": f"https://example.org/laws/{n}",
        "publish": True,
    }
    return services.record_law(participant=participant, **{**defaults, **kwargs})


def make_provision(law: Law, **kwargs: Any) -> Provision:
    defaults: dict[str, Any] = {"reference": f"art. {next(_counter)}", "publish": True}
    return services.record_provision(law=law, **{**defaults, **kwargs})


def make_mapping(
    provision: Provision,
    target: Article | Obligation,
    relation: str = "implements",
    **kwargs: Any,
) -> ProvisionMapping:
    key = "article" if isinstance(target, Article) else "obligation"
    defaults: dict[str, Any] = {"publish": True, key: target}
    return services.map_provision(provision=provision, relation=relation, **{**defaults, **kwargs})


def make_indicator_value(
    participant: Participant, value: str = "Legislation", **kwargs: Any
) -> IndicatorValue:
    indicator, _ = OutsideIndicator.objects.get_or_create(
        code=kwargs.pop("code", "unctad-cybercrime-legislation"),
        published_on=kwargs.pop("published_on", date(2026, 3, 5)),
        defaults={
            "name": "Cybercrime legislation",
            "publisher": "UNCTAD",
            "source": "UNCTAD Global Cyberlaw Tracker",
            "terms": "Reuse with acknowledgement.",
        },
    )
    return IndicatorValue.objects.create(indicator=indicator, participant=participant, value=value)
