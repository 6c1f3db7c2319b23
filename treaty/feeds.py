"""Atom feeds of treaty actions (namespace "feeds")."""

app_name = "feeds"

urlpatterns: list = []
