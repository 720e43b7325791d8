"""The PDF report read back with pypdf: sections, classification, obligations, metadata, fonts."""

from __future__ import annotations

from typing import Any

from report_helpers import full_text, make_meta, outline_titles, page_texts, reader

from wizard.report.i18n import fmt_date
from wizard.report.integrity import read_payload
from wizard.report.pdf import render_pdf


def test_is_a_pdf_with_metadata_and_language(pdf_en: bytes) -> None:
    assert pdf_en.startswith(b"%PDF-")
    r = reader(pdf_en)
    meta = r.metadata
    assert meta is not None
    assert meta.title == "Compliance self-assessment report: CV Screener"
    assert meta.author == "Acme SAS"
    assert "Mini report questionnaire" in (meta.subject or "")
    assert r.trailer["/Root"]["/Lang"] == "en"


def test_every_section_is_present_in_order(pdf_en: bytes) -> None:
    text = full_text(pdf_en)
    sections = ["Compliance self-assessment report".upper(), "Contents", "1. Executive summary",
                "2. Reg A: classification and findings", "3. Reg B: classification and findings",
                "4. Obligations checklist", "5. Action plan", "6. Advisor review", "Annex A: answers",
                "Annex B: legal references", "Annex C: about this report"]
    positions = [text.find(s) for s in sections]
    assert all(p >= 0 for p in positions), dict(zip(sections, positions, strict=True))
    body = text[text.find("1. Executive summary", text.find("Annex C")):]   # after the table of contents
    later = [body.find(s) for s in sections[2:]]
    assert later == sorted(later)


def test_bookmarks_follow_the_headings(pdf_en: bytes) -> None:
    titles = outline_titles(pdf_en)
    for expected in ("CV Screener", "Contents", "1. Executive summary", "2.1 Risk tier",
                     "4. Obligations checklist", "5. Action plan", "Annex A: answers",
                     "A.1 About the system"):
        assert expected in titles


def test_contents_give_each_chapter_its_page_and_link_to_it(pdf_en: bytes) -> None:
    r = reader(pdf_en)
    pages = page_texts(pdf_en)
    lines = [" ".join(line.split()) for line in pages[1].splitlines()]
    assert lines[0] == "Contents"
    for title in ("1. Executive summary", "4. Obligations checklist", "5. Action plan", "Annex A: answers",
                  "Annex C: about this report"):
        at = lines.index(title)
        number = int(lines[at + 1])          # the page number, drawn after the title
        assert title in " ".join(pages[number - 1].split()), (title, number)
    links = [a.get_object() for a in r.pages[1].get("/Annots") or []]
    internal = [a for a in links if a.get("/Subtype") == "/Link" and "/Dest" in a]
    assert len(internal) >= 10
    for a in internal:
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        assert x1 > x0 and y1 > y0


def test_summary_fits_on_one_page_with_every_outcome(pdf_en: bytes, case: dict[str, Any]) -> None:
    pages = page_texts(pdf_en)
    summary = next(p for p in pages if "1. Executive summary" in p and "Contents" not in p)
    flat = " ".join(summary.split())
    for outcome in case["result"].outcomes.values():
        assert outcome.label["en"] in flat
    assert "High risk" in flat and "Special categories processed" in flat
    assert "Obligations by status".upper() in flat


def test_classification_and_reasons_match_the_result(pdf_en: bytes, case: dict[str, Any]) -> None:
    text = full_text(pdf_en)
    result = case["result"]
    assert result.outcomes["tier"].value == "high"
    assert "2.1 Risk tier High risk" in text
    assert "A listed use is high-risk." in text
    assert "Is it used for a listed purpose? Yes" in text
    assert "Reg A, Art. 6(2)" in text and "Reg A, Annex III(4)(a)" in text


