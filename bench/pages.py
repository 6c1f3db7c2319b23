"""Figures 1 and 2: the query count of every public page and API list with small and full data,
and the server time of the three busiest pages against a bare view in the same process."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from bench.common import Databases, Report, Variant, interleaved, ms, verdict

# Routes the issue names: a missing one is reported, not skipped silently.
REQUIRED = [
    "treaty:home",
    "treaty:country-list",
    "treaty:country-detail",
    "treaty:obligation-detail",
    "treaty:article-detail",
    "exports:export",
    "treaty:law-list",
    "api:law-list",
    "api:provision-list",
    "api:mapping-list",
]
# Other public routes found in the URLconf are counted too when the bench can fill their
# arguments; the admin, the API's detail views, schema and docs are not listed pages.
NAMESPACES = ("treaty", "api", "exports", "feeds")
EXPORTS = [
    ("participants", "csv"),
    ("actions", "csv"),
    ("assessments", "csv"),
    ("laws", "csv"),
    ("mappings", "csv"),
    ("indicator-values", "csv"),
]
PANELS = [("long", "csv"), ("wide", "csv")]
COUNTRY_PAGE_MAX_QUERIES = 5
COUNTRY = "VNM"  # the host of the signing ceremony; any State would do


def client() -> Any:
    from django.test import Client

    return Client()


def fetch(http: Any, url: str) -> tuple[int, int]:
    """GET ``url`` and read the whole body (a streaming one too); status and body size."""
    response = http.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


@dataclass
class Sample:
    """Arguments for every route: a country, the default treaty, one of its obligations and an
    article that has obligations."""

    iso3: str
    slug: str
    code: str
    number: int

    @classmethod
    def pick(cls) -> Sample:
        from django.conf import settings

        from treaty.models import Obligation, Participant

        iso3 = (
            COUNTRY
            if Participant.objects.filter(iso3=COUNTRY).exists()
            else Participant.objects.order_by("iso3").values_list("iso3", flat=True).first()
        )
        obligation = (
            Obligation.objects.filter(treaty__slug=settings.TRACKER_DEFAULT_TREATY)
            .order_by("position", "code")
            .prefetch_related("articles")
            .first()
        )
        assert obligation is not None, "the benchmark database has no obligation"
        number = min(a.number for a in obligation.articles.all())
        return cls(iso3, obligation.treaty.slug, obligation.code, number)

    def kwargs(self, name: str, params: list[str]) -> dict[str, Any] | None:
        values = {"slug": self.slug, "iso3": self.iso3, "number": self.number, "code": self.code}
        if name == "treaty:country-detail":
            values["code"] = self.iso3
        if not set(params) <= set(values):
            return None
        return {p: values[p] for p in params}


def routes(sample: Sample) -> list[tuple[str, str | None]]:
    """(label, URL) of every public page and list; URL None when the route is missing or
    needs arguments the bench cannot fill."""
    from django.urls import get_resolver, reverse

    resolver = get_resolver()
    found: dict[str, list[str]] = {}
    for namespace in NAMESPACES:
        if namespace not in resolver.namespace_dict:
            continue
        sub = resolver.namespace_dict[namespace][1]
        for key in sub.reverse_dict:
            if isinstance(key, str):
                params = sub.reverse_dict.getlist(key)[0][0][0][1]
                found[f"{namespace}:{key}"] = params
    out: list[tuple[str, str | None]] = []
    for name in REQUIRED:
        if name not in found:
            out.append((name, None))
    for name, params in sorted(found.items()):
        if name.startswith("api:") and not name.endswith("-list"):
            continue
        if name == "exports:export":
            out.extend((f"{name} {r}.{f}", reverse(name, args=[r, f])) for r, f in EXPORTS)
            continue
        if name == "exports:panel":
            out.extend((f"{name} {s}.{f}", reverse(name, args=[s, f])) for s, f in PANELS)
            continue
        kwargs = sample.kwargs(name, params)
        out.append((name, None if kwargs is None else reverse(name, kwargs=kwargs)))
    return out


def empty_caches() -> None:
    """The shared cache and the page cache's per-process copy in front of it, both emptied."""
    from django.core.cache import cache

    from treaty.cached import forget_local

    cache.clear()
    forget_local()


