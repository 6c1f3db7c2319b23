"""Who may edit what: country focal points and their participants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from treaty.models.participants import Participant


class FocalPoint(models.Model):
    """A user assigned to a participant as its country focal point: they enter that
    participant's assessments (and propose its treaty actions), and nobody else's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_points"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="focal_points"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("country focal point")
        verbose_name_plural = _("country focal points")
        ordering = ["participant__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "participant"], name="focalpoint_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.participant}"
