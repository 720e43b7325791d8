"""Remembered line breaks (`pdf/lines.py`) are keyed by everything a paragraph's layout depends on:
a report renders to the same bytes whatever was rendered before it."""

from __future__ import annotations

from typing import Any

import pytest
from report_helpers import make_meta
from reportlab import rl_config

from wizard.report.pdf import clear_caches, render_pdf
from wizard.report.pdf import lines as layouts
from wizard.report.pdf.common import Para, para, text


def test_layouts_are_keyed_by_content_style_and_width() -> None:
    clear_caches()
    a = text("Human oversight of the system", "cell")
    a.wrap(100, 1e6)
    assert layouts.layout_count() == 1
    for other in (text("Human oversight of the system", "cell_bold"),     # another style
                  para("Human <b>oversight</b> of the system", "cell"),    # other markup
                  text("Contrôle humain du système", "cell")):             # another language
        other.wrap(100, 1e6)
    wider = text("Human oversight of the system", "cell")
    wider.wrap(300, 1e6)                                                   # another width
    assert layouts.layout_count() == 5
    again = text("Human oversight of the system", "cell")
    assert again.wrap(100, 1e6) == a.wrap(100, 1e6)
    assert again.blPara is a.blPara                                        # shared, not recomputed
    assert layouts.layout_count() == 5
    assert wider.blPara is not a.blPara and len(wider.blPara.lines) < len(a.blPara.lines)


def test_markup_and_plain_text_that_look_alike_do_not_share_a_layout() -> None:
    """`para` parses markup (spaces collapse, entities decode), `text` never does: the same string
    makes different paragraphs, so they are different keys."""
    clear_caches()
    marked = para("a&amp;b   c", "cell")
    plain = text("a&amp;b   c", "cell")
    marked.wrap(200, 1e6)
    plain.wrap(200, 1e6)
    assert marked.blPara is not plain.blPara
    assert marked.getPlainText() == "a&b c"
    assert plain.getPlainText() == "a&amp;b   c"


def test_the_layout_store_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_caches()
    monkeypatch.setattr(layouts, "LIMIT", 10)
    for i in range(25):
        text(f"line {i}", "cell").wrap(100, 1e6)
        assert layouts.layout_count() <= 10


def test_a_paragraph_laid_out_again_at_another_width_is_not_shared() -> None:
    """Only a paragraph's first layout is remembered: reportlab's later ones start from the words its
    first line breaking left, and are not what a fresh paragraph would give."""
    clear_caches()
    p = para("Risk <b>management</b> system and more words to wrap", "cell")
    p.wrap(120, 1e6)
    p.wrap(200, 1e6)
    assert layouts.layout_count() == 1
    assert isinstance(p, Para)


def test_words_cut_to_fit_are_not_remembered() -> None:
    """reportlab may change a cut word when it splits the paragraph across pages: not shared."""
    clear_caches()
    para("Risk <b>management</b> system", "cell").wrap(40, 1e6)
    assert layouts.layout_count() == 0


def _render(case: dict[str, Any], lang: str, **meta: Any) -> bytes:
    return render_pdf(case["questionnaire"], case["result"], case["answers"], case["statuses"],
                      make_meta(lang, **meta))


def test_a_report_is_the_same_whatever_was_rendered_before(case: dict[str, Any],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes from a fresh process and after other reports (other language, other names)."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    clear_caches()
    cold_en = _render(case, "en")
    clear_caches()
    cold_fr = _render(case, "fr")
    _render(case, "en", system_name="Another system", organisation="Other SAS")
    assert layouts.layout_count() > 0
    assert _render(case, "en") == cold_en
    assert _render(case, "fr") == cold_fr
    assert cold_en != cold_fr


def test_remembered_link_addresses_are_reportlabs_and_never_used_for_encrypted_documents() -> None:
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from wizard.report.pdf import doc as pdf_doc

    clear_caches()
    plain = PDFDocument()
    for url in ("https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_32", "https://example.org/a(b)\u00e9"):
        assert pdf_doc._uri_string(url, plain) == PDFString(url).format(plain)
        assert pdf_doc._uri_string(url, plain) == PDFString(url).format(plain)
    assert len(pdf_doc._URIS) == 2

    class Reversed:     # stands for an encryption: strings are encoded per document
        def encode(self, value: bytes) -> bytes:
            return value[::-1]

    encrypted = PDFDocument()
    encrypted.encrypt = Reversed()
    url = "https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_32"
    assert pdf_doc._uri_string(url, encrypted) == PDFString(url).format(encrypted)
    assert pdf_doc._uri_string(url, encrypted) != pdf_doc._uri_string(url, plain)
    assert len(pdf_doc._URIS) == 2
    clear_caches()
    assert not pdf_doc._URIS
