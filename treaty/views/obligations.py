"""The obligations catalogue, one obligation, one article: who stands where on each. Who is
listed, their statuses and the tables' rows are built by pure functions in
``treaty.views.obligation_rows``."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import Article, Obligation, ObligationProgress, Participant, Treaty
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    NO_ASSESSMENT,
    STATUS_LABELS,
    STATUS_ORDER,
    STRENGTH_WORDS,
    article_numbers,
    articles_text,
    get_or_404,
    page_context,
    with_as_of,
)
from treaty.views.laws import mapped_laws_section
from treaty.views.obligation_rows import (
    STATUS_RANK,
    matrix_rows,
    participant_rows,
    standing,
    status_of,
    status_summary,
)


@cached_page
@parse_as_of
def obligation_list(request: HttpRequest, slug: str, *, at: date | None) -> HttpResponse:
    """Every obligation of the treaty by category, with how many participants stand where.

    Five queries: the treaty, the obligations (with their articles' numbers), the
    assessments' counts by obligation and status, and for the joining obligation (whose status
    follows the record) the engine's rows and the participants."""
    treaty = get_or_404(
        Treaty.objects, _("No treaty has the identifier “%(slug)s”.") % {"slug": slug}, slug=slug
    )
    context = page_context(request, at, treaty=treaty, page_title=_("Obligations"))
    obligations = list(
        treaty.obligations.annotate(article_numbers=article_numbers()).order_by("position", "code")
    )
    counts: dict[int, Counter[str]] = {o.pk: Counter() for o in obligations}
    for row in ObligationProgress.objects.published().at(at).of_treaty(treaty).scorecard_rows():
        counts[row.obligation_id][row.status] += 1
    joining = [o for o in obligations if scorecard.follows_record(o.category)]
    if joining:
        status = treaty.status_on(context["day"])
        by_stage = Counter(
            scorecard.joining_status(status.stage_of(iso3))
            for iso3 in Participant.objects.values_list("iso3", flat=True)
        )
        for o in joining:
            counts[o.pk] = by_stage
    # "Denounced" is a status of the joining obligation only: a column only when someone is.
    shown = [
        s
        for s in STATUS_ORDER
        if s != scorecard.NOT_ASSESSED
        and (s != scorecard.DENOUNCED or any(c[s] for c in counts.values()))
    ]
    # An obligation nobody is assessed on shows a dash, not a row of zeros; with none
    # assessed at all, the page says so (the joining obligation follows the record).
    assessed = {
        o.pk for o in obligations if scorecard.follows_record(o.category) or counts[o.pk].total()
    }
    groups = []
    for category in CATEGORY_ORDER:
        members = [o for o in obligations if o.category == category]
        if members:
            groups.append(
                {
                    "label": CATEGORY_LABELS[category],
                    "rows": [
                        {
                            "obligation": o,
                            "url": with_as_of(o.get_absolute_url(), at),
                            "articles": articles_text(o.article_numbers),
                            "strength": STRENGTH_WORDS.get(o.strength, o.strength),
                            "counts": [counts[o.pk][s] for s in shown]
                            if o.pk in assessed
                            else None,
                        }
                        for o in members
                    ],
                }
            )
    context.update(
        groups=groups,
        statuses=[(s, STATUS_LABELS[s]) for s in shown],
        obligation_count=len(obligations),
        no_assessment=""
        if any(not scorecard.follows_record(o.category) for o in obligations if o.pk in assessed)
        else NO_ASSESSMENT,
        api_filters=with_as_of("", at, treaty=treaty.slug),
    )
    return render(request, "treaty/obligation_list.html", context)


