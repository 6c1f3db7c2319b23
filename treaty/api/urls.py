"""API routes (namespace "api")."""

app_name = "api"

urlpatterns: list = []
