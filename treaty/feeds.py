"""Atom feeds of treaty actions (namespace "feeds"): one per treaty and one per participant, so
people can subscribe to "Viet Nam deposited its instrument of ratification".

Each feed carries the latest published actions, newest first, and costs two queries: the treaty
or participant, then its actions with everything an entry names. A participant's feed also
carries its published domestic steps towards consent (a third query): they are not depositary
actions, and their entries say so.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from treaty.models import ActionKind, DomesticStep, Participant, Treaty, TreatyAction
from treaty.models.action_queries import TreatyActionQuerySet
from treaty.status import denunciation_takes_effect
from treaty.vocabulary import domestic_step_done, instrument_kind

app_name = "feeds"

FEED_LENGTH = 50
AUTHOR = "Hanoi Convention tracker"


def action_title(action: TreatyAction) -> str:
    """What happened, as a headline: "Viet Nam deposited its instrument of ratification",
    "Mali signed". Each kind is a whole sentence so that translators see it whole."""
    name = action.participant.localized_name()
    treaty = action.treaty.short_title
    match action.kind:
        case ActionKind.SIGNATURE:
            return _("%(name)s signed") % {"name": name}
        case ActionKind.DEFINITIVE_SIGNATURE:
            return _("%(name)s signed definitively") % {"name": name}
        case ActionKind.SUCCESSION:
            return _("%(name)s deposited its notification of succession") % {"name": name}
        case ActionKind.DECLARATION:
            return _("%(name)s made a declaration") % {"name": name}
        case ActionKind.RESERVATION:
            return _("%(name)s made a reservation") % {"name": name}
        case ActionKind.OBJECTION if action.relates_to is not None:
            return _("%(name)s objected to the reservation of %(other)s") % {
                "name": name,
                "other": action.relates_to.participant.localized_name(),
            }
        case ActionKind.OBJECTION:
            return _("%(name)s objected to a reservation") % {"name": name}
        case ActionKind.RESERVATION_WITHDRAWAL:
            return _("%(name)s withdrew a reservation") % {"name": name}
        case ActionKind.NOTIFICATION:
            return _("%(name)s made a notification") % {"name": name}
        case ActionKind.DENUNCIATION:
            return _("%(name)s denounced the %(treaty)s") % {"name": name, "treaty": treaty}
    # Ratification, acceptance, approval, accession, formal confirmation: an instrument.
    return _("%(name)s deposited its instrument of %(kind)s") % {
        "name": name,
        "kind": instrument_kind(action.kind),
    }


def action_summary(action: TreatyAction) -> str:
    """The entry's text: the treaty, the dates, the depositary notification and the source the
    fact was read from (a feed reader shows it as the entry's summary)."""
    parts = [
        _("%(kind)s, %(treaty)s, dated %(date)s.")
        % {
            "kind": action.get_kind_display(),
            "treaty": action.treaty.short_title,
            "date": action.day_text,
        }
    ]
    if action.kind == ActionKind.DENUNCIATION:
        effective = denunciation_takes_effect(action.date, action.effective_on)
        parts.append(_("Takes effect on %(date)s.") % {"date": date_format(effective)})
    elif action.effective_on:
        parts.append(_("Takes effect on %(date)s.") % {"date": date_format(action.effective_on)})
    if action.depositary_notification:
        parts.append(
            _("Depositary notification %(ref)s.") % {"ref": action.depositary_notification}
        )
    source = action.source + (f" ({action.source_url})" if action.source_url else "")
    parts.append(
        _("Source: %(source)s [%(kind)s].")
        % {"source": source, "kind": action.get_source_kind_display()}
    )
    return " ".join(parts)


def step_title(step: DomesticStep) -> str:
    """ "Azerbaijan: Parliament approved ratification on 10 February 2026"."""
    return _("%(name)s: %(step)s") % {
        "name": step.participant.localized_name(),
        "step": domestic_step_done(step.step, step.date, step.date_earliest),
    }


def step_summary(step: DomesticStep) -> str:
    """A domestic step's entry: what it was, that it is not a depositary action, its source."""
    parts = [
        _("%(step)s, %(treaty)s: a domestic step towards consent, not a depositary action.")
        % {"step": step.get_step_display(), "treaty": step.treaty.short_title}
    ]
    if step.note:
        parts.append(step.note)
    source = step.source + (f" ({step.source_url})" if step.source_url else "")
    parts.append(_("Source: %(source)s.") % {"source": source})
    return " ".join(parts)


class ActionsFeed(Feed):
    """What the two feeds share: entry titles, summaries, links and dates."""

    feed_type = Atom1Feed
    author_name = AUTHOR

    def latest(self, actions: TreatyActionQuerySet) -> QuerySet[TreatyAction]:
        # Newest by the date of the action; the primary key breaks ties in recording order.
        return (
            actions.published()
            .select_related("participant", "treaty", "relates_to__participant")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: TreatyAction | DomesticStep) -> str:
        if isinstance(item, DomesticStep):
            return step_title(item)
        return action_title(item)

    def item_description(self, item: TreatyAction | DomesticStep) -> str:
        if isinstance(item, DomesticStep):
            return step_summary(item)
        return action_summary(item)

    def item_link(self, item: TreatyAction | DomesticStep) -> str:
        # The participant's page, at this action in its timeline: readers land on the context,
        # and the fragment keeps each entry's link (and so its Atom id) unique.
        anchor = "step" if isinstance(item, DomesticStep) else "action"
        return f"{item.participant.get_absolute_url()}#{anchor}-{item.pk}"

    def item_pubdate(self, item: TreatyAction) -> datetime | None:
        # When it was made public (published records always carry it).
        return item.verified_at

    def item_updateddate(self, item: TreatyAction) -> datetime:
        return item.updated_at

    def item_categories(self, item: TreatyAction | DomesticStep) -> list[str]:
        if isinstance(item, DomesticStep):
            return ["domestic_step", item.step]
        return [item.kind]


class TreatyActionsFeed(ActionsFeed):
    """The latest actions of every participant under one treaty."""

    def get_object(self, request: HttpRequest, slug: str) -> Treaty:
        return get_object_or_404(Treaty, slug=slug)

    def title(self, obj: Treaty) -> str:
        return _("%(treaty)s: treaty actions") % {"treaty": obj.short_title}

    def subtitle(self, obj: Treaty) -> str:
        return _(
            "Signatures, instruments and other actions recorded by the depositary for the "
            "%(treaty)s, newest first."
        ) % {"treaty": obj.short_title}

    def link(self, obj: Treaty) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Treaty) -> str:
        return reverse("feeds:treaty-actions", args=[obj.slug])

    def items(self, obj: Treaty) -> QuerySet[TreatyAction]:
        return self.latest(obj.actions.all())


