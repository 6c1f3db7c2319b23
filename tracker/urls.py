"""Root URLs. The public pages and the Atom feeds live under a language prefix (``/en/``,
``/fr/``, ``/es/``, ``/ar/``, ``/ru/``, ``/zh-hans/``; ``i18n_patterns``), so a page in a
language has an address of its own. The admin, the API under ``/api/v1/`` and the exports stay
unprefixed: they follow ``Accept-Language``.

The root ``/`` redirects to the dashboard in the reader's language (``treaty.views.languages``);
any other address without a prefix that names a page (``/countries/VNM/?as_of=…``, from before
the prefixes) is redirected by Django's ``LocaleMiddleware`` to the same page, query string
kept, in the language it picks the same way: the ``Accept-Language`` header, else English.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from treaty.views.languages import chinese_alias, language_root

urlpatterns = [
    path("", language_root, name="language-root"),
    # The issue and people say /zh/; the language is Simplified Chinese, /zh-hans/.
    re_path(r"^zh(?:/(?P<rest>.*))?$", chinese_alias),
    path("admin/", admin.site.urls),
    path("api/v1/exports/", include("treaty.exports.urls", namespace="exports")),
    path("api/v1/", include("treaty.api.urls", namespace="api")),
    *i18n_patterns(
        path("feeds/", include("treaty.feeds", namespace="feeds")),
        path("", include("treaty.urls")),
        prefix_default_language=True,
    ),
]
