"""One freshness token (issue 13): the page cache key, the page ETag and the API ETag all come
from ``treaty.freshness.freshness``, and anonymous API reads are served from the shared cache
under it. An edit through the services makes the next API read and page new, with a new ETag;
a conditional GET is a 304 only while nothing changed; a cached read costs no query; nobody
signed in is served the anonymous copy."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_action, make_user
from tests.laws_factories import make_law, make_provision
from tests.redis_server import reachable_redis_url
from tracker.cache import redis_cache
from treaty import freshness, roles, services
from treaty.models import ObligationProgress, ReviewState

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture(params=["per-process cache", "shared cache"])
def caching(request, settings):
    """Pages and anonymous API reads cached, in both arrangements: the per-process default
    (the token is the data state, one query) and Redis shared by every process (the token is
    the data version: no query)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    if request.param == "shared cache":
        settings.CACHES = {"default": redis_cache(reachable_redis_url())}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def shared(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": redis_cache(reachable_redis_url())}
    cache.clear()
    yield
    cache.clear()


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def ratify_france(treaty, personas):
    services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="approval",
        date=date(2026, 4, 1),
        source="UNTC XVIII-16 status page",
        publish=True,
    )


# Each read, and what France's approval adds to it.
READS = {
    "/api/v1/actions/?participant=FRA": b'"kind":"approval"',
    "/api/v1/participants/FRA/": b'"consent_kind":"approval"',
    "/api/v1/treaties/": b'"instruments":2,',
    reverse("treaty:country-detail", args=["FRA"]): b"Approval",
}


