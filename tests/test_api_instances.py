"""The API lists' rows built without the model constructor (``treaty.api.instances``): the same
instances Django builds, column for column and related row for related row, and the same
serialized rows, in every language."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import signals
from django.test import RequestFactory
from django.utils import translation

from tests.factories import make_action
from treaty.api.instances import _plan_for, instances
from treaty.api.serializers import ActionSerializer, AssessmentSerializer, ParticipantSerializer
from treaty.api.views import ActionViewSet, AssessmentViewSet, ParticipantViewSet
from treaty.api.views.assessments import attach_cited_provisions
from treaty.models import Obligation, ObligationProgress, Participant, Treaty, TreatyAction

pytestmark = pytest.mark.django_db


def own(obj):
    """What an instance holds besides its state: columns, and its related rows, recursively."""
    columns = {
        k: v for k, v in obj.__dict__.items() if k not in ("_state", "_prefetched_objects_cache")
    }
    related = {
        name: None if row is None else own(row) for name, row in obj._state.fields_cache.items()
    }
    return type(obj), columns, related, obj._state.db, obj._state.adding


def same_as_django(queryset):
    built = instances(queryset.all())
    expected = list(queryset.all())
    assert [own(row) for row in built] == [own(row) for row in expected]
    return built, expected


@pytest.fixture
def record(personas, treaty):
    personas.ratifier.name_fr = ""  # French falls back to English
    personas.ratifier.save()
    return personas


@pytest.mark.parametrize(
    ("viewset", "serializer_class"),
    [
        (ActionViewSet, ActionSerializer),
        (AssessmentViewSet, AssessmentSerializer),
        (ParticipantViewSet, ParticipantSerializer),
    ],
)
def test_a_list_reads_the_instances_django_builds(record, viewset, serializer_class):
    queryset = viewset.queryset
    built, expected = same_as_django(queryset)
    assert len(built) >= 2
    if viewset is ParticipantViewSet:
        return  # its serializer needs the statuses of the request (tested through the API)
    if viewset is AssessmentViewSet:
        attach_cited_provisions(built)
        attach_cited_provisions(expected)
    request = RequestFactory().get("/api/v1/")
    for language in ("en", "fr", "zh-hans"):
        with translation.override(language):
            context = {"request": request}
            ours = serializer_class(built, many=True, context=context).data
            assert ours == serializer_class(expected, many=True, context=context).data
    names = {row["participant_name"] for row in ours}
    assert "Viet Nam" in names


def test_a_page_of_a_list_and_a_null_relation(record, treaty):
    first = TreatyAction.objects.order_by("pk").first()
    make_action(treaty, record.outsider, "signature", date(2025, 11, 1), relates_to=first)
    sliced = ParticipantViewSet.queryset[1:3]
    assert [own(row) for row in instances(sliced)] == [own(row) for row in sliced]
    # A nullable relation selected: None where it is null, the row where it is not.
    queryset = (
        TreatyAction.objects.select_related("relates_to")
        .only("id", "kind", "relates_to", "relates_to__kind")
        .order_by("pk")
    )
    built, _expected = same_as_django(queryset)
    assert built[0]._state.fields_cache["relates_to"] is None
    assert built[-1].relates_to == first


def test_other_querysets_are_left_to_django(record):
    for queryset in (
        TreatyAction.objects.defer("text"),
        TreatyAction.objects.select_related("treaty"),  # every column, and a related row
        TreatyAction.objects.only("id", "participant").select_related("participant"),
        TreatyAction.objects.only("id", "participant__iso3"),  # named, not selected
        Participant.objects.prefetch_related("members"),
    ):
        assert _plan_for(queryset) is None
        assert [own(row) for row in instances(queryset.all())] == [own(row) for row in queryset]
    assert _plan_for(ObligationProgress.objects.values("id")) is None
    annotated = Participant.objects.only("id").extra(select={"one": "1"})
    assert [row.one for row in instances(annotated)] == [1] * Participant.objects.count()


def test_the_constructor_skipped_only_sets_a_flag_it_clears():
    """What ``Model.__init__`` does besides setting attributes is send pre_init and post_init:
    for these models only django-modeltranslation listens, to clear the flag its wrapper of
    the constructor sets. A new receiver would be skipped for the API's lists: this fails."""
    for model in (TreatyAction, ObligationProgress, Obligation, Participant, Treaty):
        assert not signals.pre_init.has_listeners(model)
        receivers = signals.post_init._live_receivers(model)
        names = {f"{r.__module__}.{r.__qualname__}" for group in receivers for r in group}
        assert names <= {"modeltranslation.translator.delete_mt_init"}, names


def test_translated_names_read_as_the_models_field_reads_them(record, treaty):
    """The serializers read a translated field's columns in the language's order, found once
    per response: the same text as the model's own field, in every language, a missing or
    empty translation falling back to English."""
    norway = record.outsider
    norway.name_es = ""
    norway.name_zh_hans = "挪威"
    norway.save()
    rows = instances(ActionViewSet.queryset.all())
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

    rows = instances(ActionViewSet.queryset.all())
    request = RequestFactory().get("/api/v1/")
    with timezone.override(zone):
        data = ActionSerializer(rows, many=True, context={"request": request}).data
        expected = [serializers.DateTimeField().to_representation(a.updated_at) for a in rows]
    assert [row["updated_at"] for row in data] == expected
    assert all(text.endswith("Z") for text in expected) == (zone == "UTC")
