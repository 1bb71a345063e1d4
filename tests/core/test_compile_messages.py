"""The pure-Python .po compiler that `make messages` uses where GNU gettext is missing."""

import gettext
import importlib.util
from pathlib import Path

from django.conf import settings

spec = importlib.util.spec_from_file_location("compile_messages", settings.BASE_DIR / "scripts/compile_messages.py")
compile_messages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compile_messages)

PO = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Skip to main content"
msgstr "Direct naar de inhoud"

#, fuzzy
msgid "Half done"
msgstr "Half klaar"

msgctxt "phase"
msgid "Now"
msgstr "Nu bezig"

msgid "one field"
msgid_plural "%(n)s fields"
msgstr[0] "één veld"
msgstr[1] "%(n)s "
"velden"
"""


def test_compiled_catalogue_reads_back_with_gettext(tmp_path: Path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    mo = tmp_path / "django.mo"
    compile_messages.write_mo(compile_messages.parse_po(po), mo)
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Skip to main content") == "Direct naar de inhoud"
    assert catalogue.gettext("Half done") == "Half done"  # fuzzy entries are left out, as msgfmt does
    assert catalogue.pgettext("phase", "Now") == "Nu bezig"
    assert catalogue.ngettext("one field", "%(n)s fields", 1) == "één veld"
    assert catalogue.ngettext("one field", "%(n)s fields", 3) == "%(n)s velden"


def test_every_interface_text_has_a_dutch_translation():
    """Dutch is the default language: no text of ours may fall back to English."""
    po = settings.BASE_DIR / "locale/nl/LC_MESSAGES/django.po"
    entries = compile_messages.parse_po(po)
    source = po.read_text(encoding="utf-8")
    assert source.count('\nmsgid "') - 1 <= len(entries), "untranslated or fuzzy entries in the Dutch .po file"
