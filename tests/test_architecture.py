"""The size of the app's modules: past about 500 lines a module is split into a package of
modules named for what they hold. (The import contracts and the types are checked by
`make architecture`, part of `make test`: import-linter and mypy, configured in pyproject.toml.)"""

from __future__ import annotations

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
