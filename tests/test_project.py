"""Project smoke tests: migrations, settings, and every page that needs no argument."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tracker.env import env_bool, env_int, env_list, env_secret

PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-" + "k3y" * 20,
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS")],
)
def test_production_settings_refuse_to_boot_without_a_required_value(missing, message):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_malformed_boolean_stops_the_boot_with_a_message(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe' is not a boolean"):
        env_bool("SOME_FLAG", default=False)


def test_env_helpers_read_numbers_lists_and_secret_files(monkeypatch, tmp_path):
    monkeypatch.setenv("A_NUMBER", "12")
    monkeypatch.setenv("A_LIST", " a.org, ,b.org ")
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("A_SECRET_FILE", str(secret))
    monkeypatch.setenv("A_SECRET", "from-the-variable")
    assert env_int("A_NUMBER", default=0) == 12
    assert env_list("A_LIST", default="") == ["a.org", "b.org"]
    assert env_secret("A_SECRET", default="") == "from-a-file"
    monkeypatch.setenv("A_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("A_NUMBER", default=0)


def _argless_page_names() -> list[str]:
    """Named public pages (namespace "treaty") whose URL takes no argument."""
    resolver = get_resolver().namespace_dict["treaty"][1]
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            names.append(f"treaty:{entry.name}")
        assert not isinstance(entry, URLResolver) or entry.namespace
    return sorted(names)


@pytest.mark.django_db
@pytest.mark.parametrize("name", _argless_page_names())
def test_every_page_without_arguments_renders_with_one_heading(client, treaty, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1
