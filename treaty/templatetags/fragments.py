"""Small HTML fragments: a badge, a progress bar, a day, a piece of evidence, who verified a
record. Templates reach them through the tags of ``treaty.templatetags.tracker``; the long
tables' bodies (``treaty.templatetags.tables``) call them directly. The pages (treaty.views)
build no HTML: they hand these functions data."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from treaty.days import day_text
from treaty.models.laws import provision_url
from treaty.views.common import STATUS_LABELS
from treaty.vocabulary import STAGE_LABELS

if TYPE_CHECKING:
    from treaty.models import ObligationProgress
    from treaty.scorecard import CategoryScore


def badge(kind: str, value: str, label: Any) -> SafeString:
    """A short coloured label whose text carries the meaning (colour only repeats it)."""
    return format_html('<span class="badge {}-{}">{}</span>', kind, value, label)


# The fragments below are memoized per language: a table draws thousands of them, most alike
# (a badge, "0 / 27", a dash), and what costs is the translation lookups and number and date
# formatting, not the markup. The tables' tags read the language once and pass it
# (``language=``); the tags of ``tracker`` let it be read here.


def bar(done: int, total: int, *, label: str = "", language: str | None = None) -> SafeString:
    """A progress bar with its numbers written next to it ("3 / 10"); the bar itself is
    decoration (``aria-hidden``), the text is what assistive technology reads."""
    return _bar(language or get_language(), done, total, str(label))


@lru_cache(maxsize=4096)
def _bar(language: str | None, done: int, total: int, label: str) -> SafeString:
    if not total:
        return format_html('<span class="score score-none">{}</span>', _("none"))
    share = round(100 * done / total)
    return format_html(
        '<span class="score"><span class="bar" aria-hidden="true">'
        '<span class="bar-fill" style="inline-size: {}%"></span></span>'
        '<span class="score-text">{}{} / {}</span></span>',
        share,
        format_html('<span class="visually-hidden">{} </span>', label) if label else "",
        number_format(done),
        number_format(total),
    )


def not_assessed(label: Any = "", *, language: str | None = None) -> SafeString:
    """A dash where a score would be, for nothing assessed: no "0 / n" bar. Assistive
    technology reads what the dash means."""
    return _not_assessed(language or get_language(), str(label))


@lru_cache(maxsize=256)
def _not_assessed(language: str | None, label: str) -> SafeString:
    return format_html(
        '<span class="score score-none">—<span class="visually-hidden"> {}</span></span>',
        _("%(label)s: not assessed") % {"label": label} if label else _("not assessed"),
    )


def score_bar(
    score: CategoryScore | None, label: Any = "", *, language: str | None = None
) -> SafeString:
    """The mandatory-aligned bar of a category score, or a dash when nothing in it is
    assessed."""
    if score is None or not score.has_assessment:
        return not_assessed(label, language=language)
    return bar(score.mandatory_aligned, score.mandatory, label=label, language=language)


def day(value: date | None, empty: str = "—", *, language: str | None = None) -> SafeString:
    """A date in the active language, machine-readable in ``<time>``."""
    if value is None:
        return format_html("{}", empty)
    return _day(language or get_language(), value)


@lru_cache(maxsize=4096)
def _day(language: str | None, value: date) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value))


def day_or_range(
    value: date | None,
    earliest: date | None = None,
    empty: str = "—",
    *,
    language: str | None = None,
) -> SafeString:
    """``day``, or a range of days said as such ("25 or 26 October 2025 (the exact day is not
    confirmed)", ``treaty.days``): only an exact day is machine-readable in ``<time>``."""
    if value and earliest:
        return format_html('<span class="date-range">{}</span>', day_text(value, earliest))
    return day(value or None, empty, language=language)


def stage_badge(stage: str, *, language: str | None = None) -> SafeString:
    return _badge(language or get_language(), "stage", str(stage))


def status_badge(status: str, *, language: str | None = None) -> SafeString:
    return _badge(language or get_language(), "status", status)


@lru_cache(maxsize=256)
def _badge(language: str | None, kind: str, value: str) -> SafeString:
    labels = STAGE_LABELS if kind == "stage" else STATUS_LABELS
    return badge(kind, value, labels.get(value, value))


def evidence(assessment: ObligationProgress | None) -> SafeString:
    """The law or measure, linked to where it can be read, with its citation and adoption,
    then the provisions it cites (when prefetched as ``cited_provisions``)."""
    cited = getattr(assessment, "cited_provisions", None) or []
    text = _evidence_text(assessment)
    if not cited:
        return text
    provisions = format_html(
        '<ul class="cited-provisions" aria-label="{}">{}</ul>',
        _("Provisions cited"),
        format_html_join("", "<li>{}</li>", ((_provision(p),) for p in cited)),
    )
    if assessment is None or not (assessment.evidence_title or assessment.evidence_url):
        return provisions
    return format_html("{}{}", text, provisions)


def _auto() -> SafeString:
    """``dir="auto"`` for a name of the data (a law, a piece of evidence, often in Latin
    letters) in a right-to-left page, so that the sentence around it keeps its order."""
    return mark_safe(' dir="auto"') if get_language_bidi() else mark_safe("")  # noqa: S308


def _provision(provision: Any) -> SafeString:
    """A cited provision: its law's title and its reference, linked to the provision or else
    to the law's official text."""
    label = format_html("{}, {}", provision.law.title, provision.reference)
    url = provision_url(provision)
    if not url:
        return label
    return format_html('<a href="{}" rel="external"{}>{}</a>', url, _auto(), label)


def _evidence_text(assessment: ObligationProgress | None) -> SafeString:
    if assessment is None or not (assessment.evidence_title or assessment.evidence_url):
        return format_html("{}", "—")
    title = assessment.evidence_title or _("Evidence")
    linked = (
        format_html('<a href="{}" rel="external"{}>{}</a>', assessment.evidence_url, _auto(), title)
        if assessment.evidence_url
        else format_html("{}", title)
    )
    details = [
        format_html("{}", assessment.evidence_citation) if assessment.evidence_citation else "",
        format_html("{} {}", _("adopted on"), day(assessment.evidence_adopted_on))
        if assessment.evidence_adopted_on
        else "",
    ]
    details = [d for d in details if d]
    if not details:
        return linked
    return format_html(
        '{} <span class="note">{}</span>',
        linked,
        format_html_join("; ", "{}", ((d,) for d in details)),
    )


def verified(record: Any) -> SafeString:
    """ "Verified on 3 February 2026 by the editorial team": when a public fact was published,
    and that a member of the editorial team did it. Public pages name roles, never an account
    (neither its username nor the names an administrator typed in). Reference data loaded
    from the shared sources carry the day only."""
    if record is None or record.verified_at is None:
        return format_html("{}", "")
    when = day(timezone.localdate(record.verified_at))
    if record.verified_by_id is None:
        return format_html('<span class="verified">{} {}</span>', _("Verified on"), when)
    return format_html(
        '<span class="verified">{} {} {}</span>',
        _("Verified on"),
        when,
        _("by the editorial team"),
    )
