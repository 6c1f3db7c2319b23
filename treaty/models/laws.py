"""Domestic law: national laws, their provisions, and how each provision maps to the Convention;
and the indicators that outside bodies publish about each participant.

Which national law implements which article is what readers of an implementation tracker look
for first. One law implements many articles, and one article is met by provisions of several
laws: a ``ProvisionMapping`` links one provision to one article or one obligation.

Laws, provisions and mappings are editorial records like assessments (drafts, review, history,
withdrawal). What the public sees of a mapping needs the mapping, its provision and its law all
published. Outside indicators are kept apart: they are another body's published figures, shown
with their attribution and date, never this project's assessment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty.models.limits import (
    DESCRIPTION_MAX,
    NOTES_MAX,
    REVIEW_TEXT_LIMITS,
    bounded_text,
    text_limits,
)
from treaty.models.participants import Participant
from treaty.models.review import (
    Reviewed,
    ReviewedQuerySet,
    ReviewState,
    review_constraints,
    review_queue_index,
)
from treaty.models.treaties import Article, Obligation


class LawKind(models.TextChoices):
    CONSTITUTION = "constitution", _("Constitution")
    CODE = "code", _("Code")
    ACT = "act", _("Act")
    REGULATION = "regulation", _("Regulation")
    DECREE = "decree", _("Decree")
    DRAFT_BILL = "draft_bill", _("Draft bill")


class LawStatus(models.TextChoices):
    # "Reported" is what a law loaded from an outside list is until an editor confirms it: the
    # list says it exists, nobody here has read its status yet.
    REPORTED = "reported", _("Reported by UNCTAD, not yet confirmed")
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class MappingRelation(models.TextChoices):
    IMPLEMENTS = "implements", _("Implements")
    IMPLEMENTS_IN_PART = "implements_in_part", _("Implements in part")
    RELEVANT = "relevant", _("Relevant")
    CONFLICTS = "conflicts", _("Conflicts")


class LawQuerySet(ReviewedQuerySet):
    def as_of(self, at: date | None) -> LawQuerySet:
        """Laws as recorded on ``at``: a law adopted after that day is left out (a law without
        a known adoption date is kept: its listing is all that is known)."""
        if at is None:
            return self
        return self.filter(Q(adopted_on__isnull=True) | Q(adopted_on__lte=at))


class Law(Reviewed):
    """A national law of a participant: its title as officially published (and, optionally, in
    English), its kind, status with dates, where to read it, and where this record comes from.

    ``source`` names who reported the law (e.g. "UNCTAD Global Cyberlaw Tracker") and
    ``source_date`` the date of that publication; an editor's own entry names its own source.
    """

    Kind = LawKind
    Status = LawStatus

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="laws")
    title = models.CharField(
        max_length=500, help_text=_("The title as officially published, in its language.")
    )
    title_en = models.CharField(
        "English title", max_length=500, blank=True, help_text=_("Optional.")
    )
    kind = models.CharField(
        max_length=16,
        choices=LawKind.choices,
        blank=True,
        help_text=_("Empty when the source does not say."),
    )
    status = models.CharField(max_length=12, choices=LawStatus.choices, default=LawStatus.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    amended_on = models.DateField(null=True, blank=True, help_text=_("Last amendment."))
    repealed_on = models.DateField(null=True, blank=True)
    official_url = models.URLField(
        "official URL", max_length=1000, blank=True, help_text=_("Where to read its text.")
    )
    identifier = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("A stable identifier such as a European Legislation Identifier (ELI)."),
    )
    language = models.CharField(
        max_length=60, blank=True, help_text=_("Language of the text linked, e.g. 'English'.")
    )
    source = models.CharField(
        max_length=300, help_text=_("Who reported this law, e.g. 'UNCTAD Global Cyberlaw Tracker'.")
    )
    source_url = models.URLField(max_length=1000, blank=True)
    source_date = models.DateField(
        null=True, blank=True, help_text=_("The date of the source's publication.")
    )
    notes = bounded_text(NOTES_MAX, blank=True)

    history = HistoricalRecords()
    objects = LawQuerySet.as_manager()

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["participant", "title"]
        permissions = [("verify_law", "Can verify (publish) laws")]
        constraints = [
            *text_limits("law", {"notes": NOTES_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=Q(status__in=LawStatus.values), name="law_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="") | Q(kind__in=LawKind.values), name="law_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="law_title_required",
                violation_error_message=_("A law needs its title as published."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="law_source_required",
                violation_error_message=_("Say where this law was reported (its source)."),
            ),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True)
                | Q(adopted_on__isnull=True)
                | Q(repealed_on__gte=models.F("adopted_on")),
                name="law_repealed_after_adoption",
                violation_error_message=_("A law is repealed after it was adopted."),
            ),
            models.UniqueConstraint(
                fields=["participant", "title", "source"],
                condition=Q(withdrawn_at__isnull=True),
                name="law_unique_per_source",
                violation_error_message=_(
                    "This participant already has a law with this title from this source: "
                    "correct that one, or withdraw it first."
                ),
            ),
            *review_constraints("law"),
        ]
        indexes = [
            review_queue_index("law"),
            models.Index(fields=["participant", "status"], name="law_participant_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.adopted_on and self.repealed_on and self.repealed_on < self.adopted_on:
            errors["repealed_on"] = str(_("A law is repealed after it was adopted."))
        if self.status == LawStatus.REPEALED and not self.repealed_on:
            errors["repealed_on"] = str(_("A repealed law needs the date it was repealed."))
        if self.adopted_on and self.in_force_on and self.in_force_on < self.adopted_on:
            errors["in_force_on"] = str(_("A law enters into force on or after its adoption."))
        if errors:
            raise ValidationError(errors)


class ProvisionQuerySet(ReviewedQuerySet):
    def public(self) -> ProvisionQuerySet:
        """Provisions the public sees: the provision and its law both published, with the law, in
        the law's title and the provision's order."""
        return (
            self.published()
            .filter(law__review_state=ReviewState.VERIFIED, law__withdrawn_at__isnull=True)
            .select_related("law")
            .order_by("law__title", "law_id", "pk")
        )


class Provision(Reviewed):
    """A provision of a law: its reference ("art. 3", "s. 12(1)"), an optional summary or
    extract, and an optional URL to the exact place."""

    law = models.ForeignKey(Law, on_delete=models.PROTECT, related_name="provisions")
    reference = models.CharField(
        max_length=120, help_text=_("As the law numbers it, e.g. 'art. 3' or 's. 12(1)'.")
    )
    summary = bounded_text(NOTES_MAX, blank=True, help_text=_("A short summary or extract."))
    url = models.URLField("URL", max_length=1000, blank=True)
    # Declared here so that assessments (treaty.models.progress) need no change: an assessment
    # reads its cited provisions as ``assessment.evidence_provisions``. Its free-text evidence
    # stays as it was, readable beside them.
    cited_by = models.ManyToManyField(
        "treaty.ObligationProgress",
        blank=True,
        related_name="evidence_provisions",
        help_text=_("Assessments that cite this provision as their evidence."),
    )

    history = HistoricalRecords()
    objects = ProvisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["law", "pk"]
        permissions = [("verify_provision", "Can verify (publish) provisions")]
        constraints = [
            *text_limits("provision", {"summary": NOTES_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="provision_reference_required",
                violation_error_message=_("A provision needs its reference, e.g. 'art. 3'."),
            ),
            models.UniqueConstraint(
                fields=["law", "reference"],
                condition=Q(withdrawn_at__isnull=True),
                name="provision_unique_reference",
                violation_error_message=_(
                    "This law already has a provision with this reference: map that one."
                ),
            ),
            *review_constraints("provision"),
        ]
        indexes = [review_queue_index("provision")]

    def __str__(self) -> str:
        return f"{self.law} — {self.reference}"

    PARTICIPANT_LOOKUP = "law__participant_id"

    # Whose provision this is: the focal-point scope and the services' participant lock.
    @property
    def participant(self) -> Participant:
        return self.law.participant

    @property
    def participant_id(self) -> int:
        return self.law.participant_id


def cited_provisions() -> Prefetch:
    """The provisions each assessment cites as its evidence, as ``assessment.cited_provisions``:
    one query for any number of assessments. Only what the public sees (``public()``)."""
    return Prefetch(
        "evidence_provisions",
        queryset=Provision.objects.public(),
        to_attr="cited_provisions",
    )


def provision_url(provision: Provision) -> str:
    """Where to read a cited provision: its own URL, else its law's official text."""
    return provision.url or provision.law.official_url


