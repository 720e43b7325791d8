"""Paragraphs drawn in one step (`pdf/fastdraw.py`, `pdf/fastmixed.py`) give reportlab's operators
and links."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from wizard.report.pdf.fastdraw import draw_plain
from wizard.report.pdf.fastmixed import draw_mixed
from wizard.report.pdf.styles import FONT, register_fonts, styles

_WORDS = st.text(alphabet=st.sampled_from(list("ab cdé()\\ \u00a0Ωж—€") + [chr(c) for c in range(0x100, 0x180)]),
                 max_size=60)


def _canvas() -> Canvas:
    register_fonts()
    return Canvas(io.BytesIO(), initialFontName=FONT)


def _drawn_by_reportlab(p: Paragraph, canvas: Canvas, x: float, y: float) -> None:
    Flowable.drawOn(p, canvas, x, y)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=6), st.sampled_from(["cell", "cell_bold", "small", "bullet", "h2"]),
       st.floats(min_value=20, max_value=480), st.floats(min_value=-5, max_value=700))
def test_plain_paragraphs_are_drawn_with_reportlabs_operators(values: list[str], style: str, width: float,
                                                              x: float) -> None:
    """One canvas per way, the same paragraphs in the same order (the font subsets fill the same way):
    the same operators, and the canvas left in the same state."""
    ours, theirs = _canvas(), _canvas()
    for value in values:
        mine, ref = Paragraph(value, styles()[style]), Paragraph(value, styles()[style])
        mine.wrap(width, 1e6)
        ref.wrap(width, 1e6)
        if not draw_plain(mine, ours, x, 100.5):
            _drawn_by_reportlab(mine, ours, x, 100.5)
        _drawn_by_reportlab(ref, theirs, x, 100.5)
        assert ours._code == theirs._code
        state = ("_fontname", "_fontsize", "_leading", "_fillColorObj", "_currentMatrix", "_x", "_y")
        assert [getattr(ours, a) for a in state] == [getattr(theirs, a) for a in state]
        assert ours._doc._pdfVersion == theirs._doc._pdfVersion


def test_plain_paragraphs_beyond_one_font_subset_get_reportlabs_operators() -> None:
    """More than 256 characters: the font's second subset, switched to and back within lines."""
    ours, theirs = _canvas(), _canvas()
    many = " ".join("".join(chr(c) for c in range(start, start + 9)) for start in range(0x100, 0x250, 9))
    for value in (many, "plain words again " + many[:40], many[-60:] + " and Latin"):
        mine, ref = Paragraph(value, styles()["cell"]), Paragraph(value, styles()["cell"])
        mine.wrap(150, 1e6)
        ref.wrap(150, 1e6)
        assert draw_plain(mine, ours, 10, 20)
        _drawn_by_reportlab(ref, theirs, 10, 20)
    assert ours._code == theirs._code
    assert any("+1 " in op for op in ours._code)


def test_plain_paragraphs_take_the_shortcut_and_others_do_not() -> None:
    canvas = _canvas()
    plain = Paragraph("Risk management system", styles()["cell"])
    mixed = Paragraph("Risk <b>management</b>", styles()["cell"])
    linked = Paragraph('<link href="https://example.org">Art. 9</link>', styles()["cell"])
    coloured = Paragraph("<font color='#8A5300'>late</font>", styles()["cell"])
    for p in (plain, mixed, linked, coloured):
        p.wrap(200, 1e6)
    assert draw_plain(plain, canvas, 0, 0)
    assert draw_plain(coloured, canvas, 0, 0)     # one fragment, in its own colour
    assert not draw_plain(mixed, canvas, 0, 0)
    assert not draw_plain(linked, canvas, 0, 0)
    plain.blPara.textColor = Color(0.1, 0.2, 0.3, alpha=0.5)      # a transparency: reportlab's way
    assert not draw_plain(plain, canvas, 0, 0)


_PIECES = st.sampled_from([
    "Art. 5(1)", "word", "d\u00e9j\u00e0", "&amp;", "\u25cf", "\u00a0x", "<b>bold words</b>", "<i>it</i>",
    "<font color='#8A5300'>brown text</font>", "<font size=7>small (note)</font>",
    "<font color='#C0392B'><b>late</b></font>", '<link href="https://eur-lex.europa.eu/x?a=1#b">GDPR, Art. 32</link>',
    '<font size=7><link href="https://example.org/y" color="#1F4E79">CNIL sheet 12 (22 Jul 2025)</link></font>',
    "<br/>", "\u0100\u0101\u0102\u0150", "a(b)c\\d"])


