"""Paragraphs in one font broken into lines by `pdf/breaks.py` as reportlab breaks them."""

from __future__ import annotations

from types import MethodType

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from wizard.report.pdf.breaks import break_plain
from wizard.report.pdf.common import Para, text
from wizard.report.pdf.styles import styles

_WORDS = st.lists(st.sampled_from(["a", "risk", "management", "système", "d'IA", "—", "Article", "9(2)",
                                   "évaluation", "data-protection-impact-assessment", "x\u00a0y", "",
                                   "\u2003", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ", "soft\xadhyphen", "  "]), max_size=50)


def _state(p: Paragraph) -> tuple[object, ...]:
    bl = p.blPara
    return (bl.__dict__, p._width_max, p.height, p._splitLongWordCount, p._hyphenations)


@settings(max_examples=600, deadline=None)
@given(_WORDS, st.sampled_from(["cell", "cell_bold", "body", "bullet", "h1", "small"]),
       st.one_of(st.floats(min_value=5, max_value=60), st.floats(min_value=60, max_value=500)),
       st.floats(min_value=0, max_value=1e6))
def test_plain_paragraphs_break_as_reportlab_breaks_them(words: list[str], style: str, width: float,
                                                         height: float) -> None:
    """The same lines, widths and counts as `Paragraph.wrap` with reportlab's `breakLines`, or reportlab
    left to do it (a word wider than a line, a soft hyphen)."""
    value = " ".join(words)
    ours, theirs = text(value, style), text(value, style)
    assert isinstance(ours, Para) and isinstance(theirs, Para)
    ours.key = theirs.key = None                # no layout shared between the two
    theirs.breakLines = MethodType(Paragraph.breakLines, theirs)    # type: ignore[method-assign]
    assert ours.wrap(width, height) == theirs.wrap(width, height)
    assert _state(ours) == _state(theirs)
    parsed = Paragraph(value, styles()[style])
    fits = break_plain(parsed, [width, width])
    if fits is not None:
        assert fits.__dict__ == Paragraph(value, styles()[style]).breakLines([width, width]).__dict__


def test_what_is_left_to_reportlab() -> None:
    assert break_plain(Paragraph("<b>a</b> b", styles()["cell"]), [100.0]) is None           # two fonts
    assert break_plain(Paragraph("soft\xadhyphen", styles()["cell"]), [100.0]) is None
    assert break_plain(Paragraph("averyveryverylongword", styles()["cell"]), [20.0]) is None
    assert break_plain(Paragraph("a b", styles()["cell"], bulletText="•"), [100.0]) is None
    assert break_plain(Paragraph("a b", styles()["cell"]), [100.0]) is not None
