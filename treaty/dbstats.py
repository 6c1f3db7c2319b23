"""Keeping the query planner's statistics fresh after bulk loads."""

from django.db import connection


def analyze() -> None:
    """Refreshes the planner's statistics. SQLite has none until ANALYZE first runs, and without
    them it picks the review-state index and sorts whole tables (300-900 ms instead of under
    1 ms at a million assessments); PostgreSQL's autovacuum gets there late after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