class ProvisionMappingQuerySet(ReviewedQuerySet):
    def public(self) -> ProvisionMappingQuerySet:
        """Mappings the public sees: the mapping, its provision and its law all published."""
        return self.published().filter(
            provision__review_state="verified",
            provision__withdrawn_at__isnull=True,
            provision__law__review_state="verified",
            provision__law__withdrawn_at__isnull=True,
        )

    def as_of(self, at: date | None) -> ProvisionMappingQuerySet:
        """Mappings as recorded on ``at``: verified on or before that day, of laws adopted by
        then (or of unknown adoption date)."""
        if at is None:
            return self
        return self.filter(
            Q(verified_at__date__lte=at),
            Q(provision__law__adopted_on__isnull=True) | Q(provision__law__adopted_on__lte=at),
        )


class ProvisionMapping(Reviewed):
    """A provision linked to an article or to an obligation of the Convention (exactly one),
    with how it relates — implements, implements in part, is relevant to, conflicts with —
    and a note saying why."""

    Relation = MappingRelation

    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="mappings")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="mappings"
    )
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="mappings"
    )
    relation = models.CharField(max_length=20, choices=MappingRelation.choices)
    note = bounded_text(NOTES_MAX, blank=True)

    history = HistoricalRecords()
    objects = ProvisionMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision mapping")
        verbose_name_plural = _("provision mappings")
        ordering = ["provision", "pk"]
        permissions = [("verify_provisionmapping", "Can verify (publish) provision mappings")]
        constraints = [
            *text_limits("provisionmapping", {"note": NOTES_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=Q(relation__in=MappingRelation.values), name="mapping_relation_valid"
            ),
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(obligation__isnull=True))
                | (Q(article__isnull=True) & Q(obligation__isnull=False)),
                name="mapping_article_or_obligation",
                violation_error_message=_(
                    "Map the provision to an article or to an obligation: exactly one of them."
                ),
            ),
            models.UniqueConstraint(
                fields=["provision", "article"],
                condition=Q(withdrawn_at__isnull=True, article__isnull=False),
                name="mapping_unique_article",
                violation_error_message=_(
                    "This provision is already mapped to this article: change that mapping."
                ),
            ),
            models.UniqueConstraint(
                fields=["provision", "obligation"],
                condition=Q(withdrawn_at__isnull=True, obligation__isnull=False),
                name="mapping_unique_obligation",
                violation_error_message=_(
                    "This provision is already mapped to this obligation: change that mapping."
                ),
            ),
            *review_constraints("mapping"),
        ]
        indexes = [
            review_queue_index("mapping"),
            models.Index(fields=["article", "review_state"], name="mapping_article"),
            models.Index(fields=["obligation", "review_state"], name="mapping_obligation"),
        ]

    def __str__(self) -> str:
        target = self.article or self.obligation
        return f"{self.provision} → {target} ({self.get_relation_display()})"

    PARTICIPANT_LOOKUP = "provision__law__participant_id"

    @property
    def participant(self) -> Participant:
        return self.provision.law.participant

    @property
    def participant_id(self) -> int:
        return self.provision.law.participant_id

    def clean(self) -> None:
        super().clean()
        if self.article_id and self.obligation_id:
            raise ValidationError(
                _("Map the provision to an article or to an obligation: exactly one of them.")
            )
        if not self.article_id and not self.obligation_id:
            raise ValidationError(
                {"article": _("Say which article (or obligation) this provision maps to.")}
            )


