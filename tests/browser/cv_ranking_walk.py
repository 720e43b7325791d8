"""A respondent who clicks through the whole bundled questionnaire: the CV-ranking start-up (TalentSort,
answers from the bundled scenarios), "not sure" whether its design will change significantly after the
high-risk rules apply (the questionnaire reads that as "the rules apply") and "not sure" whether its
ranking profiles people (so the Art. 6(3) derogation stays possible: the high-risk duties may apply).

Used by the browser test, and to count the submits of the walk (see the closing note of issue 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import loaded
from ruamel.yaml import YAML

SCENARIOS = Path(__file__).resolve().parents[2] / "questionnaires" / "scenarios"


def cv_ranking_answers() -> dict[str, Any]:
    """TalentSort's AI Act answers, a CV-ranking vendor's GDPR answers, and the two "not sure"."""
    yaml = YAML(typ="safe")
    gdpr = yaml.load((SCENARIOS / "gdpr-cv-ranking-vendor-reuse.yaml").read_text(encoding="utf-8"))["answers"]
    ai_act = yaml.load((SCENARIOS / "ai-act-d1-talentsort-cv-ranking.yaml").read_text(encoding="utf-8"))["answers"]
    return {**gdpr, **ai_act, "hr_placed_before_application": True, "hr_significant_change": "unsure",
            "hr_for_public_authorities": False, "d63_profiling": "unsure"}


def _form_value(value: Any) -> Any:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _fill(page: Any, qid: str, value: Any) -> None:
    """Answer one question on the page."""
    block = page.locator(f"#q-{qid}")
    radios = block.locator(f'input[type="radio"][name="{qid}"]')
    boxes = block.locator(f'input[type="checkbox"][name="{qid}"]')

    def act() -> None:
        if radios.count():
            wanted = _form_value(value) if value is not None else radios.first.get_attribute("value")
            target = block.locator(f'input[type="radio"][name="{qid}"][value="{wanted}"]')
            (target if target.count() else radios.first).check()
        elif boxes.count():
            wanted = value if isinstance(value, list) else [boxes.first.get_attribute("value")]
            for item in wanted:
                target = block.locator(f'input[type="checkbox"][name="{qid}"][value="{item}"]')
                (target if target.count() else boxes.first).check()
        else:
            field = page.locator(f"#{qid}")
            kind = field.get_attribute("type") or ""
            default = {"number": "1", "date": "2025-01-01"}.get(kind, "Not applicable here")
            field.fill(str(value) if value is not None else default)
            field.press("Tab")

    act()


def _unanswered(page: Any) -> list[str]:
    """Ids of the questions on the step's form that have no answer yet."""
    return page.evaluate("""() => Array.from(document.querySelectorAll("form .question[id^='q-']"))
      .filter(q => {
        const inputs = Array.from(q.querySelectorAll("input[type=radio], input[type=checkbox]"));
        if (inputs.length) return !inputs.some(i => i.checked);
        const field = q.querySelector("input:not([type=hidden]), textarea");
        return field && !field.value;
      }).map(q => q.id.slice(2))""")


def walk(page: Any, base_url: str, answers: dict[str, Any], max_submits: int = 120) -> list[str]:
    """Start an assessment and answer every step until "Check your answers"; the page of each submit
    (a page listed twice was shown again because the answers brought more questions)."""
    page.goto(base_url + "/")
    page.get_by_label("Name of the AI system").fill("TalentSort")
    page.get_by_label("Organisation").fill("TalentSort SAS")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Continue").click()
    submits: list[str] = []
    while "Check your answers" not in loaded.title(page):
        assert len(submits) < max_submits, f"stuck at {page.url}"
        done: set[str] = set()
        controls = set((page.locator("form.form").first.get_attribute("data-controls") or "").split())
        statuses = page.locator('input[name^="status__"]').count() > 0
        while not statuses:  # the statuses are optional
            todo = [q for q in _unanswered(page) if q not in done]
            if not todo:
                break
            for qid in todo:
                done.add(qid)
                _fill(page, qid, answers.get(qid))
                if qid in controls:
                    # the follow-ups the engine decides on arrive while the form is busy: look again
                    page.wait_for_selector("form.form:not([aria-busy])", state="attached", timeout=60000)
                    break
        submits.append(page.url.split("?")[0].split("#")[0])
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    return submits
