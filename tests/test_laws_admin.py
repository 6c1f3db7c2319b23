"""The admin of domestic law: pages render, lists run a fixed number of queries, inline rows
go through the services, a focal point changes its own participants' laws only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_article, make_participant, make_user
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from treaty.models import (
    FocalPoint,
    Law,
    OutsideIndicator,
    Provision,
    ProvisionMapping,
    ReviewState,
)
from treaty.roles import FOCAL_POINT

pytestmark = pytest.mark.django_db

MODELS = [Law, Provision, ProvisionMapping, OutsideIndicator]


def url(model: type, view: str, *args: Any) -> str:
    return reverse(f"admin:treaty_{model._meta.model_name}_{view}", args=args)


def add_rows(treaty: Any, n: int) -> None:
    for _ in range(n):
        participant = make_participant()
        make_mapping(make_provision(make_law(participant)), make_article(treaty))


@pytest.fixture
def some_rows(treaty):
    participant = make_participant()
    make_mapping(make_provision(make_law(participant)), make_article(treaty))
    make_indicator_value(participant)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_add_change_and_history_pages_render(admin_client, some_rows, model):
    obj = model._default_manager.first()
    for path in (
        url(model, "changelist"),
        url(model, "add"),
        url(model, "change", obj.pk),
        url(model, "history", obj.pk),
    ):
        assert admin_client.get(path).status_code == 200, path


@pytest.mark.parametrize("model", [Law, Provision, ProvisionMapping], ids=lambda m: m.__name__)
def test_each_changelist_and_change_page_runs_the_same_queries_with_one_row_and_twenty(
    admin_client, treaty, model
):
    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(path).status_code == 200
        return len(queries)

    add_rows(treaty, 1)
    law = Law.objects.first()
    make_mapping(make_provision(law), make_article(treaty))
    # Warm the per-process caches (content types, the footer's last check) on both pages.
    admin_client.get(url(model, "changelist"))
    admin_client.get(url(Law, "change", law.pk))
    one = count(url(model, "changelist")), count(url(Law, "change", law.pk))
    add_rows(treaty, 19)
    for _ in range(19):
        make_mapping(make_provision(law), make_article(treaty))
    assert (count(url(model, "changelist")), count(url(Law, "change", law.pk))) == one


def test_a_provision_added_inline_is_a_draft_recorded_through_the_service(admin_client, treaty):
    law = make_law(make_participant())
    path = url(Law, "change", law.pk)
    form = admin_client.get(path).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(
        {
            "provisions-TOTAL_FORMS": "1",
            "provisions-INITIAL_FORMS": "0",
            "provisions-0-reference": "art. 12",
            "provisions-0-summary": "Illegal access",
            "provisions-0-url": "",
        }
    )
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    provision = Provision.objects.get(law=law)
    assert (provision.reference, provision.review_state) == ("art. 12", ReviewState.DRAFT)
    assert provision.created_by is not None


def test_a_focal_point_changes_the_laws_of_its_own_participants_only(treaty):
    mine, theirs = make_participant(), make_participant()
    focal = make_user(groups=(FOCAL_POINT,), is_staff=True)
    FocalPoint.objects.create(user=focal, participant=mine)
    client = Client()
    client.force_login(focal)
    own = make_law(mine, publish=False)
    other_draft = make_law(theirs, publish=False)
    other_published = make_law(theirs)
    assert client.get(url(Law, "change", own.pk)).context["has_change_permission"]
    # Another participant's draft is not even readable; its published law is read-only.
    assert client.get(url(Law, "change", other_draft.pk)).status_code == 302
    page = client.get(url(Law, "change", other_published.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.get(url(Law, "changelist")).status_code == 200
