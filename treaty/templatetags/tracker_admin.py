"""Template tags of the admin's own pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

from treaty.admin.queue import QueueRow, review_queue

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_review_queue(context: dict[str, Any]) -> list[QueueRow]:
    """The signed-in user's review queue (see ``treaty.admin.queue``)."""
    return review_queue(context["request"])


@register.filter
def queue_total(queue: list[QueueRow]) -> int:
    return sum(row.total for row in queue)


@register.filter
def named_by_label(field: BoundField) -> str:
    """The field's widget named by its label: a tabular inline's cell has no ``<label>``, its
    column header is the only name it has."""
    widget = field.as_widget(attrs={"aria-label": str(field.label)})
    if field.field.show_hidden_initial:  # as str(field) renders it
        return widget + field.as_hidden(only_initial=True)
    return widget
