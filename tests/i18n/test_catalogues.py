"""Every language's catalogue is complete, well-formed and what the code and
templates ask for, and the compiled .mo the site reads is its .po.

These read the committed files and run GNU gettext (msgfmt, and xgettext
and msgmerge through makemessages), offline. To fix a failure: translate in
locale/<language>/LC_MESSAGES/django.po, then `make messages`."""

import gettext
import subprocess
from contextlib import chdir

import polib
import pytest
from babel import Locale
from django.core.management import call_command
from django.test import override_settings

from tests.i18n.catalogues import (
    LANGUAGES,
    ROOT,
    catalogue,
    makemessages_flags,
    mo_path,
    po_path,
)

FIX = "translate it in {po}, then run `make messages`"


def _listed(entries) -> str:
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


@pytest.fixture(params=LANGUAGES)
def language(request):
    if not po_path(request.param).exists():
        pytest.fail(
            f"No catalogue for {request.param!r} at {po_path(request.param)}: "
            "run `make messages`"
        )
    return request.param


def test_every_string_is_translated(language):
    untranslated = catalogue(language).untranslated_entries()
    assert not untranslated, (
        f"{len(untranslated)} untranslated string(s) in {language!r} "
        f"({FIX.format(po=po_path(language))}):\n" + _listed(untranslated[:50])
    )


def test_no_translation_is_fuzzy(language):
    fuzzy = catalogue(language).fuzzy_entries()
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy string(s) in {language!r}: check each translation "
        "and remove its `#, fuzzy` line:\n" + _listed(fuzzy)
    )


def test_no_string_is_obsolete(language):
    obsolete = catalogue(language).obsolete_entries()
    assert not obsolete, (
        f"{len(obsolete)} obsolete (#~) string(s) in {language!r}: "
        "`make messages` drops them:\n" + _listed(obsolete)
    )


def _integer_categories(language: str) -> dict[int, str]:
    """CLDR's plural category of each whole number that tells them apart."""
    rule = Locale.parse(language).plural_form
    numbers = [*range(0, 1001), 10**6, 2 * 10**6, 10**6 + 1]
    return {n: rule(n) for n in numbers}


def test_the_plural_forms_are_the_languages_own(language):
    """As many forms as the language has for whole numbers (ru: one, few,
    many; id: one form for all), and the header's formula picks the same
    form for the same numbers as CLDR's rule does."""
    header = catalogue(language).metadata.get("Plural-Forms", "")
    fields = dict(
        part.strip().split("=", 1) for part in header.split(";") if "=" in part
    )
    categories = _integer_categories(language)
    expected = len(set(categories.values()))
    assert int(fields.get("nplurals", 0)) == expected, (
        f"{language!r} has {expected} plural form(s) for whole numbers, "
        f"the catalogue says {header!r}"
    )
    formula = gettext.c2py(fields["plural"])
    pairs = {(formula(n), category) for n, category in categories.items()}
    assert len(pairs) == expected, (
        f"The plural formula of {language!r} ({fields['plural']}) does not "
        f"pick forms as CLDR does: {sorted(pairs)}"
    )


def test_placeholders_survive_translation(language):
    """msgfmt refuses a msgstr that drops or changes a msgid's %(name)s."""
    checked = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(po_path(language))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def _messages(entries) -> set:
    found = set()
    for entry in entries:
        if not entry.msgid:
            continue  # the header
        if entry.msgid_plural:
            forms = tuple(sorted(entry.msgstr_plural.items()))
            found.add((entry.msgctxt, entry.msgid, entry.msgid_plural, forms))
        else:
            found.add((entry.msgctxt, entry.msgid, None, entry.msgstr))
    return found


def test_the_compiled_catalogue_is_the_committed_one(language):
    """The site reads the .mo: a .po edited without compilemessages would
    change nothing a visitor sees."""
    mo = mo_path(language)
    assert mo.exists(), f"No {mo}: run `make messages` and commit the .mo"
    po = catalogue(language)
    compiled = _messages(polib.mofile(str(mo)))
    source = _messages(po.translated_entries())
    missing, stale = source - compiled, compiled - source
    assert not missing and not stale, (
        f"{mo} is not what {po_path(language)} compiles to; run `make messages`. "
        f"Missing or changed in the .mo: {sorted(m[1] for m in missing)[:20]}; "
        f"only in the .mo: {sorted(m[1] for m in stale)[:20]}"
    )


@pytest.fixture(scope="module")
def gathered(tmp_path_factory) -> set:
    """What makemessages gathers from today's code and templates, written
    into a scratch project (symlinks to the real folders) so the real
    catalogues stay as they are: Django 5.2's makemessages has no --check."""
    scratch = tmp_path_factory.mktemp("project")
    for entry in ROOT.iterdir():
        if entry.name not in {".venv", ".git", "locale"}:
            (scratch / entry.name).symlink_to(entry)
    (scratch / "locale").mkdir()
    flags = [flag for flag in makemessages_flags() if flag != "--all"]
    with chdir(scratch), override_settings(LOCALE_PATHS=[scratch / "locale"]):
        call_command("makemessages", *flags, "--symlinks", locale=["xx"], verbosity=0)
    fresh = polib.pofile(str(scratch / "locale/xx/LC_MESSAGES/django.po"))
    return {_key(entry) for entry in fresh if not entry.obsolete}


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def test_the_catalogue_holds_what_the_code_and_templates_ask_for(language, gathered):
    committed = {_key(entry) for entry in catalogue(language) if not entry.obsolete}
    missing = sorted(gathered - committed, key=str)
    extra = sorted(committed - gathered, key=str)
    assert not missing and not extra, (
        f"{po_path(language)} does not match the code and templates; "
        "run `make messages` and translate what it adds.\n"
        f"Missing ({len(missing)}):\n"
        + "\n".join(f"  {k[1]!r}" for k in missing)
        + f"\nNo longer used ({len(extra)}):\n"
        + "\n".join(f"  {k[1]!r}" for k in extra)
    )
