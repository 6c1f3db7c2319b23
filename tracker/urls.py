"""Root URLs: public pages at /, the admin, the API under /api/v1/, exports and Atom feeds."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/exports/", include("treaty.exports.urls", namespace="exports")),
    path("api/v1/", include("treaty.api.urls", namespace="api")),
    path("feeds/", include("treaty.feeds", namespace="feeds")),
    path("", include("treaty.urls")),
]
