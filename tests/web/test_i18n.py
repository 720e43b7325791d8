"""French and English everywhere: complete catalogue, compiled catalogue up to date, <html lang>."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from .helpers import BASICS, Respondent

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SOURCES = Path(__file__).resolve().parents[2]


def test_french_catalogue_is_complete() -> None:
    """Every message has a French translation, none fuzzy, placeholders kept."""
    with open(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, message.id


def test_compiled_catalogue_matches_the_po_file() -> None:
    """The shipped .mo (a fresh clone needs no build step) is compiled from the current .po."""
    folder = TRANSLATIONS / "fr" / "LC_MESSAGES"
    def norm(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    with open(folder / "messages.po", "rb") as handle:
        po = {norm(m.id): norm(m.string) for m in read_po(handle) if m.id}
    with open(folder / "messages.mo", "rb") as handle:
        mo = {norm(m.id): norm(m.string) for m in read_mo(handle) if m.id}
    assert po == mo, "run: pybabel compile -d translations (see docs/deploy.md)"


def test_every_interface_string_is_in_the_catalogue() -> None:
    """Strings marked in templates and code are all extracted (no one forgot to update the catalogue)."""
    from babel.messages.extract import extract_from_dir

    with open(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    method_map = [("wizard/**.py", "python"),
                  ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(SOURCES), method_map=method_map,
            # the {% cache %} tag (wizard/web/fragments.py): without it a template using it is skipped silently
            options_map={"templates/**.html": {"extensions": "wizard.web.fragments.FragmentCache"}},
            keywords={"_": None, "gettext": None, "ngettext": (1, 2),
                                                            "_l": None, "lazy_gettext": None}):
        found.add(message if isinstance(message, str) else message[0])
    missing = sorted(found - known)
    assert not missing, f"not in translations/fr: {missing}"


@pytest.mark.parametrize(("lang", "title"), [("en", "Check your answers"), ("fr", "Vérifiez vos réponses")])
def test_html_lang_and_dates_per_locale(client: FlaskClient, lang: str, title: str) -> None:
    """<html lang> follows the language; dates are written the local way."""
    r = Respondent(client)
    ref = r.start(lang=lang)
    r.answer(ref, "basics", BASICS)
    page = r.get(f"/assessments/{ref}/summary").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page and title in page
    r.answer(ref, "usage", {"sector": "retail", "data_kinds": ["none"], "users": "1200",
                            "launch": "2025-06-01"})
    page = r.get(f"/assessments/{ref}/summary").get_data(as_text=True)
    assert ("June 1, 2025" if lang == "en" else "1 juin 2025") in page
    assert ("1,200" if lang == "en" else "1\u202f200") in page


def test_legal_reference_links_say_their_language(app: Any) -> None:
    """EUR-Lex links open the text in the interface language, and say so (``hreflang``)."""
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    for lang in ("en", "fr"):
        respondent.post("/language", {"lang": lang, "next": "/"})
        page = respondent.get(f"/assessments/{reference}/steps/basics").get_data(as_text=True)
        links = re.findall(r'<a href="https://eur-lex[^"]*" hreflang="([^"]*)"', page)
        assert links and set(links) == {lang}, (lang, links)
