"""manage.py load_reference_data: loads fixtures/ (the Convention, participants, signatures, the
depositary's counts and domestic steps), UNCTAD's Global Cyberlaw Tracker from data/ (an
outside indicator and national laws) and the laws this project records from its own sources
(data/laws.csv)."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from treaty.dbstats import analyze
from treaty.freshness import bump_data_version
from treaty.models import DepositaryCount, Participant, Treaty, TreatyAction
from treaty.reference import project_laws, unctad

FIXTURES = ["convention", "participants", "signatures", "depositary", "domestic_steps", "groups"]


class Command(BaseCommand):
    help = "Loads the real reference data from fixtures/; loading it again changes nothing."

    def handle(self, *args: object, **options: object) -> str:
        # Fixtures match rows by natural key and overwrite them in place; with history off, a
        # second load leaves no trace either (simple-history would log many-to-many sets).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", *FIXTURES, verbosity=0)
        # The first load starts each record's audit history ("recorded"), so the public list of
        # changes and the API's Last-Modified know the data; simple-history skips every model
        # that has history already, so a second load adds nothing.
        call_command(
            "populate_history", auto=True, verbosity=0, stdout=StringIO(), stderr=StringIO()
        )
        # After the participants: UNCTAD's rows are keyed by their M49 codes. Its laws are
        # recorded through the services, each with its own history.
        laws = unctad.load(settings.BASE_DIR / "data")
        for skipped in laws.skipped:
            self.stderr.write(f"Skipped: {skipped}")
        own_laws = project_laws.load(settings.BASE_DIR / "data")
        analyze()
        bump_data_version()  # loaddata writes no history: say so to the page cache
        return (
            f"Reference data: {Treaty.objects.count()} treaty, "
            f"{Participant.objects.count()} participants, "
            f"{TreatyAction.objects.published().count()} published treaty actions, "
            f"{DepositaryCount.objects.count()} depositary counts.\n{laws}\n"
            f"This project's own sourced laws (data/{project_laws.LAWS_FILE}): {own_laws}."
        )
