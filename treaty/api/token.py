"""The API token endpoint: a user's username and password in, their token out."""

from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings

# No password is this long; bounding it keeps a huge body from costing a slow hash.
PASSWORD_MAX_LENGTH = 4096


class CredentialsSerializer(AuthTokenSerializer):
    """Credentials checked for length before anyone tries them: a username longer than any
    user's is a 400 here, before the login lockout records a failure under it (its table holds
    255 characters on PostgreSQL)."""

    username = serializers.CharField(
        label="Username",
        write_only=True,
        validators=[MaxLengthValidator(get_user_model()._meta.get_field("username").max_length)],
    )
    password = serializers.CharField(
        label="Password",
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        validators=[MaxLengthValidator(PASSWORD_MAX_LENGTH)],
    )


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
    serializer_class = CredentialsSerializer
    # ObtainAuthToken names its own parsers: use the API's (deep JSON is a 400).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