@cached_page
@parse_as_of
def obligation_detail(
    request: HttpRequest, slug: str, code: str, *, at: date | None
) -> HttpResponse:
    """One obligation and every listed participant's status on it, best first.

    Five queries: the obligation with its treaty, its articles, the engine's rows, the
    participants, the assessments of this obligation."""
    obligation = get_or_404(
        Obligation.objects.select_related("treaty").prefetch_related(
            Prefetch("articles", queryset=Article.objects.select_related("chapter", "treaty"))
        ),
        _("No obligation has the code “%(code)s” in this treaty.") % {"code": code},
        treaty__slug=slug,
        code=code,
    )
    treaty = obligation.treaty
    context = page_context(
        request, at, treaty=treaty, obligation=obligation, page_title=obligation.title
    )
    status = treaty.status_on(context["day"])
    participants = list(Participant.objects.all())
    assessments = {
        (a.participant_id, a.obligation_id): a
        for a in ObligationProgress.objects.published().at(at).filter(obligation=obligation)
    }
    listed = standing(participants, status, assessments, [obligation])

    def rank(p: Participant) -> tuple[int, str]:
        return (STATUS_RANK[status_of(p, obligation, assessments, status)], p.localized_name())

    listed.sort(key=rank)
    # Nobody assessed on it (and its status does not follow the record): say so rather than
    # list every participant as not assessed.
    unassessed = not assessments and not scorecard.follows_record(obligation.category)
    context.update(
        no_assessment=NO_ASSESSMENT if unassessed else "",
        articles=list(obligation.articles.all()),
        category_label=CATEGORY_LABELS.get(obligation.category, obligation.category),
        strength_label=obligation.get_strength_display(),
        summary=[] if unassessed else status_summary(listed, assessments, obligation, status),
        rows=participant_rows(listed, status, assessments, obligation, at),
        listed_count=0 if unassessed else len(listed),
        api_filters=with_as_of("", at, obligation=obligation.code, treaty=treaty.slug),
        # National laws mapped to it: two queries (treaty.views.laws).
        **mapped_laws_section(request, at, participants, obligation=obligation),
    )
    return render(request, "treaty/obligation_detail.html", context)


@cached_page
@parse_as_of
def article_detail(
    request: HttpRequest, slug: str, number: int, *, at: date | None
) -> HttpResponse:
    """One article, the obligations tracked under it, and each listed participant's status
    on each of them.

    Five queries: the article with its treaty and chapter, its obligations, the engine's
    rows, the participants, the assessments of those obligations."""
    article = get_or_404(
        Article.objects.select_related("treaty", "chapter"),
        _("This treaty has no article %(number)s.") % {"number": number},
        treaty__slug=slug,
        number=number,
    )
    treaty = article.treaty
    context = page_context(request, at, treaty=treaty, article=article, page_title=str(article))
    obligations = list(article.obligations.select_related("treaty").order_by("position", "code"))
    status = treaty.status_on(context["day"])
    participants = list(Participant.objects.all())
    assessments = {
        (a.participant_id, a.obligation_id): a
        for a in ObligationProgress.objects.published().at(at).filter(obligation__in=obligations)
    }
    listed = sorted(
        standing(participants, status, assessments, obligations),
        key=lambda p: p.localized_name(),
    )
    record_kept = any(scorecard.follows_record(o.category) for o in obligations)
    unassessed = bool(obligations) and not assessments and not record_kept
    context.update(
        no_assessment=NO_ASSESSMENT if unassessed else "",
        empty_note=NO_ASSESSMENT,
        obligations=[
            {
                "obligation": o,
                "url": with_as_of(o.get_absolute_url(), at),
                "category": CATEGORY_LABELS.get(o.category, o.category),
                "strength": o.get_strength_display(),
                "summary": status_summary(listed, assessments, o, status),
                # Nobody assessed on this one: a sentence, not a count of "not assessed".
                "unassessed": not scorecard.follows_record(o.category)
                and not any(ob == o.pk for _p, ob in assessments),
            }
            for o in obligations
        ],
        rows=matrix_rows(listed, status, assessments, obligations, at),
        listed_count=0 if unassessed else len(listed),
        api_filters=with_as_of(
            "", at, obligation=",".join(o.code for o in obligations), treaty=treaty.slug
        ),
        # National laws mapped to it: two queries (treaty.views.laws).
        **mapped_laws_section(request, at, participants, article=article),
    )
    return render(request, "treaty/article_detail.html", context)
