"""The read serializers' plan (``treaty.api.rows``) writes what the models' fields and DRF's
own fields would: translated names in the language's order with the English fallback, and
timestamps in the active time zone."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from treaty.api.serializers import ActionSerializer, ParticipantSerializer
from treaty.api.views import ActionViewSet
from treaty.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(personas, treaty):
    personas.ratifier.name_fr = ""  # French falls back to English
    personas.ratifier.save()
    return personas


def test_translated_names_read_as_the_models_field_reads_them(record, treaty):
    """The serializers read a translated field's columns in the language's order, found once
    per response: the same text as the model's own field, in every language, a missing or
    empty translation falling back to English."""
    norway = record.outsider
    norway.name_es = ""
    norway.name_zh_hans = "挪威"
    norway.save()
    rows = list(ActionViewSet.queryset.all())
    participants = list(Participant.objects.order_by("pk"))
    context = {
        "request": RequestFactory().get("/api/v1/"),
        "members": {p.pk: [] for p in participants},
        "treaties": [],
        "statuses": {},
    }
    names = {}
    for language in ("en", "fr", "es", "zh-hans", "ar"):
        with translation.override(language):
            data = ActionSerializer(rows, many=True, context=context).data
            assert [row["participant_name"] for row in data] == [
                action.participant.name for action in rows
            ]
            data = ParticipantSerializer(participants, many=True, context=context).data
            assert [(row["name"], row["formal_name"]) for row in data] == [
                (p.name, p.formal_name) for p in participants
            ]
            names[language] = next(row["name"] for row in data if row["iso3"] == "NOR")
    assert names == {
        "en": "Norway",
        "fr": "Norvège",
        "es": "Norway",
        "zh-hans": "挪威",
        "ar": "Norway",
    }


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "America/New_York"])
def test_timestamps_read_as_drfs_field_writes_them(record, zone):
    """``updated_at`` through the serializers' plan, in the active time zone, is what DRF's
    own ``DateTimeField`` writes: "Z" for UTC, the offset otherwise."""
    from django.utils import timezone
    from rest_framework import serializers

    rows = list(ActionViewSet.queryset.all())
    request = RequestFactory().get("/api/v1/")
    with timezone.override(zone):
        data = ActionSerializer(rows, many=True, context={"request": request}).data
        expected = [serializers.DateTimeField().to_representation(a.updated_at) for a in rows]
    assert [row["updated_at"] for row in data] == expected
    assert all(text.endswith("Z") for text in expected) == (zone == "UTC")
