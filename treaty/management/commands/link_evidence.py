"""manage.py link_evidence: assessments whose free-text evidence names a recorded law cite it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from treaty import services


class Command(BaseCommand):
    help = (
        "Links each assessment whose evidence title is the title of a recorded law of its "
        "participant to that law's provision (its evidence citation); the free text stays. "
        "Running it again changes nothing."
    )

    def handle(self, *args: object, **options: object) -> str:
        added = services.link_evidence_to_laws()
        return f"{added} assessment evidence link(s) added."
