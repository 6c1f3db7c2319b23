"""Figure 5: the API's list of 100 assessments at 1M rows against ``values()`` + ``json.dumps``
of the same rows."""

from __future__ import annotations

import json
import time

from bench.common import Databases, Report, Variant, interleaved, ms, verdict
from bench.pages import client, fetch

TARGET = 3
PAGE = 100
GROWTH_MAX = 1.5


def api_list(report: Report, dbs: Databases, *, budget: float) -> None:
    """The baseline reads the same page as the API does: its queryset (published rows, its
    default ordering, so the same sort) sliced to the same 100 rows, every column of each as
    a dict, dumped to JSON. The ratio is then what DRF adds (filters, serializer, renderer,
    conditional headers, throttle), not what the ordering costs: the 1M / 14k line next to it
    shows that."""
    from django.core.serializers.json import DjangoJSONEncoder
    from django.urls import NoReverseMatch, reverse

    report.section("5. API list of 100 assessments")
    try:
        url = reverse("api:assessment-list") + f"?limit={PAGE}"
        from treaty.api.views import AssessmentViewSet
    except (NoReverseMatch, ImportError):
        report.add(5, "API list of 100 at 1M", "-", f"<= {TARGET}x", "SKIP", "route missing")
        return
    http = client()

    def api() -> float:
        started = time.perf_counter()
        status, _ = fetch(http, url)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        return elapsed

    def baseline() -> float:
        started = time.perf_counter()
        rows = list(AssessmentViewSet.queryset.published().values()[:PAGE])
        json.dumps(rows, cls=DjangoJSONEncoder)
        return time.perf_counter() - started

    times = interleaved(
        dbs,
        [
            Variant("api big", api, "big"),
            Variant("values big", baseline, "big"),
            Variant("api small", api, "small"),
            Variant("values small", baseline, "small"),
        ],
        budget=budget,
    )
    api_big, floor = times["api big"], times["values big"]
    floor_growth = floor / times["values small"]
    report.add(
        5,
        "API list of 100 assessments at 1M",
        f"{ms(api_big)} = {api_big / floor:.1f}x values()+json.dumps ({ms(floor)})",
        f"<= {TARGET}x",
        verdict(api_big / floor <= TARGET),
        ""
        if floor_growth <= GROWTH_MAX
        else f"the baseline runs the API's query, which costs {floor_growth:.0f}x more at 1M "
        "than at 14k rows: see the next line",
    )
    growth = api_big / times["api small"]
    report.add(
        5,
        "API list 1M vs 14k rows (same rule as pages)",
        f"{ms(api_big)} / {ms(times['api small'])} = {growth:.2f}x",
        f"<= {GROWTH_MAX}x",
        verdict(growth <= GROWTH_MAX),
    )
