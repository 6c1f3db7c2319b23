"""API routes (namespace "api"), mounted at /api/v1/: the resources on a DefaultRouter, the
OpenAPI schema and its two readers (Swagger UI and Redoc, served from the sidecar's static
files, no CDN)."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from treaty.api import laws, views
from treaty.api.domestic import DomesticStepViewSet
from treaty.api.root import ApiRootView
from treaty.api.token import TokenView

app_name = "api"

# No format-suffix routes (".json"): `?format=json` or the Accept header choose the format, and
# the schema lists each operation once.
router = DefaultRouter()
router.include_format_suffixes = False
# The front door: a page of the site for browsers, the JSON index for programs.
router.APIRootView = ApiRootView
router.register("treaties", views.TreatyViewSet, basename="treaty")
router.register("chapters", views.ChapterViewSet, basename="chapter")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("participants", views.ParticipantViewSet, basename="participant")
router.register("actions", views.ActionViewSet, basename="action")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("domestic-steps", DomesticStepViewSet, basename="domestic-step")
router.register("laws", laws.LawViewSet, basename="law")
router.register("provisions", laws.ProvisionViewSet, basename="provision")
router.register("mappings", laws.MappingViewSet, basename="mapping")
router.register("indicator-values", laws.IndicatorValueViewSet, basename="indicator-value")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The "split" view serves its script from a URL instead of inline, as the CSP requires.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger-ui"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    # Last: any other path, any method, gets a JSON 404 (a GET of a route without its
    # trailing slash is redirected to it).
    re_path(r"^.*$", views.not_found),
]
