"""The admin's login form, with the username's length checked before anyone tries it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class BoundedLoginForm(AdminAuthenticationForm):
    """Django's form sets the username's ``max_length`` after the field is built, so no
    validator checks it: a 300-character username reached ``authenticate()`` and the login
    lockout's table (255 characters on PostgreSQL), a 500. Here it is a form error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields["username"])
        field.validators.append(MaxLengthValidator(field.max_length))
