"""Read-only fragments and evaluations are reused, but never across languages or changed answers."""

from __future__ import annotations

from flask import Flask, render_template_string

from wizard.catalog import catalog
from wizard.web import evaluations

from .helpers import BASICS, Respondent


def test_a_cached_fragment_is_rendered_once_per_key_and_language(app: Flask) -> None:
    template = '{% cache "probe", key %}{{ _("Back") }} {{ counter.append(1) or counter|length }}{% endcache %}'
    counter: list[int] = []
    with app.test_request_context("/"):
        first = render_template_string(template, key="k", counter=counter)
        again = render_template_string(template, key="k", counter=counter)
        other = render_template_string(template, key="other", counter=counter)
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = render_template_string(template, key="k", counter=counter)
    assert first == again == "Back 1"
    assert other == "Back 2"
    assert french == "Retour 3"


def test_fragments_are_not_kept_when_templates_reload(app: Flask) -> None:
    app.debug = True   # as `python run.py --debug`: templates reload on change, so fragments must too
    counter: list[int] = []
    with app.test_request_context("/"):
        renders = [render_template_string('{% cache "p" %}{{ counter.append(1) or counter|length }}{% endcache %}',
                                          counter=counter) for _ in range(2)]
    assert renders == ["1", "2"]


def test_cached_hints_follow_the_interface_language(app: Flask) -> None:
    """The help of a question is cached, yet each language gets its own (fixture: mini.yaml)."""
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    english = respondent.get(f"/assessments/{reference}/steps/basics").get_data(as_text=True)
    respondent.post("/language", {"lang": "fr", "next": "/"})
    french = respondent.get(f"/assessments/{reference}/steps/basics").get_data(as_text=True)
    assert "It infers from inputs how to generate outputs." in english
    assert "Il déduit des entrées comment produire des sorties." in french
    assert "It infers from inputs" not in french


def test_evaluations_are_shared_by_identical_states_only(app: Flask) -> None:
    with app.app_context():
        questionnaire = next(iter(catalog().current.values()))
    answers = {"is_ai": True, "purpose": "Ranks CVs"}
    first = evaluations.result_of(questionnaire, dict(answers), {})
    assert evaluations.result_of(questionnaire, dict(answers), {}) is first
    assert evaluations.result_of(questionnaire, {**answers, "is_ai": False}, {}) is not first
    assert evaluations.result_of(questionnaire, dict(answers), {"literacy": {"status": "done", "note": ""}}) \
        is not first
    seen = evaluations.visibility_of(questionnaire, dict(answers))
    assert evaluations.visibility_of(questionnaire, dict(answers)) is seen
    assert evaluations.visibility_of(questionnaire, {"is_ai": False}) is not seen


def test_a_saved_answer_changes_the_next_page(app: Flask) -> None:
    """After a save, pages show the new state (nothing stale comes from the shared evaluations)."""
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    assert "Usage" in respondent.get(f"/assessments/{reference}/").get_data(as_text=True)
    respondent.answer(reference, "basics", {**BASICS, "is_ai": "no"})
    overview = respondent.get(f"/assessments/{reference}/").get_data(as_text=True)
    assert 'href="/assessments/' + reference + '/steps/usage"' not in overview


def test_templates_share_the_environments_globals(app: Flask) -> None:
    """Every ``{% from ... import %}`` compares global names; with a ChainMap per template (Jinja's
    default) that is a Python loop per import, with the environment's own dict a C set operation."""
    macros = app.jinja_env.get_template("macros/fields.html")
    assert macros.globals is app.jinja_env.globals
    with app.test_request_context("/"):
        assert "Legal references:" not in render_template_string(
            '{% from "macros/fields.html" import refs %}{{ refs(none, []) }}')
