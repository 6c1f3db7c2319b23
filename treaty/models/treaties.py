"""The treaty and its structure: chapters, articles and the obligations tracked under them.

Everything here is generic over treaties: a second convention, or a protocol to this one, is a
new row with its own entry-into-force rule, not new code.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty.models.limits import (
    ARTICLE_TEXT_MAX,
    DESCRIPTION_MAX,
    PLACES_MAX,
    TITLE_MAX,
    bounded_text,
    text_limits,
)

if TYPE_CHECKING:
    from treaty.status import EntryIntoForceRule, TreatyStatus


class TreatyManager(models.Manager["Treaty"]):
    def get_by_natural_key(self, slug: str) -> Treaty:
        return self.get(slug=slug)


class Treaty(models.Model):
    """A multilateral treaty deposited with a depositary, with its signature window and the rule
    by which it enters into force (for the Convention: art. 65)."""

    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("Short stable identifier used in URLs.")
    )
    title = bounded_text(TITLE_MAX, help_text=_("The full title as adopted."))
    short_title = models.CharField(max_length=200)
    also_known_as = models.CharField(max_length=200, blank=True)
    depositary_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Reference in the UN Treaty Collection, e.g. XVIII-16."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protocols",
        help_text=_("For a protocol: the treaty it supplements."),
    )
    adopted_on = models.DateField()
    adopted_at = models.CharField(max_length=120, blank=True, help_text=_("Place of adoption."))
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text=_("The act of adoption, e.g. a GA resolution.")
    )
    opening_notification = models.CharField(
        max_length=120, blank=True, help_text=_("Depositary notification opening signature.")
    )
    depositary = models.CharField(max_length=200, blank=True)
    signature_opens_on = models.DateField(null=True, blank=True)
    signature_closes_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Last day for signature; after it, States join by accession only."),
    )
    signature_places = bounded_text(
        PLACES_MAX,
        blank=True,
        help_text=_("Where and when it is open for signature, in plain words."),
    )
    instruments_required = models.PositiveSmallIntegerField(
        help_text=_("Instruments of consent needed for entry into force (art. 65: 40).")
    )
    days_after_threshold = models.PositiveSmallIntegerField(
        help_text=_("Entry into force on this day after the threshold instrument (art. 65: 90).")
    )
    days_after_later_instrument = models.PositiveSmallIntegerField(
        help_text=_(
            "For an instrument deposited after the threshold: in force for that participant on "
            "this day after its deposit, or on the treaty's entry into force if later (30)."
        )
    )
    reio_instrument_counts = models.BooleanField(
        default=False,
        help_text=_(
            "Whether an instrument of a regional economic integration organization counts in "
            "addition to those of its member States (art. 65: no)."
        ),
    )
    # Not in data/convention.json, which records art. 65 only: a model field, on by default for
    # UN conventions with a REIO clause (the Convention's art. 67).
    reio_ceases_with_members = models.BooleanField(
        default=True,
        help_text=_(
            "Whether a regional economic integration organization ceases to be a party when all "
            "its member States have denounced the treaty (art. 67: yes)."
        ),
    )
    sources = models.JSONField(
        default=list, blank=True, help_text=_("URLs of the public sources of these facts.")
    )

    history = HistoricalRecords()
    objects = TreatyManager()

    class Meta:
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        ordering = ["adopted_on", "slug"]
        constraints = [
            *text_limits("treaty", {"title": TITLE_MAX, "signature_places": PLACES_MAX}),
            models.CheckConstraint(
                condition=Q(instruments_required__gte=1),
                name="treaty_instruments_required_positive",
            ),
            models.CheckConstraint(
                condition=Q(signature_closes_on__isnull=True)
                | Q(signature_opens_on__isnull=True)
                | Q(signature_closes_on__gte=models.F("signature_opens_on")),
                name="treaty_signature_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(signature_opens_on__isnull=True)
                | Q(signature_opens_on__gte=models.F("adopted_on")),
                name="treaty_signature_opens_after_adoption",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:
        return reverse("treaty:treaty-detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def rule(self) -> EntryIntoForceRule:
        """The entry-into-force rule as the pure engine in ``treaty.status`` takes it."""
        from treaty.status import EntryIntoForceRule

        return EntryIntoForceRule(
            instruments_required=self.instruments_required,
            days_after_threshold=self.days_after_threshold,
            days_after_later_instrument=self.days_after_later_instrument,
            reio_instrument_counts=self.reio_instrument_counts,
            reio_ceases_with_members=self.reio_ceases_with_members,
        )

    def status_on(self, at: date | None = None, *, published_only: bool = True) -> TreatyStatus:
        """The treaty and each participant as recorded on ``at`` (default: today), from the
        published actions (or every standing one, for editors): one query."""
        from treaty.status import treaty_status

        at = at or timezone.localdate()
        actions = self.actions.published() if published_only else self.actions.active()
        return treaty_status(self.rule, actions.as_of(at).engine_rows(), at)

    def is_open_for_signature(self, on: date) -> bool:
        """Open on ``on`` if the window has opened and not yet closed (both days included)."""
        if self.signature_opens_on is None or on < self.signature_opens_on:
            return False
        return self.signature_closes_on is None or on <= self.signature_closes_on


class ChapterManager(models.Manager["Chapter"]):
    def get_by_natural_key(self, treaty_slug: str, number: int) -> Chapter:
        return self.get(treaty__slug=treaty_slug, number=number)


class Chapter(models.Model):
    """A chapter of a treaty, numbered from 1 (shown with its Roman numeral)."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="chapters")
    number = models.PositiveSmallIntegerField()
    numeral = models.CharField(max_length=10)
    title = models.CharField(max_length=200)

    history = HistoricalRecords()
    objects = ChapterManager()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["treaty", "number"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "number"], name="chapter_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Chapter {self.numeral}. {self.title}"

    def natural_key(self) -> tuple[str, int]:
        return (self.treaty.slug, self.number)

    natural_key.dependencies = ["treaty.treaty"]  # type: ignore[attr-defined]


