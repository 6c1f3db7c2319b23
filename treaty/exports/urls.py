"""Export routes (namespace "exports"), under /api/v1/exports/.

``exports:export`` takes (resource, format), ``exports:panel`` takes (shape, format),
``exports:datapackage`` describes them all; anything else is a 404.
"""

from django.urls import path, re_path

from treaty.exports import datapackage, views
from treaty.exports.depositary import depositary_export

app_name = "exports"

urlpatterns = [
    # The Frictionless data package describing every export below (treaty.exports.datapackage).
    path("datapackage.json", datapackage.datapackage, name="datapackage"),
    re_path(
        r"^(?P<resource>participants|actions|assessments|domestic-steps|laws|mappings|indicator-values)"
        r"\.(?P<fmt>csv|json|xlsx)$",
        views.export,
        name="export",
    ),
    re_path(
        r"^panel-(?P<shape>long|wide)\.(?P<fmt>csv|json|xlsx)$",
        views.panel,
        name="panel",
    ),
    # The depositary's status table, in its own layout (treaty.exports.depositary).
    re_path(r"^depositary\.(?P<fmt>csv|xlsx)$", depositary_export, name="depositary"),
]