def query_counts(report: Report, dbs: Databases, sample: Sample) -> dict[str, tuple[int, int]]:
    """Figure 1. Each page is fetched once to warm up, then once more with the cache emptied,
    counting its queries; on each database in turn. Exports are fetched once (the 1M-row one
    takes seconds and has nothing to warm up after the pages before it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report.section("1. Query counts, small data (14k assessments) and full data (1M)")
    http = client()
    counts: dict[str, tuple[int, int]] = {}
    for label, url in routes(sample):
        if url is None:
            why = "route missing" if label in REQUIRED else "arguments unknown to the bench"
            report.add(1, f"queries {label}", "-", "equal", "SKIP", why)
            continue
        per_db = {}
        statuses = set()
        for db in ("small", "big"):
            with dbs.use(db):
                if not label.startswith("exports:"):
                    fetch(http, url)
                empty_caches()
                with CaptureQueriesContext(connection) as queries:
                    status, _size = fetch(http, url)
                per_db[db] = len(queries)
                statuses.add(status)
        small, big = per_db["small"], per_db["big"]
        counts[label] = (small, big)
        ok = small == big and statuses == {200}
        target = "equal"
        if label == "treaty:country-detail":
            target = f"equal, <= {COUNTRY_PAGE_MAX_QUERIES}"
            ok = ok and big <= COUNTRY_PAGE_MAX_QUERIES
        note = url if statuses == {200} else f"{url}: HTTP {sorted(statuses)}"
        report.add(1, f"queries {label}", f"{small} small, {big} full", target, verdict(ok), note)
    return counts


PAGES = [
    ("country page", "treaty:country-detail"),
    ("dashboard", "treaty:home"),
    ("countries list", "treaty:country-list"),
]
UNCACHED_MAX = 40
CACHED_MAX = 3
GROWTH_MAX = 1.5


def page_times(report: Report, dbs: Databases, sample: Sample, *, budget: float) -> None:
    """Figure 2: median server time of each page, uncached at 1M and at 14k rows, and warm
    (a second request, served from the cache if the page caches) at 1M; each against the bare
    view, all interleaved in one measurement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    report.section("2. Page server time (in process, warm, medians) against a bare view")
    http = client()

    def request(url: str, *, clear: bool) -> float:
        if clear:
            empty_caches()
        started = time.perf_counter()
        status, _ = fetch(http, url)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        return elapsed

    bare = reverse("bench-bare")
    variants = [Variant("bare", lambda: request(bare, clear=False))]
    pages = []
    for title, name in PAGES:
        try:
            url = reverse(name, kwargs=sample.kwargs(name, _params(name)))
        except (NoReverseMatch, KeyError):
            for what in ("uncached", "cached", "1M vs 14k"):
                report.add(2, f"{title} {what}", "-", "", "SKIP", "route missing")
            continue
        # Does a second request skip work? If it makes as many queries as the first, the page
        # does not cache and its "cached" time is not measured.
        with dbs.use("big"):
            empty_caches()
            with CaptureQueriesContext(connection) as cold:
                request(url, clear=False)
            with CaptureQueriesContext(connection) as warm:
                request(url, clear=False)
        caches = len(warm) < len(cold)
        pages.append((title, url, caches, len(cold), len(warm)))
        variants.append(Variant(f"{url} big", lambda u=url: request(u, clear=True), "big"))
        variants.append(Variant(f"{url} small", lambda u=url: request(u, clear=True), "small"))
        if caches:
            variants.append(Variant(f"{url} warm", lambda u=url: request(u, clear=False), "big"))

    times = interleaved(dbs, variants, budget=budget)
    floor = times["bare"]
    report.add(2, "bare view (the floor)", ms(floor), "-", "INFO")
    for title, url, caches, cold, warm in pages:
        big, small = times[f"{url} big"], times[f"{url} small"]
        ratio = big / floor
        report.add(
            2,
            f"{title} uncached at 1M",
            f"{ms(big)} = {ratio:.0f}x bare, {cold} queries",
            f"<= {UNCACHED_MAX}x",
            verdict(ratio <= UNCACHED_MAX),
        )
        if caches:
            hit = times[f"{url} warm"]
            report.add(
                2,
                f"{title} cached at 1M",
                f"{ms(hit)} = {hit / floor:.1f}x bare, {warm} queries",
                f"<= {CACHED_MAX}x",
                verdict(hit / floor <= CACHED_MAX),
            )
        else:
            report.add(
                2,
                f"{title} cached at 1M",
                "not cached",
                f"<= {CACHED_MAX}x",
                "MISS",
                f"a repeated request makes the same {cold} queries: the page does not use "
                "the cache framework",
            )
        report.add(
            2,
            f"{title} 1M vs 14k rows",
            f"{ms(big)} / {ms(small)} = {big / small:.2f}x",
            f"<= {GROWTH_MAX}x",
            verdict(big / small <= GROWTH_MAX),
        )


def _params(name: str) -> list[str]:
    from django.urls import get_resolver

    namespace, key = name.split(":")
    sub = get_resolver().namespace_dict[namespace][1]
    return sub.reverse_dict.getlist(key)[0][0][0][1]
