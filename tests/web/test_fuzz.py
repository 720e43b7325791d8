"""[15] Arbitrary fields and Unicode posted to every step: never a 500, never an invalid stored value."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.engine import coerce_answer
from wizard.extensions import db
from wizard.models import Answer

from .helpers import BASICS, Respondent

FIELDS = ["is_ai", "purpose", "details", "sector", "data_kinds", "users", "launch", "reviewed", "unknown",
          "__versions"]
VALUES = st.one_of(st.text(max_size=120), st.sampled_from(["yes", "no", "unsure", "health", "none", "1e400",
                                                           "2025-02-29", "-0", "NaN", "inf", "{}"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["basics", "usage", "closing"]),
       form=st.dictionaries(st.sampled_from(FIELDS), st.lists(VALUES, min_size=1, max_size=3), max_size=8))
def test_fuzzed_steps_never_fail(app: Flask, section: str, form: dict[str, list[str]]) -> None:
    """Whatever is posted, the answer is 303, 400 or 409, and every stored value is canonical."""
    r = Respondent(app.test_client())
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    r.get(f"/assessments/{ref}/steps/{section}")
    data = {key: values if len(values) > 1 else values[0] for key, values in form.items()}
    response = r.post(f"/assessments/{ref}/steps/{section}", data)
    assert response.status_code in (303, 400, 409)
    # whatever was stored, every page of the assessment still renders [27]
    for page in ("summary", "result", f"steps/{section}"):
        assert r.client.get(f"/assessments/{ref}/{page}").status_code == 200, page
    questionnaire = app.extensions["catalog"].current["mini"]
    with app.app_context():
        for answer in db.session.query(Answer):
            if answer.value is not None:
                question = questionnaire.question(answer.question_id)
                assert question is not None
                assert coerce_answer(question, answer.value) == answer.value