@pytest.mark.parametrize("url", READS)
def test_an_edit_through_the_services_makes_the_next_read_new_with_a_new_etag(
    api_client, personas, treaty, caching, url
):
    before, _ = get(api_client, url)
    cached, _ = get(api_client, url)
    assert cached.content == before.content

    ratify_france(treaty, personas)

    after, _ = get(api_client, url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content
    assert READS[url] in after.content
    assert READS[url] not in before.content


@pytest.mark.parametrize("url", READS)
def test_a_conditional_get_is_304_while_nothing_changed(api_client, personas, caching, url):
    first, _ = get(api_client, url)

    again, _ = get(api_client, url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_a_change_no_resource_listed_is_never_a_stale_304(api_client, personas, caching):
    """The per-resource lists of tables are gone: the assessments' ETag used to ignore the
    provisions they cite (an M2M link with no history of its own), so citing one, or editing
    a cited one, answered 304 with the old evidence."""
    url = "/api/v1/assessments/?participant=VNM"
    first, _ = get(api_client, url)
    assessment = ObligationProgress.objects.filter(participant=personas.ratifier).first()
    provision = make_provision(make_law(personas.ratifier), reference="art. 3")
    listed, _ = get(api_client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert listed.status_code == 200  # a new law anywhere: everything is fresh

    services.cite_provisions(assessment=assessment, provisions=[provision])

    cited, _ = get(api_client, url, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert cited.status_code == 200
    rows = {row["id"]: row for row in cited.json()["results"]}
    assert [p["reference"] for p in rows[assessment.pk]["evidence_provisions"]] == ["art. 3"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/participants/",
        "/api/v1/actions/",
        "/api/v1/assessments/",
        "/api/v1/participants/FRA/",
        "/api/v1/progress/",
    ],
)
def test_with_the_shared_cache_an_anonymous_read_costs_no_query_and_a_write_refreshes_it(
    api_client, personas, treaty, shared, url, django_assert_num_queries
):
    first, queries = get(api_client, url)
    assert first.status_code == 200
    assert queries > 0

    with django_assert_num_queries(0):
        hit = api_client.get(url)
    with django_assert_num_queries(0):
        not_modified = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert hit.content == first.content
    assert (hit["ETag"], hit["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert hit["Content-Type"] == first["Content-Type"] == "application/json"
    assert hit["Vary"] == first["Vary"]
    assert hit["Cache-Control"] == first["Cache-Control"]
    assert not_modified.status_code == 304
    ratify_france(treaty, personas)
    services.record_progress(
        participant=personas.ratifier,
        obligation=ObligationProgress.objects.first().obligation,
        as_of=date(2026, 5, 1),
        status="not_started",
        assessed_by="Tracker secretariat",
        publish=True,
    )
    fresh, queries = get(api_client, url)
    assert queries > 0
    assert fresh.content != first.content
    assert fresh["ETag"] != first["ETag"]


def test_the_anonymous_copy_is_never_served_to_someone_signed_in(
    api_client, personas, treaty, shared
):
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    url = "/api/v1/actions/?participant=FRA"
    public, _ = get(api_client, url)
    get(api_client, url)  # now cached
    assert [a["kind"] for a in public.json()["results"]] == ["signature"]

    api_client.force_login(make_user(groups=(roles.EDITOR,)))
    editors, queries = get(api_client, url)
    assert queries > 0
    assert [a["kind"] for a in editors.json()["results"]] == ["signature", "ratification"]
    assert editors["Cache-Control"] == "no-cache, private"

    api_client.force_login(make_user())  # signed in, no editorial role: still not the copy
    _, queries = get(api_client, url)
    assert queries > 0


def test_the_browsable_api_is_never_cached(api_client, personas, shared):
    url = "/api/v1/treaties/"
    get(api_client, url, HTTP_ACCEPT="text/html")
    html, queries = get(api_client, url, HTTP_ACCEPT="text/html")
    assert html.status_code == 200
    assert queries > 0


def test_a_bad_parameter_is_a_400_with_the_cache_on(api_client, personas, shared):
    for _ in range(2):
        response = api_client.get("/api/v1/treaties/?limit=none")
        assert response.status_code == 400
        assert response.json() == {"limit": ["Enter a whole number from 1 to 1000."]}


def test_a_write_is_announced_again_once_its_transaction_commits(personas, treaty, shared):
    """A process that reads the new version before the commit still sees the old rows, and
    may cache them under it: the version set after the commit leaves them behind. Once per
    transaction, however many rows it writes."""
    with transaction.atomic():
        ratify_france(treaty, personas)
        make_action(treaty, personas.outsider, "signature", date(2026, 4, 2))
        during = freshness.freshness().token
        pending = [entry[1] for entry in connection.run_on_commit]
    announcements = [callback for callback in pending if callback is freshness._announce]
    assert len(announcements) == 1
    announcements[0]()  # what the commit runs (the test's own transaction never commits)
    assert freshness.freshness().token != during


# The fast path (treaty.api.hits): a cached anonymous read is answered before DRF builds the
# view, under a key made of everything its body depends on.


@pytest.fixture
def no_view(monkeypatch):
    """Makes any entry into a DRF view fail: what is answered then never entered one."""
    from rest_framework.views import APIView

    def refuse(*args, **kwargs):
        raise AssertionError("the view was entered")

    def refusing():
        monkeypatch.setattr(APIView, "initialize_request", refuse)

    return refusing


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/participants/",
        "/api/v1/assessments/?participant=VNM",
        "/api/v1/actions/?format=json",
        "/api/v1/participants/FRA/",
    ],
)
def test_a_cached_anonymous_read_is_answered_without_entering_the_view_or_a_query(
    api_client, personas, shared, no_view, url, django_assert_num_queries
):
    first = api_client.get(url)
    assert first.status_code == 200
    no_view()

    with django_assert_num_queries(0):
        hit = api_client.get(url)
    with django_assert_num_queries(0):
        not_modified = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert hit.status_code == 200
    assert hit.content == first.content
    for header in ("ETag", "Last-Modified", "Content-Type", "Vary", "Cache-Control", "Allow"):
        assert hit[header] == first[header], header
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]


def test_a_cached_read_is_new_the_moment_the_data_change(
    api_client, personas, treaty, shared, monkeypatch
):
    from rest_framework.views import APIView

    entered = []
    original = APIView.initialize_request
    monkeypatch.setattr(
        APIView, "initialize_request", lambda *a, **k: entered.append(1) or original(*a, **k)
    )
    url = "/api/v1/actions/?participant=FRA"
    before = api_client.get(url)
    api_client.get(url)
    assert len(entered) == 1  # the second read was a hit

    ratify_france(treaty, personas)
    after = api_client.get(url)

    assert len(entered) == 2
    assert b'"kind":"approval"' in after.content
    assert b'"kind":"approval"' not in before.content
    assert after["ETag"] != before["ETag"]


def test_another_accept_format_or_language_gets_its_own_body(api_client, personas, shared):
    url = "/api/v1/participants/NOR/"
    json_body = api_client.get(url, HTTP_ACCEPT="application/json")
    html = api_client.get(url, HTTP_ACCEPT="text/html")
    html_as_json = api_client.get(url + "?format=json", HTTP_ACCEPT="text/html")
    api_client.get(url, HTTP_ACCEPT="application/json")  # cached now
    french = api_client.get(url, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    english = api_client.get(url, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert json_body["Content-Type"] == "application/json"
    assert html["Content-Type"].startswith("text/html")
    assert html_as_json["Content-Type"] == "application/json"
    assert french["Content-Language"] == "fr"
    assert english["Content-Language"] == "en"
    assert french["ETag"] != english["ETag"]
    assert b"Norv\\u00e8ge" in french.content or "Norvège" in french.content.decode()
    assert b"Norway" in english.content


def test_a_token_holder_never_gets_the_anonymous_copy(api_client, personas, treaty, shared):
    from rest_framework.authtoken.models import Token

    editor = make_user(groups=(roles.EDITOR,))
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    url = "/api/v1/actions/?participant=FRA"
    for _ in range(2):
        public = api_client.get(url)
    assert [a["kind"] for a in public.json()["results"]] == ["signature"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    editors, queries = get(api_client, url)

    assert queries > 0
    assert [a["kind"] for a in editors.json()["results"]] == ["signature", "ratification"]
    assert editors["Cache-Control"] == "no-cache, private"


def test_a_cached_read_still_counts_for_the_anonymous_rate_limit(
    api_client, personas, shared, monkeypatch
):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    answers = [api_client.get("/api/v1/treaties/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_a_cached_read_names_the_host_it_was_asked_on(api_client, personas, shared, settings):
    """The bodies carry absolute links: a copy made for one host is never served on another."""
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    url = "/api/v1/participants/FRA/"
    for _ in range(2):
        here = api_client.get(url)
    there = api_client.get(url, HTTP_HOST="mirror.example.org")

    assert here.json()["url"] == "http://testserver/api/v1/participants/FRA/"
    assert there.json()["url"] == "http://mirror.example.org/api/v1/participants/FRA/"
