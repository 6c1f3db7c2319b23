"""The size of the app's modules: past about 500 lines a module is split into a package of
modules named for what they hold; and the pages (treaty/views/) assemble no HTML. (The import contracts and the types are checked by
`make architecture`, part of `make test`: import-linter and mypy, configured in pyproject.toml.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import treaty

# The sources' sizes: CI's PostgreSQL pass skips them (pyproject.toml, engine_independent).
pytestmark = pytest.mark.engine_independent

MOST_LINES = 500
APP = Path(treaty.__file__).parent

# Modules still over the limit, each being split: remove a line once its module is.
BEING_SPLIT: set[str] = set()


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _modules() -> dict[str, int]:
    return {
        path.relative_to(APP).as_posix(): _lines(path)
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts
    }


def test_no_module_of_the_app_is_over_500_lines():
    over = {name: lines for name, lines in _modules().items() if lines > MOST_LINES}

    assert set(over) - BEING_SPLIT == set(), f"split these modules into packages: {over}"


def test_the_modules_being_split_are_still_listed_only_while_over_the_limit():
    modules = _modules()

    done = {name for name in BEING_SPLIT if modules.get(name, 0) <= MOST_LINES}

    assert done == set(), f"no longer over {MOST_LINES} lines: remove from BEING_SPLIT: {done}"


# The pages build no HTML: markup lives in templates, or in template tags
# (treaty/templatetags/) where a template loop would be too slow. These names are how Python
# assembles HTML that a template prints unescaped.
HTML_BUILDERS = {"format_html", "format_html_join", "mark_safe", "SafeString", "SafeText"}


def _html_builders_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found |= {alias.name for alias in node.names} & HTML_BUILDERS
        elif isinstance(node, ast.Attribute) and node.attr in HTML_BUILDERS:
            found.add(node.attr)
    return found


def test_no_page_module_imports_what_builds_html():
    views = APP / "views"

    building = {
        path.relative_to(APP).as_posix(): sorted(names)
        for path in views.rglob("*.py")
        if (names := _html_builders_imported(path))
    }

    assert building == {}, f"move this markup into templates or template tags: {building}"


def test_the_html_check_finds_an_import_of_format_html(tmp_path):
    module = tmp_path / "page.py"
    module.write_text(
        "from django.utils.html import format_html as f\n"
        "import django.utils.safestring\n"
        "x = django.utils.safestring.mark_safe('<b>')\n",
        encoding="utf-8",
    )

    assert _html_builders_imported(module) == {"format_html", "mark_safe"}
