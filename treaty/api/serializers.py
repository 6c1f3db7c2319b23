"""Serializers: explicit field lists, codes rather than database ids wherever the domain has a
code (treaty slug, ISO alpha-3, obligation code).

Computed values (stages, counts, scorecards) are never computed here: the viewset computes them
once per request and hands them over, in the serializer context (``statuses``, ``treaties``) or
as prepared rows (``ProgressRow``).
The write serializers (POST, PATCH) are in ``write_serializers``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from treaty import scorecard
from treaty import status as engine
from treaty.api.rows import NAME_COLUMNS, TRANSLATED_NAMES_HELP, ReadRowsMixin
from treaty.models import (
    Article,
    Chapter,
    DatePrecision,
    Obligation,
    ObligationCategory,
    ObligationProgress,
    Participant,
    Provision,
    Treaty,
    TreatyAction,
)
from treaty.models.laws import cited_provisions, provision_url
from treaty.vocabulary import STAGE_ORDER

# --- Treaties and their structure ------------------------------------------------------------


class TreatyStatusSerializer(ReadRowsMixin, serializers.Serializer):
    """The entry-into-force engine's result for a treaty on a day."""

    as_of = serializers.DateField(help_text="The day the record is read on.")
    signatures = serializers.IntegerField(
        help_text="Signatures, as the depositary counts them: every participant with a standing "
        "signature, including those that have since deposited an instrument."
    )
    signed_not_bound = serializers.IntegerField(
        help_text="Participants at the stage “signed, not yet bound” (stage=signatory): signed, "
        "no instrument standing."
    )
    instruments = serializers.IntegerField(
        help_text="Participants with an instrument of consent standing (ratification, "
        "acceptance, approval, accession or succession)."
    )
    counting_instruments = serializers.IntegerField(
        help_text="Instruments that count towards the threshold (not a REIO's, under art. 65)."
    )
    instruments_required = serializers.IntegerField(source="rule.instruments_required")
    instruments_needed = serializers.IntegerField(
        help_text="Counting instruments still needed for entry into force (0 once reached)."
    )
    threshold_on = serializers.DateField(
        allow_null=True, help_text="Deposit of the threshold instrument (e.g. the 40th)."
    )
    threshold_participant = serializers.CharField(
        allow_null=True, help_text="ISO alpha-3 of the participant that deposited it."
    )
    entry_into_force_on = serializers.DateField(
        allow_null=True,
        help_text="Entry into force, set as soon as the threshold is reached (may be ahead).",
    )
    in_force = serializers.BooleanField(help_text="Whether the treaty is in force on as_of.")
    parties = serializers.IntegerField(help_text="Participants for which it is in force.")


class TreatySerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:treaty-detail", lookup_field="slug")
    parent: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For a protocol: the treaty it supplements.",
    )
    sources = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Public sources of these facts."
    )
    status = serializers.SerializerMethodField()

    class Meta:
        model = Treaty
        fields = [
            "slug",
            "url",
            "title",
            "short_title",
            "also_known_as",
            "depositary_reference",
            "parent",
            "adopted_on",
            "adopted_at",
            "adopted_by",
            "opening_notification",
            "depositary",
            "signature_opens_on",
            "signature_closes_on",
            "signature_places",
            "instruments_required",
            "days_after_threshold",
            "days_after_later_instrument",
            "reio_instrument_counts",
            "sources",
            "status",
        ]

    @extend_schema_field(TreatyStatusSerializer)
    def get_status(self, treaty: Treaty) -> dict[str, Any]:
        status = self.context["statuses"][treaty.pk]
        return self.nested(TreatyStatusSerializer).to_representation(status)


class ChapterSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chapter-detail")
    treaty: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Chapter
        fields = ["id", "url", "treaty", "number", "numeral", "title"]


class ArticleSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    treaty: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    chapter = serializers.IntegerField(source="chapter.number", read_only=True)
    obligations: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Article
        fields = ["id", "url", "treaty", "chapter", "number", "title", "text", "obligations"]


class ObligationSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:obligation-detail")
    treaty: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    articles: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "url",
            "treaty",
            "code",
            "title",
            "description",
            "category",
            "strength",
            "position",
            "articles",
        ]


# --- Participants ----------------------------------------------------------------------------


