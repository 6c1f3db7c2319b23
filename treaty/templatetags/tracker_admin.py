"""Template tags of the admin's own pages."""

from __future__ import annotations

from typing import Any

from django import template

from treaty.admin.queue import QueueRow, review_queue

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_review_queue(context: dict[str, Any]) -> list[QueueRow]:
    """The signed-in user's review queue (see ``treaty.admin.queue``)."""
    return review_queue(context["request"])


@register.filter
def queue_total(queue: list[QueueRow]) -> int:
    return sum(row.total for row in queue)
