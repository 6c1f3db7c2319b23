"""The API token endpoint: a user's username and password in, their token out."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken


@extend_schema(
    summary="Get your API token",
    description=(
        "Exchanges a username and password for the user's API token; send it afterwards as "
        "`Authorization: Token <token>`. Repeated failures for one username from one address "
        "lock that pair out for an hour."
    ),
    tags=["auth"],
    examples=[
        OpenApiExample(
            "Credentials", value={"username": "editor", "password": "…"}, request_only=True
        )
    ],
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        400: OpenApiResponse(description="Wrong credentials, or locked out after failures."),
    },
)
class TokenView(ObtainAuthToken):
    # No session or token needed to ask for a token; CSRF does not apply to this form post.
    authentication_classes: list = []
