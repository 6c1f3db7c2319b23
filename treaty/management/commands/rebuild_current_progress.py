"""manage.py rebuild_current_progress: recomputes the current-assessment flags from history."""

from django.core.management.base import BaseCommand

from treaty.services import rebuild_current_progress


class Command(BaseCommand):
    help = "Recomputes which assessment of each participant and obligation is current."

    def handle(self, *args: object, **options: object) -> str:
        return f"{rebuild_current_progress():,} current assessments."