class ParticipantStatusSerializer(ReadRowsMixin, serializers.Serializer):
    """Where a participant stands in one treaty on the as-of date (the engine's result)."""

    treaty = serializers.CharField(help_text="The treaty's slug.")
    as_of = serializers.DateField()
    stage = serializers.ChoiceField(choices=[(s.value, s.value) for s in STAGE_ORDER])
    signed_on = serializers.DateField(
        allow_null=True,
        help_text="Its signature; when known only to a range of days, the latest possible day.",
    )
    signed_earliest = serializers.DateField(
        allow_null=True,
        help_text="Null for an exact day of signature; otherwise the earliest possible day.",
    )
    consent_kind = serializers.CharField(
        allow_null=True, help_text="The standing instrument: ratification, accession, …"
    )
    consent_on = serializers.DateField(allow_null=True, help_text="Its deposit.")
    entry_into_force_on = serializers.DateField(
        allow_null=True, help_text="When the treaty enters (entered) into force for it."
    )
    denunciation_effective_on = serializers.DateField(allow_null=True)
    counts_towards_threshold = serializers.BooleanField(source="counts")


class _ParticipantStatusRow:
    """A ParticipantStatus with the treaty and day it is about, as the serializer reads it."""

    def __init__(self, treaty: Treaty, at: Any, status: engine.ParticipantStatus) -> None:
        self.treaty = treaty.slug
        self.as_of = at
        self.stage = status.stage.value
        self.signed_on = status.signed_on
        self.signed_earliest = status.signed_earliest
        self.consent_kind = status.consent_kind
        self.consent_on = status.consent_on
        self.entry_into_force_on = status.entry_into_force_on
        self.denunciation_effective_on = status.denunciation_effective_on
        self.counts = status.counts


# Documented as a plain string: as an enum it would collide with the actions' "kind" enum
# (drf-spectacular names enum components after the field; ENUM_NAME_OVERRIDES would fix it).
@extend_schema_field(
    {
        "type": "string",
        "description": "'state', or 'reio' (a regional economic integration organization).",
    }
)
class ParticipantKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Participant.Kind.choices, **kwargs)


class ParticipantSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:participant-detail", lookup_field="iso3"
    )
    kind = ParticipantKindField(read_only=True)
    members = serializers.SerializerMethodField(help_text="For a REIO: its member States.")
    treaties = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "iso3",
            "url",
            "iso2",
            "m49",
            "kind",
            "name",
            "formal_name",
            *NAME_COLUMNS,  # name_en, name_fr… (null where none is recorded)
            "region",
            "region_code",
            "subregion",
            "subregion_code",
            "intermediate_region",
            "is_un_member",
            "members",
            "treaties",
        ]
        extra_kwargs = TRANSLATED_NAMES_HELP

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, participant: Participant) -> list[str]:
        return self.context["members"][participant.pk]

    @extend_schema_field(ParticipantStatusSerializer(many=True))
    def get_treaties(self, participant: Participant) -> list[dict[str, Any]]:
        context = self.context  # a property that walks up to the root serializer
        row = self.nested(ParticipantStatusSerializer).to_representation
        statuses = context["statuses"]
        return [
            row(_ParticipantStatusRow(treaty, status.as_of, status.of(participant.iso3)))
            for treaty in context["treaties"]
            for status in (statuses[treaty.pk],)
        ]


# --- Treaty actions --------------------------------------------------------------------------


class ActionSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:action-detail")
    treaty: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    participant: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    source_url = serializers.CharField(read_only=True, help_text="A URL, or empty.")
    date = serializers.DateField(
        read_only=True,
        help_text="The day of the action; when only a range of days is known, its latest "
        "possible day (the day the action counts from).",
    )
    date_earliest = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Null for an exact day; otherwise the earliest possible day of the range.",
    )
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        read_only=True,
        help_text="`day` (the date is exact) or `range` (from date_earliest to date).",
    )
    depositary_notification_url = serializers.CharField(
        source="notification_url",
        read_only=True,
        help_text="Where the depositary published its C.N. notification, or empty.",
    )

    class Meta:
        model = TreatyAction
        fields = [
            "id",
            "url",
            "treaty",
            "participant",
            "participant_name",
            "kind",
            "date",
            "date_earliest",
            "date_precision",
            "effective_on",
            "depositary_notification",
            "depositary_notification_url",
            "source",
            "source_kind",
            "source_url",
            "text",
            "relates_to",
            "review_state",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class CitedProvisionSerializer(ReadRowsMixin, serializers.Serializer):
    """A provision an assessment cites as its evidence."""

    id = serializers.IntegerField()
    law = serializers.IntegerField(source="law_id", help_text="The law's id.")
    law_title = serializers.CharField(source="law.title")
    reference = serializers.CharField(help_text="As the law numbers it, e.g. 'art. 3'.")
    url = serializers.SerializerMethodField(
        help_text="Where to read it: the provision's URL, else its law's official text; "
        "empty when neither is known."
    )

    # What it reads of a provision and its law (``provision_url``: two), for a list's only().
    columns = ("id", "law", "reference", "url", "law__title", "law__official_url")

    def get_url(self, provision: Provision) -> str:
        return provision_url(provision)


class AssessmentSerializer(ReadRowsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:assessment-detail")
    participant: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    treaty = serializers.CharField(source="obligation.treaty.slug", read_only=True)
    obligation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    evidence_url = serializers.CharField(read_only=True, help_text="A URL, or empty.")
    evidence_provisions = serializers.SerializerMethodField(
        help_text="Published provisions of its laws the assessment cites as its evidence (any "
        "number), beside the free-text evidence."
    )

    class Meta:
        model = ObligationProgress
        fields = [
            "id",
            "url",
            "participant",
            "participant_name",
            "treaty",
            "obligation",
            "as_of",
            "status",
            "evidence_title",
            "evidence_citation",
            "evidence_url",
            "evidence_adopted_on",
            "evidence_provisions",
            "notes",
            "assessed_by",
            "is_current",
            "review_state",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CitedProvisionSerializer(many=True))
    def get_evidence_provisions(self, assessment: ObligationProgress) -> list[dict[str, Any]]:
        cited = getattr(assessment, "cited_provisions", None)
        if cited is None:  # one assessment read or just written: not prefetched
            prefetch_related_objects([assessment], cited_provisions())
            cited = assessment.cited_provisions  # type: ignore[attr-defined]
        row = self.nested(CitedProvisionSerializer).to_representation
        return [row(provision) for provision in cited]


# --- Progress --------------------------------------------------------------------------------


class StatusCountsSerializer(ReadRowsMixin, serializers.Serializer):
    """Obligations counted by their latest published status (``not_assessed``: none yet)."""

    not_started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    partial = serializers.IntegerField()  # type: ignore[assignment]
    aligned = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    not_assessed = serializers.IntegerField()


def _counts(by_status: Any) -> dict[str, int]:
    return {status: by_status[status] for status in scorecard.STATUSES}


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


class CategoryProgressSerializer(ReadRowsMixin, serializers.Serializer):
    category = serializers.ChoiceField(choices=ObligationCategory.choices)
    obligations = serializers.IntegerField(source="total")
    by_status = serializers.SerializerMethodField()
    mandatory = serializers.IntegerField(
        help_text="Mandatory obligations that apply (not assessed not applicable)."
    )
    mandatory_aligned = serializers.IntegerField()
    aligned_share = serializers.SerializerMethodField(
        help_text="Aligned over applicable obligations of the category; null if none applies "
        "or none of them has a published assessment (nothing measured is not 0)."
    )

    @extend_schema_field(StatusCountsSerializer)
    def get_by_status(self, score: scorecard.CategoryScore) -> dict[str, int]:
        return _counts(score.by_status)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_aligned_share(self, score: scorecard.CategoryScore) -> float | None:
        return _share(score.aligned_share)


class ProgressRow:
    """One participant's scorecard in one treaty on one day, as the serializer reads it."""

    def __init__(
        self, participant: Participant, treaty: Treaty | None, at: Any, card: scorecard.Scorecard
    ) -> None:
        self.participant = participant
        self.treaty = treaty.slug if treaty else None
        self.as_of = at
        self.card = card
        order = {c: i for i, c in enumerate(ObligationCategory.values)}
        self.categories = sorted(card.categories.values(), key=lambda c: order.get(c.category, 99))


class ProgressSerializer(ReadRowsMixin, serializers.Serializer):
    """A participant's implementation progress: obligations counted by category and status."""

    participant = serializers.CharField(source="participant.iso3", help_text="ISO alpha-3.")
    name = serializers.CharField(source="participant.name")
    treaty = serializers.CharField(allow_null=True, help_text="The treaty's slug.")
    as_of = serializers.DateField()
    obligations = serializers.SerializerMethodField(help_text="Obligations of the treaty.")
    assessed = serializers.IntegerField(source="card.assessed")
    by_status = serializers.SerializerMethodField()
    mandatory = serializers.IntegerField(
        source="card.mandatory", help_text="Mandatory obligations that apply."
    )
    mandatory_aligned = serializers.IntegerField(source="card.mandatory_aligned")
    mandatory_aligned_share = serializers.SerializerMethodField(
        help_text="Share of the applicable mandatory obligations assessed aligned (0 to 1); "
        "null when none applies or no implementation assessment is published (the joining "
        "obligation, read from the depositary record, is not one)."
    )
    categories = CategoryProgressSerializer(many=True)

    @extend_schema_field(serializers.IntegerField())
    def get_obligations(self, row: ProgressRow) -> int:
        return sum(c.total for c in row.categories)

    @extend_schema_field(StatusCountsSerializer)
    def get_by_status(self, row: ProgressRow) -> dict[str, int]:
        counts = dict.fromkeys(scorecard.STATUSES, 0)
        for score in row.categories:
            for status in scorecard.STATUSES:
                counts[status] += score.by_status[status]
        return counts

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_mandatory_aligned_share(self, row: ProgressRow) -> float | None:
        return _share(row.card.mandatory_aligned_share)