class ArticleManager(models.Manager["Article"]):
    def get_by_natural_key(self, treaty_slug: str, number: int) -> Article:
        return self.get(treaty__slug=treaty_slug, number=number)


class Article(models.Model):
    """An article of a treaty. ``text`` is optional: the official text is the depositary's."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="articles")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    text = bounded_text(ARTICLE_TEXT_MAX, blank=True)

    history = HistoricalRecords()
    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["treaty", "number"]
        constraints = [
            *text_limits("article", {"text": ARTICLE_TEXT_MAX}),
            models.UniqueConstraint(fields=["treaty", "number"], name="article_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Art. {self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("treaty:article-detail", args=[self.treaty.slug, self.number])

    def natural_key(self) -> tuple[str, int]:
        return (self.treaty.slug, self.number)

    natural_key.dependencies = ["treaty.treaty", "treaty.chapter"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        if self.chapter_id and self.treaty_id and self.chapter.treaty_id != self.treaty_id:
            raise ValidationError({"chapter": _("The chapter belongs to another treaty.")})


class ObligationCategory(models.TextChoices):
    JOINING = "joining", _("Joining")
    DOMESTIC_LAW = "domestic_law", _("Domestic law alignment")
    PUBLIC_PRIVATE = "public_private", _("Public-private cooperation")
    TRAINING = "training", _("Training and capacity-building")
    AWARENESS = "awareness", _("Awareness and prevention")
    INTERNATIONAL_COOPERATION = "international_cooperation", _("International cooperation")
    IMPLEMENTATION_REVIEW = "implementation_review", _("Implementation review")


class ObligationStrength(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory (shall)")
    OPTIONAL = "optional", _("Optional (may)")
    ENDEAVOUR = "endeavour", _("Endeavour (shall endeavour / consider)")


class ObligationManager(models.Manager["Obligation"]):
    def get_by_natural_key(self, treaty_slug: str, code: str) -> Obligation:
        return self.get(treaty__slug=treaty_slug, code=code)


class Obligation(models.Model):
    """A trackable duty a participant takes on, tied to one or more articles.

    The catalogue is this project's classification and paraphrase, not treaty text: an article
    that asks for two distinct deliverables (art. 40: mutual legal assistance *and* a central
    authority) is split into two obligations so each can be assessed on its own.
    """

    Category = ObligationCategory
    Strength = ObligationStrength

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="obligations")
    code = models.SlugField(
        max_length=40,
        help_text=_("Stable code within the treaty, e.g. 'art-40-central-authority'."),
    )
    title = models.CharField(max_length=300)
    description = bounded_text(
        DESCRIPTION_MAX,
        blank=True,
        help_text=_("What the participant must do, in one or two plain sentences."),
    )
    category = models.CharField(max_length=32, choices=Category.choices, db_index=True)
    strength = models.CharField(max_length=16, choices=Strength.choices, db_index=True)
    articles = models.ManyToManyField(Article, related_name="obligations")
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the catalogue (article order).")
    )

    history = HistoricalRecords(m2m_fields=[articles])
    objects = ObligationManager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["treaty", "position", "code"]
        constraints = [
            *text_limits("obligation", {"description": DESCRIPTION_MAX}),
            models.UniqueConstraint(fields=["treaty", "code"], name="obligation_unique_code"),
            models.CheckConstraint(
                condition=Q(category__in=ObligationCategory.values),
                name="obligation_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(strength__in=ObligationStrength.values),
                name="obligation_strength_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("treaty:obligation-detail", args=[self.treaty.slug, self.code])

    def natural_key(self) -> tuple[str, str]:
        return (self.treaty.slug, self.code)

    natural_key.dependencies = ["treaty.treaty", "treaty.article"]  # type: ignore[attr-defined]

    @property
    def is_mandatory(self) -> bool:
        return self.strength == ObligationStrength.MANDATORY
