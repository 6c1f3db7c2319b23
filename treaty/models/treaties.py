"""The treaty and its structure: chapters, articles and the obligations tracked under them.

Everything here is generic over treaties: a second convention, or a protocol to this one, is a
new row with its own entry-into-force rule, not new code.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treaty.models.limits import (
    ARTICLE_TEXT_MAX,
    DESCRIPTION_MAX,
    PLACES_MAX,
    TITLE_MAX,
    TREATY_TEXT_LIMITS,
    bounded_text,
    text_limits,
)

if TYPE_CHECKING:
    from treaty.scorecard import Scorecard
    from treaty.status import Action, EntryIntoForceRule, TreatyStatus


class ParticipantKey(NamedTuple):
    """A participant as ``Treaty.scorecards`` needs it, for rows read with ``values_list``."""

    pk: int
    iso3: str


class TreatyManager(models.Manager["Treaty"]):
    def get_by_natural_key(self, slug: str) -> Treaty:
        return self.get(slug=slug)

    def default_slug(self) -> str:
        """The slug of the treaty the site is about, as configured (``TRACKER_DEFAULT_TREATY``):
        the one ``default()`` prefers. No query, for links drawn on every page."""
        return str(settings.TRACKER_DEFAULT_TREATY)

    def default(self) -> Treaty | None:
        """The treaty a page, an API call, an export or the admin means when it names none:
        the configured one (``TRACKER_DEFAULT_TREATY``), else the earliest adopted treaty;
        None only when no treaty is recorded at all. One query.

        Every caller decides what None means for it: a page answers 404 saying how to load
        the data, the API and the exports leave the treaty's columns empty, the admin shows
        no stage."""
        return (
            self.annotate(
                preferred=Case(
                    When(slug=self.default_slug(), then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("preferred", "adopted_on", "slug")
            .first()
        )

    def statuses_on(
        self,
        treaties: Iterable[Treaty],
        at: date,
        *,
        published_only: bool = True,
        user: Any = None,
        memo: Any = None,
        token: str | None = None,
    ) -> dict[int, TreatyStatus]:
        """``Treaty.status_on`` for several treaties at once, by treaty id: one query whatever
        their number. With ``memo`` (an object living as long as one request, such as the
        request), each treaty, day and visibility is computed once for it, so that a filter
        and a serializer of the same request share one computation: no query at all the
        second time. With ``token`` (the data's freshness token), published statuses are kept
        in this process until the data change (the engine's run is most of a list's time)."""
        from treaty.status import treaty_status

        cache: dict[tuple[int, date, bool], TreatyStatus] = {}
        if memo is not None:
            cache = getattr(memo, "_tracker_treaty_statuses", None) or cache
            memo._tracker_treaty_statuses = cache
        treaties = list(treaties)
        shared = token if published_only else None
        if shared is not None:
            for t in treaties:
                found = _STATUSES.get((shared, t.pk, at))
                if found is not None:
                    cache[(t.pk, at, True)] = found
        missing = [t for t in treaties if (t.pk, at, published_only) not in cache]
        if missing:
            rows = (
                counted_actions(published_only=published_only, user=user)
                .filter(treaty__in=[t.pk for t in missing])
                .as_of(at)
                .engine_rows_by_treaty()
            )
            for t in missing:
                cache[(t.pk, at, published_only)] = treaty_status(t.rule, rows.get(t.pk, []), at)
                if shared is not None:
                    _STATUSES[(shared, t.pk, at)] = cache[(t.pk, at, True)]
                    while len(_STATUSES) > _STATUSES_MAX:
                        del _STATUSES[next(iter(_STATUSES))]
        return {t.pk: cache[(t.pk, at, published_only)] for t in treaties}


# Published statuses computed in this process, by (freshness token, treaty, day): a new token
# (any change to the data) leaves the old entries unread, and the oldest go first.
_STATUSES: dict[tuple[str, int, date], TreatyStatus] = {}
_STATUSES_MAX = 32


def counted_actions(*, published_only: bool = True, user: Any = None, treaty: Any = None) -> Any:
    """The treaty actions a status counts: the published ones (what the public sees), or with
    ``published_only=False`` every standing one ``user`` may read (an editor sees the stages
    their drafts give; a focal point, its own participants' drafts only; ``user=None`` is the
    operator, who reads everything). Withdrawn actions never count."""
    from treaty import permissions
    from treaty.models.actions import TreatyAction

    actions = TreatyAction.objects.all() if treaty is None else treaty.actions.all()
    if published_only:
        return actions.published()
    return permissions.readable(user, actions.active())


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

    history: ClassVar[Any]  # registered in treaty/translation.py
    objects = TreatyManager()

    class Meta:
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        ordering = ["adopted_on", "slug"]
        constraints = [
            *text_limits("treaty", TREATY_TEXT_LIMITS, ("title",)),
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

    def engine_rows_on(
        self, at: date | None = None, *, published_only: bool = True, user: Any = None
    ) -> list[Action]:
        """The actions that count on ``at`` (default: today), in the form the engine takes:
        one query. See ``counted_actions`` for which actions count."""
        at = at or timezone.localdate()
        return (
            counted_actions(published_only=published_only, user=user, treaty=self)
            .as_of(at)
            .engine_rows()
        )

    def status_on(
        self,
        at: date | None = None,
        *,
        published_only: bool = True,
        user: Any = None,
        rows: list[Action] | None = None,
    ) -> TreatyStatus:
        """The treaty and each participant as recorded on ``at`` (default: today): the one
        status every page, API resource, export, feed and the admin show. One query over the
        actions that count (``counted_actions``), none when the caller passes the engine's
        ``rows`` it fetched already (``engine_rows_on``) to reuse them."""
        from treaty.status import treaty_status

        at = at or timezone.localdate()
        if rows is None:
            rows = self.engine_rows_on(at, published_only=published_only, user=user)
        return treaty_status(self.rule, rows, at)

    def scorecards(
        self,
        day: date,
        participants: Iterable[Any],
        *,
        status: TreatyStatus | None = None,
        obligations: Iterable[Any] | None = None,
        assessments: Iterable[Any] | None = None,
    ) -> dict[int, Scorecard]:
        """Each participant's implementation scorecard in this treaty on ``day``, by
        participant id: its obligations counted by category and by the status of the published
        assessment standing on that day (``ObligationProgressQuerySet.scorecard_rows``), the
        joining obligation read from its stage (``treaty.scorecard``).

        ``participants`` are rows with ``pk`` and ``iso3`` (``Participant`` objects, or
        ``ParticipantKey`` for rows read with ``values_list``). Two queries (the obligations,
        the assessments of those participants) and one more for the stages unless ``status``
        is given; a caller that fetched the obligations or the assessments already for its own
        display passes them (any rows with the same attributes), and they cost nothing more.
        """
        from treaty import scorecard
        from treaty.models.progress import ObligationProgress

        participants = list(participants)
        ids = [p.pk for p in participants]
        if status is None:
            status = self.status_on(day)
        if obligations is None:
            obligations = [
                scorecard.ObligationRef(*row)
                for row in self.obligations.values_list("pk", "category", "strength")
            ]
        if assessments is None:
            assessments = (
                ObligationProgress.objects.published()
                .at(day)
                .of_treaty(self)
                .filter(participant_id__in=ids)
                .scorecard_rows()
            )
        return scorecard.scorecards(
            obligations,
            assessments,
            ids,
            stages={p.pk: status.stage_of(p.iso3) for p in participants},
        )

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

    history: ClassVar[Any]  # registered in treaty/translation.py
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

    history: ClassVar[Any]  # registered in treaty/translation.py
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

    history: ClassVar[Any]  # registered in treaty/translation.py
    objects = ObligationManager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["treaty", "position", "code"]
        constraints = [
            *text_limits("obligation", {"description": DESCRIPTION_MAX}, ("description",)),
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
