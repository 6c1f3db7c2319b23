"""The words of the depositary record: kinds of action and of source, how exactly a day is known,
and the address of a depositary notification."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from treaty import status as engine


class ActionKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")
    FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")
    DEFINITIVE_SIGNATURE = "definitive_signature", _("Definitive signature")
    DECLARATION = "declaration", _("Declaration")
    RESERVATION = "reservation", _("Reservation")
    OBJECTION = "objection", _("Objection")
    RESERVATION_WITHDRAWAL = "reservation_withdrawal", _("Withdrawal of a reservation")
    NOTIFICATION = "notification", _("Notification (e.g. designation of an authority)")
    DENUNCIATION = "denunciation", _("Denunciation")


class SourceKind(models.TextChoices):
    """What kind of source an action was read in, from the most to the least authoritative."""

    DEPOSITARY = "depositary", _("Depositary record")
    NATIONAL_TREATY_DATABASE = "national_treaty_database", _("National treaty database")
    GOVERNMENT = "government", _("Government statement")
    PRESS = "press", _("Press")


class DatePrecision(models.TextChoices):
    """How exactly the record knows an action's day: the day itself, or a range of days."""

    DAY = "day", _("Exact day")
    RANGE = "range", _("Range of days")


# The depositary's notifications are published at one address per reference, e.g.
# C.N.123.2026.TREATIES-XVIII.16 -> https://treaties.un.org/doc/Publication/CN/2026/CN.123.2026-Eng.pdf
_CN_REFERENCE = re.compile(r"^\s*C\.N\.\s*(\d+)\.(\d{4})\b", re.IGNORECASE)
CN_URL = "https://treaties.un.org/doc/Publication/CN/{year}/CN.{number}.{year}-Eng.pdf"


def notification_url(reference: str) -> str:
    """The address of a depositary notification (C.N.) on the UN Treaty Collection, or "" when
    ``reference`` is not a C.N. reference."""
    match = _CN_REFERENCE.match(reference or "")
    if match is None:
        return ""
    number, year = match.groups()
    return CN_URL.format(number=int(number), year=year)


CONSENT_KINDS = sorted(engine.CONSENT_KINDS)
assert set(CONSENT_KINDS) <= set(ActionKind.values)
# Kinds of which a participant has at most one, standing, per treaty and day.
DATED_ONCE_KINDS = [ActionKind.SIGNATURE.value, *CONSENT_KINDS, ActionKind.DENUNCIATION.value]
