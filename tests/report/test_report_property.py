"""Property: any Unicode in answers, names and notes still gives a valid PDF with every font embedded."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from report_helpers import ANSWERS, fonts, make_meta

from wizard.report.integrity import verify_pdf
from wizard.report.pdf import render_pdf

MARKUP = ["<b>", "</para>", "<font name='x'>", "&amp;", "&#0;", "<![CDATA[", "]]>", "<br/>", "\\", "%PDF",
          "javascript:alert(1)", "<script>alert(1)</script>", "**bold** _x_ [l](javascript:x)"]
SPECIAL = ["שלום עולם", "مرحبا بالعالم",
           "🙂👩‍👩‍👧‍👦🏳️‍🌈", "\u202e\u200f\u200d", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "漢字かな", "e\u0301",
           "\ufeff", "\t\n\r"]

texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(MARKUP + SPECIAL),
    st.lists(st.sampled_from(MARKUP + SPECIAL), max_size=8).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=4000),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(purpose=texts, retention=texts, system=texts, org=texts, note=texts,
       lang=st.sampled_from(["en", "fr"]))
def test_any_text_renders_a_valid_pdf(case: dict[str, Any], purpose: str, retention: str, system: str,
                                      org: str, note: str, lang: str) -> None:
    answers = {**ANSWERS, "purpose": purpose, "retention": retention}
    statuses = {"literacy": {"status": "done", "note": note}}
    review = {"decision": note[:50], "summary": purpose, "comments": [{"section": "about", "text": note}]}
    pdf = render_pdf(case["questionnaire"], case["result"], answers, statuses,
                     make_meta(lang, review, system_name=system, organisation=org, contact=note),
                     seal_key=b"property-key")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 5
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert verify_pdf(pdf, seal_key=b"property-key").status == "verified"