def _recording(canvas: Canvas) -> list[tuple[object, ...]]:
    """The links drawn on `canvas`: target, rectangle and the canvas' matrix at the time."""
    calls: list[tuple[object, ...]] = []

    def link_url(url: str, rect: object, relative: int = 0, thickness: float = 0, color: object = None,
                 dashArray: object = None, kind: str = "URI", **kw: object) -> None:  # noqa: N803
        calls.append((url, rect, relative, kind, canvas._currentMatrix))

    canvas.linkURL = link_url  # type: ignore[method-assign]
    return calls


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8), min_size=1, max_size=4),
       st.sampled_from(["cell", "small", "body", "bullet"]), st.floats(min_value=60, max_value=480),
       st.floats(min_value=0, max_value=500))
def test_mixed_paragraphs_are_drawn_with_reportlabs_operators_and_links(
        paragraphs: list[list[str]], style: str, width: float, y: float) -> None:
    ours, theirs = _canvas(), _canvas()
    our_links, their_links = _recording(ours), _recording(theirs)
    for pieces in paragraphs:
        markup = " ".join(pieces)
        mine, ref = Paragraph(markup, styles()[style]), Paragraph(markup, styles()[style])
        mine.wrap(width, 1e6)
        ref.wrap(width, 1e6)
        if not (draw_plain(mine, ours, 30, y) or draw_mixed(mine, ours, 30, y)):
            _drawn_by_reportlab(mine, ours, 30, y)
        _drawn_by_reportlab(ref, theirs, 30, y)
        assert ours._code == theirs._code, markup
        assert our_links == their_links, markup
        state = ("_fontname", "_fontsize", "_leading", "_fillColorObj", "_currentMatrix", "_x", "_y")
        assert [getattr(ours, a) for a in state] == [getattr(theirs, a) for a in state]
        assert ours._doc._pdfVersion == theirs._doc._pdfVersion


def test_mixed_paragraphs_take_the_shortcut_unless_they_need_reportlab() -> None:
    canvas = _canvas()
    ok = [Paragraph(m, styles()["cell"]) for m in (
        "Risk <b>management</b>", "<font color='#C99A06'>\u25cf</font>\u00a0Not stated",
        '<font size=7><link href="https://example.org" color="#1F4E79">Art. 9</link> \u00b7 Art. 10</font>')]
    other = [Paragraph(m, styles()["cell"]) for m in (
        "plain only", "<u>under</u> line", "x<super>2</super> y", "<span backColor='#FFEE00'>marked</span> z")]
    for p in ok + other:
        p.wrap(200, 1e6)
    assert all(draw_mixed(p, canvas, 0, 0) for p in ok)
    assert not any(draw_mixed(p, canvas, 0, 0) for p in other)


def test_stacks_are_drawn_with_reportlabs_operators_and_state() -> None:
    """A stack of paragraphs saves only the matrix around its drawing: the same operators, links and
    canvas state as `Flowable.drawOn`."""
    from wizard.report.pdf.common import Stack, para, text

    def stack() -> Stack:
        return Stack([text("Risk management system", "cell_bold"),
                      para('<font size=7><link href="https://example.org/a">Art. 9</link> · Art. 10</font>', "cell"),
                      para("<font size=7 color='#5B6470'>2 August 2026</font>", "cell")])

    ours, theirs = _canvas(), _canvas()
    for canvas, draw in ((ours, Stack.drawOn), (theirs, Flowable.drawOn)):
        canvas.translate(10, 20)
        s = stack()
        s.wrap(200, 1e6)
        draw(s, canvas, 35.5, 400.25)
    assert ours._code == theirs._code
    assert ours._annotationCount == theirs._annotationCount == 1
    assert {k: getattr(ours, k) for k in Canvas.STATE_ATTRIBUTES if k != "_extgstate"} == \
        {k: getattr(theirs, k) for k in Canvas.STATE_ATTRIBUTES if k != "_extgstate"}
    assert ours.state_stack == theirs.state_stack == []
