"""Participants: the States and regional economic integration organizations that can join."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords


def normalize_name(name: str) -> str:
    """The form in which names are compared: accents and case folded, quotes and dashes unified,
    footnote markers and extra spaces dropped ("Côte d’Ivoire 3" == "cote d'ivoire")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[\d,\s]+$", "", text)  # UNTC appends footnote numbers: "Denmark4", "France 2,3"
    return re.sub(r"\s+", " ", text).strip().casefold()


def _pattern_matches(pattern: str, text: str) -> bool:
    """Whether a stored ``name_pattern`` matches ``text``; a pattern that does not compile
    matches nothing (it is reference data, and a search must not fail because of it)."""
    try:
        return re.search(pattern, text, re.IGNORECASE) is not None
    except re.error:
        return False


def name_in_any_language(text: str) -> Q:
    """Participants whose name in one of the site's languages contains ``text`` (the columns
    django-modeltranslation adds to ``name``: name_en, name_fr, name_zh_hans...)."""
    query = Q()
    for code in mt_settings.AVAILABLE_LANGUAGES:
        query |= Q(**{f"{build_localized_fieldname('name', code)}__icontains": text})
    return query


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def states(self) -> ParticipantQuerySet:
        return self.filter(kind=Participant.Kind.STATE)

    def un_members(self) -> ParticipantQuerySet:
        """The 193 Member States of the United Nations."""
        return self.filter(is_un_member=True)

    def search(self, text: str) -> ParticipantQuerySet:
        """Participants whose code, name in any language, or other name contains ``text``
        (accents and case ignored for the other names)."""
        text = text.strip()
        if not text:
            return self
        key = normalize_name(text)
        return self.filter(
            Q(iso3__iexact=text)
            | Q(iso2__iexact=text)
            | Q(name__icontains=text)
            | name_in_any_language(text)
            | Q(other_names__normalized__contains=key)
        ).distinct()

    def known_as(self, text: str) -> ParticipantQuerySet:
        """Participants a reader may mean by ``text``: everything ``search()`` finds, plus
        those whose ``name_pattern`` (the OCHA regular expression of the names a participant
        has had, matched case-insensitively) matches the normalized text — so "Turkey" finds
        Türkiye and "Ivory Coast" finds Côte d'Ivoire. Empty text finds everyone.

        The patterns are Python regular expressions, matched here rather than in SQL because
        database regex dialects differ; that costs one small query (code and pattern of each
        participant) whatever is searched."""
        text = text.strip()
        if not text:
            return self
        key = normalize_name(text)
        by_pattern = [
            pk
            for pk, pattern in Participant.objects.exclude(name_pattern="").values_list(
                "pk", "name_pattern"
            )
            if _pattern_matches(pattern, key)
        ]
        return self.search(text) | self.filter(pk__in=by_pattern).distinct()


_ParticipantManagerBase = models.Manager.from_queryset(ParticipantQuerySet)


class ParticipantManager(_ParticipantManagerBase["Participant"]):
    def get_by_natural_key(self, iso3: str) -> Participant:
        return self.get(iso3=iso3)


class Participant(models.Model):
    """A State, or a regional economic integration organization (REIO) such as the European
    Union, that can sign and join treaties. Identified by its ISO 3166 alpha-3 code (the EU by the
    code ``EUU``, as the depositary data use it)."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        REIO = "reio", _("Regional economic integration organization")

    iso3 = models.CharField(
        "ISO alpha-3",
        max_length=3,
        unique=True,
        help_text=_("ISO 3166-1 alpha-3 code; EUU for the EU."),
    )
    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    m49 = models.PositiveSmallIntegerField(
        "M49 code", null=True, blank=True, unique=True, help_text=_("UN M49 numeric code.")
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.STATE)
    name = models.CharField(
        max_length=120, help_text=_("Name as the depositary uses it today (English short form).")
    )
    formal_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(
        max_length=60, blank=True, db_index=True, help_text=_("UN M49 region.")
    )
    region_code = models.PositiveSmallIntegerField(null=True, blank=True)
    subregion = models.CharField(max_length=60, blank=True, db_index=True)
    subregion_code = models.PositiveSmallIntegerField(null=True, blank=True)
    intermediate_region = models.CharField(max_length=60, blank=True)
    is_un_member = models.BooleanField(
        "UN Member State", default=False, help_text=_("One of the 193 Member States.")
    )
    name_pattern = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Regular expression (case-insensitive) matching the names this participant has had "
            "in records, from the OCHA taxonomy; used when importing depositary tables."
        ),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="organizations",
        help_text=_("For a REIO: its member States."),
    )

    # Registered with the translated fields in treaty/translation.py (without name_pattern), so
    # that the history records every language's column.
    history: ClassVar[Any]  # a HistoryManager
    objects = ParticipantManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]
        permissions = [("edit_any_participant", "Can edit the data of any participant")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["state", "reio"]), name="participant_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="participant_iso3_format"
            ),
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="participant_iso2_format"
            ),
            models.CheckConstraint(
                condition=Q(kind="state") | Q(is_un_member=False),
                name="participant_un_member_is_state",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("treaty:country-detail", args=[self.iso3])

    def natural_key(self) -> tuple[str]:
        return (self.iso3,)

    @property
    def is_reio(self) -> bool:
        return self.kind == self.Kind.REIO

    def localized_name(self, language: str | None = None) -> str:
        """The name in ``language`` (default: the active one), falling back to English."""
        code = language or get_language() or "en"
        localized = build_localized_fieldname("name", code.lower())
        english = getattr(self, "name_en", "") or self.__dict__.get("name", "")
        return getattr(self, localized, "") or english


class ParticipantNameManager(models.Manager["ParticipantName"]):
    def get_by_natural_key(self, iso3: str, name: str) -> ParticipantName:
        return self.get(participant__iso3=iso3, name=name)


class ParticipantName(models.Model):
    """Another name under which a participant appears in records: a former name (Turkey,
    Swaziland), a long or alternative form, or a spelling found in a depositary table."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="other_names"
    )
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    note = models.CharField(
        max_length=120, blank=True, help_text=_("Where this name comes from, e.g. 'former name'.")
    )

    history = HistoricalRecords()
    objects = ParticipantNameManager()

    class Meta:
        verbose_name = _("participant name")
        verbose_name_plural = _("participant names")
        ordering = ["participant", "name"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "name"], name="participantname_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The comparison key is derived from the name, never typed: keep them in step.
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str, str]:
        return (self.participant.iso3, self.name)

    natural_key.dependencies = ["treaty.participant"]  # type: ignore[attr-defined]
