"""manage.py generate_scale_data: fills a database with SYNTHETIC data for benchmarks.

Every row it writes is marked synthetic (assessed_by and source start with "SYNTHETIC"), and it
refuses to run on a database that holds real assessments unless told to: point DATABASE_URL at a
scratch database (``make bench`` uses var/bench.sqlite3).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from treaty.models import (
    Article,
    Chapter,
    Obligation,
    ObligationProgress,
    Participant,
    ReviewState,
    Treaty,
    TreatyAction,
)

MARK = "SYNTHETIC scale data"
STATUSES = ["not_started", "in_progress", "partial", "aligned", "not_applicable"]
BATCH = 4000


class Command(BaseCommand):
    help = "Fills the database with synthetic participants' actions and assessments (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=0, help="0 = all participants.")
        parser.add_argument(
            "--assessments", type=int, default=10, help="Per participant and obligation."
        )
        parser.add_argument("--seed", type=int, default=65)
        parser.add_argument(
            "--allow-real-data",
            action="store_true",
            help="Run even if the database already holds non-synthetic assessments.",
        )

    def handle(self, *args: object, **options: object) -> str:
        started = time.perf_counter()
        rng = random.Random(int(options["seed"]))  # type: ignore[call-overload]
        if not Treaty.objects.exists():
            self.stdout.write("Loading the reference data first…")
            call_command("loaddata", "convention", "participants", "signatures", verbosity=0)
        real = ObligationProgress.objects.exclude(assessed_by=MARK).exists()
        if real and not options["allow_real_data"]:
            raise CommandError(
                "This database holds real assessments: use a scratch database "
                "(DATABASE_URL=sqlite:///var/bench.sqlite3) or pass --allow-real-data."
            )
        if ObligationProgress.objects.filter(assessed_by=MARK).exists():
            raise CommandError("Synthetic data is already here: start from an empty database.")
        convention = Treaty.objects.order_by("adopted_on").first()
        assert convention is not None
        limit = int(options["participants"])  # type: ignore[call-overload]
        participants = list(Participant.objects.order_by("iso3"))
        if limit:
            participants = participants[:limit]
        per_pair = int(options["assessments"])  # type: ignore[call-overload]

        with transaction.atomic():
            second = self._second_treaty(convention)
            self._actions(rng, convention, second, participants)
            written = self._assessments(rng, convention, participants, per_pair)
        seconds = time.perf_counter() - started
        return (
            f"Synthetic data: {len(participants)} participants, {written:,} assessments, "
            f"second treaty {second.slug!r}, in {seconds:.1f} s."
        )

    def _second_treaty(self, convention: Treaty) -> Treaty:
        """A synthetic protocol to the Convention, with its own small structure."""
        protocol, _ = Treaty.objects.get_or_create(
            slug="synthetic-protocol",
            defaults={
                "title": f"{MARK}: protocol supplementing the Convention",
                "short_title": "Synthetic protocol",
                "parent": convention,
                "adopted_on": convention.adopted_on,
                "signature_opens_on": convention.signature_opens_on,
                "signature_closes_on": convention.signature_closes_on,
                "instruments_required": 30,
                "days_after_threshold": 90,
                "days_after_later_instrument": 30,
                "sources": [],
            },
        )
        chapter, _ = Chapter.objects.get_or_create(
            treaty=protocol, number=1, defaults={"numeral": "I", "title": MARK}
        )
        for number in range(1, 6):
            article, _ = Article.objects.get_or_create(
                treaty=protocol, number=number, defaults={"chapter": chapter, "title": MARK}
            )
            obligation, created = Obligation.objects.get_or_create(
                treaty=protocol,
                code=f"p-art-{number}",
                defaults={
                    "title": f"{MARK} {number}",
                    "category": Obligation.Category.DOMESTIC_LAW,
                    "strength": Obligation.Strength.MANDATORY,
                    "position": number,
                },
            )
            if created:
                obligation.articles.add(article)
        return protocol

    def _actions(self, rng, convention, protocol, participants) -> None:
        """A signature and, for about half, an instrument, on both treaties."""
        now = timezone.now()
        today = timezone.localdate()
        have = set(
            TreatyAction.objects.filter(kind="signature").values_list("treaty_id", "participant_id")
        )
        rows = []
        for treaty in (convention, protocol):
            opens = treaty.signature_opens_on or treaty.adopted_on
            window = max(1, (min(treaty.signature_closes_on or today, today) - opens).days)
            for p in participants:
                if (treaty.pk, p.pk) in have:
                    continue
                signed = opens + timedelta(days=rng.randrange(window))
                rows.append(self._action(treaty, p, "signature", signed, now))
                if rng.random() < 0.5 and signed < today:
                    deposit = signed + timedelta(days=rng.randrange(max(1, (today - signed).days)))
                    kind = "approval" if p.kind == Participant.Kind.REIO else "ratification"
                    rows.append(self._action(treaty, p, kind, deposit, now))
        TreatyAction.objects.bulk_create(rows, batch_size=BATCH)

    @staticmethod
    def _action(treaty, participant, kind, on, now) -> TreatyAction:
        return TreatyAction(
            treaty=treaty,
            participant=participant,
            kind=kind,
            date=on,
            source=MARK,
            review_state=ReviewState.VERIFIED,
            verified_at=now,
        )

    def _assessments(self, rng, convention, participants, per_pair) -> int:
        obligations = list(Obligation.objects.all())
        total = len(participants) * len(obligations) * per_pair
        start = convention.adopted_on
        span = (timezone.localdate() - start).days
        now = timezone.now()
        written = 0
        batch: list[ObligationProgress] = []
        for p in participants:
            for obligation in obligations:
                days = sorted(rng.sample(range(span), k=min(per_pair, span)))
                for i, offset in enumerate(days):
                    batch.append(
                        ObligationProgress(
                            participant=p,
                            obligation=obligation,
                            as_of=start + timedelta(days=offset),
                            status=STATUSES[min(len(STATUSES) - 2, i * 4 // per_pair)]
                            if rng.random() > 0.05
                            else "not_applicable",
                            evidence_title="Synthetic Act",
                            assessed_by=MARK,
                            review_state=ReviewState.VERIFIED,
                            verified_at=now,
                            # The write path keeps one current row per pair: the latest.
                            is_current=i == len(days) - 1,
                        )
                    )
                if len(batch) >= BATCH:
                    ObligationProgress.objects.bulk_create(batch, batch_size=BATCH)
                    written += len(batch)
                    batch.clear()
                    if written % 100_000 < BATCH:
                        self.stderr.write(f"{written:,}/{total:,} assessments")
        ObligationProgress.objects.bulk_create(batch, batch_size=BATCH)
        return written + len(batch)
