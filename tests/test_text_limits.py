"""Free text has a maximum length, the same on SQLite and PostgreSQL (trust issue, item 7):
the model validates it with a clear message, and a named constraint holds it in the database
whatever path a row takes (a bulk load, a restore), so a backup restores on either.

Hostile credentials are a clean 400 (API) or a form error (admin), before the login lockout
writes anything: its table holds 255 characters on PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from tests.factories import make_action, make_assessment, make_user
from treaty.models import ObligationProgress, TreatyAction


def text_fields():
    for model in apps.get_app_config("treaty").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                yield model, field


def test_every_text_field_has_a_maximum_and_its_named_constraint():
    fields = list(text_fields())
    assert len(fields) >= 8
    for model, field in fields:
        assert field.max_length, f"{model.__name__}.{field.name} has no maximum length"
        # A translated field's columns (title_en, title_fr…) share its one constraint.
        name = getattr(field, "translated_field", field).name
        constraints = [c for c in model._meta.constraints if c.name.endswith(f"_{name}_max_length")]
        assert len(constraints) == 1, f"{model.__name__}.{field.name} has no constraint"


def test_an_over_long_note_is_refused_with_the_limit_in_the_message(personas, obligations):
    assessment = make_assessment(personas.outsider, obligations[0], as_of=date(2026, 1, 5))
    assessment.notes = "n" * 5_001

    with pytest.raises(ValidationError) as refused:
        assessment.full_clean()

    assert refused.value.message_dict["notes"] == [
        "Ensure this value has at most 5000 characters (it has 5001)."
    ]


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (TreatyAction, "text", 20_000),
        (TreatyAction, "withdrawn_reason", 2_000),
        (ObligationProgress, "notes", 5_000),
        (ObligationProgress, "review_comment", 2_000),
    ],
)
def test_the_database_refuses_over_long_text_whatever_the_path(
    personas, treaty, obligations, model, field, limit
):
    if model is TreatyAction:
        record = make_action(treaty, personas.outsider, "declaration", date(2026, 1, 5))
    else:
        record = make_assessment(personas.outsider, obligations[0], as_of=date(2026, 1, 5))
    rows = model.objects.filter(pk=record.pk)

    rows.update(**{field: "x" * limit})  # at the limit: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: "x" * (limit + 1)})


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.django_db
def test_an_over_long_username_gets_a_400_from_the_token_endpoint(client, lockout):
    response = client.post(
        reverse("api:token"),
        {"username": "u" * 300, "password": "guess"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "username": ["Ensure this value has at most 150 characters (it has 300)."]
    }
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()


@pytest.mark.django_db
def test_an_over_long_username_gets_a_form_error_at_the_admin_login(client, lockout):
    make_user("editor", is_staff=True)

    response = client.post(reverse("admin:login"), {"username": "u" * 300, "password": "guess"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in response.text
    assert not AccessAttempt.objects.exists()
