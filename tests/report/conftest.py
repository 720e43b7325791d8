"""Fixtures for the report tests: the small questionnaire, its evaluation and rendered PDFs."""

from __future__ import annotations

from typing import Any

import pytest
from report_helpers import ANSWERS, AS_OF, FIXTURES, REVIEW, STATUSES, make_meta

from wizard.engine import evaluate
from wizard.questionnaire import Questionnaire, load_questionnaire
from wizard.report.pdf import render_pdf


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(FIXTURES / "questionnaires" / "mini.yaml")


@pytest.fixture(scope="session")
def case(mini: Questionnaire) -> dict[str, Any]:
    """The fixture questionnaire evaluated on ANSWERS: everything the renderers take."""
    result = evaluate(mini, ANSWERS, STATUSES, AS_OF)
    return {"questionnaire": mini, "result": result, "answers": ANSWERS, "statuses": STATUSES}


@pytest.fixture(scope="session")
def pdf_en(case: dict[str, Any]) -> bytes:
    return render_pdf(case["questionnaire"], case["result"], case["answers"], case["statuses"],
                      make_meta("en", REVIEW, review_status="changes_requested"))


@pytest.fixture(scope="session")
def pdf_fr(case: dict[str, Any]) -> bytes:
    return render_pdf(case["questionnaire"], case["result"], case["answers"], case["statuses"],
                      make_meta("fr"))