class ParticipantActionsFeed(ActionsFeed):
    """The latest actions of one participant under every treaty."""

    def get_object(self, request: HttpRequest, iso3: str) -> Participant:
        return get_object_or_404(Participant, iso3=iso3.upper())

    def title(self, obj: Participant) -> str:
        return _("%(name)s: treaty actions") % {"name": obj.localized_name()}

    def subtitle(self, obj: Participant) -> str:
        return _(
            "Signatures, instruments and other actions of %(name)s recorded by the depositary, "
            "and its domestic steps towards consent, newest first."
        ) % {"name": obj.localized_name()}

    def link(self, obj: Participant) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Participant) -> str:
        return reverse("feeds:participant-actions", args=[obj.iso3])

    def items(self, obj: Participant) -> list[TreatyAction | DomesticStep]:
        """Its latest actions and domestic steps together, newest first (an action before a
        step of the same day)."""
        steps = (
            obj.domestic_steps.published()
            .select_related("participant", "treaty")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )
        merged: list[TreatyAction | DomesticStep] = [*self.latest(obj.actions.all()), *steps]
        return sorted(merged, key=lambda item: item.date, reverse=True)[:FEED_LENGTH]


urlpatterns = [
    path("treaties/<slug:slug>/actions/", TreatyActionsFeed(), name="treaty-actions"),
    path("countries/<str:iso3>/actions/", ParticipantActionsFeed(), name="participant-actions"),
]
