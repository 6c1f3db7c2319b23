"""Public pages (namespace "treaty"), each under a language prefix (``/fr/countries/VNM/``; the
prefixes are set in tracker/urls.py). Participants are addressed by ISO alpha-3, any case."""

from django.urls import path

from treaty import views
from treaty.views import embed
from treaty.views.breakdowns import breakdowns_page
from treaty.views.compare import compare
from treaty.views.methodology import methodology

app_name = "treaty"

urlpatterns = [
    path("", views.home, name="home"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("laws/", views.law_list, name="law-list"),
    path("compare/", compare, name="compare"),
    path("breakdowns/", breakdowns_page, name="breakdowns"),
    path("methodology/", methodology, name="methodology"),
    # Views other sites may frame (and only these): treaty.views.embed.
    path("embed/countries/<str:code>/", embed.country_badge, name="embed-country"),
    path("embed/treaty/", embed.treaty_card, name="embed-treaty"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="treaty-detail"),
    path("treaties/<slug:slug>/obligations/", views.obligation_list, name="obligation-list"),
    path(
        "treaties/<slug:slug>/obligations/<slug:code>/",
        views.obligation_detail,
        name="obligation-detail",
    ),
    path(
        "treaties/<slug:slug>/articles/<int:number>/",
        views.article_detail,
        name="article-detail",
    ),
    # The depositary's status table (treaty.views.depositary).
    path(
        "treaties/<slug:slug>/status-table/",
        views.depositary_table,
        name="depositary-table",
    ),
    # The Convention's text: chapters and articles (treaty.views.text).
    path("treaties/<slug:slug>/text/", views.convention_text, name="convention-text"),
]
