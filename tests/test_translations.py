"""The Russian and Ukrainian catalogues (locale/): every string the code and templates mark is
in them, translated and not fuzzy, with the placeholders of its English; and the committed .mo
files say exactly what their .po files say (README.md, Translations)."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["ru", "uk"]


def gettext_tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"gettext's {name} is needed for this test: apt-get install gettext")
    return path


def fuzzy_ids(po):
    """The msgid lines of the fuzzy entries of a .po file, as gettext reads them."""
    out = subprocess.run(
        [gettext_tool("msgattrib"), "--only-fuzzy", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def compiled(po, target):
    """The catalogue of `po` compiled by msgfmt with its format checks (a placeholder missing
    or added in a translation fails here)."""
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", str(target), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with open(target, "rb") as file:
        return gettext.GNUTranslations(file)._catalog


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings the code and templates mark today, gathered by the project's own
    `manage.py makemessages` (which `make messages` runs) in a copy of the sources, so the
    real catalogues are not touched."""
    copy = tmp_path_factory.mktemp("sources") / "project"
    skipped = {".git", ".venv", "locale", "var", "staticfiles", "test-output", "bench", "tests"}
    shutil.copytree(
        settings.BASE_DIR, copy, ignore=lambda _dir, names: [n for n in names if n in skipped]
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--verbosity", "0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
    )
    return compiled_ids(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")


def compiled_ids(po):
    """The msgids of a .po file (its untranslated entries included): via msgen, which copies
    each msgid into its msgstr so that msgfmt keeps them all."""
    english = po.with_suffix(".en.po")
    subprocess.run([gettext_tool("msgen"), "-o", str(english), str(po)], check=True)
    return {key for key in compiled(english, po.with_suffix(".mo")) if key}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated_and_none_is_fuzzy(language, extracted, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = compiled(po, tmp_path / "django.mo")  # msgfmt leaves out untranslated ones
    missing = sorted(str(key) for key in extracted if key not in catalogue)
    assert not missing, f"{language}: not translated (run `make messages`): {missing}"
    assert not fuzzy_ids(po), f"{language}: fuzzy translations: {fuzzy_ids(po)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_says_what_its_po_says(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    with open(po.with_suffix(".mo"), "rb") as file:
        committed = gettext.GNUTranslations(file)._catalog
    assert committed == compiled(po, tmp_path / "django.mo"), "run `make messages`"


def test_a_missing_or_fuzzy_translation_fails_the_check(tmp_path):
    """The check itself can fail: an untranslated entry is left out by msgfmt, a fuzzy one
    is listed."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Overview"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Regions"\nmsgstr "Регионы"\n',
        encoding="utf-8",
    )
    assert "Overview" not in compiled(po, tmp_path / "django.mo")
    assert fuzzy_ids(po) == ['msgid "Regions"']


@pytest.mark.django_db
def test_every_region_has_a_name_of_its_own_in_each_language():
    """No region carries another's name (pycountry's catalogue gave two the wrong one)."""
    from incidents.models import Region

    for field in ("name", "name_ru", "name_uk"):
        names = list(Region.objects.values_list(field, flat=True))
        assert len(names) == len(set(names)), field
    assert Region.objects.get(slug="krasnoyarsk-krai").name_uk == "Красноярський край"
