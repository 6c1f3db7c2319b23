"""Root URLs: public pages at /, the admin, the API under /api/v1/, exports and Atom feeds."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    # Without CSRF: the public pages are cached and shared by every visitor, so they carry no
    # per-visitor token; a forged request could only change someone's display language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/exports/", include("treaty.exports.urls", namespace="exports")),
    path("api/v1/", include("treaty.api.urls", namespace="api")),
    path("feeds/", include("treaty.feeds", namespace="feeds")),
    path("", include("treaty.urls")),
]
