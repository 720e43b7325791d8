"""The renderer's shortcuts around reportlab give reportlab's own answers."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as reportlab_paragraph

from wizard.report.pdf.styles import FONT, FONT_DIR, ReportFont, register_fonts, same_frag, styles


def test_same_frag_agrees_with_reportlab() -> None:
    from _rl_accel import sameFrag

    register_fonts()
    assert reportlab_paragraph.sameFrag is same_frag
    markups = ["plain <b>bold</b> <i>it</i> <font color='#8A5300'>brown</font> <font size=7>small</font>",
               "<link href='https://example.org'>a</link> b<br/>c <font color='#1B1F24'><b>d</b></font>",
               "<u>under</u> <strike>struck</strike> <super>up</super> x<br/>y"]
    frags = [f for m in markups for f in Paragraph(m, styles()["cell"]).frags]
    frags += [f.clone(text="other") for f in frags]
    assert len(frags) > 20
    for f, g in itertools.product(frags, repeat=2):
        assert same_frag(f, g) == bool(sameFrag(f, g)), (f, g)


class _Doc:
    """Stands for a PDF document: fonts keep their subset state per document."""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=30))
def test_font_encoding_agrees_with_reportlab(texts: list[str]) -> None:
    ours = ReportFont(FONT, str(FONT_DIR / "DejaVuSans.ttf"))
    theirs = TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf"))
    doc_a, doc_b = _Doc(), _Doc()
    extra = ["caf\u00e9\u00a0d\u00e9j\u00e0", "".join(chr(c) for c in range(0x100, 0x260)), "\u4e2d\U0001f600", ""]
    for value in [*texts, *extra, *texts]:
        assert ours.splitString(value, doc_a) == theirs.splitString(value, doc_b), value


@given(st.text(max_size=30), st.sampled_from([8, 8.2, 9.5, 12.5]))
def test_remembered_widths_are_reportlab_widths(value: str, size: float) -> None:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

    from wizard.report.pdf.styles import FONT_BOLD, ascent_descent, string_width

    register_fonts()
    assert reportlab_paragraph.stringWidth is string_width
    for font in (FONT, FONT_BOLD):
        assert string_width(value, font, size) == stringWidth(value, font, size)
        assert string_width(value, font, size) == stringWidth(value, font, size)
        assert ascent_descent(font, size) == getAscentDescent(font, size)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("ab \u00a0\t\u2003\u3000\u200b\u2028\u0085\u00e9;\x1c\ufeff")),
                         min_size=1, max_size=8),
                 st.text(min_size=1, max_size=12).filter(lambda s: "<" not in s and "&" not in s)))
def test_plain_markup_skips_the_parser_with_the_same_fragments(value: str) -> None:
    from wizard.report.pdf.common import parsed

    for style in ("cell", "h1"):
        ours = [f.__dict__ for f in parsed(value, style)]
        theirs = [f.__dict__ for f in Paragraph(value, styles()[style]).frags]
        assert ours == theirs


_LABEL = st.text(alphabet=st.sampled_from(list("Art. 5(1)§ \u00a0éa·—\t")), max_size=10)
_URL = st.text(alphabet=st.sampled_from(list("https:/eur-lex.europa.eu?=#_")), min_size=1, max_size=20)
_ESCAPED = st.text(alphabet=st.sampled_from(list("&<>")), min_size=1, max_size=3)


def _references(refs: list[tuple[str, str | None]], size: str, sep: str) -> str:
    from wizard.report.text import esc, link

    body = sep.join(link(url, esc(label)) if url else esc(label) for label, url in refs)
    return f"<font size={size}>{body}</font>" if size else body


@settings(max_examples=300, deadline=None)
@given(st.tuples(_LABEL, _URL), st.lists(st.tuples(_LABEL, st.one_of(st.none(), _URL)), max_size=4),
       st.sampled_from(["", "7", "8"]), st.sampled_from([" · ", ", ", "  "]))
def test_reference_links_skip_the_parser_with_the_same_fragments(
        first: tuple[str, str], rest: list[tuple[str, str | None]], size: str, sep: str) -> None:
    """References lists (at least one link, no character that reportlab turns into an entity) take the
    shortcut, every time, and give exactly reportlab's fragments."""
    from wizard.report.pdf.common import _links

    markup = _references([first, *rest], size, sep)
    ours = _links(markup, "cell")
    assert ours is not None, markup
    theirs = Paragraph(markup, styles()["cell"]).frags
    assert [f.__dict__ for f in ours] == [f.__dict__ for f in theirs]


