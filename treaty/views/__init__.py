"""Public HTML pages: server-rendered, readable without JavaScript, every one with ``?as_of=``.

Function views that read like prose: parse the request, call named QuerySet methods and the
pure engine and scorecard, build an explicit context, render. One module per group of pages.
"""

from treaty.views.country_detail import country_detail
from treaty.views.country_list import country_list
from treaty.views.dashboard import home, treaty_detail
from treaty.views.depositary import depositary_table
from treaty.views.laws import law_list
from treaty.views.obligations import article_detail, obligation_detail, obligation_list
from treaty.views.text import convention_text

__all__ = [
    "article_detail",
    "country_detail",
    "convention_text",
    "country_list",
    "depositary_table",
    "home",
    "law_list",
    "obligation_detail",
    "obligation_list",
    "treaty_detail",
]
