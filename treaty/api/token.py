"""The API token endpoint: a user's username and password in, their token out."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treaty.api.schema import ERROR
from treaty.api.write_serializers import StrictJsonTypes

# No password is this long; bounding it keeps a huge body from costing a slow hash.
PASSWORD_MAX_LENGTH = 4096


class CredentialsSerializer(StrictJsonTypes, AuthTokenSerializer):
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
        400: OpenApiResponse(
            response=ERROR,
            description="A field is missing or too long: each is named with what to fix.",
        ),
        401: OpenApiResponse(response=ERROR, description="Wrong username or password."),
        429: OpenApiResponse(
            response=ERROR,
            description="Locked out after repeated failures for this username and address.",
        ),
    },
)
class TokenView(ObtainAuthToken):
    # No session or token needed to ask for a token; CSRF does not apply to this form post.
    authentication_classes: list = []
    serializer_class = CredentialsSerializer
    # ObtainAuthToken names its own parsers: use the API's (deep JSON is a 400).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # type: ignore[assignment]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError as exc:
            if exc.get_codes() != {api_settings.NON_FIELD_ERRORS_KEY: ["authorization"]}:
                raise
            if getattr(request, "axes_locked_out", False):
                # django-axes refused even to check the password: too many failures.
                hours = settings.AXES_COOLOFF_TIME
                return Response(
                    {
                        "detail": "Too many failed logins for this username from your address: "
                        f"try again in {hours} hour(s)."
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(int(hours * 3600))},
                )
            # Wrong credentials: the request was well formed, the client is not who it says.
            return Response(
                {"detail": "Unable to log in with provided credentials."},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": "Token"},
            )
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
