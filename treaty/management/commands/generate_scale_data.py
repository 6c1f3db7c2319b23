"""manage.py generate_scale_data: fills a database with SYNTHETIC data for benchmarks.

Every row it writes is marked synthetic (assessed_by and source start with "SYNTHETIC"), and it
refuses to run on a database that holds real assessments unless told to: point DATABASE_URL at a
scratch database (``make bench`` builds var/bench-1m.sqlite3 and var/bench-small.sqlite3).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from treaty.dbstats import analyze
from treaty.freshness import bump_data_version
from treaty.models import (
    Article,
    Chapter,
    Law,
    Obligation,
    ObligationProgress,
    Participant,
    Provision,
    ProvisionMapping,
    ReviewState,
    Treaty,
    TreatyAction,
)

MARK = "SYNTHETIC scale data"
# Where each pair stands today, drawn with these weights; its history climbs to it.
STAGES = ["not_started", "in_progress", "partial", "aligned"]
TODAY_WEIGHTS = {"not_started": 15, "in_progress": 25, "partial": 25, "aligned": 30}
NOT_APPLICABLE_SHARE = 0.05
BATCH = 10_000
# Domestic law at scale: the bench's country page shows this many laws and mapped provisions.
HEAVY = "VNM"
HEAVY_LAWS = 50
PROVISIONS_PER_LAW = 40


class Command(BaseCommand):
    help = "Fills the database with synthetic participants' actions and assessments (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=0, help="0 = all participants.")
        parser.add_argument(
            "--assessments", type=int, default=10, help="Per participant and obligation."
        )
        parser.add_argument(
            "--provisions",
            type=int,
            default=0,
            help="Synthetic national provisions, each mapped to a chapter II or IV article: "
            f"{HEAVY_LAWS} laws and {HEAVY_LAWS * PROVISIONS_PER_LAW:,} of them for one "
            "participant (the busiest country page), the rest spread over the others.",
        )
        parser.add_argument("--seed", type=int, default=65)
        parser.add_argument(
            "--allow-real-data",
            action="store_true",
            help="Run even if the database already holds non-synthetic assessments.",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        started = time.perf_counter()
        rng = random.Random(int(options["seed"]))
        if not Treaty.objects.exists():
            self.stdout.write("Loading the reference data first…")
            call_command("loaddata", "convention", "participants", "signatures", verbosity=0)
        real = ObligationProgress.objects.exclude(assessed_by=MARK).exists()
        if real and not options["allow_real_data"]:
            raise CommandError(
                "This database holds real assessments: use a scratch database "
                "(DATABASE_URL=sqlite:///var/bench-1m.sqlite3) or pass --allow-real-data."
            )
        if ObligationProgress.objects.filter(assessed_by=MARK).exists():
            raise CommandError("Synthetic data is already here: start from an empty database.")
        convention = Treaty.objects.order_by("adopted_on").first()
        assert convention is not None
        limit = int(options["participants"])
        participants = list(Participant.objects.order_by("iso3"))
        if limit:
            participants = participants[:limit]
        per_pair = int(options["assessments"])

        with transaction.atomic():
            second = self._second_treaty(convention)
            self._actions(rng, convention, second, participants)
            written = self._assessments(rng, convention, participants, per_pair)
            provisions = self._laws(convention, participants, int(options["provisions"]))
        analyze()
        bump_data_version()  # bulk inserts write no history
        seconds = time.perf_counter() - started
        return (
            f"Synthetic data: {len(participants)} participants, {written:,} assessments, "
            f"{provisions:,} mapped provisions, second treaty {second.slug!r}, in {seconds:.1f} s."
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

    def _laws(self, convention: Treaty, participants: list[Participant], total: int) -> int:
        """``total`` published provisions, each mapped (published) to an article of chapter
        II or IV in turn, in laws of ``PROVISIONS_PER_LAW``: the heavy participant (the bench's
        country) gets ``HEAVY_LAWS`` laws, the others share the rest in turn."""
        if total <= 0 or not participants:
            return 0
        now = timezone.now()
        published = {"review_state": ReviewState.VERIFIED, "verified_at": now}
        articles = list(
            Article.objects.filter(treaty=convention, chapter__number__in=(2, 4)).order_by("number")
        )
        if not articles:
            raise CommandError("The Convention has no article in chapters II and IV to map to.")
        heavy = next((p for p in participants if p.iso3 == HEAVY), participants[0])
        others = [p for p in participants if p != heavy] or [heavy]
        count = -(-total // PROVISIONS_PER_LAW)  # laws needed, rounded up
        owners = [heavy if i < HEAVY_LAWS else others[i % len(others)] for i in range(count)]
        laws = Law.objects.bulk_create(
            [
                Law(
                    participant=owner,
                    title=f"Synthetic Act No. {i + 1}",
                    source=MARK,
                    status=Law.Status.IN_FORCE,
                    official_url=f"https://example.org/synthetic/{i + 1}",
                    **published,
                )
                for i, owner in enumerate(owners)
            ],
            batch_size=BATCH,
        )
        written = 0
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            provisions = Provision.objects.bulk_create(
                [
                    Provision(
                        law=laws[(start + i) // PROVISIONS_PER_LAW],
                        reference=f"art. {(start + i) % PROVISIONS_PER_LAW + 1}",
                        **published,
                    )
                    for i in range(size)
                ],
                batch_size=BATCH,
            )
            ProvisionMapping.objects.bulk_create(
                [
                    ProvisionMapping(
                        provision=provision,
                        article=articles[(start + i) % len(articles)],
                        relation=ProvisionMapping.Relation.IMPLEMENTS,
                        **published,
                    )
                    for i, provision in enumerate(provisions)
                ],
                batch_size=BATCH,
            )
            written += size
        return written

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
        """``per_pair`` dated assessments of every participant and obligation, the latest one
        current, written with the cursor rather than ``bulk_create``: building a model instance
        and preparing each of its 20 fields per row made ``bulk_create`` the bottleneck
        (measured: 7k rows/s against 40k+ rows/s here). Each value is prepared by its field
        once (dates, the constant columns), so the rows hold exactly what the ORM would write."""
        obligations = list(Obligation.objects.order_by("pk").values_list("pk", flat=True))
        total = len(participants) * len(obligations) * per_pair
        start = convention.adopted_on
        span = (timezone.localdate() - start).days
        if per_pair > span:
            raise CommandError(
                f"Only {span} days have passed since the Convention was adopted: "
                f"give --assessments {span} or fewer (one assessment per day and pair)."
            )
        columns, template, slots = self._row_template()
        prepare: dict[str, Any] = {name: ObligationProgress._meta.get_field(name) for name in slots}
        days = [
            prepare["as_of"].get_db_prep_save(start + timedelta(days=d), connection)
            for d in range(span)
        ]
        current = [prepare["is_current"].get_db_prep_save(flag, connection) for flag in (0, 1)]
        seed = rng.random()
        where = {name: columns.index(prepare[name].column) for name in slots}
        written = 0
        last_report = 0
        rows: list[list[object]] = []
        started = time.perf_counter()
        with connection.cursor() as cursor:
            insert = self._writer(cursor, columns)
            for p in participants:
                for obligation_id in obligations:
                    offsets = sorted(rng.sample(range(span), k=per_pair))
                    statuses = _history(random.Random(f"{seed}-{p.pk}-{obligation_id}"), per_pair)
                    for i, offset in enumerate(offsets):
                        row = template.copy()
                        row[where["participant"]] = p.pk
                        row[where["obligation"]] = obligation_id
                        row[where["as_of"]] = days[offset]
                        row[where["status"]] = statuses[i]
                        # The write path keeps one current row per pair: the latest.
                        row[where["is_current"]] = current[i == per_pair - 1]
                        rows.append(row)
                if len(rows) >= BATCH:
                    insert(rows)
                    written += len(rows)
                    rows.clear()
                    if written - last_report >= 100_000:
                        last_report = written
                        rate = written / (time.perf_counter() - started)
                        self.stderr.write(f"{written:,}/{total:,} assessments ({rate:,.0f}/s)")
            insert(rows)
        return written + len(rows)

    @staticmethod
    def _row_template() -> tuple[list[str], list[object], tuple[str, ...]]:
        """The table's columns (all but the primary key), a row of the values every synthetic
        assessment shares, prepared for this database, and the fields that vary per row."""
        now = timezone.now()
        model = ObligationProgress(
            evidence_title="Synthetic Act",
            assessed_by=MARK,
            review_state=ReviewState.VERIFIED,
            verified_at=now,
        )
        fields = [f for f in ObligationProgress._meta.concrete_fields if not f.primary_key]
        columns = [str(f.column) for f in fields]
        template = [f.get_db_prep_save(f.pre_save(model, add=True), connection) for f in fields]
        return columns, template, ("participant", "obligation", "as_of", "status", "is_current")

    @staticmethod
    def _writer(cursor, columns: list[str]):
        """A function that inserts a list of rows: COPY on PostgreSQL, executemany elsewhere."""
        table = connection.ops.quote_name(ObligationProgress._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if connection.vendor == "postgresql":

            def copy(rows: list[list[object]]) -> None:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                    for row in rows:
                        stream.write_row(row)

            return copy
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        return lambda rows: cursor.executemany(sql, rows) if rows else None


def _history(rng: random.Random, length: int) -> list[str]:
    """The statuses of one pair's ``length`` assessments, oldest first: from "not started" up
    to where the pair stands today (or "not applicable" throughout). ``rng`` is the pair's own,
    so a database with one assessment per pair shows the same current statuses as one with
    eighty: the small and the large benchmark databases then render the same pages."""
    if rng.random() < NOT_APPLICABLE_SHARE:
        return ["not_applicable"] * length
    today = STAGES.index(rng.choices(list(TODAY_WEIGHTS), weights=list(TODAY_WEIGHTS.values()))[0])
    return [STAGES[today * (i + 1) // length] for i in range(length)]