@settings(max_examples=100, deadline=None)
@given(st.tuples(_LABEL, _URL), _ESCAPED, st.sampled_from(["", "7"]))
def test_labels_with_entities_are_left_to_reportlabs_parser(first: tuple[str, str], escaped: str, size: str) -> None:
    from wizard.report.pdf.common import _links

    label, url = first
    assert _links(_references([(label + escaped, url)], size, ", "), "cell") is None
    assert _links("plain text without a link", "cell") is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
                 st.binary(max_size=10)))
def test_pdfdoc_encoding_agrees_with_reportlab(value: str | bytes) -> None:
    """The same bytes as reportlab's "extpdfdoc" codec, or the same refusal."""
    from reportlab.pdfbase import pdfdoc

    from wizard.report.pdf.styles import pdfdoc_enc

    register_fonts()
    assert pdfdoc.pdfdocEnc is pdfdoc_enc
    try:
        expected = value.encode("extpdfdoc") if isinstance(value, str) else value
    except UnicodeEncodeError:
        try:
            pdfdoc_enc(value)
        except UnicodeEncodeError:
            return
        raise AssertionError(f"{value!r} encoded, reportlab refuses it") from None
    assert pdfdoc_enc(value) == expected


def test_copied_fragments_are_clones() -> None:
    from wizard.report.pdf.common import copy_frag

    frags = Paragraph("a <b>b</b> <link href='https://example.org'>c</link>", styles()["cell"]).frags
    for f in frags:
        for changes in ({}, {"text": "other"}, {"text": "x", "link": [(0, "https://example.org/2")]}):
            copy, clone = copy_frag(f, **changes), f.clone(**changes)
            assert type(copy) is type(clone) and copy.__dict__ == clone.__dict__
            assert copy is not f and copy.__dict__ is not f.__dict__


_RUN = st.text(alphabet=st.sampled_from(list("ab é()·—:'\"\u00a0\t\u2003x>")), max_size=12)
_OPEN = st.sampled_from(["<b>", "<i>", "<font color='#8A5300' size=7>", '<font color="#3c8d5a">', "<font size=7>",
                         "<font size=7 color='#5B6470'>", '<link href="https://example.org/a" color="#1F4E79">'])
_CLOSE = {"<b>": "</b>", "<i>": "</i>", "<link": "</link>"}


def _shaped(parts: list[tuple[str, str, str, bool]]) -> str:
    """Markup as the report writes it: runs of text, some wrapped in a tag, some line breaks."""
    out = []
    for before, tag, inside, br in parts:
        close = next((c for o, c in _CLOSE.items() if tag.startswith(o)), "</font>")
        out.append(f"{before}{tag}{inside}{close}" + ("<br/>" if br else ""))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RUN, _OPEN, _RUN, st.booleans()), min_size=1, max_size=4),
       st.sampled_from(["cell", "cell_bold", "small", "h2"]))
def test_templated_markup_gives_reportlabs_fragments(parts: list[tuple[str, str, str, bool]], style: str) -> None:
    """Markup of the report's tags (bold, italic, fonts, links, line breaks) and text without entities
    takes the template's fragments, with exactly reportlab's attributes; anything else is parsed."""
    from wizard.report.pdf.common import _templated, clear_parsed

    clear_parsed()
    markup = _shaped(parts)
    theirs = Paragraph(markup, styles()[style]).frags
    for _ in range(2):          # the template parsed, then remembered
        ours = _templated(markup, style)
        if ours is not None:
            assert [f.__dict__ for f in ours] == [f.__dict__ for f in theirs], markup
    assert _templated("a &amp; <b>b</b>", style) is None
    assert _templated("a <u>b</u>", style) is None
    assert _templated("a <b>b</b>\nc", style) is None
