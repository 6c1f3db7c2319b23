"""Export routes (namespace "exports")."""

app_name = "exports"

urlpatterns: list = []
