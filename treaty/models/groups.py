"""Groups of participants for the breakdowns: organizations (the European Union, the Council of
Europe, the Organization of American States) and the UN's categories marked in the M49 standard
(least developed countries, landlocked developing countries, small island developing States).

Reference data, sourced like every fact (``data/groups.csv``, each group with its source and the
day it was checked), loaded from ``fixtures/groups.json``; never edited by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treaty.models.participants import Participant


class GroupManager(models.Manager["Group"]):
    def get_by_natural_key(self, code: str) -> Group:
        return self.get(code=code)


class Group(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text=_("Short code, e.g. ldc."))
    name = models.CharField(max_length=120, help_text=_("The group's name in English."))
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order on the pages."))
    source = models.CharField(max_length=300, help_text=_("Who lists the members."))
    source_url = models.URLField("source URL", max_length=500)
    checked_on = models.DateField(
        null=True, blank=True, help_text=_("The day the list was read at its source, if known.")
    )
    members = models.ManyToManyField(Participant, related_name="groups", blank=True)

    objects = GroupManager()

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)