def test_obligations_and_actions_match_the_result(pdf_en: bytes, case: dict[str, Any]) -> None:
    text = full_text(pdf_en)
    checklist = text[text.rfind("4. Obligations checklist"):text.rfind("5. Action plan")]
    result = case["result"]
    q = case["questionnaire"]
    assert result.obligations
    for ob in result.obligations:
        assert ob.obligation.title["en"] in checklist
    absent = {o.id for o in q.obligations} - {o.id for o in result.obligations}
    for oid in absent:
        assert q.obligation(oid).title["en"] not in checklist
    assert "Training on 2026-03-01" in checklist
    assert fmt_date(result.obligations[0].applies_from, "en") in checklist
    plan = text[text.rfind("5. Action plan"):text.rfind("6. Advisor review")]
    for action in result.actions:
        assert q.obligation(action.obligation_id).title["en"] in plan


def test_review_section_shows_decision_and_escaped_comments(pdf_en: bytes) -> None:
    text = full_text(pdf_en)
    assert "Decision: Changes requested" in text
    assert "Is the <ranking> automated?" in text


def test_no_review_section_without_review(pdf_fr: bytes) -> None:
    assert "Revue du conseiller" not in full_text(pdf_fr)


def test_annex_has_every_answer_including_not_sure(case: dict[str, Any]) -> None:
    answers = {**case["answers"], "listed_use": "unsure"}
    pdf = render_pdf(case["questionnaire"], case["result"], answers, case["statuses"], make_meta("en"))
    annex = full_text(pdf)
    annex = annex[annex.rfind("Annex A: answers"):]
    assert "Is it used for a listed purpose? Not sure" in annex
    assert "Screens CVs & ranks <candidates>." in annex
    assert "Contact details; Health data" in annex
    assert "12,000 people" in annex
    assert "Since when? Not answered" in annex or "Since when?" not in annex


def test_references_annex_links_to_eurlex(pdf_en: bytes) -> None:
    links = [a.get_object()["/A"].get("/URI") for p in reader(pdf_en).pages for a in p.get("/Annots") or []
             if a.get_object().get("/Subtype") == "/Link" and "/A" in a.get_object()]
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689#art_6" in links


def test_french_report_is_in_french(pdf_fr: bytes) -> None:
    text = full_text(pdf_fr)
    for s in ("Rapport d’auto-évaluation de conformité".upper(), "Sommaire", "1. Synthèse",
              "Liste de contrôle des obligations", "Plan d’action", "Annexe A : réponses", "Haut risque",
              "Règl. A, art. 6, § 2", "29 novembre 2026"):
        assert s in text, s
    assert reader(pdf_fr).trailer["/Root"]["/Lang"] == "fr"


def test_header_and_footer_carry_reference_fingerprint_and_page_numbers(pdf_en: bytes) -> None:
    pages = page_texts(pdf_en)
    payload = read_payload(pdf_en)
    assert payload is not None
    fp = payload["fingerprint"]
    assert fp in (reader(pdf_en).metadata.keywords or "")
    for n, page in enumerate(pages[1:], start=2):
        assert "AB12-CD34" in page
        assert fp in page.replace("\n", "")
        assert f"Page {n} of {len(pages)}" in page


def test_text_is_text_and_all_fonts_are_embedded(pdf_en: bytes) -> None:
    from report_helpers import fonts
    used = fonts(pdf_en)
    assert used, "no fonts found"
    assert all(used.values()), used
    assert all("DejaVuSans" in name for name in used), used


def test_rendering_leaves_the_garbage_collector_as_it_was(case: dict[str, Any]) -> None:
    import gc

    def render() -> bytes:
        return render_pdf(case["questionnaire"], case["result"], case["answers"], case["statuses"],
                          make_meta("en"))

    assert gc.isenabled()
    assert render().startswith(b"%PDF-")
    assert gc.isenabled()
    gc.disable()
    try:
        assert render().startswith(b"%PDF-")
        assert not gc.isenabled()
    finally:
        gc.enable()
