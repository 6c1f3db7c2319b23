"""The API's front door, ``/api/v1/``.

A browser gets a page of the site (its template, language and navigation): what the API offers,
where its documentation is, the exports and the data package that describes them. A program
asking for JSON (``Accept: application/json``, ``?format=json``, or no preference) gets the
index DRF's router gives, ``{"resource": "address"}``, with the documentation, the schema and
the data package in ``Link`` headers (RFC 8288: ``service-doc``, ``service-desc``,
``describedby``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import routers
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from treaty.exports.views import RESOURCES as EXPORTS

PANELS = ("long", "wide")
FORMATS = ("csv", "json", "xlsx")


class SitePageRenderer(TemplateHTMLRenderer):
    """HTML for browsers, in the site's own template (not DRF's browsable API)."""

    template_name = "api/root.html"


class ApiRootView(routers.APIRootView):
    """The API's resources, documentation, exports and data package."""

    renderer_classes = [JSONRenderer, SitePageRenderer]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        index = super().get(request, *args, **kwargs)
        links = {
            "service-doc": reverse("api:swagger-ui"),
            "service-desc": reverse("api:schema"),
            "describedby": reverse("exports:datapackage"),
        }
        headers = {
            "Link": ", ".join(
                f'<{request.build_absolute_uri(url)}>; rel="{rel}"' for rel, url in links.items()
            )
        }
        if not isinstance(request.accepted_renderer, SitePageRenderer):
            return Response(index.data, headers=headers)
        return Response(root_page_context(index.data), headers=headers)


def root_page_context(resources: dict[str, str]) -> dict[str, Any]:
    exports = [
        (name, [(fmt, reverse("exports:export", args=[name, fmt])) for fmt in FORMATS])
        for name in EXPORTS
    ]
    exports += [
        (f"panel-{shape}", [(fmt, reverse("exports:panel", args=[shape, fmt])) for fmt in FORMATS])
        for shape in PANELS
    ]
    # The status table in the depositary's layout: CSV and XLSX only (a print layout, not a
    # JSON resource; the data package leaves it out and says why).
    exports.append(
        (
            "depositary",
            [(fmt, reverse("exports:depositary", args=[fmt])) for fmt in ("csv", "xlsx")],
        )
    )
    return {
        "resources": list(resources.items()),
        "exports": exports,
        "schema_url": reverse("api:schema"),
        "swagger_url": reverse("api:swagger-ui"),
        "redoc_url": reverse("api:redoc"),
        "token_url": reverse("api:token"),
        "datapackage_url": reverse("exports:datapackage"),
        "page_title": "API",
    }
