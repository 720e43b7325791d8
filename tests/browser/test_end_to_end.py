"""End to end in Chromium: an assessment completed by clicking, the PDF downloaded and read back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import loaded
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

#: Accessibility basics checked on every page: lang, one h1, no skipped heading level, every field labelled.
A11Y_CHECK = """() => {
  const problems = [];
  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('no lang on <html>');
  const h1 = document.querySelectorAll('h1');
  if (h1.length !== 1) problems.push(h1.length + ' h1 elements');
  let previous = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) problems.push('heading level skipped at ' + h.textContent.trim());
    previous = level;
  }
  for (const field of document.querySelectorAll('input, textarea, select')) {
    if (field.type === 'hidden' || field.hidden) continue;
    const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]')) ||
      field.getAttribute('aria-label') || field.getAttribute('aria-labelledby') || field.closest('label');
    if (!labelled) problems.push('unlabelled field ' + (field.name || field.id));
    if ((field.type === 'radio' || field.type === 'checkbox') && !field.closest('fieldset'))
      problems.push('choice outside a fieldset: ' + field.name);
  }
  if (!document.querySelector('a.skip-link[href="#main"]')) problems.push('no skip link');
  if (!document.title) problems.push('no title');
  return problems;
}"""


def check_page(page: Any) -> None:
    """The accessibility basics hold on the current page."""
    assert page.evaluate(A11Y_CHECK) == [], page.url


def test_complete_an_assessment_by_clicking(live_server_each_db: str, browser_page: Any, tmp_path: Path) -> None:
    """Home → steps → statuses → summary → result → PDF → delete, with errors and the language switch."""
    page, live_server = browser_page, live_server_each_db
    console_errors: list[tuple[str, str]] = []
    page.on("console", lambda message: console_errors.append((message.text, message.location.get("url", "")))
            if message.type == "error" else None)
    failed: list[tuple[str, int, str]] = []
    page.on("response", lambda response: failed.append(
        (response.url, response.status, response.request.resource_type)) if response.status >= 400 else None)
    external: list[str] = []
    page.on("request", lambda request: external.append(request.url)
            if not request.url.startswith(live_server) else None)

    page.goto(live_server + "/")
    check_page(page)
    page.get_by_label("Name of the AI system").fill("Triage assistant")
    page.get_by_label("Organisation").fill("Clinique Exemple")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Start").click()

    # The secret link page
    link = page.locator("#secret-link").input_value()
    assert link.startswith(live_server + "/a/") and len(link.rsplit("/", 1)[-1]) >= 43
    assert page.get_by_role("button", name="Copy the link").is_visible()  # enhanced by our script
    check_page(page)
    page.get_by_role("link", name="Continue").click()

    # Step 1 with an error first
    assert "Step 1 of 4" in page.content()
    page.get_by_role("button", name="Save and continue").click()
    assert loaded.title(page).startswith("Error:")
    assert page.locator(".error-summary").evaluate("e => e === document.activeElement")
    check_page(page)
    page.locator("summary", has_text="Help with this question").click()
    assert page.get_by_text("It infers from inputs").is_visible()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What is it for?").fill("Sorts patients by urgency <script>x</script>")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: the section shown because the answer was "yes"
    assert "Step 2 of 4" in page.content()
    check_page(page)
    page.get_by_label("Health").check()
    page.get_by_label("Personal data").check()
    page.get_by_label("How many people use it?").fill("1200")
    page.get_by_label("When was it launched?").fill("2025-06-01")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3, then back and forward again
    page.get_by_role("link", name="Back", exact=True).click()
    assert page.get_by_label("Health").is_checked()
    page.go_back()
    page.get_by_label("Not sure").check()
    page.get_by_role("button", name="Save and continue").click()

    # Obligations status
    assert "Status of your obligations" in loaded.title(page)
    check_page(page)
    page.locator("#status__literacy").check()
    page.locator("#note__literacy").fill("Training done in March")
    page.get_by_role("button", name="Save and continue").click()

    # Check your answers, change one, come back
    assert "Check your answers" in loaded.title(page)
    check_page(page)
    assert "Sorts patients by urgency <script>x</script>" in page.locator("main").inner_text()
    page.get_by_role("link", name="Change How many people use it?").click()
    page.get_by_label("How many people use it?").fill("1500")
    page.get_by_role("button", name="Save and continue").click()
    assert "Check your answers" in loaded.title(page) and "1,500" in page.content()
    page.get_by_role("button", name="Confirm and see the result").click()

    # Result
    assert "Your result" in loaded.title(page)
    check_page(page)
    main = page.locator("main").inner_text()
    assert "High risk" in main and "Provisional" in main and "Has a lawyer reviewed it?" in main
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report (PDF)").click()
    target = tmp_path / "report.pdf"
    download_info.value.save_as(target)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "High risk" in text

    # Language switch keeps the page
    page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Votre résultat" in loaded.title(page) and "Haut risque" in page.content()
    check_page(page)

    # Delete with confirmation
    page.get_by_role("link", name="Supprimer cette évaluation").click()
    check_page(page)
    page.get_by_role("button", name="Oui, la supprimer").click()
    assert "ont été supprimées" in page.content()
    page.goto(link)
    assert "Page introuvable" in page.content()

    assert external == [], external
    # The 400 and 404 pages above are the only failures: pages the test asked for, never a script, a
    # style sheet, a font or an image of a page; and the browser reports nothing else (no CSP refusal,
    # no script error).
    assert failed, "the error pages above were expected"
    assert {(status, kind) for _, status, kind in failed} <= {(400, "document"), (404, "document")}, failed
    failed_urls = {url for url, _, _ in failed}
    assert [(text, url) for text, url in console_errors
            if not (text.startswith("Failed to load resource") and url in failed_urls)] == []