class OutsideIndicator(models.Model):
    """An indicator that an outside body publishes per participant (e.g. UNCTAD's Global
    Cyberlaw Tracker, cybercrime column), with its attribution: publisher, date of publication,
    terms of reuse. Never this project's assessment; shown with its attribution wherever it
    appears."""

    code = models.SlugField(max_length=80, help_text=_("Stable code, e.g. 'unctad-cybercrime'."))
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    source = models.CharField(
        max_length=300, help_text=_("The publication, e.g. 'UNCTAD Global Cyberlaw Tracker'.")
    )
    source_url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(
        help_text=_("The date of the publication these values are from.")
    )
    terms = bounded_text(
        DESCRIPTION_MAX, help_text=_("Licence or terms of reuse, as the publisher states.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outside indicator")
        verbose_name_plural = _("outside indicators")
        ordering = ["code", "-published_on"]
        constraints = [
            *text_limits("outsideindicator", {"terms": DESCRIPTION_MAX}),
            models.UniqueConstraint(
                fields=["code", "published_on"], name="indicator_unique_publication"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}, {self.name} ({self.published_on.isoformat()})"

    @property
    def attribution(self) -> str:
        """How every page and export names it: publisher's source and date."""
        return f"{self.source}, {self.published_on.isoformat()}"


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def as_of(self, at: date | None) -> IndicatorValueQuerySet:
        """The values published on or before ``at``, latest publication first."""
        qs = self
        if at is not None:
            qs = qs.filter(indicator__published_on__lte=at)
        return qs.order_by("participant_id", "indicator__code", "-indicator__published_on")


class IndicatorValue(models.Model):
    """The value an outside indicator gives one participant (e.g. "No Legislation")."""

    indicator = models.ForeignKey(OutsideIndicator, on_delete=models.PROTECT, related_name="values")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="indicator_values"
    )
    value = models.CharField(max_length=120, help_text=_("As the publisher states it."))

    history = HistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("outside indicator value")
        verbose_name_plural = _("outside indicator values")
        ordering = ["indicator", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "participant"], name="indicatorvalue_unique"
            ),
            models.CheckConstraint(condition=~Q(value=""), name="indicatorvalue_required"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.value}"


def latest_values(values: Any) -> list[IndicatorValue]:
    """Of values ordered by ``IndicatorValueQuerySet.as_of``, the latest per participant and
    indicator."""
    seen: set[tuple[int, str]] = set()
    latest = []
    for value in values:
        key = (value.participant_id, value.indicator.code)
        if key not in seen:
            seen.add(key)
            latest.append(value)
    return latest


def public_mapping_exists(provision_path: str) -> models.Exists:
    """An annotation: whether the row has a public mapping to the Convention
    (``provision_path`` leads from a mapping to the row: "provision" for a provision,
    "provision__law" for a law)."""
    return models.Exists(
        ProvisionMapping.objects.public()
        .filter(**{provision_path: models.OuterRef("pk")})
        .order_by()
    )
