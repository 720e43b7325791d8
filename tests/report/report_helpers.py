"""Shared data and helpers of the report tests: answers, metadata, and reading a PDF back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from wizard.report.meta import ReportMeta

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = dt.date(2026, 11, 29)

ANSWERS: dict[str, Any] = {
    "purpose": "Screens CVs & ranks <candidates>.",
    "role": "maker",
    "listed_use": True,
    "banned_use": False,
    "talks_to_people": True,
    "categories": ["contact", "health"],
    "people_count": 12000,
    "retention": "2 years",
}
STATUSES = {"literacy": {"status": "done", "note": "Training on 2026-03-01"},
            "risk_management": {"status": "in_progress", "note": "Draft RMS"}}
REVIEW = {"decision": "Changes requested", "summary": "Clarify the listed use.", "reviewer": "A. Advisor",
          "decided_at": dt.datetime(2026, 12, 1, 9),
          "comments": [{"section": "about", "text": "Is the <ranking> automated?", "author": "A. Advisor",
                        "created_at": dt.datetime(2026, 12, 1, 9)}]}


def make_meta(lang: str = "en", review: object | None = None, **kw: Any) -> ReportMeta:
    base: dict[str, Any] = dict(reference="AB12-CD34", system_name="CV Screener", organisation="Acme SAS",
                                contact="dpo@acme.example", lang=lang,
                                created_at=dt.datetime(2026, 11, 20, 10),
                                updated_at=dt.datetime(2026, 11, 29, 15), review_status=None, review=review)
    base.update(kw)
    return ReportMeta(**base)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def full_text(pdf: bytes) -> str:
    """All text, with line breaks and runs of spaces collapsed (tables wrap words)."""
    return " ".join(" ".join(page_texts(pdf)).split())


def outline_titles(pdf: bytes) -> list[str]:
    out: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(str(item.title))

    walk(reader(pdf).outline)
    return out


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (including inside form XObjects) -> whether its file is embedded."""
    found: dict[str, bool] = {}

    def visit(resources: Any) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                visit(xobj.get("/Resources"))

    for page in reader(pdf).pages:
        visit(page.get("/Resources"))
    return found
