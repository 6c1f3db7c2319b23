"""Every language the site offers has a complete catalogue, and its compiled .mo matches the .po.

A catalogue fails this test when a message is untranslated or fuzzy (a guess by msgmerge that
nobody checked), when a translation drops or invents a placeholder, or when its .mo was not
recompiled after the .po changed. Offering a language and showing English is worse than not
offering it, so every language in ``settings.LANGUAGES`` but the source language is checked.
After ``manage.py makemessages -a``, translate, then ``manage.py compilemessages``.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

# The catalogues are files: CI's PostgreSQL pass skips them (pyproject.toml, engine_independent).
pytestmark = pytest.mark.engine_independent

LOCALE = Path(__file__).resolve().parent.parent / "locale"
# Catalogue directories by Django's locale names: "zh-hans" lives in locale/zh_Hans/.
COMPLETE = [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# %(name)s, %s, %d, %% and {name}: what Python or a template fills in at run time.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|%%|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included, obsolete (#~) ones left out.

    Enough of the format for what makemessages writes: flags, msgctxt, msgid, msgid_plural,
    msgstr and msgstr[n], each possibly continued on following "..." lines."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # the keyword a continuation line belongs to
    started = False

    def finish() -> None:
        nonlocal entry, target, started
        if started:
            entries.append(entry)
        entry, target, started = Entry(), None, False

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if started and target is not None and target[0] == "msgstr":
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # comments, references, previous msgids (#|) and obsolete entries (#~)
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()  # a new entry without a blank line before it
            started = True
            index = 0
            if keyword.startswith("msgstr["):
                index = int(keyword[7:-1])
                keyword = "msgstr"
            target = (keyword, index)
            if keyword == "msgstr":
                entry.msgstr[index] = ""
            _append(entry, target, ast.literal_eval(rest))
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int] | None, text: str) -> None:
    keyword, index = target or ("", 0)
    if keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif keyword == "msgstr":
        entry.msgstr[index] += text


def messages(language: str) -> list[Entry]:
    """The catalogue's messages, without its header."""
    return [e for e in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po") if e.msgid]


def nplurals(language: str) -> int:
    header = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")[0].msgstr[0]
    found = re.search(r"nplurals\s*=\s*(\d+)", header)
    assert found, f"{language}: the header has no Plural-Forms line"
    return int(found.group(1))


def single_number_forms(language: str) -> set[int]:
    """The plural forms used for exactly one number (Arabic's forms for 0, 1 and 2; the
    singular of most languages): a translation may spell that number out in words."""
    header = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")[0].msgstr[0]
    found = re.search(r"plural\s*=\s*([^;\\\n]+)", header)
    assert found, f"{language}: the header has no plural rule"
    rule = gettext.c2py(found.group(1))  # the stdlib's reader of gettext plural rules
    numbers: dict[int, list[int]] = {}
    for n in range(1000):
        numbers.setdefault(rule(n), []).append(n)
    return {form for form, those in numbers.items() if len(those) == 1}


def expected_catalog(language: str) -> dict:
    """What compiling the .po must give, keyed as gettext.GNUTranslations keys its catalogue."""
    catalog: dict = {}
    for entry in messages(language):
        if entry.fuzzy or not entry.translated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalog[key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                catalog[(key, index)] = text
    return catalog


def describe(entry: Entry) -> str:
    return repr(entry.msgid if len(entry.msgid) < 70 else entry.msgid[:67] + "...")


def test_the_po_parser_reads_what_makemessages_writes(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "Old"\nmsgid "A %(n)s "\n"long one"\n'
        'msgstr "Un %(n)s \\"long\\""\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgid_plural "Mays"\nmsgstr[0] "mai"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )
    header, first, second = parse_po(po)
    assert "nplurals=2" in header.msgstr[0]
    assert (first.msgid, first.msgstr, first.fuzzy) == (
        "A %(n)s long one",
        {0: 'Un %(n)s "long"'},
        True,
    )
    assert (second.msgctxt, second.msgid_plural, second.translated) == ("month", "Mays", False)


@pytest.mark.parametrize("language", COMPLETE)
def test_a_complete_catalogue_has_no_untranslated_or_fuzzy_message(language):
    entries = messages(language)
    assert entries, f"{language}: the catalogue has no message"
    fuzzy = [describe(e) for e in entries if e.fuzzy]
    untranslated = [describe(e) for e in entries if not e.fuzzy and not e.translated]
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy message(s) to check and unflag: {fuzzy}"
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated message(s): {untranslated}"
    )


@pytest.mark.parametrize("language", COMPLETE)
def test_every_plural_has_all_its_forms_and_translations_keep_their_placeholders(language):
    forms = nplurals(language)
    spelled_out = single_number_forms(language)
    problems = []
    for entry in messages(language):
        if entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(forms)):
            problems.append(
                f"{describe(entry)} has forms {sorted(entry.msgstr)}, needs 0..{forms - 1}"
            )
        if entry.fuzzy or not entry.translated:
            continue  # reported by the test above
        source = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for index, text in entry.msgstr.items():
            found = set(PLACEHOLDER.findall(text))
            # The singular ("Un problème…") and a form for one number only (Arabic's "قانونان",
            # two laws) may spell the number out and drop its placeholder; nothing else may go.
            spelled = entry.msgid_plural is not None and (index == 0 or index in spelled_out)
            missing = set() if spelled else source - found
            if found - source or missing:
                problems.append(
                    f"{describe(entry)} [{index}]: placeholders {sorted(found)}, source {sorted(source)}"
                )
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", COMPLETE)
def test_the_compiled_catalogue_matches_the_po(language):
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{language}: no django.mo; run manage.py compilemessages"
    with mo.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001 - stdlib reader
    compiled.pop("", None)  # the header
    expected = expected_catalog(language)
    stale = sorted(str(key) for key, text in expected.items() if compiled.get(key) != text)
    extra = sorted(str(key) for key in compiled.keys() - expected.keys())
    advice = f"{language}: django.mo is out of date with django.po; run manage.py compilemessages"
    assert not stale, f"{advice}: {len(stale)} message(s) missing or different, first: {stale[:5]}"
    assert not extra, f"{advice}: {len(extra)} message(s) no longer in the .po, first: {extra[:5]}"


@pytest.mark.parametrize("language", COMPLETE)
def test_msgfmt_accepts_the_catalogue(language):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed; the checks above still ran")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, f"{language}: msgfmt --check failed:\n{result.stderr}"
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr


def test_every_offered_language_is_checked():
    assert sorted(COMPLETE) == ["ar", "es", "fr", "ru", "zh_Hans"]


def test_django_serves_the_compiled_french_catalogue():
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    with translation.override("fr"):
        assert gettext("National laws") == "Lois nationales"
        assert gettext("domestic step") == "étape nationale"
        assert ngettext("%(n)s law.", "%(n)s laws.", 3) % {"n": 3} == "3 lois."


def test_the_catalogues_hold_every_message_the_code_and_templates_mark(tmp_path, settings):
    """A string marked for translation but never extracted shows in English on every page:
    ``makemessages`` run on a copy of the sources finds no message the catalogues lack."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is not installed; run makemessages by hand")
    from django.core.management import call_command

    root = LOCALE.parent
    for folder in ("treaty", "tracker", "templates"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    marked = {(e.msgctxt, e.msgid) for e in parse_po(tmp_path / "locale/fr/LC_MESSAGES/django.po")}
    for language in COMPLETE:
        held = {(e.msgctxt, e.msgid) for e in messages(language)}
        missing = sorted(msgid for _ctx, msgid in marked - held if msgid)
        assert not missing, (
            f"{language}: {len(missing)} marked message(s) not in the catalogue; run "
            f"manage.py makemessages -a and translate them: {missing[:5]}"
        )
